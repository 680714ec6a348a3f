import { AppConfig, loadAppConfig, runMain } from '@goodpay/platform';
import { Logger } from 'nestjs-pino';
import { createApiApp } from '../../api/src/bootstrap';
import { StandaloneModule } from './standalone.module';

runMain('goodpay', async () => {
  loadAppConfig(); // refuse to start on bad configuration before anything connects
  const app = await createApiApp(StandaloneModule);
  const { PORT } = app.get(AppConfig);
  await app.listen({ port: PORT, host: '0.0.0.0' });
  app.get(Logger).log(`api and workers running; listening on http://0.0.0.0:${PORT} (OpenAPI at /docs)`, 'Main');
});
