import { createHash } from 'node:crypto';
import { SYSTEM_ACTOR } from '@goodpay/shared';
import { citizen, spec, staff } from '../../../event-store/src/decider/testing';
import { merkleRoot } from '../draw/merkle';
import { drawRanking } from '../draw/ranking';
import { QUICKNET } from '../sources/drand';
import type { DeclareRandomness, EnterRound, FreezeEntryList, RecordDraw, RequestDraw } from './commands';
import { raffleRoundDecider } from './decider';
import type { RaffleDrawRequested, RaffleEntered, RaffleEntryBacked, RaffleEntryListFrozen, RaffleRandomnessDeclared } from './events';

const campaignId = 'camp-1';
const round = 1;
const period = { startsOn: '2025-01-13', endsOn: '2025-02-02' };
const before = '2025-01-10T03:00:00Z';
const during = '2025-01-20T03:00:00Z';
const after = '2025-02-03T01:00:00Z'; // Feb 3, 10:00 in Seoul
const base = { campaignId, round, period };
const seed = '84736251908172635';
const seedSha256 = createHash('sha256').update(seed).digest('hex');

const declareCmd: DeclareRandomness = {
  ...base,
  type: 'DeclareRandomness',
  actor: staff,
  now: before,
  sources: [
    { kind: 'lotto645', drawNumber: 1158 },
    { kind: 'committed_seed', label: 'office seed', seedSha256 },
  ],
  drandChain: QUICKNET,
};
const timeline = {
  declaredAt: before,
  opensAt: '2025-01-12T15:00:00.000Z',
  certificationClosesAt: '2025-02-02T15:00:00.000Z',
  reviewDeadline: '2025-02-02T15:00:00.000Z',
  freezeAt: '2025-02-02T15:00:00.000Z',
};
const declared: RaffleRandomnessDeclared = {
  type: 'RaffleRandomnessDeclared',
  data: {
    campaignId,
    round,
    sources: [
      { kind: 'lotto645', label: 'Lotto 6/45 draw 1158 (2025-02-08)', drawNumber: 1158, drawDate: '2025-02-08' },
      { kind: 'committed_seed', label: 'office seed', seedSha256 },
    ],
    declaredAt: before,
    timeline,
  },
};
const entered = (n: number): RaffleEntered => ({
  type: 'RaffleEntered',
  data: { campaignId, round, entryId: `e-${n}`, personId: `p-${n}`, certificationId: `c-${n}`, enteredAt: during },
});
const enter = (n: number, personId = `p-${n}`): EnterRound => ({
  ...base,
  type: 'EnterRound',
  actor: SYSTEM_ACTOR,
  now: during,
  entryId: `e-${n}`,
  personId,
  certificationId: `c-${n}`,
});
const freezeCmd: FreezeEntryList = {
  ...base,
  type: 'FreezeEntryList',
  actor: staff,
  now: after,
  earlierRoundsDrawn: true,
  excludedPersons: [],
};
const entries = ['e-1', 'e-2', 'e-3'];
const frozen = (list = entries, excludedEntries: string[] = []): RaffleEntryListFrozen => ({
  type: 'RaffleEntryListFrozen',
  data: {
    campaignId,
    round,
    entries: list,
    entryListHash: drawRanking({ entries: list, sources: [{ label: '', numbers: ['0'] }], quota: 0, waitingListSize: 0 }).entryListHash,
    excludedEarlierWinners: excludedEntries.length,
    ...(excludedEntries.length > 0 ? { excludedEntries } : {}),
    withdrawn: [],
    entryCount: list.length,
    merkleRoot: merkleRoot(list),
    frozenAt: after,
  },
});
const numbers = [['3', '11', '19', '27', '38', '44', '7'], [seed]];
const requestCmd: RequestDraw = { ...base, type: 'RequestDraw', actor: staff, now: '2025-02-08T12:00:00Z', numbers };
const sources = [
  { label: 'Lotto 6/45 draw 1158 (2025-02-08)', numbers: numbers[0] },
  { label: 'office seed', numbers: numbers[1] },
];
const requested: RaffleDrawRequested = { type: 'RaffleDrawRequested', data: { campaignId, round, sources, requestedAt: requestCmd.now } };
const recordCmd: RecordDraw = {
  ...base,
  type: 'RecordDraw',
  actor: SYSTEM_ACTOR,
  now: '2025-02-08T12:00:01Z',
  quota: 2,
  waitingListSize: 10,
};
const history = [declared, entered(1), entered(2), entered(3), frozen(), requested];

