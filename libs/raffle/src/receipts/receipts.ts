import type { Decider, DomainEvent } from '@goodpay/event-store';
import { ConflictError, RuleViolationError } from '@goodpay/shared';
import type { CertificationStatus } from '../certification/state';

/**
 * How many receipt certifications one citizen may have waiting for staff in one round. A
 * citizen certifies a few payments per round; more only fills the review queue (one client
 * once sent 20 in seconds). A review frees a place again.
 */
export const MAX_PENDING_RECEIPTS_PER_ROUND = 5;

/**
 * Two small streams per receipt certification, appended at the version read in the same
 * transaction as the certification, so both checks hold under concurrency: of two identical
 * uploads at once one commits, the other decides again and is refused.
 *
 * - the photo's stream, by content hash in the campaign: a photo is the evidence of one
 *   payment, so the same bytes are refused whoever sends them again and in whichever round
 *   (the round comes from the day typed with it), while its first certification stands;
 * - the submitter's stream (the citizen's account, not the phone typed in the form, which
 *   anyone can vary): at most MAX_PENDING_RECEIPTS_PER_ROUND waiting per round.
 */
export const receiptPhotoStream = (campaignId: string, photoSha256: string): string => `raffle-receipt-photo-${campaignId}-${photoSha256}`;
export const citizenReceiptsStream = (campaignId: string, citizenId: string): string =>
  `raffle-receipts-${campaignId}-${encodeURIComponent(citizenId)}`;

/** A certification stands on this photo (the photo's stream). */
export type ReceiptPhotoClaimed = DomainEvent<'ReceiptPhotoClaimed', { campaignId: string; certificationId: string; citizenId: string }>;
/** The citizen sent a receipt for this round (their receipts stream). */
export type ReceiptSubmitted = DomainEvent<'ReceiptSubmitted', { campaignId: string; certificationId: string; round: number }>;

export interface ReceiptClaims {
  /** Certifications in the order they claimed, with the round for a citizen's stream. */
  claims: { certificationId: string; citizenId?: string; round?: number }[];
}

/** Where earlier certifications stand: a rejected one no longer holds its photo or a review place. */
export type StatusOf = Record<string, CertificationStatus>;

export interface ClaimReceiptPhoto {
  type: 'ClaimReceiptPhoto';
  campaignId: string;
  certificationId: string;
  citizenId: string;
  statusOf: StatusOf;
}

export interface SubmitReceipt {
  type: 'SubmitReceipt';
  campaignId: string;
  certificationId: string;
  round: number;
  statusOf: StatusOf;
}

/**
 * Refused while an earlier certification of the same photo stands (pending or approved);
 * after a rejection it may be sent again, e.g. with the amount corrected. Another citizen's
 * certification is not named.
 */
function claimPhoto(command: ClaimReceiptPhoto, state: ReceiptClaims): ReceiptPhotoClaimed[] {
  const standing = state.claims.find((claim) => command.statusOf[claim.certificationId] !== 'rejected');
  if (standing) {
    const yours = standing.citizenId === command.citizenId;
    throw new ConflictError(
      'duplicate_receipt_photo',
      'this receipt photo was already submitted',
      yours ? { certificationId: standing.certificationId } : undefined,
    );
  }
  const { campaignId, certificationId, citizenId } = command;
  return [{ type: 'ReceiptPhotoClaimed', data: { campaignId, certificationId, citizenId } }];
}

function submitReceipt(command: SubmitReceipt, state: ReceiptClaims): ReceiptSubmitted[] {
  const pending = state.claims.filter(
    (claim) => claim.round === command.round && command.statusOf[claim.certificationId] === 'pending',
  ).length;
  if (pending >= MAX_PENDING_RECEIPTS_PER_ROUND) {
    throw new RuleViolationError(
      'too_many_pending_receipts',
      `${MAX_PENDING_RECEIPTS_PER_ROUND} of your receipts in round ${command.round} are waiting for review; send more once they are reviewed`,
      { round: command.round, maxPending: MAX_PENDING_RECEIPTS_PER_ROUND },
    );
  }
  const { campaignId, certificationId, round } = command;
  return [{ type: 'ReceiptSubmitted', data: { campaignId, certificationId, round } }];
}

export const receiptClaimsDecider: Decider<ReceiptClaims, ClaimReceiptPhoto | SubmitReceipt, ReceiptPhotoClaimed | ReceiptSubmitted> = {
  initialState: () => ({ claims: [] }),
  evolve: (state, event) => ({
    claims: [
      ...state.claims,
      event.type === 'ReceiptPhotoClaimed'
        ? { certificationId: event.data.certificationId, citizenId: event.data.citizenId }
        : { certificationId: event.data.certificationId, round: event.data.round },
    ],
  }),
  decide: (command, state) => (command.type === 'ClaimReceiptPhoto' ? claimPhoto(command, state) : submitReceipt(command, state)),
};

/** The earlier certifications whose status a decision on this stream needs. */
export const certificationsToCheck = (state: ReceiptClaims, round?: number): string[] =>
  state.claims.filter((claim) => round === undefined || claim.round === round).map((claim) => claim.certificationId);
