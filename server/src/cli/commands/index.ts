import type { Command } from '../command';
import { auditCommand } from './audit';
import { calc } from './calc';
import { demoCommand } from './demo';
import { emulateCommand } from './emulate';
import { serveCommand } from './serve';

/** Every `kvota` subcommand, in the order `kvota --help` lists them. Add a command by adding its module here. */
export const commands: Command[] = [demoCommand, serveCommand, calc, emulateCommand, auditCommand];
