#!/usr/bin/env node
// `npm run bench -- NAME`: runs bench/NAME.ts; each prints one JSON line per figure.
import { register } from 'tsx/esm/api';

register();
const { runBenches } = await import('../bench/run.ts');
process.exitCode = await runBenches(process.argv.slice(2));
