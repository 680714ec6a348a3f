import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Sql, readSqlOn, sqlOn, Subscriptions } from '@goodpay/event-store';
import { type Actor, krwFigure, NotFoundError, sumKrw } from '@goodpay/shared';
import { maskedCard } from '../donor/card-reference';
import type { DonorRef, DonorType } from '../donor/donor';
import type { DonationSource, ReceiptItem } from '../donor/events';
import { DONATION_LEDGER } from '../ledger/donation-ledger.projection';
import type { CommunityChestDetails } from '../options/donation-options';
import { formatReceiptNumber } from '../receipts/events';
import type { DonationReceiptView } from '../receipts/receipt-view';
import type { CashbackReportView, ChestLedger, DonationFigures, DonationView, DonorDonations, ReceiptSummary } from './views';

type Bigint = string;

export interface ReceiptWithOwner extends DonationReceiptView {
  /** For a merchant's receipt: the user who owns the shop, who may read it. */
  merchantOwnerId: string | null;
  /** A tax receipt's facts (sealed identity, as issued or last reissued); null for a statement. */
  tax: StoredTaxFacts | null;
  status: 'issued' | 'cancelled';
  reissuedOn: string | null;
}

export interface StoredTaxFacts {
  person: string;
  sealedIdentity: string;
  maskedRrn: string;
  typeCode: string;
  recipient: CommunityChestDetails;
}

interface ReceiptRow {
  receipt_id: string;
  year: number;
  number: number;
  donor_type: DonorType;
  donor_id: string;
  donor_name: string;
  total: Bigint;
  items: ReceiptItem[];
  issued_at: Date;
  issued_on: string;
  owner_id: string | null;
  person_key: string | null;
  sealed_identity: string | null;
  masked_rrn: string | null;
  type_code: string | null;
  recipient: CommunityChestDetails | null;
  status: 'issued' | 'cancelled';
  reissued_on: string | null;
}

const toReceipt = (row: ReceiptRow): ReceiptWithOwner => ({
  receiptId: row.receipt_id,
  year: Number(row.year),
  number: Number(row.number),
  receiptNumber: formatReceiptNumber(Number(row.year), Number(row.number)),
  donorType: row.donor_type,
  donorId: row.donor_id,
  donorName: row.donor_name,
  items: row.items,
  total: krwFigure(row.total),
  issuedAt: row.issued_at.toISOString(),
  issuedOn: row.issued_on,
  merchantOwnerId: row.owner_id,
  tax:
    row.person_key && row.sealed_identity && row.masked_rrn && row.type_code && row.recipient
      ? {
          person: row.person_key,
          sealedIdentity: row.sealed_identity,
          maskedRrn: row.masked_rrn,
          typeCode: row.type_code,
          recipient: row.recipient,
        }
      : null,
  status: row.status,
  reissuedOn: row.reissued_on,
});

const RECEIPT_COLUMNS = `r.receipt_id::text AS receipt_id, r.year, r.number, r.donor_type, r.donor_id, r.donor_name, r.total::text AS total,
  r.items, r.issued_at, r.issued_on::text AS issued_on, m.owner_id, r.person_key, r.sealed_identity, r.masked_rrn, r.type_code,
  r.recipient, r.status, r.reissued_on::text AS reissued_on`;

const MAX_TOP_MERCHANTS = 10;

/** Reads of the `donation-ledger` projection; `afterPosition` waits for a command's own write. */
@Injectable()
export class DonationQueries {
  private readonly sql: Sql;
  /** For the receipt run, which decides from what it reads: the primary, never a lagging replica. */
  private readonly primary: Sql;

  constructor(
    dataSource: DataSource,
    private readonly subscriptions: Subscriptions,
  ) {
    this.sql = readSqlOn(dataSource);
    this.primary = sqlOn(dataSource);
  }

