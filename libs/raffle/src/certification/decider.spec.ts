import { citizen, spec, staff } from '../../../event-store/src/decider/testing';
import type { PrepaymentFacts, SubmitCertification } from './commands';
import { raffleCertificationDecider } from './decider';
import type { RaffleCertificationApproved, RaffleCertificationSubmitted } from './events';

const campaignId = 'camp-1';
const rounds = [
  { number: 1, startsOn: '2025-01-13', endsOn: '2025-02-02' },
  { number: 2, startsOn: '2025-02-03', endsOn: '2025-02-16' },
];
const now = '2025-01-20T03:00:00Z';
const consent = {
  version: 'raffle-consent-2025-01',
  purpose: true,
  itemsCollected: true,
  retentionPeriod: true,
  rightToRefuse: true,
} as const;
const prepayment: PrepaymentFacts = {
  prepaymentId: 'pp-1',
  payer: { id: 'citizen-1', kind: 'citizen' },
  campaignId,
  amount: 150_000,
  paidAt: '2025-01-15T02:00:00Z',
  refunded: false,
  paymentConfirmed: true,
};
const base = {
  type: 'SubmitCertification' as const,
  actor: citizen('citizen-1'),
  now,
  certificationId: 'cert-1',
  campaignId,
  campaign: { minimumCertifiedAmount: 100_000, rounds },
  frozenRounds: [],
  personId: 'person-a',
  contact: 'pd1.sealed',
  consent,
  entryId: 'entry-1',
};
const inSystem = (facts: PrepaymentFacts | null = prepayment): SubmitCertification => ({
  ...base,
  evidence: { kind: 'prepayment', prepaymentId: 'pp-1', prepayment: facts },
});
const receipt = (over: Partial<{ amount: unknown; shopName: unknown; paidOn: unknown }> = {}): SubmitCertification => ({
  ...base,
  evidence: { kind: 'receipt_photo', photoId: 'photo-1', amount: 120_000, shopName: ' Hanok Noodles ', paidOn: '2025-02-04', ...over },
  now: '2025-02-05T03:00:00Z',
});

const submitted = (evidence: RaffleCertificationSubmitted['data']['evidence'], round: number, at = now): RaffleCertificationSubmitted => ({
  type: 'RaffleCertificationSubmitted',
  data: {
    certificationId: 'cert-1',
    campaignId,
    round,
    citizenId: 'citizen-1',
    personId: 'person-a',
    contact: 'pd1.sealed',
    consent,
    evidence,
    submittedAt: at,
  },
});
const approvedAutomatically: RaffleCertificationApproved = {
  type: 'RaffleCertificationApproved',
  data: {
    certificationId: 'cert-1',
    campaignId,
    round: 1,
    personId: 'person-a',
    approvedBy: { kind: 'automatic' },
    entryId: 'entry-1',
    approvedAt: now,
  },
};
const photoEvidence = {
  kind: 'receipt_photo' as const,
  photoId: 'photo-1',
  amount: 120_000,
  shopName: 'Hanok Noodles',
  paidOn: '2025-02-04',
};
const photoSubmitted = submitted(photoEvidence, 2, '2025-02-05T03:00:00Z');