describe('raffle round', () => {
  it('takes the randomness declared before the round opens, once', () => {
    spec(raffleRoundDecider).given([]).when(declareCmd).then([declared]);
    spec(raffleRoundDecider).given([declared]).when(declareCmd).then('randomness_already_declared');
    spec(raffleRoundDecider)
      .given([])
      .when({ ...declareCmd, now: during })
      .then('round_already_open');
    spec(raffleRoundDecider)
      .given([])
      .when({ ...declareCmd, actor: citizen('c-1') })
      .then('staff_only');
    spec(raffleRoundDecider)
      .given([])
      .when({ ...declareCmd, period: null })
      .then('raffle_round_not_found');
    spec(raffleRoundDecider)
      .given([])
      .when({ ...declareCmd, sources: [{ kind: 'committed_seed', label: 'x', seedSha256: 'abc' }] })
      .then('invalid_randomness_source');
  });

  it('enters a person once, however many certifications', () => {
    spec(raffleRoundDecider)
      .given([declared])
      .when(enter(1))
      .then([entered(1)]);
    spec(raffleRoundDecider)
      .given([declared, entered(1)])
      .when(enter(9, 'p-1'))
      .then([]);
    spec(raffleRoundDecider)
      .given([declared, entered(1), frozen(['e-1'])])
      .when(enter(2))
      .then('round_closed');
    spec(raffleRoundDecider)
      .given([])
      .when({ ...enter(1), actor: citizen('c-1') })
      .then('entry_from_certification_only');
  });

  it('freezes the canonical entry list after the round, leaving out earlier winners', () => {
    spec(raffleRoundDecider).given(history.slice(0, 4)).when(freezeCmd).then([frozen()]);
    spec(raffleRoundDecider)
      .given(history.slice(0, 4))
      .when({ ...freezeCmd, excludedPersons: ['p-2'] })
      .then([frozen(['e-1', 'e-3'], ['e-2'])]);
    spec(raffleRoundDecider).given(history.slice(0, 5)).when(freezeCmd).then([]);
    spec(raffleRoundDecider)
      .given(history.slice(0, 4))
      .when({ ...freezeCmd, now: '2025-02-02T14:00:00Z' })
      .then('round_not_over');
    spec(raffleRoundDecider)
      .given([entered(1)])
      .when(freezeCmd)
      .then('randomness_not_declared');
    spec(raffleRoundDecider)
      .given(history.slice(0, 4))
      .when({ ...freezeCmd, earlierRoundsDrawn: false })
      .then('earlier_round_not_drawn');
  });

  it('takes the draw numbers once, checking a seed against its commitment', () => {
    spec(raffleRoundDecider).given(history.slice(0, 5)).when(requestCmd).then([requested]);
    spec(raffleRoundDecider).given(history).when(requestCmd).then([]);
    const other = [['1', '2', '3', '4', '5', '6', '7'], [seed]];
    spec(raffleRoundDecider)
      .given(history)
      .when({ ...requestCmd, numbers: other })
      .then('draw_already_requested');
    spec(raffleRoundDecider)
      .given(history.slice(0, 5))
      .when({ ...requestCmd, numbers: [numbers[0], ['12345']] })
      .then('seed_does_not_match_commitment');
    spec(raffleRoundDecider)
      .given(history.slice(0, 5))
      .when({ ...requestCmd, numbers: [numbers[0]] })
      .then('invalid_randomness_source');
    spec(raffleRoundDecider).given(history.slice(0, 4)).when(requestCmd).then('round_not_closed');
  });

  it('records the RFC 3797 ranking of the frozen list once', () => {
    const outcome = drawRanking({ entries, sources, quota: 2, waitingListSize: 10 });
    spec(raffleRoundDecider)
      .given(history)
      .when(recordCmd)
      .then([
        {
          type: 'RaffleDrawRecorded',
          data: {
            campaignId,
            round,
            sources,
            keyString: outcome.keyString,
            entryListHash: outcome.entryListHash,
            quota: 2,
            waitingListSize: 10,
            winners: 2,
            ranking: outcome.ranking,
            drawnAt: recordCmd.now,
          },
        },
      ]);
    const drawnEvent = {
      type: 'RaffleDrawRecorded' as const,
      data: { ...frozen().data, sources, keyString: '', quota: 2, waitingListSize: 10, winners: 2, ranking: [], drawnAt: '' },
    };
    spec(raffleRoundDecider)
      .given([...history, drawnEvent])
      .when(recordCmd)
      .then([]);
    spec(raffleRoundDecider).given(history.slice(0, 5)).when(recordCmd).then('draw_not_requested');
    spec(raffleRoundDecider)
      .given(history)
      .when({ ...recordCmd, actor: staff })
      .then('system_only');
  });

  it('leaves out the entry of a person erased before the freeze, and counts them apart from earlier winners', () => {
    const withErased = (list: string[], erasedEntries: string[], excluded: string[] = []): RaffleEntryListFrozen => ({
      ...frozen(list, excluded),
      data: { ...frozen(list, excluded).data, erasedEntries },
    });
    spec(raffleRoundDecider)
      .given(history.slice(0, 4))
      .when({ ...freezeCmd, erasedPersons: ['p-2'] })
      .then([withErased(['e-1', 'e-3'], ['e-2'])]);
    spec(raffleRoundDecider)
      .given(history.slice(0, 4))
      .when({ ...freezeCmd, erasedPersons: ['p-3', 'p-1', 'p-9'], excludedPersons: ['p-1', 'p-2'] })
      .then([withErased([], ['e-1', 'e-3'], ['e-2'])]);
    // The person who comes back after the erasure is a new subject with an entry of their own.
    spec(raffleRoundDecider)
      .given([...history.slice(0, 4), entered(4)])
      .when({ ...freezeCmd, erasedPersons: ['p-2'] })
      .then([withErased(['e-1', 'e-3', 'e-4'], ['e-2'])]);
    spec(raffleRoundDecider)
      .given(history.slice(0, 5))
      .when({ ...freezeCmd, erasedPersons: ['p-2'] })
      .then([]);
  });

  describe('a prepayment refunded before the freeze', () => {
    // Person p-1 entered on prepayment pp-1, p-2 on pp-2; p-3 on a receipt photo (c-3, no prepayment).
    const enteredOn = (n: number): RaffleEntered => ({ ...entered(n), data: { ...entered(n).data, prepaymentId: `pp-${n}` } });
    const enterOn = (n: number, personId = `p-${n}`, prepaymentId: string | null = `pp-${n}`): EnterRound => ({
      ...enter(n, personId),
      prepaymentId,
    });
    const backed = (n: number, entryId: string, prepaymentId?: string): RaffleEntryBacked => ({
      type: 'RaffleEntryBacked',
      data: { campaignId, round, entryId, certificationId: `c-${n}`, ...(prepaymentId ? { prepaymentId } : {}), backedAt: during },
    });
    const onPrepayments = [declared, enteredOn(1), enteredOn(2), entered(3)];
    const withdrawn = (n: number, entryId = `e-${n}`) => ({ certificationId: `c-${n}`, entryId, reason: 'prepayment_refunded' as const });
    const frozenWithout = (list: string[], gone: ReturnType<typeof withdrawn>[]): RaffleEntryListFrozen => ({
      ...frozen(list),
      data: { ...frozen(list).data, withdrawn: gone },
    });

    it('records the prepayment an entry stands on', () => {
      spec(raffleRoundDecider)
        .given([declared])
        .when(enterOn(1))
        .then([enteredOn(1)]);
    });

    it('leaves the entry out of the frozen list and says which certification and why', () => {
      spec(raffleRoundDecider)
        .given(onPrepayments)
        .when({ ...freezeCmd, refundedPrepayments: ['pp-1'] })
        .then([frozenWithout(['e-2', 'e-3'], [withdrawn(1)])]);
    });

    it('keeps an entry that another certification of the person still stands on', () => {
      // p-1 certifies again with prepayment pp-9, then with a receipt (no prepayment): the entry becomes firm.
      spec(raffleRoundDecider)
        .given(onPrepayments)
        .when(enterOn(9, 'p-1', 'pp-9'))
        .then([backed(9, 'e-1', 'pp-9')]);
      spec(raffleRoundDecider)
        .given([...onPrepayments, backed(9, 'e-1', 'pp-9')])
        .when({ ...freezeCmd, refundedPrepayments: ['pp-1'] })
        .then([frozenWithout(entries, [withdrawn(1)])]);
      spec(raffleRoundDecider)
        .given([...onPrepayments, backed(9, 'e-1', 'pp-9')])
        .when({ ...freezeCmd, refundedPrepayments: ['pp-1', 'pp-9'] })
        .then([frozenWithout(['e-2', 'e-3'], [withdrawn(1), withdrawn(9, 'e-1')])]);
      spec(raffleRoundDecider)
        .given(onPrepayments)
        .when(enterOn(8, 'p-1', null))
        .then([backed(8, 'e-1')]);
      spec(raffleRoundDecider)
        .given([...onPrepayments, backed(8, 'e-1')])
        .when({ ...freezeCmd, refundedPrepayments: ['pp-1'] })
        .then([frozenWithout(entries, [])]);
    });

    it('records nothing more for a firm entry, the same certification again, or after the freeze', () => {
      spec(raffleRoundDecider).given(onPrepayments).when(enterOn(7, 'p-3')).then([]);
      spec(raffleRoundDecider).given(onPrepayments).when(enterOn(1)).then([]);
      spec(raffleRoundDecider)
        .given([...onPrepayments, frozen()])
        .when(enterOn(9, 'p-1', 'pp-9'))
        .then([]);
    });

    it('does not change a list already frozen when the refund comes after', () => {
      spec(raffleRoundDecider)
        .given([...onPrepayments, frozen()])
        .when({ ...freezeCmd, refundedPrepayments: ['pp-1'] })
        .then([]);
    });

    it('counts earlier winners apart from withdrawn entries', () => {
      spec(raffleRoundDecider)
        .given(onPrepayments)
        .when({ ...freezeCmd, excludedPersons: ['p-2'], refundedPrepayments: ['pp-1', 'pp-2'] })
        .then([
          {
            ...frozenWithout(['e-3'], [withdrawn(1), withdrawn(2)]),
            data: { ...frozenWithout(['e-3'], [withdrawn(1), withdrawn(2)]).data, excludedEarlierWinners: 0 },
          },
        ]);
      spec(raffleRoundDecider)
        .given(onPrepayments)
        .when({ ...freezeCmd, excludedPersons: ['p-2'], refundedPrepayments: ['pp-1'] })
        .then([
          {
            ...frozenWithout(['e-3'], [withdrawn(1)]),
            data: { ...frozenWithout(['e-3'], [withdrawn(1)]).data, excludedEarlierWinners: 1, excludedEntries: ['e-2'] },
          },
        ]);
    });
  });
});
