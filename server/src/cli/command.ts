/** One `kvota` subcommand. Each lives in its own file under commands/ and is listed in main.ts. */
export interface Command {
  name: string;
  /** One line for `kvota --help`. */
  summary: string;
  /** Full text for `kvota NAME --help`: usage, options, environment, examples. */
  help: string;
  /** Returns the process exit code. Errors the user can fix are printed as one clear message, never a stack trace. */
  run(argv: string[], io: CommandIO): Promise<number>;
}

export interface CommandIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const processIO: CommandIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** An error whose message is meant for the person at the terminal; main prints it without a stack. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
