import { randomUUID } from 'node:crypto';
import { prepaymentDecider, type PrepaymentRefunded, prepaymentStream } from '@goodpay/prepayment';
import {
  DeclareRaffleRandomnessCommand,
  FreezeRaffleEntriesCommand,
  RAFFLE_CERTIFICATIONS,
  raffleRoundStream,
  SubmitRaffleCertificationCommand,
} from '@goodpay/raffle';
import { CONSENT, citizen, contextFor, type RaffleWorld, staff, startRaffleWorld } from './raffle-world';

describe('a prepayment refunded before the round is frozen leaves the raffle', () => {
  let w: RaffleWorld;

  beforeAll(async () => {
    w = await startRaffleWorld();
    w.clock.set('2025-01-10T03:00:00Z');
    await w.commands.execute(
      new DeclareRaffleRandomnessCommand(contextFor(staff), w.campaignId, 1, [{ kind: 'lotto645', drawNumber: 1158 }]),
    );
    w.clock.set('2025-01-20T03:00:00Z');
  });
  afterAll(() => w?.close());

  const certify = async (citizenId: string, phone: string, paidAt: string) => {
    const prepaymentId = await w.prepay(citizenId, 150_000, paidAt);
    const done = await w.commands.execute(
      new SubmitRaffleCertificationCommand(
        contextFor(citizen(citizenId), randomUUID()),
        w.campaignId,
        { name: '홍길동', phone, consent: CONSENT },
        { kind: 'prepayment', prepaymentId },
      ),
    );
    return { prepaymentId, ...done.response };
  };
  /** The refund as the prepayment context records it, appended at the version its decider folded. */
  const refund = async (prepaymentId: string, at: string) => {
    const { state, version } = await w.store.aggregate(prepaymentStream(prepaymentId), prepaymentDecider);
    if (state.status === 'none') throw new Error(`no prepayment ${prepaymentId}`);
    const refunded: PrepaymentRefunded = {
      type: 'PrepaymentRefunded',
      data: {
        prepaymentId,
        payerId: state.payer!.id,
        merchantId: state.merchantId,
        campaignId: state.campaignId,
        amount: state.balance,
        basis: 'merchant_closed',
        requestedAt: at,
        refundedAt: at,
      },
    };
    await w.store.append([{ streamId: prepaymentStream(prepaymentId), expectedVersion: version, events: [refunded] }], {
      correlationId: randomUUID(),
      causationId: null,
      actor: staff,
    });
  };
  const frozenEvent = async () =>
    (await w.store.readStream(raffleRoundStream(w.campaignId, 1))).events.find((e) => e.type === 'RaffleEntryListFrozen');

  it('leaves the refunded certification out of the frozen list, keeps the others, and shows the citizen why', async () => {
    const kept = await certify('citizen-keeps', '010-1111-0001', '2025-01-15T02:00:00Z');
    const refunded = await certify('citizen-refunds', '010-1111-0002', '2025-01-16T02:00:00Z');
    const lateRefund = await certify('citizen-late', '010-1111-0003', '2025-01-17T02:00:00Z');
    expect([kept.status, refunded.status, lateRefund.status]).toEqual(['approved', 'approved', 'approved']);

    await refund(refunded.prepaymentId, '2025-01-25T03:00:00Z');
    w.clock.set('2025-02-03T01:00:00Z');
    const frozen = await w.commands.execute(new FreezeRaffleEntriesCommand(contextFor(staff), w.campaignId, 1));
    expect(frozen.response.entries).toBe(2);

    const event = await frozenEvent();
    expect(event?.data).toMatchObject({
      entries: [kept.entryId, lateRefund.entryId].sort(),
      excludedEarlierWinners: 0,
      withdrawn: [{ certificationId: refunded.certificationId, entryId: refunded.entryId, reason: 'prepayment_refunded' }],
    });

    // A refund after the freeze leaves the published list as it is.
    await refund(lateRefund.prepaymentId, '2025-02-04T03:00:00Z');
    await w.commands.execute(new FreezeRaffleEntriesCommand(contextFor(staff), w.campaignId, 1));
    expect((await frozenEvent())?.data).toEqual(event?.data);

    await w.caughtUp(RAFFLE_CERTIFICATIONS);
    expect(await w.certifications.mine(citizen('citizen-refunds'))).toEqual([
      expect.objectContaining({
        certificationId: refunded.certificationId,
        status: 'withdrawn',
        reason: 'prepayment_refunded',
        entryId: refunded.entryId,
      }),
    ]);
    expect(await w.certifications.mine(citizen('citizen-keeps'))).toEqual([expect.objectContaining({ status: 'approved', reason: null })]);
    expect(await w.certifications.mine(citizen('citizen-late'))).toEqual([expect.objectContaining({ status: 'approved' })]);
  });
});
