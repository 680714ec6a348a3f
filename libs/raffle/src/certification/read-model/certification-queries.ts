import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Sql, readSqlOn, Subscriptions } from '@goodpay/event-store';
import { maskName, maskPhone, type OpenedPhoto, PersonalDataVault, PhotoStore } from '@goodpay/personal-data';
import { type Actor, krwFromDb, NotFoundError } from '@goodpay/shared';
import type { CertificationStatus } from '../state';

/** As the reader sees it: `withdrawn` once the round's freeze found its prepayment refunded. */
export type CertificationViewStatus = CertificationStatus | 'withdrawn';
import { RAFFLE_CERTIFICATIONS } from './certifications.projection';

interface Row {
  certification_id: string;
  campaign_id: string;
  round: number;
  citizen_id: string;
  person_id: string;
  contact: string;
  consent_version: string;
  evidence_kind: 'prepayment' | 'receipt_photo';
  prepayment_id: string | null;
  photo_id: string | null;
  amount: string;
  shop_name: string | null;
  paid_on: string;
  status: CertificationViewStatus;
  reason: string | null;
  entry_id: string | null;
  submitted_at: Date;
  decided_at: Date | null;
}

export interface CertificationView {
  certificationId: string;
  campaignId: string;
  round: number;
  status: CertificationViewStatus;
  evidence: {
    kind: 'prepayment' | 'receipt_photo';
    prepaymentId: string | null;
    amount: number;
    shopName: string | null;
    paidOn: string;
    hasPhoto: boolean;
  };
  consentVersion: string;
  /** Why staff rejected it, or why it was withdrawn (`prepayment_refunded`). */
  reason: string | null;
  entryId: string | null;
  submittedAt: string;
  decidedAt: string | null;
}

/** Name and phone as the reader may see them; null once the person was erased. */
export interface ContactView {
  erased: boolean;
  name: string | null;
  phone: string | null;
}

const COLUMNS = `certification_id, campaign_id, round, citizen_id, person_id, contact, consent_version, evidence_kind, prepayment_id,
  photo_id, amount::text AS amount, shop_name, to_char(paid_on, 'YYYY-MM-DD') AS paid_on, status, reason, entry_id, submitted_at, decided_at`;

function toView(row: Row): CertificationView {
  return {
    certificationId: row.certification_id,
    campaignId: row.campaign_id,
    round: row.round,
    status: row.status,
    evidence: {
      kind: row.evidence_kind,
      prepaymentId: row.prepayment_id,
      amount: krwFromDb(row.amount),
      shopName: row.shop_name,
      paidOn: row.paid_on,
      hasPhoto: row.photo_id !== null,
    },
    consentVersion: row.consent_version,
    reason: row.reason,
    entryId: row.entry_id,
    submittedAt: row.submitted_at.toISOString(),
    decidedAt: row.decided_at?.toISOString() ?? null,
  };
}

/**
 * Reads of certifications. Personal data is opened through the vault, which refuses nothing
 * silently and writes every staff read to its access log; an erased person reads as null.
 */
@Injectable()
export class RaffleCertifications {
  private readonly sql: Sql;

  constructor(
    dataSource: DataSource,
    private readonly subscriptions: Subscriptions,
    private readonly vault: PersonalDataVault,
    private readonly photos: PhotoStore,
  ) {
    this.sql = readSqlOn(dataSource);
  }

  /** The citizen's own certifications for one round: what their inclusion in its list is told from. */
  async mineInRound(
    citizen: Actor,
    campaignId: string,
    round: number,
  ): Promise<{ certificationId: string; status: string; reason: string | null; entryId: string | null }[]> {
    const { rows } = await this.sql.query<{ certification_id: string; status: string; reason: string | null; entry_id: string | null }>(
      `SELECT certification_id, status, reason, entry_id FROM raffle_certifications WHERE citizen_id = $1 AND campaign_id = $2 AND round = $3 ORDER BY submitted_at, certification_id`,
      [citizen.id, campaignId, round],
    );
    return rows.map((r) => ({ certificationId: r.certification_id, status: r.status, reason: r.reason, entryId: r.entry_id }));
  }

  /** The citizen's own certifications, newest first, with their own name and phone masked. */
  async mine(citizen: Actor, after?: string): Promise<(CertificationView & { contact: ContactView })[]> {
    await this.waitFor(after);
    const { rows } = await this.sql.query<Row>(
      `SELECT ${COLUMNS} FROM raffle_certifications WHERE citizen_id = $1 ORDER BY submitted_at DESC, certification_id`,
      [citizen.id],
    );
    return Promise.all(
      rows.map(async (row) => ({
        ...toView(row),
        contact: await this.contact(row, citizen, 'the citizen reads their own certifications', true),
      })),
    );
  }

  /** Staff's queue: receipts waiting for review, oldest first, names and phones masked. */
  async pending(staff: Actor, campaignId: string | undefined, after?: string): Promise<(CertificationView & { contact: ContactView })[]> {
    await this.waitFor(after);
    const { rows } = await this.sql.query<Row>(
      `SELECT ${COLUMNS} FROM raffle_certifications WHERE status = 'pending' AND ($1::text IS NULL OR campaign_id = $1)
       ORDER BY submitted_at, certification_id LIMIT 200`,
      [campaignId ?? null],
    );
    return Promise.all(
      rows.map(async (row) => ({ ...toView(row), contact: await this.contact(row, staff, 'raffle certification review queue', true) })),
    );
  }

  /** One certification; staff see the full name and phone (an audited read), the citizen their own. */
  async one(reader: Actor, certificationId: string, after?: string): Promise<CertificationView & { contact: ContactView }> {
    await this.waitFor(after);
    const row = await this.row(certificationId);
    if (!row || !(reader.role === 'staff' || (reader.role === 'citizen' && reader.id === row.citizen_id))) {
      throw new NotFoundError('certification', certificationId);
    }
    return { ...toView(row), contact: await this.contact(row, reader, 'raffle certification review', reader.role !== 'staff') };
  }

  /** The receipt photo for staff review (an audited read); not found once the person was erased. */
  async photo(staff: Actor, certificationId: string): Promise<OpenedPhoto> {
    const row = await this.row(certificationId);
    const photo = row?.photo_id ? await this.photos.get(row.photo_id, { actor: staff, purpose: 'raffle certification review' }) : null;
    if (!photo) throw new NotFoundError('certification_photo', certificationId);
    return photo;
  }

  private async row(certificationId: string): Promise<Row | null> {
    const { rows } = await this.sql.query<Row>(`SELECT ${COLUMNS} FROM raffle_certifications WHERE certification_id = $1`, [
      certificationId,
    ]);
    return rows[0] ?? null;
  }

  private async contact(row: Row, reader: Actor, purpose: string, masked: boolean): Promise<ContactView> {
    const fields = await this.vault.open(row.person_id, row.contact, { actor: reader, purpose });
    if (!fields) return { erased: true, name: null, phone: null };
    return masked
      ? { erased: false, name: maskName(fields.name), phone: maskPhone(fields.phone) }
      : { erased: false, name: fields.name, phone: fields.phone };
  }

  private async waitFor(after: string | undefined): Promise<void> {
    if (after !== undefined) await this.subscriptions.waitFor(RAFFLE_CERTIFICATIONS, after);
  }
}
