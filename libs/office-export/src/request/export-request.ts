import { addDays, type CalendarDate, calendarDate, oneOf, requiredText } from '@goodpay/shared';
import type { DomainEvent } from '@goodpay/event-store';
import { InvalidInputError } from '@goodpay/shared';

/** What the office can export, and which of them belong to one campaign. */
export const EXPORT_KINDS = ['dashboard', 'prepayments', 'settlements', 'raffle-winners', 'donations'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const CAMPAIGN_KINDS: readonly ExportKind[] = ['dashboard', 'prepayments', 'raffle-winners'];

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A year and a day at most: the longest period an office reports on (a campaign, a tax year). */
export const MAX_PERIOD_DAYS = 366;

export const officeExportStream = (exportId: string): string => `office_export-${exportId}`;

/**
 * Staff asked for an export. The request is this event, in its own stream named by the export
 * id (the request id): the job that builds the file has the same id, so a request is built
 * once, whatever is retried or redelivered.
 */
export type OfficeExportRequested = DomainEvent<
  'OfficeExportRequested',
  {
    exportId: string;
    kind: ExportKind;
    format: ExportFormat;
    /** Required for the campaign kinds; null for settlements and donations (the office's whole figures). */
    campaignId: string | null;
    /** First and last Seoul calendar day, both included. */
    from: CalendarDate;
    to: CalendarDate;
    requestedBy: string;
    requestedAt: string;
  }
>;

export type OfficeExportEvent = OfficeExportRequested;

export interface ExportRequestInput {
  kind: string;
  format: string;
  campaignId?: string | null;
  from: string;
  to: string;
}

/** The request checked: a known kind and format, a period of at most MAX_PERIOD_DAYS, a campaign where the kind needs one. */
export function validExportRequest(
  input: ExportRequestInput,
): Pick<OfficeExportRequested['data'], 'kind' | 'format' | 'campaignId' | 'from' | 'to'> {
  const kind = oneOf(input.kind, EXPORT_KINDS, 'kind');
  const format = oneOf(input.format, EXPORT_FORMATS, 'format');
  const from = calendarDate(input.from, 'from');
  const to = calendarDate(input.to, 'to');
  if (to < from || addDays(from, MAX_PERIOD_DAYS - 1) < to) {
    throw new InvalidInputError(
      `the period runs from a day to a later one, at most ${MAX_PERIOD_DAYS} days`,
      { from, to },
      'invalid_export_period',
    );
  }
  const needsCampaign = CAMPAIGN_KINDS.includes(kind);
  if (needsCampaign && (input.campaignId === undefined || input.campaignId === null)) {
    throw new InvalidInputError(`a ${kind} export is of one campaign`, { field: 'campaignId' }, 'campaign_required');
  }
  const campaignId = needsCampaign ? requiredText(input.campaignId, 'campaignId', 100) : null;
  return { kind, format, campaignId, from, to };
}
