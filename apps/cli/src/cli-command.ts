import { applyDecorators, Injectable, SetMetadata, type Type } from '@nestjs/common';

export interface CliCommandInfo {
  /** What the user types: `migrate`, `projection:rebuild`. */
  name: string;
  description: string;
  /** Arguments after the name, for the help text: `<projection>`. */
  usage?: string;
  /**
   * Runs without the application (no configuration, database or Redis): for commands anyone
   * may run on a file, such as `raffle:verify`. Constructed with no dependencies.
   */
  standalone?: boolean;
}

/** A command: its arguments (after the name) in, an exit code out (void means 0). */
export interface CliCommandRunner {
  run(args: string[]): Promise<number | void>;
}

const CLI_COMMAND = Symbol('goodpay:cli-command');

/** Marks an injectable provider as a CLI command; list it in CLI_COMMANDS (cli.module.ts). */
export const CliCommand = (info: CliCommandInfo): ClassDecorator => applyDecorators(Injectable(), SetMetadata(CLI_COMMAND, info));

export function commandInfo(command: Type<CliCommandRunner>): CliCommandInfo {
  const info = Reflect.getMetadata(CLI_COMMAND, command) as CliCommandInfo | undefined;
  if (!info) throw new Error(`${command.name} has no @CliCommand({ name, description })`);
  return info;
}

/** Writes a command's result for the user (stdout); logs go through the logger. */
export const print = (...lines: string[]): void => {
  for (const line of lines) process.stdout.write(`${line}\n`);
};
