import { AppConfig, runMain } from '@goodpay/platform';
import { offerDemo } from './demo/offer-demo';
import { startStandalone } from './start-standalone';

runMain('goodpay', async () => {
  const { app, localUrl } = await startStandalone();
  await offerDemo(app.get(AppConfig).NODE_ENV, localUrl).catch((error: Error) =>
    process.stderr.write(`the demo campaign failed: ${error.message}\n`),
  );
});
