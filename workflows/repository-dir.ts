import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `workflows/` folder: the demo workflows, and the catalog in `catalog/`. */
export const REPOSITORY_DIR = dirname(fileURLToPath(import.meta.url));
