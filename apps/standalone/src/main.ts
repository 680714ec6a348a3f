import { runMain } from '@goodpay/platform';
import { startStandalone } from './start-standalone';

runMain('goodpay', async () => {
  await startStandalone();
});
