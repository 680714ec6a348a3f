import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { type CliCommandRunner, commandInfo, print } from './cli-command';
import { CLI_COMMANDS, CliModule } from './cli.module';

export interface CliOptions {
  commands?: Type<CliCommandRunner>[];
  module?: Type<unknown> | DynamicModule;
}

export function usage(commands: Type<CliCommandRunner>[] = CLI_COMMANDS): string {
  const rows = commands.map(commandInfo).map((c) => [`${c.name}${c.usage ? ` ${c.usage}` : ''}`, c.description]);
  const width = Math.max(...rows.map(([left]) => left?.length ?? 0));
  return ['usage: npm run cli -- <command> [arguments]', '', 'commands:']
    .concat(rows.map(([left, right]) => `  ${left?.padEnd(width)}  ${right}`))
    .join('\n');
}

/**
 * Runs `argv` (`['migrate']`, `['projection:rebuild', 'balances']`) in a Nest application
 * context and returns the exit code: 0 done, 1 failed, 2 unknown command.
 */
/** Whether `argv` names a command that runs without the application (and so without its configuration). */
export function isStandaloneCommand(argv: string[], commands: Type<CliCommandRunner>[] = CLI_COMMANDS): boolean {
  const command = commands.find((c) => commandInfo(c).name === argv[0]);
  return command !== undefined && commandInfo(command).standalone === true;
}

export async function runCli(argv: string[], options: CliOptions = {}): Promise<number> {
  const commands = options.commands ?? CLI_COMMANDS;
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    print(usage(commands));
    return 0;
  }
  const command = commands.find((c) => commandInfo(c).name === name);
  if (!command) {
    process.stderr.write(`unknown command "${name}"\n\n${usage(commands)}\n`);
    return 2;
  }
  if (commandInfo(command).standalone) {
    try {
      return (await new command().run(args)) ?? 0;
    } catch (error) {
      process.stderr.write(`${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  }
  const app = await NestFactory.createApplicationContext(options.module ?? CliModule, {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  try {
    return (await app.get(command).run(args)) ?? 0;
  } catch (error) {
    process.stderr.write(`${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await app.close();
  }
}
