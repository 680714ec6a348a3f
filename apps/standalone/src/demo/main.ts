import { loadAppConfig, runMain } from '@goodpay/platform';
import { startStandalone } from '../start-standalone';
import { runDemo } from './run-demo';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function answers(baseUrl: string): Promise<boolean> {
  try {
    return (await fetch(`${baseUrl}/ready`)).status === 200;
  } catch {
    return false;
  }
}

/**
 * `npm run demo`: the demo campaign on the api already running on this machine
 * (http://127.0.0.1:PORT), or on one it starts itself, exactly as `npm start` would, and keeps
 * running so there is something to look at.
 */
runMain('demo', async () => {
  const config = loadAppConfig();
  if (config.NODE_ENV === 'production') throw new Error('the demo campaign is for development: it never runs in production');
  let baseUrl = `http://127.0.0.1:${config.PORT}`;
  let startedHere = false;
  if (!(await answers(baseUrl))) {
    say(`nothing answers on ${baseUrl}: starting goodpay (api and workers) as npm start does`);
    baseUrl = (await startStandalone()).localUrl;
    startedHere = true;
  }
  const result = await runDemo(baseUrl, (line) => say(`demo: ${line}`));
  say('');
  say(result.created ? 'The demo campaign is ready. Where to look:' : 'The demo campaign, where to look:');
  for (const line of result.lines) say(`  ${line}`);
  if (startedHere) say('\ngoodpay keeps running for you to look around; Ctrl-C stops it (and the servers it started).');
  else process.exit(0);
});
