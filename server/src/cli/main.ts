import { type Command, type CommandIO, processIO, UsageError } from './command';
import { commands } from './commands/index';

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'kvota — sales plans, attainment and commissions for Bitrix24 and amoCRM',
    '',
    'Usage: kvota <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `kvota <command> --help` for the options of one command.',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: CommandIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(overview());
    return name ? 0 : 2;
  }
  const command: Command | undefined = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`kvota: unknown command "${name}"\n\n${overview()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.help.trimEnd()}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`kvota ${name}: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
