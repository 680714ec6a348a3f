import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { CampaignQueries } from '@goodpay/campaign';
import { EventStore, type Sql, sqlOn } from '@goodpay/event-store';
import { RaffleAwards } from '@goodpay/raffle';
import { NotFoundError } from '@goodpay/shared';
import { officeExportDecider } from '../request/export-decider';
import { type OfficeExportRequested, officeExportStream } from '../request/export-request';
import type { ExportSources } from '../kinds/export-sources';
import { buildSheet } from '../kinds/sheets';
import { writeCsv } from '../sheet/csv';
import { writeXlsx } from '../sheet/xlsx';

const CONTENT_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const;

/**
 * Builds one export's file and records it, once: a second run (a retried or doubled job) finds
 * the answer recorded and writes nothing. The campaign and raffle reads come from their
 * libraries' own services in the process (the worker has them all).
 */
@Injectable()
export class ExportBuilder {
  private readonly sql: Sql;

  constructor(
    private readonly store: EventStore,
    private readonly modules: ModuleRef,
    dataSource: DataSource,
  ) {
    this.sql = sqlOn(dataSource);
  }

  async build(exportId: string): Promise<'built' | 'already_built'> {
    const { rows } = await this.sql.query('SELECT 1 FROM office_export_files WHERE export_id = $1', [exportId]);
    if (rows.length > 0) return 'already_built';
    const request = await this.request(exportId);
    const sheet = await buildSheet(request, this.sources());
    const content = request.format === 'xlsx' ? await writeXlsx(sheet) : writeCsv(sheet);
    await this.sql.query(
      `INSERT INTO office_export_files (export_id, status, file_name, content_type, content, row_count, completed_at)
       VALUES ($1, 'ready', $2, $3, $4, $5, now()) ON CONFLICT (export_id) DO NOTHING`,
      [exportId, fileNameOf(request), CONTENT_TYPES[request.format], content, sheet.rows.length],
    );
    return 'built';
  }

  /** The last attempt failed: the export answers failed, with why, instead of staying pending. */
  async fail(exportId: string, error: string): Promise<void> {
    await this.sql.query(
      `INSERT INTO office_export_files (export_id, status, error, completed_at) VALUES ($1, 'failed', $2, now()) ON CONFLICT (export_id) DO NOTHING`,
      [exportId, error.slice(0, 1000)],
    );
  }

  private async request(exportId: string): Promise<OfficeExportRequested['data']> {
    const { state } = await this.store.aggregate(officeExportStream(exportId), officeExportDecider);
    if (state.status === 'none') throw new NotFoundError('export', exportId);
    return state.request;
  }

  private sources(): ExportSources {
    const campaigns = this.modules.get(CampaignQueries, { strict: false });
    const awards = this.modules.get(RaffleAwards, { strict: false });
    return {
      sql: this.sql,
      campaign: async (campaignId) => {
        try {
          return await campaigns.get(campaignId);
        } catch (error) {
          if (error instanceof NotFoundError) return null;
          throw error;
        }
      },
      winners: (campaignId, round) => awards.winners(campaignId, round),
    };
  }
}

/** goodpay-dashboard-2025-01-13_2025-02-28.xlsx: ASCII, so every browser and mail client keeps it. */
export const fileNameOf = (request: OfficeExportRequested['data']): string =>
  `goodpay-${request.kind}-${request.from}_${request.to}.${request.format}`;
