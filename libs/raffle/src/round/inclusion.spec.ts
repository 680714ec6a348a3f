import { merkleRoot, verifyInclusion } from '../draw/merkle';
import { roundInclusion } from './inclusion';
import { initialRoundState, type RaffleRound } from './state';

/** Issue 15: before the draw a citizen gets a proof that their entry is in the list, or why it is not. */
describe('a citizen’s inclusion in a frozen list', () => {
  const state: RaffleRound = {
    ...initialRoundState(),
    frozen: {
      campaignId: 'c',
      round: 1,
      entries: ['e-1', 'e-3', 'e-5'],
      entryListHash: 'x',
      excludedEarlierWinners: 1,
      excludedEntries: ['e-2'],
      erasedEntries: ['e-4'],
      withdrawn: [{ certificationId: 'c-6', entryId: 'e-6', reason: 'prepayment_refunded' }],
      entryCount: 3,
      merkleRoot: '',
      frozenAt: '2025-02-03T00:00:00Z',
    },
  };
  state.frozen!.merkleRoot = merkleRoot(state.frozen!.entries);
  const cert = (n: number, status = 'approved', reason: string | null = null) => ({
    certificationId: `c-${n}`,
    status,
    reason,
    entryId: status === 'approved' ? `e-${n}` : null,
  });

  it('proves an entry in the list against the published root', () => {
    const [answer] = roundInclusion('c', 1, state, [cert(3)]).certifications;
    expect(answer).toMatchObject({ included: true });
    expect(answer.included && verifyInclusion(answer.proof, state.frozen!.merkleRoot!)).toBe(true);
  });

  it('says why an entry is left out: earlier winner, erasure, refund, no approval by the deadline, rejection', () => {
    const answers = roundInclusion('c', 1, state, [
      cert(2),
      cert(4),
      cert(6),
      cert(7, 'pending'),
      cert(8, 'rejected', 'blurred photo'),
    ]).certifications;
    expect(answers.map((a) => 'reason' in a && a.reason)).toEqual([
      'earlier_winner',
      'personal_data_erased',
      'prepayment_refunded',
      'not_approved_by_review_deadline',
      'rejected',
    ]);
  });

  it('says when a certification counts through the entry another certification of the same person made', () => {
    const entered = { ...state, certificationByEntry: new Map([['e-3', 'c-3']]) };
    const [own, second] = roundInclusion('c', 1, entered, [cert(3), { ...cert(9), entryId: 'e-3' }]).certifications;
    expect(own).toMatchObject({ included: true, samePersonEntry: false });
    expect(second).toMatchObject({ included: true, entryId: 'e-3', samePersonEntry: true });
  });

  it('says nothing is frozen before the freeze', () => {
    expect(roundInclusion('c', 1, initialRoundState(), [cert(1)]).certifications[0]).toMatchObject({
      included: null,
      reason: 'not_frozen_yet',
    });
  });
});