  /** A donor's donations, newest first, with what they add up to and how much awaits a receipt. */
  async donationsOf(donor: DonorRef, afterPosition?: string): Promise<DonorDonations> {
    await this.waitFor(afterPosition);
    const { rows } = await this.sql.query<{
      donation_id: string;
      source: DonationSource;
      amount: Bigint;
      donated_at: Date;
      donated_on: string;
      cashback_month: string | null;
      card_last4: string | null;
      settlement_id: string | null;
      receipt_id: string | null;
    }>(
      `SELECT donation_id::text AS donation_id, source, amount::text AS amount, donated_at, donated_on::text AS donated_on,
              cashback_month, card_last4, settlement_id::text AS settlement_id, receipt_id::text AS receipt_id
       FROM donations WHERE donor_type = $1 AND donor_id = $2 ORDER BY donated_at DESC, donation_id LIMIT 1000`,
      [donor.type, donor.id],
    );
    const items: DonationView[] = rows.map((row) => ({
      donationId: row.donation_id,
      source: row.source,
      amount: krwFigure(row.amount),
      donatedAt: row.donated_at.toISOString(),
      donatedOn: row.donated_on,
      cashbackMonth: row.cashback_month,
      card: row.card_last4 === null ? null : maskedCard(row.card_last4),
      settlementId: row.settlement_id,
      receiptId: row.receipt_id,
    }));
    return {
      items,
      total: sumKrw(items.map((item) => item.amount)),
      unreceipted: sumKrw(items.filter((item) => item.receiptId === null).map((item) => item.amount)),
      reports: await this.cashbackReports({ donorId: donor.id, undecidedOrRefused: true }),
    };
  }

  /** Cashback gifts decided against imported figures: a donor's (pending and refused), or all of a status (staff). */
  async cashbackReports(
    filter: { donorId?: string; status?: 'pending' | 'donated' | 'refused'; undecidedOrRefused?: boolean },
    afterPosition?: string,
  ): Promise<CashbackReportView[]> {
    await this.waitFor(afterPosition);
    const { rows } = await this.sql.query<{
      donation_id: string;
      donor_id: string;
      amount: Bigint;
      cashback_month: string;
      card_last4: string;
      status: 'pending' | 'donated' | 'refused';
      reported_at: Date;
      decided_at: Date | null;
    }>(
      `SELECT donation_id::text AS donation_id, donor_id, amount::text AS amount, cashback_month, card_last4, status, reported_at, decided_at
       FROM cashback_reports
       WHERE ($1::text IS NULL OR donor_id = $1) AND ($2::text IS NULL OR status = $2) AND (NOT $3 OR status <> 'donated')
       ORDER BY reported_at DESC, donation_id LIMIT 1000`,
      [filter.donorId ?? null, filter.status ?? null, filter.undecidedOrRefused ?? false],
    );
    return rows.map((row) => ({
      donationId: row.donation_id,
      donorId: row.donor_id,
      amount: krwFigure(row.amount),
      cashbackMonth: row.cashback_month,
      card: maskedCard(row.card_last4),
      status: row.status,
      reportedAt: row.reported_at.toISOString(),
      decidedAt: row.decided_at?.toISOString() ?? null,
    }));
  }

  /** The receipts of a citizen (by id) or of the shops a merchant user owns, newest first. */
  async receiptsFor(viewer: Actor, afterPosition?: string): Promise<ReceiptSummary[]> {
    await this.waitFor(afterPosition);
    const where =
      viewer.role === 'citizen'
        ? `r.donor_type = 'citizen' AND r.donor_id = $1`
        : `r.donor_type = 'merchant' AND r.donor_id IN (SELECT merchant_id FROM donation_merchants WHERE owner_id = $1)`;
    const { rows } = await this.sql.query<{
      receipt_id: string;
      year: number;
      number: number;
      total: Bigint;
      item_count: number;
      issued_on: string;
    }>(
      `SELECT r.receipt_id::text AS receipt_id, r.year, r.number, r.total::text AS total,
              jsonb_array_length(r.items) AS item_count, r.issued_on::text AS issued_on
       FROM donation_receipts r WHERE ${where} ORDER BY r.year DESC, r.number DESC`,
      [viewer.id],
    );
    return rows.map((row) => ({
      receiptId: row.receipt_id,
      year: Number(row.year),
      number: Number(row.number),
      receiptNumber: formatReceiptNumber(Number(row.year), Number(row.number)),
      total: krwFigure(row.total),
      itemCount: Number(row.item_count),
      issuedOn: row.issued_on,
    }));
  }

