import { randomUUID } from 'node:crypto';
import {
  ApproveRaffleCertificationCommand,
  MAX_PENDING_RECEIPTS_PER_ROUND,
  DeclareRaffleRandomnessCommand,
  EraseMyRaffleDataCommand,
  FreezeRaffleEntriesCommand,
  RAFFLE_CERTIFICATIONS,
  raffleRoundStream,
  RejectRaffleCertificationCommand,
  SubmitRaffleCertificationCommand,
  type CertificationEvidenceInput,
} from '@goodpay/raffle';
import { photoLabelled } from '../../support/fixtures/photos';
import { phoneIdentity } from '@goodpay/personal-data';
import { tracesInDatabase, tracesOfPhone } from '../../support/personal-data-traces';
import { KEYS } from '../personal-data/vault-module';
import { CONSENT, citizen, contextFor, JPEG, PNG, type RaffleWorld, refusal, staff, startRaffleWorld } from './raffle-world';

describe('raffle certifications on the real PostgreSQL, with the personal-data vault', () => {
  let w: RaffleWorld;

  beforeAll(async () => {
    w = await startRaffleWorld();
    w.clock.set('2025-01-20T03:00:00Z');
  });
  afterAll(() => w?.close());

  const submit = (citizenId: string, phone: string, evidence: CertificationEvidenceInput, consent: unknown = CONSENT, key?: string) =>
    w.commands.execute(
      new SubmitRaffleCertificationCommand(
        contextFor(citizen(citizenId), key ?? randomUUID()),
        w.campaignId,
        { name: '홍길동', phone, consent },
        evidence,
      ),
    );
  const count = async (table: string) => (await w.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
  const stored = async () => ({
    events: await w.eventCount(),
    keys: await count('personal_data_keys'),
    photos: await count('personal_data_photos'),
  });
  const entries = async (round: number) =>
    (await w.store.readStream(raffleRoundStream(w.campaignId, round))).events.filter((e) => e.type === 'RaffleEntered');
  const receipt = (photo: Buffer, paidOn = '2025-01-18'): CertificationEvidenceInput => ({
    kind: 'receipt_photo',
    photo,
    amount: 120_000,
    shopName: 'Hanok Noodles',
    paidOn,
  });

  it('approves an in-system prepayment at once and enters the person; events carry no name or phone', async () => {
    const prepaymentId = await w.prepay('citizen-a', 150_000, '2025-01-15T02:00:00Z');
    const key = randomUUID();
    const done = await submit('citizen-a', '010-1234-5678', { kind: 'prepayment', prepaymentId }, CONSENT, key);
    expect(done.response).toMatchObject({ round: 1, status: 'approved', entryId: expect.any(String) });

    const [entered] = await entries(1);
    expect(entered.data).toMatchObject({
      entryId: done.response.entryId,
      personId: await w.vault.subjectFor(phoneIdentity('01012345678')),
    });
    const written = JSON.stringify((await w.sql.query(`SELECT data FROM events WHERE stream_id LIKE 'raffle-%'`)).rows);
    expect(written).not.toMatch(/홍길동|01012345678|1234-5678/);

    // The same request again answers the same; the same prepayment with another phone is refused.
    expect(await submit('citizen-a', '010-1234-5678', { kind: 'prepayment', prepaymentId }, CONSENT, key)).toMatchObject({
      replayed: true,
      response: done.response,
    });
    expect((await refusal(submit('citizen-a', '010-9999-0000', { kind: 'prepayment', prepaymentId }))).code).toBe('already_certified');
    // Another citizen's prepayment is none of theirs.
    expect((await refusal(submit('citizen-b', '010-2222-3333', { kind: 'prepayment', prepaymentId }))).code).toBe('prepayment_not_found');

    await w.caughtUp(RAFFLE_CERTIFICATIONS);
    const mine = await w.certifications.mine(citizen('citizen-a'));
    expect(mine).toEqual([
      expect.objectContaining({
        status: 'approved',
        round: 1,
        evidence: expect.objectContaining({ kind: 'prepayment', amount: 150_000, paidOn: '2025-01-15' }),
        contact: { erased: false, name: '홍*동', phone: '010-****-5678' },
      }),
    ]);
    expect(await w.certifications.mine(citizen('citizen-b'))).toEqual([]);
  });

  it('refuses missing consent, a small or refunded prepayment, and a bad photo, storing nothing', async () => {
    const prepaymentId = await w.prepay('citizen-c', 150_000, '2025-01-16T02:00:00Z');
    const small = await w.prepay('citizen-c', 90_000, '2025-01-16T02:00:00Z');
    const before = await stored();
    const noRefusal = { ...CONSENT, rightToRefuse: false };
    expect(await refusal(submit('citizen-c', '010-5555-0001', { kind: 'prepayment', prepaymentId }, noRefusal))).toMatchObject({
      code: 'consent_required',
      status: 400,
    });
    expect((await refusal(submit('citizen-c', '010-5555-0001', receipt(JPEG), { ...CONSENT, purpose: undefined }))).code).toBe(
      'consent_required',
    );
    expect((await refusal(submit('citizen-c', '010-5555-0001', { kind: 'prepayment', prepaymentId: small }))).code).toBe(
      'amount_below_minimum',
    );
    expect((await refusal(submit('citizen-c', 'not a phone', { kind: 'prepayment', prepaymentId }))).code).toBe('invalid_phone');
    expect((await refusal(submit('citizen-c', '010-5555-0001', receipt(Buffer.from('%PDF-1.7 not an image'))))).code).toBe(
      'photo_type_not_allowed',
    );
    expect((await refusal(submit('citizen-c', '010-5555-0001', receipt(Buffer.alloc(0))))).code).toBe('photo_empty');
    expect((await refusal(submit('citizen-c', '010-5555-0001', receipt(JPEG, '2025-02-28')))).code).toBe('receipt_in_future');
    expect(await stored()).toEqual(before);
  });

  it('keeps a receipt for review: staff see the queue masked, open it (audited), download the photo, approve or reject', async () => {
    const first = await submit('citizen-d', '010-7777-0001', receipt(PNG));
    w.clock.advance(60_000);
    const second = await submit('citizen-e', '010-7777-0002', receipt(JPEG, '2025-01-19'));
    expect(first.response).toMatchObject({ status: 'pending', entryId: null, round: 1 });
    await w.caughtUp(RAFFLE_CERTIFICATIONS);

    const queue = await w.certifications.pending(staff, w.campaignId);
    expect(queue.map((c) => c.certificationId)).toEqual([first.response.certificationId, second.response.certificationId]);
    expect(queue[0]).toMatchObject({
      evidence: { kind: 'receipt_photo', amount: 120_000, shopName: 'Hanok Noodles', hasPhoto: true },
      contact: { name: '홍*동', phone: '010-****-0001' },
    });

    const detail = await w.certifications.one(staff, first.response.certificationId);
    expect(detail.contact).toEqual({ erased: false, name: '홍길동', phone: '01077770001' });
    const photo = await w.certifications.photo(staff, first.response.certificationId);
    expect(photo).toMatchObject({ bytes: PNG, contentType: 'image/png' });
    const personId = await w.vault.subjectFor(phoneIdentity('01077770001'));
    expect((await w.vault.accessLog(personId)).map((e) => e.actorId)).toEqual(['staff-1', 'staff-1', 'staff-1']);

    expect(
      (
        await refusal(
          w.commands.execute(new ApproveRaffleCertificationCommand(contextFor(citizen('citizen-d')), first.response.certificationId)),
        )
      ).code,
    ).toBe('staff_only');
    const approved = await w.commands.execute(new ApproveRaffleCertificationCommand(contextFor(staff), first.response.certificationId));
    expect(approved.response).toMatchObject({ status: 'approved', entryId: expect.any(String) });
    const rejected = await w.commands.execute(
      new RejectRaffleCertificationCommand(contextFor(staff), second.response.certificationId, 'the receipt is unreadable'),
    );
    expect(rejected.response.status).toBe('rejected');
    expect(
      (await refusal(w.commands.execute(new ApproveRaffleCertificationCommand(contextFor(staff), second.response.certificationId)))).code,
    ).toBe('certification_already_decided');

    await w.caughtUp(RAFFLE_CERTIFICATIONS);
    expect(await w.certifications.pending(staff, w.campaignId)).toEqual([]);
    expect(await w.certifications.one(citizen('citizen-e'), second.response.certificationId)).toMatchObject({
      status: 'rejected',
      reason: 'the receipt is unreadable',
    });
    expect((await refusal(w.certifications.one(citizen('citizen-d'), second.response.certificationId))).code).toBe(
      'certification_not_found',
    );
    expect((await entries(1)).map((e) => (e.data as { entryId: string }).entryId)).toContain(approved.response.entryId);
  });

  it('refuses a receipt photo sent before with 409 duplicate_receipt_photo, whoever sends it, storing nothing', async () => {
    const photo = photoLabelled('receipt of the bakery, 18 January');
    const key = randomUUID();
    const first = await submit('dup-a', '010-4444-0001', receipt(photo), CONSENT, key);
    expect(await submit('dup-a', '010-4444-0001', receipt(photo), CONSENT, key)).toMatchObject({
      replayed: true,
      response: first.response,
    });

    const before = await stored();
    expect(await refusal(submit('dup-a', '010-4444-0001', receipt(photo)))).toMatchObject({
      code: 'duplicate_receipt_photo',
      status: 409,
      details: { certificationId: first.response.certificationId },
    });
    // Another day typed, another phone, another citizen: still the same payment's photo.
    expect((await refusal(submit('dup-a', '010-4444-0001', receipt(photo, '2025-01-19')))).code).toBe('duplicate_receipt_photo');
    expect(await refusal(submit('dup-b', '010-4444-0002', receipt(photo)))).toMatchObject({
      code: 'duplicate_receipt_photo',
      details: undefined,
    });
    expect(await stored()).toEqual(before);

    // Rejected (say, the amount was mistyped): the photo may be sent again.
    await w.commands.execute(
      new RejectRaffleCertificationCommand(contextFor(staff), first.response.certificationId, 'the amount does not match the receipt'),
    );
    expect((await submit('dup-a', '010-4444-0001', receipt(photo))).response.status).toBe('pending');
  });

  it('takes one of two identical receipt uploads sent at once and refuses the other', async () => {
    const photo = photoLabelled('receipt sent twice at once');
    const before = await stored();
    const outcomes = await Promise.allSettled([0, 1, 2].map(() => submit('twin', '010-4444-0003', receipt(photo))));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes.filter((o) => o.status === 'rejected')) {
      expect((outcome as PromiseRejectedResult).reason).toMatchObject({ code: 'duplicate_receipt_photo', status: 409 });
    }
    expect((await stored()).photos).toBe(before.photos + 1); // the losers' photos are deleted again
  });

  it(`keeps at most ${MAX_PENDING_RECEIPTS_PER_ROUND} receipts of a citizen waiting per round (422 too_many_pending_receipts), whatever phone they type`, async () => {
    const sent = [];
    for (let i = 0; i < MAX_PENDING_RECEIPTS_PER_ROUND; i += 1)
      sent.push(await submit('busy', '010-4444-0004', receipt(photoLabelled(`busy receipt ${i}`))));
    const before = await stored();
    const refused = await refusal(submit('busy', '010-4444-0004', receipt(photoLabelled('busy receipt, one more'))));
    expect(refused).toMatchObject({
      code: 'too_many_pending_receipts',
      status: 422,
      details: { round: 1, maxPending: MAX_PENDING_RECEIPTS_PER_ROUND },
    });
    expect((await refusal(submit('busy', '010-4444-0005', receipt(photoLabelled('busy receipt, another phone'))))).code).toBe(
      'too_many_pending_receipts',
    );
    expect(await stored()).toEqual(before);
    // Another citizen is not held up; a reviewed receipt frees a place.
    expect((await submit('calm', '010-4444-0006', receipt(photoLabelled('calm receipt')))).response.status).toBe('pending');
    await w.commands.execute(new ApproveRaffleCertificationCommand(contextFor(staff), sent[0].response.certificationId));
    expect((await submit('busy', '010-4444-0004', receipt(photoLabelled('busy receipt, one more')))).response.status).toBe('pending');
  });

  it('enters each person once under concurrent first certifications, whatever mix of prepayments and written phones', async () => {
    const phones = Array.from({ length: 8 }, (_, i) => `010-3000-${String(i).padStart(4, '0')}`);
    // One person, three ways of writing their number: the first uses race for one random subject.
    const writtenAs = (phone: string, n: number) => [phone, phone.replace(/-/g, ''), `+82 ${phone.slice(1).replace(/-/g, ' ')}`][n];
    const requests = await Promise.all(
      phones.flatMap((phone, i) =>
        [0, 1, 2].map(async (n) => ({
          phone,
          written: writtenAs(phone, n),
          citizenId: `crowd-${i}`,
          prepaymentId: await w.prepay(`crowd-${i}`, 100_000 + n, '2025-01-21T02:00:00Z'),
        })),
      ),
    );
    const before = (await entries(1)).length;
    const results = await Promise.all(
      requests.map((r) => submit(r.citizenId, r.written, { kind: 'prepayment', prepaymentId: r.prepaymentId })),
    );
    expect(results.every((r) => r.response.status === 'approved')).toBe(true);
    expect((await entries(1)).length - before).toBe(phones.length);
    // All three certifications of one person name the same entry and the same subject.
    const submitted = await w.sql.query<{ certification_id: string; person_id: string }>(
      `SELECT data->>'certificationId' AS certification_id, data->>'personId' AS person_id FROM events WHERE type = 'RaffleCertificationSubmitted'`,
    );
    const personOf = new Map(submitted.rows.map((r) => [r.certification_id, r.person_id]));
    for (const phone of phones) {
      const mine = results.filter((_, i) => requests[i].phone === phone);
      expect(new Set(mine.map((r) => r.response.entryId)).size).toBe(1);
      expect(new Set(mine.map((r) => personOf.get(r.response.certificationId))).size).toBe(1);
    }
  });

  // Last: it closes round 1.
  it('lets a person who asked to be forgotten come back as a new person, who still counts once in the round', async () => {
    w.clock.set('2025-01-10T03:00:00Z');
    await w.commands.execute(
      new DeclareRaffleRandomnessCommand(contextFor(staff), w.campaignId, 1, [{ kind: 'lotto645', drawNumber: 1158 }]),
    );
    w.clock.set('2025-01-25T03:00:00Z');
    const phone = '010-6100-0001';
    const first = await submit('returning', phone, {
      kind: 'prepayment',
      prepaymentId: await w.prepay('returning', 100_000, '2025-01-24T02:00:00Z'),
    });
    const subjectBefore = await w.vault.subjectFor(phoneIdentity(phone));

    await w.caughtUp(RAFFLE_CERTIFICATIONS);
    const erased = await w.commands.execute(new EraseMyRaffleDataCommand(contextFor(citizen('returning'))));
    expect(erased.response.erased).toBe(1);
    expect(await tracesInDatabase(w.sql, tracesOfPhone(KEYS, phone))).toEqual([]);

    // Not refused (410) as before: a new subject, a new entry.
    const again = await submit('returning', phone, {
      kind: 'prepayment',
      prepaymentId: await w.prepay('returning', 100_000, '2025-01-24T05:00:00Z'),
    });
    expect(again.response).toMatchObject({ status: 'approved', entryId: expect.any(String) });
    expect(again.response.entryId).not.toBe(first.response.entryId);
    expect(await w.vault.subjectFor(phoneIdentity(phone))).not.toBe(subjectBefore);

    // The freeze leaves out the entry of the erased subject: the person is in the list once.
    w.clock.set('2025-02-03T01:00:00Z');
    await w.commands.execute(new FreezeRaffleEntriesCommand(contextFor(staff), w.campaignId, 1));
    const frozen = (await w.store.readStream(raffleRoundStream(w.campaignId, 1))).events.find((e) => e.type === 'RaffleEntryListFrozen')!;
    const list = frozen.data as { entries: string[]; erasedEntries?: string[] };
    expect(list.entries).toContain(again.response.entryId);
    expect(list.entries).not.toContain(first.response.entryId);
    expect(list.erasedEntries).toEqual([first.response.entryId]);
    await w.caughtUp(RAFFLE_CERTIFICATIONS);
    const mine = await w.certifications.mine(citizen('returning'));
    expect(mine.map((c) => [c.certificationId, c.status])).toEqual(
      expect.arrayContaining([
        [first.response.certificationId, 'withdrawn'],
        [again.response.certificationId, 'approved'],
      ]),
    );
  });
});
