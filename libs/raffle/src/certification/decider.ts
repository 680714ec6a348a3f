import type { Decider } from '@goodpay/event-store';
import { calendarDate, requiredText, requireStaff, seoulDate } from '@goodpay/shared';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  KRW_LIMITS,
  NotFoundError,
  positiveKrw,
  RuleViolationError,
} from '@goodpay/shared';
import type { ApproveCertification, EvidenceClaim, RaffleCertificationCommand, RejectCertification, SubmitCertification } from './commands';
import { validConsent } from './consent';
import type { CertificationEvidence, RaffleCertificationEvent } from './events';
import { roundOn } from './rounds-on';
import { type Certification, type CertificationState, evolveCertification, initialCertificationState } from './state';

/** The evidence checked: whose, how much, which day; and the Seoul day that picks the round. */
function checkedEvidence(command: SubmitCertification): { evidence: CertificationEvidence; day: string } {
  const claim: EvidenceClaim = command.evidence;
  if (claim.kind === 'prepayment') {
    const prepayment = claim.prepayment;
    // Someone else's prepayment is answered like one that does not exist: it is none of their business.
    if (!prepayment || prepayment.payer?.kind !== 'citizen' || prepayment.payer.id !== command.actor.id) {
      throw new NotFoundError('prepayment', claim.prepaymentId);
    }
    if (!prepayment.paymentConfirmed) {
      throw new RuleViolationError('payment_not_confirmed', 'the payment of this prepayment is not confirmed yet');
    }
    if (prepayment.campaignId !== command.campaignId) {
      throw new RuleViolationError('prepayment_of_another_campaign', 'the prepayment was made in another campaign');
    }
    if (prepayment.refunded) throw new RuleViolationError('prepayment_refunded', 'a refunded prepayment does not enter the raffle');
    const { prepaymentId, amount, paidAt } = prepayment;
    return { evidence: { kind: 'prepayment', prepaymentId, amount, paidAt }, day: seoulDate(paidAt) };
  }
  const amount = positiveKrw(claim.amount, KRW_LIMITS.raffleCertifiedAmount);
  const paidOn = calendarDate(claim.paidOn, 'paidOn');
  if (paidOn > seoulDate(command.now))
    throw new InvalidInputError('the receipt cannot be dated after today', { field: 'paidOn' }, 'receipt_in_future');
  const shopName = requiredText(claim.shopName, 'shopName', 100);
  return { evidence: { kind: 'receipt_photo', photoId: claim.photoId, amount, shopName, paidOn }, day: paidOn };
}

/**
 * A citizen certifies one prepayment of at least the campaign's minimum, paid inside a round
 * that is still open to entries, with each consent item given. An in-system prepayment is
 * proven by its own stream and approved at once; a receipt photo waits for staff.
 */
function submit(command: SubmitCertification, state: CertificationState): RaffleCertificationEvent[] {
  if (command.actor.role !== 'citizen') throw new ForbiddenError('certifications are submitted by citizens', 'citizens_only');
  const consent = validConsent(command.consent);
  const { evidence, day } = checkedEvidence(command);
  if (state.status !== 'none') {
    throw new ConflictError('already_certified', 'this prepayment was already certified', { certificationId: state.certificationId });
  }
  const minimum = command.campaign.minimumCertifiedAmount;
  if (evidence.amount < minimum) {
    throw new RuleViolationError('amount_below_minimum', `a certified prepayment must be at least ${minimum} won`, { minimum });
  }
  const round = roundOn(command.campaign.rounds, day);
  if (round === null) throw new RuleViolationError('not_in_a_round', `the prepayment of ${day} falls in no raffle round`, { day });
  if (command.frozenRounds.includes(round)) throw new RuleViolationError('round_closed', `round ${round} is closed to entries`, { round });
  // Certification closes at the end of the round's last day (Seoul), as its published timeline says.
  const endsOn = command.campaign.rounds.find((r) => r.number === round)!.endsOn;
  if (seoulDate(command.now) > endsOn) {
    throw new RuleViolationError('certification_closed', `certification for round ${round} closed at the end of ${endsOn}`, {
      round,
      endsOn,
    });
  }

  const { certificationId, campaignId, personId, contact, now } = command;
  const submitted: RaffleCertificationEvent = {
    type: 'RaffleCertificationSubmitted',
    data: { certificationId, campaignId, round, citizenId: command.actor.id, personId, contact, consent, evidence, submittedAt: now },
  };
  if (evidence.kind === 'receipt_photo') return [submitted];
  return [
    submitted,
    {
      type: 'RaffleCertificationApproved',
      data: { certificationId, campaignId, round, personId, approvedBy: { kind: 'automatic' }, entryId: command.entryId, approvedAt: now },
    },
  ];
}

function pending(state: CertificationState, certificationId: string): Certification {
  if (state.status === 'none') throw new NotFoundError('certification', certificationId);
  if (state.status !== 'pending') {
    throw new ConflictError('certification_already_decided', `the certification was already ${state.status}`, { status: state.status });
  }
  return state;
}

function approve(command: ApproveCertification, state: CertificationState): RaffleCertificationEvent[] {
  requireStaff(command.actor, 'review certifications');
  const { certificationId, campaignId, round, personId } = pending(state, command.certificationId);
  return [
    {
      type: 'RaffleCertificationApproved',
      data: {
        certificationId,
        campaignId,
        round,
        personId,
        approvedBy: { kind: 'staff', staffId: command.actor.id },
        entryId: command.entryId,
        approvedAt: command.now,
      },
    },
  ];
}

function reject(command: RejectCertification, state: CertificationState): RaffleCertificationEvent[] {
  requireStaff(command.actor, 'review certifications');
  const { certificationId, campaignId, round, personId } = pending(state, command.certificationId);
  const reason = requiredText(command.reason, 'reason', 500);
  return [
    {
      type: 'RaffleCertificationRejected',
      data: { certificationId, campaignId, round, personId, staffId: command.actor.id, reason, rejectedAt: command.now },
    },
  ];
}

function decide(command: RaffleCertificationCommand, state: CertificationState): RaffleCertificationEvent[] {
  switch (command.type) {
    case 'SubmitCertification':
      return submit(command, state);
    case 'ApproveCertification':
      return approve(command, state);
    case 'RejectCertification':
      return reject(command, state);
  }
}

export const raffleCertificationDecider: Decider<CertificationState, RaffleCertificationCommand, RaffleCertificationEvent> = {
  initialState: initialCertificationState,
  evolve: evolveCertification,
  decide,
};
