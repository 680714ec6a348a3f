import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { getQueueToken } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import {
  AddRaffleVouchersCommand,
  ConfirmRaffleAwardCommand,
  DeclareRaffleRandomnessCommand,
  DisqualifyRaffleWinnerCommand,
  EraseMyRaffleDataCommand,
  FreezeRaffleEntriesCommand,
  type PublishedRound,
  RAFFLE_CERTIFICATIONS,
  RAFFLE_SWEEP_QUEUE,
  RAFFLE_SWEEP_SCHEDULER_ID,
  RaffleAwards,
  rafflePlacesDecider,
  rafflePlacesStream,
  RaffleRounds,
  SettleRaffleAwardsCommand,
  SubmitRaffleCertificationCommand,
  SweepRafflePersonalDataCommand,
  TriggerRaffleDrawCommand,
  verifyDraw,
} from '@goodpay/raffle';
import { phoneIdentity } from '@goodpay/personal-data';
import { SYSTEM_ACTOR } from '@goodpay/shared';
import { tracesInDatabase, tracesOfPhone } from '../../support/personal-data-traces';
import { KEYS } from '../personal-data/vault-module';
import { RaffleSweepProcessor } from '../../../libs/raffle/src/sweep-job/raffle-sweep.processor';
import { CONSENT, citizen, contextFor, type RaffleWorld, refusal, staff, startRaffleWorld } from './raffle-world';

/**
 * 100,000 won of 20,000 won prizes: 5 places over the three Jeonbuk rounds (1, 2, 2). Round 1
 * is certified by six people at once, drawn by the worker, awarded from a voucher stock; a
 * winner who does not confirm forfeits, a disqualified one too, and the waiting list moves up.
 */