describe('raffle certification', () => {
  it('approves an in-system prepayment of the citizen at once, in the round of its Seoul day', () => {
    const evidence = { kind: 'prepayment' as const, prepaymentId: 'pp-1', amount: 150_000, paidAt: prepayment.paidAt };
    spec(raffleCertificationDecider)
      .given([])
      .when(inSystem())
      .then([submitted(evidence, 1), approvedAutomatically]);
  });

  it('refuses a prepayment that is not the citizen own, too small, refunded, elsewhere or outside the rounds', () => {
    const decider = spec(raffleCertificationDecider).given([]);
    decider.when(inSystem(null)).then('prepayment_not_found');
    decider.when(inSystem({ ...prepayment, payer: { id: 'citizen-2', kind: 'citizen' } })).then('prepayment_not_found');
    decider.when(inSystem({ ...prepayment, amount: 99_999 })).then('amount_below_minimum');
    decider.when(inSystem({ ...prepayment, refunded: true })).then('prepayment_refunded');
    // A platform order whose payment the server has not confirmed, and one at the shop nobody claimed.
    decider.when(inSystem({ ...prepayment, paymentConfirmed: false })).then('payment_not_confirmed');
    decider.when(inSystem({ ...prepayment, payer: null })).then('prepayment_not_found');
    decider.when(inSystem({ ...prepayment, campaignId: 'other' })).then('prepayment_of_another_campaign');
    // 2025-02-16T15:00Z is Feb 17 in Seoul: after the last round.
    decider.when(inSystem({ ...prepayment, paidAt: '2025-02-16T15:00:00Z' })).then('not_in_a_round');
    decider.when({ ...inSystem(), frozenRounds: [1] }).then('round_closed');
    // Issue 15: certification closes at the end of the round's last day (2025-02-02T15:00Z, midnight in Seoul).
    decider.when({ ...inSystem(), now: '2025-02-02T15:00:00Z' }).then('certification_closed');
    decider.when({ ...receipt({ paidOn: '2025-01-20' }), now: '2025-02-03T01:00:00Z' }).then('certification_closed');
    decider.when({ ...inSystem(), actor: staff }).then('citizens_only');
  });

  it('refuses without every consent item given, or without the version of the text', () => {
    const decider = spec(raffleCertificationDecider).given([]);
    for (const item of ['purpose', 'itemsCollected', 'retentionPeriod', 'rightToRefuse']) {
      const refusal = decider.when({ ...inSystem(), consent: { ...consent, [item]: 'yes' } }).then('consent_required');
      expect(refusal.details).toEqual({ missing: [item] });
    }
    decider.when({ ...inSystem(), consent: undefined }).then('consent_required');
    decider.when({ ...inSystem(), consent: { ...consent, version: ' ' } }).then('consent_version_required');
  });

  it('keeps a receipt photo pending for staff, with its checked amount, shop and day', () => {
    spec(raffleCertificationDecider).given([]).when(receipt()).then([photoSubmitted]);
    const decider = spec(raffleCertificationDecider).given([]);
    decider.when(receipt({ amount: 50_000 })).then('amount_below_minimum');
    decider.when(receipt({ amount: 100_000.5 })).then('invalid_input');
    decider.when(receipt({ paidOn: '2025-02-06' })).then('receipt_in_future');
    decider.when(receipt({ paidOn: '2025-02-30' })).then('invalid_date');
    decider.when(receipt({ shopName: '' })).then('invalid_input');
  });

  it('certifies one prepayment once', () => {
    spec(raffleCertificationDecider).given([photoSubmitted]).when(receipt()).then('already_certified');
  });

  it('lets staff approve or reject a pending certification once, a rejection with its reason', () => {
    const approve = { type: 'ApproveCertification' as const, actor: staff, now, certificationId: 'cert-1', entryId: 'entry-9' };
    const approved = spec(raffleCertificationDecider).given([photoSubmitted]).when(approve);
    approved.then([
      {
        type: 'RaffleCertificationApproved',
        data: {
          certificationId: 'cert-1',
          campaignId,
          round: 2,
          personId: 'person-a',
          approvedBy: { kind: 'staff', staffId: staff.id },
          entryId: 'entry-9',
          approvedAt: now,
        },
      },
    ]);
    const reject = { type: 'RejectCertification' as const, actor: staff, now, certificationId: 'cert-1', reason: ' receipt unreadable ' };
    spec(raffleCertificationDecider)
      .given([photoSubmitted])
      .when(reject)
      .then([
        {
          type: 'RaffleCertificationRejected',
          data: {
            certificationId: 'cert-1',
            campaignId,
            round: 2,
            personId: 'person-a',
            staffId: staff.id,
            reason: 'receipt unreadable',
            rejectedAt: now,
          },
        },
      ]);
    spec(raffleCertificationDecider)
      .given([photoSubmitted])
      .when({ ...reject, reason: '' })
      .then('invalid_input');
    spec(raffleCertificationDecider)
      .given([photoSubmitted])
      .when({ ...approve, actor: citizen('citizen-1') })
      .then('staff_only');
    spec(raffleCertificationDecider)
      .given([submitted(photoEvidence, 2), approvedAutomatically])
      .when(reject)
      .then('certification_already_decided');
    spec(raffleCertificationDecider).given([]).when(approve).then('certification_not_found');
  });
});
