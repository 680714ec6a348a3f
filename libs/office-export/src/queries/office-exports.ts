import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventStore, type Sql, sqlOn } from '@goodpay/event-store';
import { NotFoundError, RuleViolationError } from '@goodpay/shared';
import { officeExportDecider } from '../request/export-decider';
import { type OfficeExportRequested, officeExportStream } from '../request/export-request';

export interface OfficeExportStatus {
  exportId: string;
  status: 'pending' | 'ready' | 'failed';
  request: Omit<OfficeExportRequested['data'], 'exportId'>;
  fileName: string | null;
  rows: number | null;
  error: string | null;
  completedAt: string | null;
}

export interface OfficeExportFile {
  fileName: string;
  contentType: string;
  content: Buffer;
}

/** An export's status (pending until its job recorded an answer) and its file once ready. Staff only, checked by the route. */
@Injectable()
export class OfficeExports {
  private readonly sql: Sql;

  constructor(
    private readonly store: EventStore,
    dataSource: DataSource,
  ) {
    this.sql = sqlOn(dataSource);
  }

  async status(exportId: string): Promise<OfficeExportStatus> {
    const { state } = await this.store.aggregate(officeExportStream(exportId), officeExportDecider);
    if (state.status === 'none') throw new NotFoundError('export', exportId);
    const { exportId: _id, ...request } = state.request;
    const { rows } = await this.sql.query<{
      status: 'ready' | 'failed';
      file_name: string | null;
      row_count: number | null;
      error: string | null;
      completed_at: Date;
    }>('SELECT status, file_name, row_count, error, completed_at FROM office_export_files WHERE export_id = $1', [exportId]);
    const answer = rows[0];
    return {
      exportId,
      status: answer?.status ?? 'pending',
      request,
      fileName: answer?.file_name ?? null,
      rows: answer?.row_count ?? null,
      error: answer?.error ?? null,
      completedAt: answer ? answer.completed_at.toISOString() : null,
    };
  }

  async file(exportId: string): Promise<OfficeExportFile> {
    const status = await this.status(exportId);
    if (status.status !== 'ready') {
      throw new RuleViolationError('export_not_ready', `export ${exportId} is ${status.status}`, { status: status.status });
    }
    const { rows } = await this.sql.query<{ file_name: string; content_type: string; content: Buffer }>(
      'SELECT file_name, content_type, content FROM office_export_files WHERE export_id = $1',
      [exportId],
    );
    return { fileName: rows[0].file_name, contentType: rows[0].content_type, content: rows[0].content };
  }
}
