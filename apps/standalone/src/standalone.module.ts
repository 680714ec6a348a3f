import { Module } from '@nestjs/common';
import { ApiModule } from '../../api/src/api.module';
import { WORKER_FEATURES } from '../../worker/src/worker.module';

/**
 * The api and the workers in one process (`npm start`, small deployments). ApiModule brings the
 * platform (config, logs, database, queues, CQRS) once and the api features; the worker
 * features are added beside it. Nothing is registered twice.
 */
@Module({ imports: [ApiModule, ...WORKER_FEATURES] })
export class StandaloneModule {}
