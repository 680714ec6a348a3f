import { loadAppConfig, runMain } from '@goodpay/platform';
import { isStandaloneCommand, runCli } from './run-cli';

// Command output goes to stdout; keep the JSON logs to warnings unless asked otherwise.
process.env.LOG_LEVEL ??= 'warn';

runMain('cli', async () => {
  const argv = process.argv.slice(2);
  // refuse to run on bad configuration before anything connects; a standalone command needs none
  if (!isStandaloneCommand(argv)) loadAppConfig();
  // exit explicitly: nothing the command left behind (timers, sockets) may keep the CLI alive
  process.exit(await runCli(argv));
});
