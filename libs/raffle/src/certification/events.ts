import type { DomainEvent } from '@goodpay/event-store';
import type { Krw } from '@goodpay/shared';

/** One certification: a citizen's proof of a prepayment, which enters them in a round once approved. */
export const raffleCertificationStream = (certificationId: string): string => `raffle-certification-${certificationId}`;

/**
 * What the citizen agreed to, item by item as the Personal Information Protection Act asks
 * (purpose, items collected, retention period, the right to refuse), and which text they read.
 */
export interface RaffleConsent {
  version: string;
  purpose: true;
  itemsCollected: true;
  retentionPeriod: true;
  rightToRefuse: true;
}

/** A prepayment made on the platform: checked against its own stream, so approved at once. */
export interface InSystemEvidence {
  kind: 'prepayment';
  prepaymentId: string;
  amount: Krw;
  paidAt: string;
}

/** A receipt from elsewhere: its photo (kept encrypted in the vault, by id) waits for staff review. */
export interface ReceiptPhotoEvidence {
  kind: 'receipt_photo';
  photoId: string;
  amount: Krw;
  shopName: string;
  /** Seoul day of the receipt. */
  paidOn: string;
}

export type CertificationEvidence = InSystemEvidence | ReceiptPhotoEvidence;

/**
 * `personId` is the person's random subject id (the vault's sealed index finds it again by
 * phone until they are erased; legacy events carry 'person-' + HMAC of the phone, see
 * libs/personal-data/README.md); `contact` is the name and phone
 * sealed under that person's own key (unreadable once they are erased). `citizenId` is the
 * token subject who submitted it: the one who sees it and confirms an award.
 */
export type RaffleCertificationSubmitted = DomainEvent<
  'RaffleCertificationSubmitted',
  {
    certificationId: string;
    campaignId: string;
    round: number;
    citizenId: string;
    personId: string;
    contact: string;
    consent: RaffleConsent;
    evidence: CertificationEvidence;
    submittedAt: string;
  }
>;

export type RaffleCertificationApproved = DomainEvent<
  'RaffleCertificationApproved',
  {
    certificationId: string;
    campaignId: string;
    round: number;
    personId: string;
    /** automatic: an in-system prepayment checked by the platform; staff: a reviewed receipt. */
    approvedBy: { kind: 'automatic' } | { kind: 'staff'; staffId: string };
    entryId: string;
    approvedAt: string;
  }
>;

export type RaffleCertificationRejected = DomainEvent<
  'RaffleCertificationRejected',
  { certificationId: string; campaignId: string; round: number; personId: string; staffId: string; reason: string; rejectedAt: string }
>;

export type RaffleCertificationEvent = RaffleCertificationSubmitted | RaffleCertificationApproved | RaffleCertificationRejected;

export const RAFFLE_CERTIFICATION_EVENT_TYPES: RaffleCertificationEvent['type'][] = [
  'RaffleCertificationSubmitted',
  'RaffleCertificationApproved',
  'RaffleCertificationRejected',
];
