import { createHash } from 'node:crypto';
import { SYSTEM_ACTOR } from '@goodpay/shared';
import { staff } from '../../../../event-store/src/decider/testing';
import { DEFAULT_RAFFLE_RULES } from '@goodpay/campaign';
import { type RafflePolicy, WAITING_LIST_SIZE } from '../../policy/raffle-policy';
import { roundQuota, totalPlaces } from '../../quota/quota';
import type { RaffleRoundCommand } from '../../round/commands';
import { raffleRoundDecider } from '../../round/decider';
import { type PublishedRound, publishedRound } from '../../round/published-round';
import type { RaffleRound } from '../../round/state';
import { QUICKNET } from '../../sources/drand';
import { QUICKNET_ROUND_1000 } from '../../sources/test/recorded-beacons';

const DEFAULT_RAFFLE_POLICY: RafflePolicy = { ...DEFAULT_RAFFLE_RULES, waitingListSize: WAITING_LIST_SIZE };

/**
 * A drawn round's public document, made by the product's own deciders from a real drand beacon
 * (quicknet round 1000, hence a round in August 2023), a Lotto 6/45 draw after the freeze and a
 * committed seed: what the verifiers are tested on (each field forged in turn).
 */
export const SEED = 'goodpay-office-seed-2023-08';
const period = { startsOn: '2023-08-14', endsOn: '2023-08-23' };
const campaign = { budget: 3_000_000, prize: 20_000, rounds: 3, placesAllottedBefore: 50 };

export function drawnRoundDocument(entryCount = 40): PublishedRound {
  const base = { campaignId: '6f1c1e0a-7d4b-4f7e-9a51-2c3d4e5f6a7b', round: 2, period };
  let state: RaffleRound = raffleRoundDecider.initialState();
  const run = (command: RaffleRoundCommand) => {
    state = raffleRoundDecider.decide(command, state).reduce(raffleRoundDecider.evolve, state);
  };
  run({
    ...base,
    type: 'DeclareRandomness',
    actor: staff,
    now: '2023-08-10T01:00:00.000Z',
    freezeAt: '2023-08-23T15:59:21.000Z',
    drandChain: QUICKNET,
    sources: [
      { kind: 'drand' },
      { kind: 'lotto645', drawNumber: 1082 },
      { kind: 'committed_seed', label: 'campaign office seed', seedSha256: createHash('sha256').update(SEED).digest('hex') },
    ],
  });
  for (let i = 0; i < entryCount; i += 1) {
    const id = createHash('sha256').update(`entry-${i}`).digest('hex');
    const entryId = `${id.slice(0, 8)}-${id.slice(8, 12)}-4${id.slice(13, 16)}-8${id.slice(17, 20)}-${id.slice(20, 32)}`;
    run({
      ...base,
      type: 'EnterRound',
      actor: SYSTEM_ACTOR,
      now: '2023-08-20T02:00:00.000Z',
      entryId,
      personId: `person-${i}`,
      certificationId: `cert-${i}`,
    });
  }
  run({
    ...base,
    type: 'FreezeEntryList',
    actor: SYSTEM_ACTOR,
    now: '2023-08-23T15:59:21.000Z',
    earlierRoundsDrawn: true,
    excludedPersons: [],
  });
  run({
    ...base,
    type: 'RequestDraw',
    actor: staff,
    now: '2023-08-26T13:00:00.000Z',
    numbers: [[QUICKNET_ROUND_1000.signature], ['4', '8', '17', '23', '31', '42', '11'], [SEED]],
  });
  const total = totalPlaces(campaign.budget, campaign.prize);
  const quota = roundQuota({
    totalPlaces: total,
    placesAllotted: campaign.placesAllottedBefore,
    round: base.round,
    rounds: campaign.rounds,
  });
  run({
    ...base,
    type: 'RecordDraw',
    actor: SYSTEM_ACTOR,
    now: '2023-08-26T13:00:02.000Z',
    quota,
    quotaDerivation: {
      budget: campaign.budget,
      prize: campaign.prize,
      totalPlaces: total,
      rounds: campaign.rounds,
      placesAllottedBefore: campaign.placesAllottedBefore,
    },
    waitingListSize: DEFAULT_RAFFLE_POLICY.waitingListSize,
  });
  // Through JSON, as the public route sends it.
  return JSON.parse(
    JSON.stringify(publishedRound(base.campaignId, base.round, state, { period, policy: DEFAULT_RAFFLE_POLICY, isRehearsal: false })),
  ) as PublishedRound;
}
