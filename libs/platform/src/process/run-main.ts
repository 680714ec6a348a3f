import { InvalidConfigError } from '../config/app-config';
import { LocalServerUnavailableError } from '../local-servers/local-server-error';

/**
 * Runs a process entry point; a failure to start (bad configuration, unreachable database)
 * ends the process with code 1 and a readable message on stderr instead of a raw stack.
 */
export function runMain(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    const message =
      error instanceof InvalidConfigError || error instanceof LocalServerUnavailableError
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
    process.stderr.write(`${name} failed to start: ${message}\n`);
    process.exit(1);
  });
}
