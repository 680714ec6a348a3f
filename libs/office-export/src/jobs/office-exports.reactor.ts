import { reactorOf } from '@goodpay/event-store';
import type { OfficeExportEvent } from '../request/export-request';
import { BUILD_EXPORT_JOB, type BuildExportJob, buildExportJobId, EXPORT_ATTEMPTS, OFFICE_EXPORT_QUEUE } from './office-export-queue';

export const OFFICE_EXPORTS_REACTOR = 'office-exports';

/**
 * Each export request becomes its build job, written to the outbox with the reactor's
 * checkpoint: never lost between the request's commit and Redis, never enqueued twice (the job
 * id is the export id), and the build itself writes its file once.
 */
export const officeExportsReactor = () =>
  reactorOf<OfficeExportEvent>()({
    name: OFFICE_EXPORTS_REACTOR,
    eventTypes: ['OfficeExportRequested'],
    react: (events) =>
      events.map(({ id, data }) => ({
        queue: OFFICE_EXPORT_QUEUE,
        name: BUILD_EXPORT_JOB,
        jobId: buildExportJobId(data.exportId),
        data: { exportId: data.exportId } satisfies BuildExportJob,
        options: { attempts: EXPORT_ATTEMPTS, backoff: { type: 'exponential', delay: 1000 }, removeOnFail: false },
        causedBy: id,
      })),
  });
