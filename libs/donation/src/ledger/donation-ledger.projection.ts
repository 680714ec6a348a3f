import { applyEach, exactly, type Projection, type ProjectedOf, type Sql } from '@goodpay/event-store';
import type { IdentityVerified } from '@goodpay/identity';
import type { MerchantRegistered } from '@goodpay/merchant';
import { sumKrw } from '@goodpay/shared';
import type { ChestCredited, ChestDisbursed } from '../chest/events';
import type {
  CashbackDonated,
  CashbackDonationPending,
  CashbackDonationRefused,
  DonationReceiptIssued,
  PledgeDonated,
} from '../donor/events';
import type { DonationReceiptCancelled, DonationReceiptReissued } from '../receipts/person-receipt-events';

export const DONATION_LEDGER = 'donation-ledger';

/** The tables this projection owns: a rebuild builds copies of them and swaps them in. */
export const DONATION_LEDGER_TABLES = [
  'community_chest_entries',
  'donation_receipts',
  'donations',
  'donation_merchants',
  'donation_person_accounts',
  'cashback_reports',
] as const;

type Handled =
  | MerchantRegistered
  | IdentityVerified
  | CashbackDonated
  | CashbackDonationPending
  | CashbackDonationRefused
  | PledgeDonated
  | DonationReceiptIssued
  | DonationReceiptReissued
  | DonationReceiptCancelled
  | ChestCredited
  | ChestDisbursed;

/**
 * Donations, receipts and the community chest's book, from the donor, chest and merchant
 * events (never from another context's tables). Times are the events' own, so a rebuild
 * writes the same rows.
 */
export class DonationLedgerProjection implements Projection<Handled> {
  readonly name = DONATION_LEDGER;
  readonly eventTypes: readonly Handled['type'][] = [
    'MerchantRegistered',
    'IdentityVerified',
    'CashbackDonated',
    'CashbackDonationPending',
    'CashbackDonationRefused',
    'PledgeDonated',
    'DonationReceiptIssued',
    'DonationReceiptReissued',
    'DonationReceiptCancelled',
    'ChestCredited',
    'ChestDisbursed',
  ];

  async apply(events: readonly ProjectedOf<Handled>[], sql: Sql): Promise<void> {
    await applyEach(this.name, events, (event) => this.applyOne(event, sql));
  }

  readonly tables = DONATION_LEDGER_TABLES;

