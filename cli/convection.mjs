#!/usr/bin/env node
// The `convection` command. Runs the TypeScript sources through tsx, so a clone works after
// `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv);
