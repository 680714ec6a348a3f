import { loadAppConfig, runMain } from '@goodpay/platform';
import { runCli } from './run-cli';

// Command output goes to stdout; keep the JSON logs to warnings unless asked otherwise.
process.env.LOG_LEVEL ??= 'warn';

runMain('cli', async () => {
  loadAppConfig(); // refuse to run on bad configuration before anything connects
  // exit explicitly: nothing the command left behind (timers, sockets) may keep the CLI alive
  process.exit(await runCli(process.argv.slice(2)));
});
