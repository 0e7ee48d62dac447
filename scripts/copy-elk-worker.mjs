// Copies ELK's Web Worker build into public/ so the dashboard can lay graphs out off the main
// thread (lib/graph/layout-client.ts loads it by URL; bundling elk.bundled.js instead triples the
// build time). Run by the postinstall and prebuild scripts; safe to run repeatedly.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = createRequire(import.meta.url).resolve('elkjs/lib/elk-worker.min.js');
const target = join(root, 'public', 'elk-worker.min.js');
mkdirSync(dirname(target), { recursive: true });
copyFileSync(source, target);
