import { randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { Subscriptions } from '@goodpay/event-store';
import {
  DeclareRaffleRandomnessCommand,
  RAFFLE_CERTIFICATIONS,
  FreezeRaffleEntriesCommand,
  RAFFLE_FREEZE_QUEUE,
  RAFFLE_FREEZE_SCHEDULER_ID,
  RaffleFreezeProcessor,
  RaffleRounds,
  SubmitRaffleCertificationCommand,
  verifyInclusion,
} from '@goodpay/raffle';
import { CONSENT, citizen, contextFor, type RaffleWorld, refusal, staff, startRaffleWorld } from './raffle-world';

/**
 * Issue 15: the freeze is the worker's, at the time declared before the round opened. Staff
 * cannot freeze earlier; the worker's job (a BullMQ job scheduler every minute) freezes the
 * round once its time has come, and only once; the list it publishes proves each entry.
 */
describe('the automatic freeze at the declared time, on the real PostgreSQL and Redis', () => {
  let w: RaffleWorld;
  let processor: RaffleFreezeProcessor;
  const freezeAt = '2025-02-02T17:00:00.000Z'; // Feb 3, 02:00 in Seoul: two hours of review after round 1

  beforeAll(async () => {
    w = await startRaffleWorld();
    processor = w.app.get(RaffleFreezeProcessor);
  });
  afterAll(() => w?.close());

  const runJob = () => processor.process({ id: `freeze-${randomUUID()}` } as Job);

  it('declares the freeze time before the round opens, then takes certifications until the round ends', async () => {
    w.clock.set('2025-01-10T03:00:00Z');
    await w.commands.execute(
      new DeclareRaffleRandomnessCommand(contextFor(staff), w.campaignId, 1, [{ kind: 'lotto645', drawNumber: 1158 }], freezeAt),
    );
    w.clock.set('2025-01-20T03:00:00Z');
    for (const i of [1, 2, 3]) {
      const prepaymentId = await w.prepay(`citizen-f${i}`, 150_000, '2025-01-18T02:00:00Z');
      const phone = `010-7000-000${i}`;
      await w.commands.execute(
        new SubmitRaffleCertificationCommand(
          contextFor(citizen(`citizen-f${i}`), randomUUID()),
          w.campaignId,
          { name: '홍길동', phone, consent: CONSENT },
          { kind: 'prepayment', prepaymentId },
        ),
      );
    }
    // The job finds campaigns through the certifications read model.
    await w.app.get(Subscriptions).catchUpCompletely(RAFFLE_CERTIFICATIONS);
    const schedulers = await w.app.get<Queue>(getQueueToken(RAFFLE_FREEZE_QUEUE)).getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toContain(RAFFLE_FREEZE_SCHEDULER_ID);
  });

  it('refuses a staff freeze before the declared time, and the worker waits for it too', async () => {
    w.clock.set('2025-02-02T16:30:00Z'); // the round is over, its freeze time not yet
    expect((await refusal(w.commands.execute(new FreezeRaffleEntriesCommand(contextFor(staff), w.campaignId, 1)))).code).toBe(
      'freeze_not_due',
    );
    expect(await runJob()).toEqual({ frozen: [], waiting: [] });
    expect((await w.app.get(RaffleRounds).published(w.campaignId, 1)).status).toBe('open');
  });

  it('freezes at the declared time by itself, once, publishing the count and the Merkle root', async () => {
    w.clock.set(freezeAt);
    expect(await runJob()).toEqual({ frozen: [`${w.campaignId}/1`], waiting: [] });
    expect(await runJob()).toEqual({ frozen: [], waiting: [] });
    const document = await w.app.get(RaffleRounds).published(w.campaignId, 1);
    expect(document).toMatchObject({
      status: 'frozen',
      draw: null,
      frozen: { frozenAt: freezeAt, entryCount: 3, merkleRoot: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    // Each citizen's proof leads to the published root.
    const mine = await w.certifications.mineInRound(citizen('citizen-f2'), w.campaignId, 1);
    const inclusion = await w.app.get(RaffleRounds).inclusion(w.campaignId, 1, mine);
    const [answer] = inclusion.certifications;
    expect(answer.included).toBe(true);
    expect(answer.included && verifyInclusion(answer.proof, document.frozen!.merkleRoot!)).toBe(true);
  });
});