  /** One receipt, or donation_receipt_not_found. Who may see it is the caller's to check (canSeeReceipt). */
  async receipt(receiptId: string, afterPosition?: string): Promise<ReceiptWithOwner> {
    await this.waitFor(afterPosition);
    const { rows } = await this.sql.query<ReceiptRow>(
      `SELECT ${RECEIPT_COLUMNS}
       FROM donation_receipts r LEFT JOIN donation_merchants m ON r.donor_type = 'merchant' AND m.merchant_id = r.donor_id
       WHERE r.receipt_id = $1`,
      [receiptId],
    );
    if (!rows[0]) throw new NotFoundError('donation_receipt', receiptId);
    return toReceipt(rows[0]);
  }

  /** The year's tax receipts that stand (not cancelled), by number: what the NTS file lists. */
  async taxReceiptsOfYear(year: number, afterPosition?: string): Promise<ReceiptWithOwner[]> {
    await this.waitFor(afterPosition);
    const { rows } = await this.sql.query<ReceiptRow>(
      `SELECT ${RECEIPT_COLUMNS}
       FROM donation_receipts r LEFT JOIN donation_merchants m ON false
       WHERE r.year = $1 AND r.person_key IS NOT NULL AND r.status = 'issued' ORDER BY r.number`,
      [year],
    );
    return rows.map(toReceipt);
  }

  /** The other accounts bound to the same verified person (from IdentityVerified). */
  async accountsOfPerson(person: string): Promise<string[]> {
    const { rows } = await this.sql.query<{ user_id: string }>(
      `SELECT user_id FROM donation_person_accounts WHERE person_id = $1 ORDER BY user_id`,
      [person],
    );
    return rows.map((row) => row.user_id);
  }

  /** Donors with donations of `year` that no receipt lists yet: whom a receipt run visits. */
  async donorsAwaitingReceipts(year: number): Promise<DonorRef[]> {
    const { rows } = await this.primary.query<{ donor_type: DonorType; donor_id: string }>(
      `SELECT DISTINCT donor_type, donor_id FROM donations
       WHERE receipt_id IS NULL AND donated_on >= make_date($1::int, 1, 1) AND donated_on < make_date($1::int + 1, 1, 1)
       ORDER BY donor_type, donor_id`,
      [year],
    );
    return rows.map((row) => ({ type: row.donor_type, id: row.donor_id }));
  }

  /** The chest's book in log order, each entry with the balance after it, and its totals. */
  async chestLedger(page: { limit?: number; offset?: number } = {}, afterPosition?: string): Promise<ChestLedger> {
    const limit = page.limit ?? 100;
    const offset = page.offset ?? 0;
    await this.waitFor(afterPosition);
    const [entries, totals] = await Promise.all([
      this.sql.query<{
        entry_id: string;
        kind: 'credit' | 'disbursement';
        source: DonationSource | null;
        donor_type: DonorType | null;
        project: string | null;
        amount: Bigint;
        balance: Bigint;
        occurred_at: Date;
      }>(
        `SELECT entry_id::text AS entry_id, kind, source, donor_type, project, amount::text AS amount, occurred_at,
                (sum(CASE kind WHEN 'credit' THEN amount ELSE -amount END) OVER (ORDER BY position))::text AS balance
         FROM community_chest_entries ORDER BY position LIMIT $1 OFFSET $2`,
        [limit, offset],
      ),
      this.sql.query<{ cashback: Bigint; pledge: Bigint; disbursed: Bigint; n: number }>(
        `SELECT coalesce(sum(amount) FILTER (WHERE kind = 'credit' AND source = 'cashback'), 0)::text AS cashback,
                coalesce(sum(amount) FILTER (WHERE kind = 'credit' AND source = 'pledge'), 0)::text AS pledge,
                coalesce(sum(amount) FILTER (WHERE kind = 'disbursement'), 0)::text AS disbursed,
                count(*)::int AS n
         FROM community_chest_entries`,
      ),
    ]);
    const cashback = krwFigure(totals.rows[0].cashback);
    const pledge = krwFigure(totals.rows[0].pledge);
    const disbursed = krwFigure(totals.rows[0].disbursed);
    return {
      received: { cashback, pledge, total: cashback + pledge },
      disbursed,
      balance: cashback + pledge - disbursed,
      entries: entries.rows.map((row) => ({
        entryId: row.entry_id,
        kind: row.kind,
        source: row.source,
        donorType: row.donor_type,
        project: row.project,
        amount: krwFigure(row.amount),
        balance: krwFigure(row.balance),
        occurredAt: row.occurred_at.toISOString(),
      })),
      total: totals.rows[0].n,
      limit,
      offset,
    };
  }

