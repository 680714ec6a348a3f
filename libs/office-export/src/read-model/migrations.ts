import { CreateOfficeExportFiles1796423695851 } from './1796423695851-create-office-export-files';

/** The office exports' migrations, in order; they run after the event store's. */
export const officeExportMigrations = [CreateOfficeExportFiles1796423695851];
