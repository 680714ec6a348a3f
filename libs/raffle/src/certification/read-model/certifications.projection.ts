import type { CampaignRehearsalDeleted } from '@goodpay/campaign';
import { seoulDate } from '@goodpay/shared';
import { exactly, type Projection, type ProjectedOf, type Sql } from '@goodpay/event-store';
import type { RaffleEntryListFrozen } from '../../round/events';
import type { RaffleCertificationApproved, RaffleCertificationRejected, RaffleCertificationSubmitted } from '../events';

export const RAFFLE_CERTIFICATIONS = 'raffle-certifications';

type Handled =
  | RaffleCertificationSubmitted
  | RaffleCertificationApproved
  | RaffleCertificationRejected
  | RaffleEntryListFrozen
  | CampaignRehearsalDeleted;

/**
 * Each certification, its review, and its withdrawal when the round's list is frozen after
 * its prepayment was refunded (`raffle_certifications`). Times are the events' own,
 * never now(): a rebuild writes the same rows.
 */
export class RaffleCertificationsProjection implements Projection<Handled> {
  readonly name = RAFFLE_CERTIFICATIONS;
  readonly eventTypes: readonly Handled['type'][] = [
    'RaffleCertificationSubmitted',
    'RaffleCertificationApproved',
    'RaffleCertificationRejected',
    'RaffleEntryListFrozen',
    'CampaignRehearsalDeleted',
  ];

  async apply(events: readonly ProjectedOf<Handled>[], sql: Sql): Promise<void> {
    for (const event of events) await this.applyOne(event, sql);
  }

  readonly tables = ['raffle_certifications'];

  private async applyOne(event: ProjectedOf<Handled>, sql: Sql): Promise<void> {
    switch (event.type) {
      case 'CampaignRehearsalDeleted':
        // A deleted rehearsal's certifications go with it (the people's data is in the vault, erased as anyone's).
        await sql.query(`DELETE FROM raffle_certifications WHERE campaign_id = $1`, [event.data.campaignId]);
        return;
      case 'RaffleCertificationSubmitted': {
        const d = event.data;
        const e = d.evidence;
        await sql.query(
          `INSERT INTO raffle_certifications (certification_id, campaign_id, round, citizen_id, person_id, contact, consent_version,
             evidence_kind, prepayment_id, photo_id, amount, shop_name, paid_on, status, submitted_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'pending', $14)`,
          [
            d.certificationId,
            d.campaignId,
            d.round,
            d.citizenId,
            d.personId,
            d.contact,
            d.consent.version,
            e.kind,
            e.kind === 'prepayment' ? e.prepaymentId : null,
            e.kind === 'receipt_photo' ? e.photoId : null,
            e.amount,
            e.kind === 'receipt_photo' ? e.shopName : null,
            e.kind === 'receipt_photo' ? e.paidOn : seoulDate(e.paidAt),
            d.submittedAt,
          ],
        );
        return;
      }
      case 'RaffleCertificationApproved': {
        const d = event.data;
        const reviewer = d.approvedBy.kind === 'staff' ? d.approvedBy.staffId : null;
        await exactly(
          sql,
          1,
          `approval of certification ${d.certificationId}`,
          `UPDATE raffle_certifications SET status = 'approved', entry_id = $2, reviewer_id = $3, decided_at = $4
           WHERE certification_id = $1 AND status = 'pending'`,
          [d.certificationId, d.entryId, reviewer, d.approvedAt],
        );
        return;
      }
      case 'RaffleCertificationRejected': {
        const d = event.data;
        await exactly(
          sql,
          1,
          `rejection of certification ${d.certificationId}`,
          `UPDATE raffle_certifications SET status = 'rejected', reason = $2, reviewer_id = $3, decided_at = $4
           WHERE certification_id = $1 AND status = 'pending'`,
          [d.certificationId, d.reason, d.staffId, d.rejectedAt],
        );
        return;
      }
      case 'RaffleEntryListFrozen': {
        const d = event.data;
        for (const w of d.withdrawn ?? []) {
          await exactly(
            sql,
            1,
            `withdrawal of certification ${w.certificationId}`,
            `UPDATE raffle_certifications SET status = 'withdrawn', reason = $2 WHERE certification_id = $1 AND status = 'approved'`,
            [w.certificationId, w.reason],
          );
        }
        if (d.erasedEntries?.length) {
          // An entry may stand on several certifications: each approved one is withdrawn with it.
          await sql.query(
            `UPDATE raffle_certifications SET status = 'withdrawn', reason = 'personal_data_erased'
             WHERE campaign_id = $1 AND round = $2 AND entry_id = ANY($3) AND status = 'approved'`,
            [d.campaignId, d.round, d.erasedEntries],
          );
        }
        return;
      }
    }
  }
}
