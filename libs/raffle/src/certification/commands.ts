import type { RaffleRound as CampaignRound } from '@goodpay/campaign';
import type { Actor, Krw } from '@goodpay/shared';

/** What the platform knows of an in-system prepayment, folded from its own stream (null: none). */
export interface PrepaymentFacts {
  prepaymentId: string;
  /** Null for a prepayment at the shop nobody has claimed: it is nobody's to certify. */
  payer: { id: string; kind: string } | null;
  campaignId: string;
  amount: Krw;
  paidAt: string;
  refunded: boolean;
  /** False for a platform order whose payment the server has not confirmed: no money yet. */
  paymentConfirmed: boolean;
}

/** The evidence as the citizen gives it, before it is checked. */
export type EvidenceClaim =
  | { kind: 'prepayment'; prepaymentId: string; prepayment: PrepaymentFacts | null }
  | { kind: 'receipt_photo'; photoId: string; amount: unknown; shopName: unknown; paidOn: unknown };

interface CertificationCommand {
  actor: Actor;
  /** ISO instant. */
  now: string;
}

export interface SubmitCertification extends CertificationCommand {
  type: 'SubmitCertification';
  certificationId: string;
  campaignId: string;
  campaign: { minimumCertifiedAmount: Krw; rounds: CampaignRound[] };
  /** Rounds whose entry list is frozen: a certification for them comes too late. */
  frozenRounds: number[];
  personId: string;
  /** Name and phone, sealed by the vault under the person's key. */
  contact: string;
  consent: unknown;
  evidence: EvidenceClaim;
  /** The person's entry in the round if they have one, else a fresh id: used when approved at once. */
  entryId: string;
}

export interface ApproveCertification extends CertificationCommand {
  type: 'ApproveCertification';
  certificationId: string;
  /** The person's entry in the round if they have one, else a fresh id. */
  entryId: string;
}

export interface RejectCertification extends CertificationCommand {
  type: 'RejectCertification';
  certificationId: string;
  reason: unknown;
}

export type RaffleCertificationCommand = SubmitCertification | ApproveCertification | RejectCertification;