  /** Public figures: by Seoul month, by kind of donor, and the top donation-angel merchants by name. */
  async figures(year?: number): Promise<DonationFigures> {
    const inYear = `($1::int IS NULL OR (donated_on >= make_date($1::int, 1, 1) AND donated_on < make_date($1::int + 1, 1, 1)))`;
    const [byMonth, byType, top] = await Promise.all([
      this.sql.query<{ month: string; citizen: Bigint; merchant: Bigint; total: Bigint; n: number }>(
        `SELECT to_char(donated_on, 'YYYY-MM') AS month,
                coalesce(sum(amount) FILTER (WHERE donor_type = 'citizen'), 0)::text AS citizen,
                coalesce(sum(amount) FILTER (WHERE donor_type = 'merchant'), 0)::text AS merchant,
                sum(amount)::text AS total, count(*)::int AS n
         FROM donations WHERE ${inYear} GROUP BY 1 ORDER BY 1`,
        [year ?? null],
      ),
      this.sql.query<{ donor_type: DonorType; amount: Bigint; donors: number; n: number }>(
        `SELECT donor_type, sum(amount)::text AS amount, count(DISTINCT donor_id)::int AS donors, count(*)::int AS n
         FROM donations WHERE ${inYear} GROUP BY donor_type`,
        [year ?? null],
      ),
      this.sql.query<{ name: string; amount: Bigint }>(
        `SELECT m.name, sum(d.amount)::text AS amount
         FROM donations d JOIN donation_merchants m ON m.merchant_id = d.donor_id
         WHERE d.donor_type = 'merchant' AND ${inYear.replace(/donated_on/g, 'd.donated_on')}
         GROUP BY m.merchant_id, m.name ORDER BY sum(d.amount) DESC, m.name LIMIT ${MAX_TOP_MERCHANTS}`,
        [year ?? null],
      ),
    ]);
    const types = new Map(byType.rows.map((row) => [row.donor_type, row]));
    return {
      byMonth: byMonth.rows.map((row) => ({
        month: row.month,
        citizen: krwFigure(row.citizen),
        merchant: krwFigure(row.merchant),
        total: krwFigure(row.total),
        donations: Number(row.n),
      })),
      byDonorType: (['citizen', 'merchant'] as const).map((donorType) => ({
        donorType,
        amount: krwFigure(types.get(donorType)?.amount),
        donors: Number(types.get(donorType)?.donors ?? 0),
        donations: Number(types.get(donorType)?.n ?? 0),
      })),
      topMerchants: top.rows.map((row, index) => ({ rank: index + 1, name: row.name, amount: krwFigure(row.amount) })),
      total: sumKrw(byType.rows.map((row) => krwFigure(row.amount))),
    };
  }

  private async waitFor(afterPosition?: string): Promise<void> {
    if (afterPosition !== undefined) await this.subscriptions.waitFor(DONATION_LEDGER, afterPosition);
  }
}
