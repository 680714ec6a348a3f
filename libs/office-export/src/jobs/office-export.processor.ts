import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { ExportBuilder } from './export-builder';
import { type BuildExportJob, EXPORT_ATTEMPTS, OFFICE_EXPORT_QUEUE } from './office-export-queue';

/** Builds an export (idempotent on its id); the last failed attempt records the failure so the status says so. */
@Processor(OFFICE_EXPORT_QUEUE)
export class OfficeExportProcessor extends WorkerHost {
  constructor(private readonly builder: ExportBuilder) {
    super();
  }

  async process(job: Job<BuildExportJob>): Promise<'built' | 'already_built'> {
    try {
      return await this.builder.build(job.data.exportId);
    } catch (error) {
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? EXPORT_ATTEMPTS))
        await this.builder.fail(job.data.exportId, (error as Error).message);
      throw error;
    }
  }
}
