import type { Sql } from '@goodpay/event-store';

/**
 * Donations made in a period of Seoul days, each with the receipt that carries it (if issued
 * yet), for the office's exports (libs/office-export): the one place that reads these tables for
 * them. Every won donated appears on one receipt at most, so the receipted total and the
 * unreceipted rest add up to the donations' total.
 */
export interface DonationExportRow {
  donationId: string;
  donatedOn: string;
  donorType: 'citizen' | 'merchant';
  donorId: string;
  /** The shop's name for a merchant donor; null for a citizen (shown by pseudonymous id only). */
  merchantName: string | null;
  source: 'cashback' | 'pledge';
  amount: string;
  receiptYear: number | null;
  receiptNumber: number | null;
  receiptIssuedOn: string | null;
}

export async function donationExport(sql: Sql, from: string, to: string): Promise<DonationExportRow[]> {
  const { rows } = await sql.query<DonationExportRow>(
    `SELECT d.donation_id AS "donationId", d.donated_on::text AS "donatedOn", d.donor_type AS "donorType", d.donor_id AS "donorId",
            m.name AS "merchantName", d.source, d.amount::text AS amount,
            r.year AS "receiptYear", r.number AS "receiptNumber", r.issued_on::text AS "receiptIssuedOn"
     FROM donations d
     LEFT JOIN donation_merchants m ON d.donor_type = 'merchant' AND m.merchant_id = d.donor_id
     LEFT JOIN donation_receipts r ON r.receipt_id = d.receipt_id
     WHERE d.donated_on BETWEEN $1::date AND $2::date
     ORDER BY d.donated_at, d.donation_id`,
    [from, to],
  );
  return rows;
}
