import { createHash } from 'node:crypto';
import { SYSTEM_ACTOR } from '@goodpay/shared';
import { spec, staff } from '../../../event-store/src/decider/testing';
import { QUICKNET } from '../sources/drand';
import { QUICKNET_ROUND_1000 } from '../sources/test/recorded-beacons';
import type { DeclareRandomness, EnterRound, FreezeEntryList, RecordDrandBeacons, RequestDraw } from './commands';
import { raffleRoundDecider } from './decider';
import type { RaffleRoundEvent } from './events';

/**
 * Issue 15: the timeline is fixed before the round opens and enforced, the sources are ones
 * staff cannot choose. The round sits in August 2023 so that its drand round is quicknet's
 * round 1000, whose real beacon the test has (sources/test/recorded-beacons.ts).
 */
const campaignId = 'camp-15';
const round = 1;
const period = { startsOn: '2023-08-14', endsOn: '2023-08-23' }; // ends 2023-08-23T15:00Z (midnight in Seoul)
const base = { campaignId, round, period };
const seedSha256 = createHash('sha256').update('8675309').digest('hex');
const freezeAt = '2023-08-23T15:59:21.000Z'; // drand round 1000 is produced 3 s later

const declareCmd: DeclareRandomness = {
  ...base,
  type: 'DeclareRandomness',
  actor: staff,
  now: '2023-08-10T00:00:00Z',
  sources: [{ kind: 'drand' }, { kind: 'committed_seed', label: 'office seed', seedSha256 }],
  freezeAt,
  drandChain: QUICKNET,
};
const decided = (given: RaffleRoundEvent[], command: Parameters<typeof raffleRoundDecider.decide>[0]) =>
  spec(raffleRoundDecider).given(given).when(command);
const declaredEvents = (): RaffleRoundEvent[] => raffleRoundDecider.decide(declareCmd, raffleRoundDecider.initialState());
const enter = (n: number, now: string): EnterRound => ({
  ...base,
  type: 'EnterRound',
  actor: SYSTEM_ACTOR,
  now,
  entryId: `e-${n}`,
  personId: `p-${n}`,
  certificationId: `c-${n}`,
});
const freezeCmd = (now: string, actor = SYSTEM_ACTOR): FreezeEntryList => ({
  ...base,
  type: 'FreezeEntryList',
  actor,
  now,
  earlierRoundsDrawn: true,
  excludedPersons: [],
});
const request = (now: string, numbers: string[][]): RequestDraw => ({ ...base, type: 'RequestDraw', actor: staff, now, numbers });

