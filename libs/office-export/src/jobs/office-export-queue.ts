/** BullMQ queue of the office's exports: one job per export, its id the export's. */
export const OFFICE_EXPORT_QUEUE = 'office-exports';
export const BUILD_EXPORT_JOB = 'build-export';
export const buildExportJobId = (exportId: string): string => `office-export-${exportId}`;
/** Attempts per export, with backoff; the last failure is recorded as the export's answer. */
export const EXPORT_ATTEMPTS = 5;

export interface BuildExportJob {
  exportId: string;
}