describe('raffle awards, winner list and erasure on the real PostgreSQL and Redis', () => {
  let w: RaffleWorld;
  let rounds: RaffleRounds;
  let awards: RaffleAwards;
  const persons = Array.from({ length: 6 }, (_, i) => ({
    citizenId: `citizen-${i}`,
    phone: `010-4000-${String(i).padStart(4, '0')}`,
    name: ['홍길동', '김영희', '이철수', '박민수', '최지우', '정하늘'][i],
  }));
  const citizenOfEntry = new Map<string, string>();
  /** The subjects erased at the person's request, noted before: afterwards nothing leads from the phone to them. */
  const erasedOnRequest = new Set<string>();

  beforeAll(async () => {
    w = await startRaffleWorld(100_000);
    rounds = w.app.get(RaffleRounds);
    awards = w.app.get(RaffleAwards);
  });
  afterAll(() => w?.close());

  const certify = async (person: (typeof persons)[number], paidAt: string) => {
    const prepaymentId = await w.prepay(person.citizenId, 100_000, paidAt);
    const done = await w.commands.execute(
      new SubmitRaffleCertificationCommand(
        contextFor(citizen(person.citizenId), randomUUID()),
        w.campaignId,
        { name: person.name, phone: person.phone, consent: CONSENT },
        { kind: 'prepayment', prepaymentId },
      ),
    );
    citizenOfEntry.set(done.response.entryId!, person.citizenId);
    return done;
  };
  async function drawRound(round: number, closeAt: string): Promise<PublishedRound> {
    w.clock.set(closeAt);
    await w.commands.execute(new FreezeRaffleEntriesCommand(contextFor(staff), w.campaignId, round));
    await w.commands.execute(
      new TriggerRaffleDrawCommand(contextFor(staff), w.campaignId, round, [[String(round), '11', '19', '27', '38', '44', '7']]),
    );
    for (;;) {
      const published = await rounds.published(w.campaignId, round);
      if (published.status === 'drawn') return published;
      await sleep(50);
    }
  }
  const places = async () => (await w.store.aggregate(rafflePlacesStream(w.campaignId), rafflePlacesDecider)).state;
  const settle = () => w.commands.execute(new SettleRaffleAwardsCommand(contextFor(staff), w.campaignId));

  it('draws round 1 from six concurrent certifications and awards its one place from the voucher stock', async () => {
    // Declared before round 1 opens; each round's Lotto draw is the Saturday after its freeze.
    w.clock.set('2025-01-10T03:00:00Z');
    for (const [round, drawNumber] of [
      [1, 1158],
      [2, 1160],
      [3, 1161],
    ]) {
      await w.commands.execute(
        new DeclareRaffleRandomnessCommand(contextFor(staff), w.campaignId, round, [{ kind: 'lotto645', drawNumber }]),
      );
    }
    w.clock.set('2025-01-20T03:00:00Z');
    await Promise.all(persons.map((p) => certify(p, '2025-01-18T02:00:00Z')));
    const drawn = await drawRound(1, '2025-02-03T01:00:00Z');
    expect(drawn.draw).toMatchObject({ quota: 1, winners: 1 });
    expect(drawn.draw!.ranking).toHaveLength(6);

    expect((await settle()).response).toMatchObject({ awarded: 0 }); // no vouchers yet
    await w.commands.execute(
      new AddRaffleVouchersCommand(
        contextFor(staff, randomUUID()),
        w.campaignId,
        ['V-0001', 'V-0002', 'V-0003', 'V-0004', 'V-0005', 'V-0006'].map((code) => ({ kind: 'code', code })),
      ),
    );
    // Staff pressing "award" five times at once award the one place once.
    const settled = await Promise.all([1, 2, 3, 4, 5].map(() => settle()));
    expect(settled.reduce((n, s) => n + s.response.awarded, 0)).toBe(1);
    const winner = (await awards.winners(w.campaignId, 1)).winners;
    expect(winner).toEqual([{ entryId: drawn.draw!.ranking[0], rank: 1, maskedName: expect.stringMatching(/^.\*.$/), status: 'awarded' }]);
  });

  it('moves the waiting list up when a winner does not confirm in time, and when one is disqualified', async () => {
    const ranking = (await rounds.published(w.campaignId, 1)).draw!.ranking;
    const [first, second, third] = ranking;
    // A stranger cannot confirm someone else's prize.
    const stranger = await refusal(w.commands.execute(new ConfirmRaffleAwardCommand(contextFor(citizen('nobody')), w.campaignId, first)));
    expect(stranger.code).toBe('award_not_found');

    w.clock.set('2025-02-18T01:00:00Z'); // past the 14 days
    const expired = await w.commands.execute(new SettleRaffleAwardsCommand(contextFor(SYSTEM_ACTOR), w.campaignId));
    expect(expired.response).toMatchObject({ forfeited: 1, awarded: 1 });
    const late = await refusal(
      w.commands.execute(new ConfirmRaffleAwardCommand(contextFor(citizen(citizenOfEntry.get(first)!)), w.campaignId, first)),
    );
    expect(late.code).toBe('award_forfeited');

    const disqualified = await w.commands.execute(
      new DisqualifyRaffleWinnerCommand(contextFor(staff), w.campaignId, second, 'the receipt was forged'),
    );
    expect(disqualified.response).toMatchObject({ forfeited: 1, awarded: 1 });
    const confirmed = await w.commands.execute(
      new ConfirmRaffleAwardCommand(contextFor(citizen(citizenOfEntry.get(third)!)), w.campaignId, third),
    );
    expect(confirmed.response).toMatchObject({ status: 'confirmed', voucher: { kind: 'code', code: expect.stringMatching(/^V-000\d$/) } });

    const list = await awards.winners(w.campaignId, 1);
    expect(list.winners).toEqual([{ entryId: third, rank: 3, maskedName: expect.any(String), status: 'confirmed' }]);
    // Ids are random hex (one may hold "010"): only what is not an id may not look like a phone or a card.
    expect(JSON.stringify(list).replace(/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/g, '<id>')).not.toMatch(/010|4000/);
    const state = await places();
    expect(state.awardedAmount).toBe(20_000);
    expect(Object.values(state.awards).map((a) => [a.entryId, a.status])).toEqual([
      [first, 'forfeited'],
      [second, 'forfeited'],
      [third, 'confirmed'],
    ]);
  });

  it('never awards more than the budget over all rounds', async () => {
    w.clock.set('2025-02-10T03:00:00Z');
    const newcomers = Array.from({ length: 4 }, (_, i) => ({
      citizenId: `late-${i}`,
      phone: `010-5000-${String(i).padStart(4, '0')}`,
      name: '홍길동',
    }));
    await Promise.all([...persons, ...newcomers].map((p) => certify(p, '2025-02-05T02:00:00Z')));
    await drawRound(2, '2025-02-17T01:00:00Z');
    await Promise.all([...persons, ...newcomers].map((p) => certify(p, '2025-02-20T02:00:00Z')));
    await drawRound(3, '2025-02-28T01:00:00Z');
    await Promise.all([1, 2, 3].map(() => settle()));
    const state = await places();
    expect(state.allotted).toBe(5);
    expect(state.awardedAmount).toBe(100_000);
    expect(Object.values(state.awards).filter((a) => a.status !== 'forfeited')).toHaveLength(5);
    // The round 1 winner holds a prize: nobody holds two.
    const holders = Object.values(state.awards)
      .filter((a) => a.status !== 'forfeited')
      .map((a) => a.personId);
    expect(new Set(holders).size).toBe(5);
  });

  it('erases a person on request: their certifications become unreadable, the figures and the draw still hold', async () => {
    const third = (await rounds.published(w.campaignId, 1)).draw!.ranking[2];
    const citizenId = citizenOfEntry.get(third)!;
    await w.caughtUp(RAFFLE_CERTIFICATIONS);
    const before = await places();
    const person = persons.find((p) => p.citizenId === citizenId)!;
    const subject = await w.vault.subjectFor(phoneIdentity(person.phone));
    erasedOnRequest.add(subject);
    const erased = await w.commands.execute(new EraseMyRaffleDataCommand(contextFor(citizen(citizenId))));
    expect(erased.response.erased).toBe(1);

    // Nothing left links the history to the phone or the name: no table, no event's data or metadata.
    expect(await tracesInDatabase(w.sql, [...tracesOfPhone(KEYS, person.phone), person.name])).toEqual([]);
    // Nor do the living persons' names and phones sit in clear anywhere.
    const living = persons.filter((p) => p !== person);
    expect(
      await tracesInDatabase(
        w.sql,
        living.flatMap((p) => [...tracesOfPhone(KEYS, p.phone).slice(0, 4), p.name]),
      ),
    ).toEqual([]);

    const mine = await w.certifications.mine(citizen(citizenId));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((c) => c.contact.erased && c.contact.name === null)).toBe(true);
    expect((await awards.winners(w.campaignId, 1)).winners).toEqual([{ entryId: third, rank: 3, maskedName: null, status: 'confirmed' }]);
    expect(await places()).toEqual(before);
    for (const round of [1, 2, 3]) expect(verifyDraw((await rounds.published(w.campaignId, round)).draw!).matches).toBe(true);
  });

  it("sweeps non-winners' data once every round is drawn and no prize waits for confirmation, and everyone's after retention", async () => {
    const sweep = () => w.commands.execute(new SweepRafflePersonalDataCommand(contextFor(staff), w.campaignId));
    expect((await sweep()).response.erased).toBe(0); // round 2 and 3 prizes still wait for confirmation
    w.clock.set('2025-03-20T03:00:00Z');
    await settle(); // unconfirmed prizes forfeit; the waiting lists move up
    const state = await places();
    for (const award of Object.values(state.awards).filter((a) => a.status === 'awarded')) {
      await w.commands.execute(
        new ConfirmRaffleAwardCommand(contextFor(citizen(citizenOfEntry.get(award.entryId)!)), w.campaignId, award.entryId),
      );
    }
    const swept = await sweep();
    const holders = new Set(
      Object.values((await places()).awards)
        .filter((a) => a.status !== 'forfeited')
        .map((a) => a.personId),
    );
    const everyone = (await w.sql.query<{ person_id: string }>(`SELECT DISTINCT person_id FROM raffle_certifications`)).rows.map(
      (r) => r.person_id,
    );
    expect(swept.response.erased).toBe(everyone.filter((p) => !holders.has(p)).length);
    for (const person of everyone) {
      expect(await w.vault.isErased(person)).toBe(!holders.has(person) || erasedOnRequest.has(person));
    }

    // The worker's hourly job does the same without staff: 180 days after Feb 27 everyone goes.
    const schedulers = await w.app.get<Queue>(getQueueToken(RAFFLE_SWEEP_QUEUE)).getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toContain(RAFFLE_SWEEP_SCHEDULER_ID);
    w.clock.set('2025-08-27T03:00:00Z');
    const job = await w.app.get(RaffleSweepProcessor).process({ id: 'sweep-test' } as Job);
    expect(job).toMatchObject({ campaigns: 1, forfeited: 0 });
    for (const person of everyone) expect(await w.vault.isErased(person)).toBe(true);
  });
});
