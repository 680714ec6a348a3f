import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateCampaignCommand, jeonbukPreset } from '@goodpay/campaign';
import {
  AddRaffleVouchersCommand,
  DeclareRaffleRandomnessCommand,
  EnterRaffleRoundCommand,
  FreezeRaffleEntriesCommand,
  type PublishedRound,
  rafflePlacesDecider,
  rafflePlacesStream,
  RaffleRounds,
  SettleRaffleAwardsCommand,
  TriggerRaffleDrawCommand,
  verifyRoundDocument,
} from '@goodpay/raffle';
import { SYSTEM_ACTOR } from '@goodpay/shared';
import { contextFor, type RaffleWorld, staff, startRaffleWorld } from './raffle-world';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Issue 15: the raffle's rules are the campaign's settings, fixed at its creation, published in
 * each round document and used by the rules themselves. This campaign lets earlier winners
 * enter again and gives winners 3 days to confirm; the Jeonbuk campaign of the world keeps the
 * defaults (earlier winners out, 14 days).
 */
describe('a campaign’s raffle rules, used and published, on the real PostgreSQL and Redis', () => {
  let w: RaffleWorld;
  let rounds: RaffleRounds;
  let campaignId: string;

  beforeAll(async () => {
    w = await startRaffleWorld();
    rounds = w.app.get(RaffleRounds);
    const { startsOn, endsOn, raffle } = jeonbukPreset(2025);
    // 40,000 / 20,000: two places, one in each of the first two rounds.
    const created = await w.commands.execute(
      new CreateCampaignCommand(contextFor(staff, randomUUID()), {
        name: 'Jeonbuk raffle, winners may win again',
        region: { kind: 'province', name: 'Jeonbuk' },
        startsOn,
        endsOn,
        raffle: {
          prize: 20_000,
          budget: 40_000,
          rounds: raffle.rounds.slice(0, 2),
          excludeEarlierWinners: false,
          confirmationDeadlineDays: 3,
          personalDataRetentionDays: 30,
        },
        participationTarget: { participants: 1_000, amount: 100_000_000 },
      }),
    );
    campaignId = created.response.campaignId;
  });
  afterAll(() => w?.close());

  async function drawn(round: number, closeAt: string): Promise<PublishedRound> {
    w.clock.set(closeAt);
    await w.commands.execute(new FreezeRaffleEntriesCommand(contextFor(staff), campaignId, round));
    await w.commands.execute(
      new TriggerRaffleDrawCommand(contextFor(staff), campaignId, round, [[String(round), '11', '19', '27', '38', '44', '7']]),
    );
    for (;;) {
      const published = await rounds.published(campaignId, round);
      if (published.status === 'drawn') return published;
      await sleep(50);
    }
  }

  it('publishes the rules with every round, lets a round 1 winner into round 2, and gives winners the campaign’s 3 days', async () => {
    w.clock.set('2025-01-10T03:00:00Z');
    for (const [round, drawNumber] of [
      [1, 1158],
      [2, 1160],
    ]) {
      await w.commands.execute(
        new DeclareRaffleRandomnessCommand(contextFor(staff), campaignId, round, [{ kind: 'lotto645', drawNumber }]),
      );
    }
    const enter = (round: number, person: string) =>
      w.commands.execute(new EnterRaffleRoundCommand(contextFor(SYSTEM_ACTOR), campaignId, round, person, randomUUID()));

    w.clock.set('2025-01-20T03:00:00Z');
    const entryOf = new Map<string, string>();
    for (const person of ['p-1', 'p-2', 'p-3']) entryOf.set((await enter(1, person)).response.entryId, person);
    const round1 = await drawn(1, '2025-02-08T12:00:00Z');
    expect(round1.settings).toEqual({ excludeEarlierWinners: false, confirmationDeadlineDays: 3, personalDataRetentionDays: 30 });
    const winner = entryOf.get(round1.draw!.ranking[0])!;

    await w.commands.execute(
      new AddRaffleVouchersCommand(contextFor(staff, randomUUID()), campaignId, [
        { kind: 'code', code: 'R-0001' },
        { kind: 'code', code: 'R-0002' },
      ]),
    );
    await w.commands.execute(new SettleRaffleAwardsCommand(contextFor(staff), campaignId));
    const { state: places } = await w.store.aggregate(rafflePlacesStream(campaignId), rafflePlacesDecider);
    const [award] = Object.values(places.awards);
    expect(Date.parse(award.confirmBy) - Date.parse('2025-02-08T12:00:00Z')).toBe(3 * DAY_MS);

    // Round 2 (Feb 3-16): the round 1 winner certifies again and stays in the list.
    w.clock.set('2025-02-10T03:00:00Z');
    await enter(2, winner);
    await enter(2, 'p-4');
    const round2 = await drawn(2, '2025-02-22T12:00:00Z');
    expect(round2.frozen).toMatchObject({ entryCount: 2, excludedEarlierWinners: 0 });
    expect(round2.settings).toMatchObject({ excludeEarlierWinners: false });
    expect(verifyRoundDocument(round2)).toMatchObject({ matches: true, failures: [] });
  });

  it('keeps the defaults for a campaign created without rules: earlier winners out, 14 days, 180 days', async () => {
    const jeonbuk = await rounds.published(w.campaignId, 1);
    expect(jeonbuk.settings).toEqual({ excludeEarlierWinners: true, confirmationDeadlineDays: 14, personalDataRetentionDays: 180 });
  });
});