  private async applyOne(event: ProjectedOf<Handled>, sql: Sql): Promise<void> {
    switch (event.type) {
      case 'MerchantRegistered': {
        const { data } = event;
        await sql.query(`INSERT INTO donation_merchants (merchant_id, owner_id, name) VALUES ($1, $2, $3)`, [
          data.merchantId,
          data.ownerId,
          data.name,
        ]);
        return;
      }
      case 'CashbackDonated': {
        const { data } = event;
        await sql.query(
          `INSERT INTO donations (donation_id, donor_type, donor_id, source, amount, donated_at, donated_on, cashback_month, card_last4)
           VALUES ($1, $2, $3, 'cashback', $4, $5, $6, $7, $8)`,
          [
            data.donationId,
            data.donor.type,
            data.donor.id,
            data.amount,
            data.donatedAt,
            data.donatedOn,
            data.cashbackMonth,
            data.cardLast4,
          ],
        );
        // A gift that waited for its card's figure: decided now.
        await sql.query(`UPDATE cashback_reports SET status = 'donated', decided_at = $2 WHERE donation_id = $1`, [
          data.donationId,
          event.recordedAt ?? data.donatedAt,
        ]);
        return;
      }
      case 'CashbackDonationPending': {
        const { data } = event;
        await sql.query(
          `INSERT INTO cashback_reports (donation_id, donor_id, amount, cashback_month, card_last4, status, reported_at)
           VALUES ($1, $2, $3, $4, $5, 'pending', $6)`,
          [data.donationId, data.donor.id, data.amount, data.cashbackMonth, data.cardLast4, data.reportedAt],
        );
        return;
      }
      case 'CashbackDonationRefused': {
        const { data } = event;
        await sql.query(`UPDATE cashback_reports SET status = 'refused', decided_at = $2 WHERE donation_id = $1`, [
          data.donationId,
          data.refusedAt,
        ]);
        return;
      }
      case 'PledgeDonated': {
        const { data } = event;
        await sql.query(
          `INSERT INTO donations (donation_id, donor_type, donor_id, source, amount, donated_at, donated_on, settlement_id)
           VALUES ($1, $2, $3, 'pledge', $4, $5, $6, $7)`,
          [data.donationId, data.donor.type, data.donor.id, data.amount, data.donatedAt, data.donatedOn, data.settlementId],
        );
        return;
      }
      case 'DonationReceiptIssued': {
        const { data } = event;
        // The total summed again, exactly, from the items: a receipt from before the maxima may
        // carry one past 2^53, which its JSON number could only hold rounded.
        const total = sumKrw(data.items.map((item) => item.amount)).toString();
        await sql.query(
          `INSERT INTO donation_receipts (receipt_id, year, number, donor_type, donor_id, donor_name, total, items, issued_at, issued_on,
                                          person_key, sealed_identity, masked_rrn, type_code, recipient)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
          [
            data.receiptId,
            data.year,
            data.number,
            data.donor.type,
            data.donor.id,
            data.donorName,
            total,
            JSON.stringify(data.items),
            data.issuedAt,
            data.issuedOn,
            data.tax?.person ?? null,
            data.tax?.sealedIdentity ?? null,
            data.tax?.maskedRrn ?? null,
            data.tax?.typeCode ?? null,
            data.tax ? JSON.stringify(data.tax.recipient) : null,
          ],
        );
        // Each donation is claimed once: a second claim would change fewer rows and stop the batch.
        await exactly(
          sql,
          data.items.length,
          `donations on receipt ${data.receiptId}`,
          `UPDATE donations SET receipt_id = $1 WHERE donation_id = ANY($2::uuid[]) AND receipt_id IS NULL`,
          [data.receiptId, data.items.map((item) => item.donationId)],
        );
        return;
      }
      case 'IdentityVerified': {
        const { data } = event;
        await sql.query(
          `INSERT INTO donation_person_accounts (user_id, person_id) VALUES ($1, $2)
           ON CONFLICT (user_id) DO UPDATE SET person_id = EXCLUDED.person_id`,
          [data.userId, data.personId],
        );
        return;
      }
      case 'DonationReceiptReissued': {
        const { data } = event;
        await sql.query(
          `UPDATE donation_receipts SET sealed_identity = $2, masked_rrn = $3, reissued_on = $4, reissue_count = reissue_count + 1
           WHERE receipt_id = $1`,
          [data.receiptId, data.sealedIdentity, data.maskedRrn, data.reissuedOn],
        );
        return;
      }
      case 'DonationReceiptCancelled': {
        const { data } = event;
        await sql.query(`UPDATE donation_receipts SET status = 'cancelled', cancelled_at = $2, cancel_reason = $3 WHERE receipt_id = $1`, [
          data.receiptId,
          data.cancelledAt,
          data.reason,
        ]);
        // Its donations await a receipt again.
        await sql.query(`UPDATE donations SET receipt_id = NULL WHERE receipt_id = $1`, [data.receiptId]);
        return;
      }
      case 'ChestCredited': {
        const { data } = event;
        await sql.query(
          `INSERT INTO community_chest_entries (entry_id, kind, source, donor_type, amount, occurred_at, position)
           VALUES ($1, 'credit', $2, $3, $4, $5, $6)`,
          [data.donationId, data.source, data.donorType, data.amount, data.creditedAt, event.globalPosition],
        );
        return;
      }
      case 'ChestDisbursed': {
        const { data } = event;
        await sql.query(
          `INSERT INTO community_chest_entries (entry_id, kind, project, amount, occurred_at, position)
           VALUES ($1, 'disbursement', $2, $3, $4, $5)`,
          [data.disbursementId, data.project, data.amount, data.disbursedAt, event.globalPosition],
        );
        return;
      }
    }
  }
}
