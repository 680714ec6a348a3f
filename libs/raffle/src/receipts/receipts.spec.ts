import { fold } from '@goodpay/event-store';
import {
  type ClaimReceiptPhoto,
  MAX_PENDING_RECEIPTS_PER_ROUND,
  type ReceiptPhotoClaimed,
  receiptClaimsDecider,
  type ReceiptSubmitted,
  type SubmitReceipt,
} from './receipts';

const claimed = (certificationId: string, citizenId = 'citizen-1'): ReceiptPhotoClaimed => ({
  type: 'ReceiptPhotoClaimed',
  data: { campaignId: 'c-1', certificationId, citizenId },
});
const submitted = (certificationId: string, round: number): ReceiptSubmitted => ({
  type: 'ReceiptSubmitted',
  data: { campaignId: 'c-1', certificationId, round },
});
const claimPhoto = (statusOf: ClaimReceiptPhoto['statusOf'], citizenId = 'citizen-1'): ClaimReceiptPhoto => ({
  type: 'ClaimReceiptPhoto',
  campaignId: 'c-1',
  certificationId: 'new',
  citizenId,
  statusOf,
});
const submit = (round: number, statusOf: SubmitReceipt['statusOf']): SubmitReceipt => ({
  type: 'SubmitReceipt',
  campaignId: 'c-1',
  certificationId: 'new',
  round,
  statusOf,
});
const given = (...events: (ReceiptPhotoClaimed | ReceiptSubmitted)[]) => fold(receiptClaimsDecider, events);
const refusal = (decide: () => unknown) => {
  try {
    decide();
  } catch (error) {
    return error as { code: string; status: number; details?: Record<string, unknown> };
  }
  throw new Error('expected a refusal');
};

describe('receipt claims: one certification per photo, a few waiting per citizen and round', () => {
  it('claims a new photo', () => {
    expect(receiptClaimsDecider.decide(claimPhoto({}), given())).toEqual([claimed('new')]);
  });

  it.each(['pending', 'approved'] as const)(
    'refuses a photo whose first certification is %s with 409 duplicate_receipt_photo, naming it to its own citizen only',
    (status) => {
      const state = given(claimed('first'));
      expect(refusal(() => receiptClaimsDecider.decide(claimPhoto({ first: status }), state))).toMatchObject({
        code: 'duplicate_receipt_photo',
        status: 409,
        details: { certificationId: 'first' },
      });
      expect(refusal(() => receiptClaimsDecider.decide(claimPhoto({ first: status }, 'citizen-2'), state))).toMatchObject({
        code: 'duplicate_receipt_photo',
        details: undefined,
      });
    },
  );

  it('takes the photo again once every earlier certification of it was rejected', () => {
    const state = given(claimed('first'), claimed('second'));
    expect(receiptClaimsDecider.decide(claimPhoto({ first: 'rejected', second: 'rejected' }), state)).toEqual([claimed('new')]);
    expect(refusal(() => receiptClaimsDecider.decide(claimPhoto({ first: 'rejected', second: 'pending' }), state)).code).toBe(
      'duplicate_receipt_photo',
    );
  });

  it(`allows ${MAX_PENDING_RECEIPTS_PER_ROUND} waiting receipts per round, then refuses with 422 too_many_pending_receipts until one is reviewed`, () => {
    const ids = Array.from({ length: MAX_PENDING_RECEIPTS_PER_ROUND }, (_, i) => `r-${i}`);
    const allPending = Object.fromEntries(ids.map((id) => [id, 'pending' as const]));
    const almost = given(...ids.slice(1).map((id) => submitted(id, 1)));
    expect(receiptClaimsDecider.decide(submit(1, allPending), almost)).toEqual([submitted('new', 1)]);

    const full = given(...ids.map((id) => submitted(id, 1)));
    expect(refusal(() => receiptClaimsDecider.decide(submit(1, allPending), full))).toMatchObject({
      code: 'too_many_pending_receipts',
      status: 422,
      details: { round: 1, maxPending: MAX_PENDING_RECEIPTS_PER_ROUND },
    });
    // Another round has its own places; a reviewed receipt frees one.
    expect(receiptClaimsDecider.decide(submit(2, allPending), full)).toEqual([submitted('new', 2)]);
    expect(receiptClaimsDecider.decide(submit(1, { ...allPending, 'r-0': 'approved' }), full)).toEqual([submitted('new', 1)]);
    expect(receiptClaimsDecider.decide(submit(1, { ...allPending, 'r-3': 'rejected' }), full)).toEqual([submitted('new', 1)]);
  });
});
