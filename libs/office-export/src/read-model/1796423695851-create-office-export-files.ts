import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `office_export_files`: each export's answer, written once by its build job (the request is
 * the OfficeExportRequested event): the file and its totals when ready, or why it failed. Kept
 * in PostgreSQL, not Redis: Redis holds nothing that cannot be rebuilt, and a file is
 * downloaded after the job is gone. A file holds no personal data beyond masked names and
 * pseudonymous ids (see docs/campaign-office.md).
 */
export class CreateOfficeExportFiles1796423695851 implements MigrationInterface {
  name = 'CreateOfficeExportFiles1796423695851';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE office_export_files (
        export_id    uuid PRIMARY KEY,
        status       text NOT NULL CHECK (status IN ('ready', 'failed')),
        file_name    text,
        content_type text,
        content      bytea,
        row_count    integer,
        error        text,
        completed_at timestamptz NOT NULL,
        CHECK ((status = 'ready') = (content IS NOT NULL))
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE office_export_files');
  }
}