describe('a round timeline fixed in advance', () => {
  it('computes the drand round from the freeze time and publishes the timeline', () => {
    const [declared] = declaredEvents();
    expect(declared).toMatchObject({
      type: 'RaffleRandomnessDeclared',
      data: {
        sources: [{ kind: 'drand', round: 1000, roundTime: '2023-08-23T15:59:24.000Z', chain: QUICKNET }, { kind: 'committed_seed' }],
        timeline: {
          opensAt: '2023-08-13T15:00:00.000Z',
          certificationClosesAt: '2023-08-23T15:00:00.000Z',
          reviewDeadline: freezeAt,
          freezeAt,
        },
      },
    });
  });

  it('is declared before the round opens, with a freeze from the round end to 30 days after', () => {
    decided([], { ...declareCmd, now: '2023-08-14T00:00:00Z' }).then('round_already_open');
    decided([], { ...declareCmd, freezeAt: '2023-08-23T14:59:59Z' }).then('invalid_freeze_time');
    decided([], { ...declareCmd, freezeAt: '2023-09-30T00:00:00Z' }).then('invalid_freeze_time');
    decided([], { ...declareCmd, freezeAt: 'tomorrow' }).then('invalid_freeze_time');
  });

  it('never takes a staff seed alone, nor a free-text public source, nor a Lotto draw before the freeze', () => {
    decided([], { ...declareCmd, sources: [{ kind: 'committed_seed', label: 'office seed', seedSha256 }] }).then('public_source_required');
    decided([], { ...declareCmd, sources: [{ kind: 'public_numbers', label: 'Lotto' } as never] }).then('invalid_randomness_source');
    // Draw 1081 is on 2023-08-19, before the freeze; 1082 on 2023-08-26, after it.
    decided([], { ...declareCmd, sources: [{ kind: 'lotto645', drawNumber: 1081 }] }).then('source_before_freeze');
    expect(
      raffleRoundDecider.decide({ ...declareCmd, sources: [{ kind: 'lotto645', drawNumber: 1082 }] }, raffleRoundDecider.initialState())[0],
    ).toMatchObject({
      data: { sources: [{ kind: 'lotto645', drawNumber: 1082, drawDate: '2023-08-26' }] },
    });
  });

  it('refuses a staff freeze before the declared time; the worker freezes at it', () => {
    const given = [...declaredEvents(), ...raffleRoundDecider.decide(enter(1, '2023-08-20T00:00:00Z'), raffleRoundDecider.initialState())];
    decided(given, freezeCmd('2023-08-23T15:30:00Z', staff)).then('freeze_not_due');
    const [frozen] = raffleRoundDecider.decide(
      freezeCmd(freezeAt),
      given.reduce(raffleRoundDecider.evolve, raffleRoundDecider.initialState()),
    );
    expect(frozen).toMatchObject({
      type: 'RaffleEntryListFrozen',
      data: { entries: ['e-1'], entryCount: 1, merkleRoot: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
  });

  it('takes no approval after the review deadline, even before the freeze has run', () => {
    decided(declaredEvents(), enter(2, '2023-08-23T15:59:21.000Z')).then('review_deadline_passed');
  });
});

describe('the draw values', () => {
  const frozenRound = (): RaffleRoundEvent[] => {
    const events = declaredEvents();
    const state = () => events.reduce(raffleRoundDecider.evolve, raffleRoundDecider.initialState());
    events.push(...raffleRoundDecider.decide(enter(1, '2023-08-20T00:00:00Z'), state()));
    events.push(...raffleRoundDecider.decide(freezeCmd(freezeAt), state()));
    return events;
  };

  it('takes the drand round by its signature and keeps the beacon for anyone to check', () => {
    const [requested] = raffleRoundDecider.decide(
      request('2023-08-23T16:00:00Z', [[QUICKNET_ROUND_1000.signature], ['8675309']]),
      frozenRound().reduce(raffleRoundDecider.evolve, raffleRoundDecider.initialState()),
    );
    expect(requested).toMatchObject({
      type: 'RaffleDrawRequested',
      data: {
        sources: [
          { numbers: [QUICKNET_ROUND_1000.randomness], format: 'text', beacon: { round: 1000, signature: QUICKNET_ROUND_1000.signature } },
          { numbers: ['8675309'] },
        ],
      },
    });
  });

  it('refuses a drand value with a bad signature, or one asked for before the round is produced', () => {
    const bad = `${QUICKNET_ROUND_1000.signature.slice(0, 94)}00`;
    decided(frozenRound(), request('2023-08-23T16:00:00Z', [[bad], ['8675309']])).then('drand_signature_invalid');
    decided(frozenRound(), request('2023-08-23T15:59:22Z', [[QUICKNET_ROUND_1000.signature], ['8675309']])).then('source_not_produced_yet');
    decided(frozenRound(), request('2023-08-23T16:00:00Z', [[QUICKNET_ROUND_1000.signature], ['1']])).then(
      'seed_does_not_match_commitment',
    );
  });

  describe('fetched by the worker', () => {
    const beacon = { round: 1000, signature: QUICKNET_ROUND_1000.signature };
    const record = (now: string, given = beacon, actor = SYSTEM_ACTOR): RecordDrandBeacons => ({
      ...base,
      type: 'RecordDrandBeacons',
      actor,
      now,
      beacons: [{ sourceIndex: 0, beacon: given }],
    });
    const stateOf = (events: RaffleRoundEvent[]) => events.reduce(raffleRoundDecider.evolve, raffleRoundDecider.initialState());

    it('records a beacon whose signature verifies; staff then give [] for it beside the seed', () => {
      const recorded = raffleRoundDecider.decide(record('2023-08-23T16:00:00Z'), stateOf(frozenRound()));
      // A seed is declared too: the draw waits for staff to reveal it.
      expect(recorded).toEqual([
        {
          type: 'RaffleDrandBeaconRecorded',
          data: { campaignId, round, sourceIndex: 0, beacon, recordedAt: '2023-08-23T16:00:00Z' },
        },
      ]);
      const [requested] = raffleRoundDecider.decide(
        request('2023-08-23T16:01:00Z', [[], ['8675309']]),
        stateOf([...frozenRound(), ...recorded]),
      );
      expect(requested).toMatchObject({
        type: 'RaffleDrawRequested',
        data: { sources: [{ numbers: [QUICKNET_ROUND_1000.randomness], format: 'text', beacon }, { numbers: ['8675309'] }] },
      });
      decided(frozenRound(), request('2023-08-23T16:01:00Z', [[], ['8675309']])).then('invalid_randomness_source');
    });

    it('requests the draw itself when every source is drand', () => {
      const drandOnly = raffleRoundDecider.decide({ ...declareCmd, sources: [{ kind: 'drand' }] }, raffleRoundDecider.initialState());
      const events = [...drandOnly];
      events.push(...raffleRoundDecider.decide(enter(1, '2023-08-20T00:00:00Z'), stateOf(events)));
      events.push(...raffleRoundDecider.decide(freezeCmd(freezeAt), stateOf(events)));
      expect(raffleRoundDecider.decide(record('2023-08-23T16:00:00Z'), stateOf(events)).map((e) => e.type)).toEqual([
        'RaffleDrandBeaconRecorded',
        'RaffleDrawRequested',
      ]);
    });

    it('records nothing with a bad signature, before the round is produced, for another round, or from anyone but the worker', () => {
      const bad = { ...beacon, signature: `${beacon.signature.slice(0, 94)}00` };
      decided(frozenRound(), record('2023-08-23T16:00:00Z', bad)).then('drand_signature_invalid');
      decided(frozenRound(), record('2023-08-23T15:59:22Z')).then('source_not_produced_yet');
      decided(frozenRound(), record('2023-08-23T16:00:00Z', { ...beacon, round: 1001 })).then('invalid_randomness_source');
      decided(frozenRound(), record('2023-08-23T16:00:00Z', beacon, staff)).then('system_only');
      decided(declaredEvents(), record('2023-08-23T16:00:00Z')).then('round_not_closed');
    });
  });
});
