#!/usr/bin/env node
// The `kvota` command. Sources are TypeScript, run through tsx so that no build step stands between a clone and a run.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../server/src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
