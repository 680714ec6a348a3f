import { AppConfig, loadAppConfig, runMain } from '@goodpay/platform';
import { Logger } from 'nestjs-pino';
import { ApiModule } from './api.module';
import { createApiApp } from './bootstrap';

runMain('api', async () => {
  loadAppConfig(); // refuse to start on bad configuration before anything connects
  const app = await createApiApp(ApiModule);
  const { PORT } = app.get(AppConfig);
  await app.listen({ port: PORT, host: '0.0.0.0' });
  app.get(Logger).log(`api listening on http://0.0.0.0:${PORT} (OpenAPI at /docs)`, 'Main');
});
