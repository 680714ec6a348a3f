import { randomBytes, randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { addDays, seoulDate } from '@goodpay/shared';
import { verifyDraw, verifyInclusion } from '@goodpay/raffle';
import { aBusinessRegistrationNumber } from '../../../libs/merchant/src/test/business-registration-numbers';
import { photoLabelled, PNG } from '../../support/fixtures/photos';
import { tracesInDatabase, tracesOfPhone } from '../../support/personal-data-traces';
import { eventually } from '../../support/processes';
import { confirmPayment } from '../../support/platform-payments';
import { CONSENT, outsiderChecks, receiptFields, uploadReceipt as upload } from './support/raffle-http';
import { ShiftedSystem } from './support/shifted-system';

/**
 * Issue 4 as people meet it, over HTTP with the api and worker processes running: citizens
 * certify (in-system and by receipt photo), staff review, three rounds are drawn by the
 * worker, a winner who does not confirm forfeits and the next moves up, the draw verifies,
 * the public list is masked, and an erasure leaves the person unreadable and the figures whole.
 *
 * The rounds start 10 days from today; the processes' clock is moved forward through them.
 */
describe('e2e: raffle certification, review, three draws, awards and erasure, over HTTP', () => {
  // Keys of its own, so the test can look for every trace of a phone the way a holder of the keys could.
  const keys = { masterKey: randomBytes(32).toString('base64'), hashKey: randomBytes(32).toString('base64') };
  const system = new ShiftedSystem({ PERSONAL_DATA_MASTER_KEY: keys.masterKey, PERSONAL_DATA_HASH_KEY: keys.hashKey });
  const today = seoulDate(new Date().toISOString());
  const day = (n: number) => addDays(today, 10 + n); // round 1 runs days 0-9, round 2 10-19, round 3 20-29
  let campaignId: string;
  let merchantId: string;
  /** entry id -> the citizen behind it */
  const citizenOf = new Map<string, string>();
  let receiptCertification: string;

  type Call = Parameters<ShiftedSystem['request']>[2];
  const send = (method: string, path: string, options: Call = {}) => system.request(method, path, options);
  const create = (path: string, token: string, body: unknown) => send('POST', path, { token, body, idempotencyKey: randomUUID() });
  const staff = () => system.freshToken('staff-raffle', 'staff');
  const citizen = (id: string) => system.freshToken(id, 'citizen');
  const count = async (table: string) => Number((await system.sql<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0].n);

  const uploadReceipt = (token: string, fields: Record<string, string>, photo: Buffer | null) =>
    upload(system, campaignId, token, fields, photo);

  /** The processes' time moves to `n` days into the raffle (day 0: round 1's first day). */
  const moveTo = (n: number) => system.setDaysAhead(10 + n);

  async function prepayAndCertify(citizenId: string, phone: string, name: string) {
    const token = await citizen(citizenId);
    const paid = await create('/prepayments', token, {
      campaignId,
      merchantId,
      amount: 150_000,
      channel: 'platform',
      paymentConfirmation: { provider: 'toss', externalReference: `pay-${randomUUID()}` },
    });
    expect(paid.status).toBe(201);
    await confirmPayment(system, await staff(), paid.body.prepaymentId, 150_000);
    const certified = await create(`/campaigns/${campaignId}/raffle/certifications`, token, {
      name,
      phone,
      consent: CONSENT,
      prepaymentId: paid.body.prepaymentId,
    });
    expect(certified).toMatchObject({ status: 201, body: { status: 'approved', entryId: expect.any(String) } });
    citizenOf.set(certified.body.entryId, citizenId);
    return certified.body;
  }

  /** The first Lotto 6/45 draw dated after `date` (draw 1 on 2002-12-07, weekly). */
  const lottoDrawAfter = (date: string) => Math.floor((Date.parse(date) - Date.parse('2002-12-07')) / (7 * 86_400_000)) + 2;

  async function drawRound(round: number, lotto: string[], entrant?: string) {
    const token = await staff();
    const closed = await send('POST', `/campaigns/${campaignId}/raffle/rounds/${round}/close`, { token });
    expect(closed.status).toBe(200);
    if (entrant) {
      // Before any randomness exists, a citizen checks that their entry is in the frozen list.
      const readInclusion = async () =>
        send('GET', `/campaigns/${campaignId}/raffle/rounds/${round}/inclusion`, { token: await citizen(entrant) });
      let inclusion = await readInclusion();
      // This read takes no `?after=`: the certifications projection may not have applied the approval yet.
      await eventually(async () => {
        inclusion = await readInclusion();
        return inclusion.status === 200 && inclusion.body.certifications.length > 0;
      }, "the entrant's certification in the inclusion read");
      expect(inclusion.status).toBe(200);
      const [mine] = inclusion.body.certifications;
      expect(mine).toMatchObject({ included: true });
      const frozenDocument = (await send('GET', `/campaigns/${campaignId}/raffle/rounds/${round}`)).body;
      expect(frozenDocument).toMatchObject({ status: 'frozen', draw: null, frozen: { merkleRoot: inclusion.body.merkleRoot } });
      expect(verifyInclusion(mine.proof, frozenDocument.frozen.merkleRoot)).toBe(true);
      expect(await outsiderChecks(frozenDocument, mine.proof)).toMatchObject({ code: 0, report: { included: true } });
    }
    if (round === 1) {
      // A citizen left out of the frozen list sees why: here, the reviewer's rejection and its reason.
      const leftOut = await send('GET', `/campaigns/${campaignId}/raffle/rounds/1/inclusion`, { token: await citizen('citizen-d') });
      expect(leftOut.body.certifications).toEqual([
        expect.objectContaining({ included: false, reason: 'rejected', detail: 'the receipt is not from a small business' }),
      ]);
    }
    expect((await send('POST', `/campaigns/${campaignId}/raffle/rounds/${round}/draw`, { token, body: { numbers: [lotto] } })).status).toBe(
      202,
    );
    // A second trigger draws nothing more.
    expect((await send('POST', `/campaigns/${campaignId}/raffle/rounds/${round}/draw`, { token, body: { numbers: [lotto] } })).status).toBe(
      202,
    );
    let published: any;
    await eventually(
      async () => (published = (await send('GET', `/campaigns/${campaignId}/raffle/rounds/${round}`)).body).status === 'drawn',
      `round ${round} is drawn`,
    );
    return published;
  }

  beforeAll(async () => {
    moveTo(-2); // before round 1 opens: each round's sources and freeze time are declared first
    await system.start();
  }, 120_000);
  afterAll(() => system.stop());

  it('staff open a campaign with three rounds and declare each round’s randomness; a shop is approved', async () => {
    const token = await staff();
    const campaign = await create('/campaigns', token, {
      name: 'Jeonbuk raffle e2e',
      region: { kind: 'province', name: 'Jeonbuk' },
      startsOn: day(0),
      endsOn: day(40),
      raffle: {
        minimumCertifiedAmount: 100_000,
        prize: 20_000,
        budget: 60_000, // three prizes: one a round
        // The campaign's own rules, published in every round document.
        excludeEarlierWinners: true,
        confirmationDeadlineDays: 12,
        personalDataRetentionDays: 90,
        rounds: [
          { number: 1, startsOn: day(0), endsOn: day(9) },
          { number: 2, startsOn: day(10), endsOn: day(19) },
          { number: 3, startsOn: day(20), endsOn: day(29) },
        ],
      },
      participationTarget: { participants: 100, amount: 10_000_000 },
    });
    expect(campaign.status).toBe(201);
    campaignId = campaign.body.campaignId;
    for (const round of [1, 2, 3]) {
      const declared = await send('POST', `/campaigns/${campaignId}/raffle/rounds/${round}/randomness`, {
        token,
        body: { sources: [{ kind: 'lotto645', drawNumber: lottoDrawAfter(day(10 * round)) }] },
      });
      expect(declared.status).toBe(200);
      const document = (await send('GET', `/campaigns/${campaignId}/raffle/rounds/${round}`)).body;
      expect(document).toMatchObject({
        status: 'open',
        settings: { excludeEarlierWinners: true, confirmationDeadlineDays: 12, personalDataRetentionDays: 90 },
        timeline: { freezeAt: expect.any(String), reviewDeadline: expect.any(String) },
      });
    }
    // Rules outside their range are refused with the campaign.
    const badRules = await create('/campaigns', token, {
      name: 'bad rules',
      region: { kind: 'province', name: 'Jeonbuk' },
      startsOn: day(0),
      endsOn: day(40),
      raffle: { confirmationDeadlineDays: 30, personalDataRetentionDays: 20 },
      participationTarget: { participants: 100, amount: 10_000_000 },
    });
    expect(badRules).toMatchObject({ status: 400, body: { code: 'invalid_raffle_rules' } });
    moveTo(1);
    const owner = await system.freshToken('owner-raffle', 'merchant');
    const shop = await create('/merchants', owner, {
      name: 'Hanok Noodles',
      category: 'restaurant',
      district: 'Wansan-gu',
      businessRegistrationNumber: aBusinessRegistrationNumber(),
    });
    expect(shop.status).toBe(201);
    merchantId = shop.body.merchantId;
    expect((await send('POST', `/merchants/${merchantId}/approve`, { token: await staff() })).status).toBe(200); // a fresh token: the clock moved
  });

  it('round 1: in-system certifications enter at once; a bad photo or a missing consent item is refused and stores nothing', async () => {
    await prepayAndCertify('citizen-a', '010-1111-0001', '홍길동');
    await prepayAndCertify('citizen-b', '010-1111-0002', '김영희');

    const token = await citizen('citizen-c');
    const before = { events: await count('events'), photos: await count('personal_data_photos'), keys: await count('personal_data_keys') };
    const pdf = await uploadReceipt(token, receiptFields('이철수', '010-1111-0003', day(1)), Buffer.from('%PDF-1.7 a receipt as a pdf'));
    expect(pdf).toMatchObject({ status: 415, body: { code: 'photo_type_not_allowed' } });
    const pngThenPage = await uploadReceipt(
      token,
      receiptFields('이철수', '010-1111-0003', day(1)),
      Buffer.concat([PNG.subarray(0, 8), Buffer.from('<html></html>')]),
    );
    expect(pngThenPage).toMatchObject({ status: 422, body: { code: 'photo_malformed' } });
    const noConsent = await uploadReceipt(
      token,
      { ...receiptFields('이철수', '010-1111-0003', day(1)), consentRightToRefuse: 'false' },
      PNG,
    );
    expect(noConsent).toMatchObject({ status: 400, body: { code: 'consent_required', missing: ['rightToRefuse'] } });
    const huge = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]);
    const tooLarge = await uploadReceipt(token, receiptFields('이철수', '010-1111-0003', day(1)), huge);
    expect(tooLarge).toMatchObject({ status: 413, body: { code: 'photo_too_large' } });
    const noPhoto = await uploadReceipt(token, receiptFields('이철수', '010-1111-0003', day(1)), null);
    expect(noPhoto).toMatchObject({ status: 400, body: { code: 'photo_required' } });
    expect({ events: await count('events'), photos: await count('personal_data_photos'), keys: await count('personal_data_keys') }).toEqual(
      before,
    );
  });

  it('round 1: a receipt photo waits for staff, who review it (audited), approve one and reject another with a reason', async () => {
    const byC = await uploadReceipt(await citizen('citizen-c'), receiptFields('이철수', '010-1111-0003', day(1)), PNG);
    expect(byC).toMatchObject({ status: 201, body: { status: 'pending', round: 1 } });
    receiptCertification = byC.body.certificationId;
    // The same photo again is the same payment, whoever sends it: refused, nothing kept.
    const again = await uploadReceipt(await citizen('citizen-d'), receiptFields('박민수', '010-1111-0004', day(0)), PNG);
    expect(again).toMatchObject({ status: 409, body: { code: 'duplicate_receipt_photo' } });
    const byD = await uploadReceipt(
      await citizen('citizen-d'),
      receiptFields('박민수', '010-1111-0004', day(0)),
      photoLabelled('receipt of 박민수'),
    );
    expect(byD.status).toBe(201);

    const token = await staff();
    const queue = await send('GET', `/raffle/certifications/pending?campaignId=${campaignId}&after=${byD.body.position}`, { token });
    expect(queue.status).toBe(200);
    expect(queue.body.map((c: any) => c.certificationId).sort()).toEqual([byC.body.certificationId, byD.body.certificationId].sort());
    expect(queue.body.find((c: any) => c.certificationId === receiptCertification).contact).toEqual({
      erased: false,
      name: '이*수',
      phone: '010-****-0003',
    });

    const photo = await fetch(`${system.baseUrl}/raffle/certifications/${receiptCertification}/photo`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect(photo.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await photo.arrayBuffer()).equals(PNG)).toBe(true);
    expect(
      Number((await system.sql(`SELECT count(*) AS n FROM personal_data_access_log WHERE actor_id = 'staff-raffle'`))[0].n),
    ).toBeGreaterThan(0);

    const approved = await send('POST', `/raffle/certifications/${receiptCertification}/approve`, { token });
    expect(approved).toMatchObject({ status: 200, body: { status: 'approved', entryId: expect.any(String) } });
    citizenOf.set(approved.body.entryId, 'citizen-c');
    const rejected = await send('POST', `/raffle/certifications/${byD.body.certificationId}/reject`, {
      token,
      body: { reason: 'the receipt is not from a small business' },
    });
    expect(rejected.status).toBe(200);

    const seen = await send('GET', `/me/raffle/certifications?after=${rejected.body.position}`, { token: await citizen('citizen-d') });
    expect(seen.body).toEqual([
      expect.objectContaining({
        status: 'rejected',
        reason: 'the receipt is not from a small business',
        contact: { erased: false, name: '박*수', phone: '010-****-0004' },
      }),
    ]);
  });

  it('three rounds are drawn by the worker, each once, and every draw verifies from its published inputs', async () => {
    moveTo(10);
    // Round 1 is over: a receipt of its days is refused, it cannot slip into the list.
    const late = await uploadReceipt(await citizen('citizen-z'), receiptFields('김늦음', '010-1111-0099', day(5)), photoLabelled('late'));
    expect(late).toMatchObject({ status: 422, body: { code: 'certification_closed' } });
    const round1 = await drawRound(1, ['3', '11', '19', '27', '38', '44', '7'], 'citizen-a');
    expect(round1.draw).toMatchObject({ quota: 1, winners: 1 });
    expect(round1.draw.ranking).toHaveLength(3);
    const vouchers = await create(`/campaigns/${campaignId}/raffle/vouchers`, await staff(), {
      vouchers: ['ONNURI-0001', 'ONNURI-0002', 'ONNURI-0003', 'ONNURI-0004'].map((code) => ({ kind: 'code', code })),
    });
    expect(vouchers.status).toBe(201);
    expect((await send('POST', `/campaigns/${campaignId}/raffle/awards/settle`, { token: await staff() })).body).toMatchObject({
      awarded: 1,
    });
    // The winner has the campaign's 12 days to confirm (a setting, no longer 14 fixed in code).
    const winner = await citizen(citizenOf.get(round1.draw.ranking[0])!);
    const winnerAwards = await send('GET', `/me/raffle/awards?campaignId=${campaignId}`, { token: winner });
    expect(winnerAwards.body).toEqual([expect.objectContaining({ round: 1, status: 'awarded' })]);
    expect(seoulDate(winnerAwards.body[0].confirmBy)).toBe(day(22));

    await prepayAndCertify('citizen-e', '010-1111-0005', '최지우');
    await prepayAndCertify('citizen-f', '010-1111-0006', '정하늘');
    moveTo(20);
    await drawRound(2, ['1', '7', '13', '22', '31', '40', '2'], 'citizen-e');
    expect((await send('POST', `/campaigns/${campaignId}/raffle/awards/settle`, { token: await staff() })).body).toMatchObject({
      awarded: 1,
    });

    await prepayAndCertify('citizen-g', '010-1111-0007', '강민호');
    await prepayAndCertify('citizen-h', '010-1111-0008', '윤서연');
    moveTo(30);
    await drawRound(3, ['5', '9', '16', '28', '33', '45', '1']);

    for (const round of [1, 2, 3]) {
      const { body } = await send('GET', `/campaigns/${campaignId}/raffle/rounds/${round}`);
      expect(verifyDraw(body.draw)).toMatchObject({ matches: true, differences: [] });
      // An outsider with only the public document and Node checks the whole round.
      expect(await outsiderChecks(body)).toMatchObject({ code: 0, report: { matches: true, failures: [] } });
    }
    expect(await system.sql(`SELECT count(*)::int AS n FROM events WHERE type = 'RaffleDrawRecorded'`)).toEqual([{ n: 3 }]);
  });

  it('a round 1 winner who did not confirm in the campaign’s 12 days forfeits and the next on the waiting list moves up; the public list is masked', async () => {
    const { body: round1 } = await send('GET', `/campaigns/${campaignId}/raffle/rounds/1`);
    const [first, second] = round1.draw.ranking;
    const settled = await send('POST', `/campaigns/${campaignId}/raffle/awards/settle`, { token: await staff() });
    expect(settled.body).toMatchObject({ forfeited: 1, awarded: 2 }); // round 1's alternate and round 3's winner

    const late = await send('POST', `/campaigns/${campaignId}/raffle/awards/${first}/confirm`, {
      token: await citizen(citizenOf.get(first)!),
    });
    expect(late).toMatchObject({ status: 422, body: { code: 'award_forfeited' } });
    const confirmed = await send('POST', `/campaigns/${campaignId}/raffle/awards/${second}/confirm`, {
      token: await citizen(citizenOf.get(second)!),
    });
    expect(confirmed).toMatchObject({
      status: 200,
      body: { status: 'confirmed', voucher: { kind: 'code', code: expect.stringMatching(/^ONNURI-/) } },
    });

    const list = await send('GET', `/campaigns/${campaignId}/raffle/rounds/1/winners`);
    expect(list.body).toEqual({
      campaignId,
      isRehearsal: false,
      round: 1,
      places: 1,
      winners: [{ entryId: second, rank: 2, maskedName: expect.stringMatching(/^.\*.$/), status: 'confirmed' }],
    });
    for (const round of [2, 3]) {
      const { body } = await send('GET', `/campaigns/${campaignId}/raffle/rounds/${round}/winners`);
      expect(body.winners).toHaveLength(1);
      // No phone, whole or in part, beside the masked name (the random ids may hold any digits).
      const shown = { ...body, campaignId: undefined, winners: body.winners.map(({ entryId: _, ...rest }: { entryId: string }) => rest) };
      expect(JSON.stringify(shown)).not.toMatch(/010|1111/);
    }
  });

  it('the office exports the winners of the drawn rounds as a spreadsheet: masked as published, the prizes totalled', async () => {
    const token = await staff();
    const requested = await create('/office-exports', token, {
      kind: 'raffle-winners',
      format: 'xlsx',
      campaignId,
      from: day(0),
      to: day(40),
    });
    expect(requested.status).toBe(201);
    const { exportId } = requested.body;
    await eventually(
      async () => (await send('GET', `/office-exports/${exportId}`, { token })).body.status === 'ready',
      'the export is built',
      60_000,
    );
    const file = await fetch(`${system.baseUrl}/office-exports/${exportId}/file`, { headers: { authorization: `Bearer ${token}` } });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await file.arrayBuffer()) as never);
    const rows: unknown[][] = [];
    workbook.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const published = [];
    for (const round of [1, 2, 3]) {
      for (const winner of (await send('GET', `/campaigns/${campaignId}/raffle/rounds/${round}/winners`)).body.winners) {
        published.push([`${round}회차`, winner.rank, winner.maskedName]);
      }
    }
    const data = rows.slice(2, -1);
    expect(data.map((row) => [row[0], row[2], row[3]])).toEqual(published);
    expect(rows[rows.length - 1][5]).toBe(20_000 * published.length);
    expect(JSON.stringify(rows)).not.toMatch(/010|1111/);
  });

  it('a citizen erases their data: their certifications and photo become unreadable, while the figures and the draws hold', async () => {
    const before = {
      round1: (await send('GET', `/campaigns/${campaignId}/raffle/rounds/1`)).body,
      winners: (await send('GET', `/campaigns/${campaignId}/raffle/rounds/1/winners`)).body.winners.map((w: any) => w.entryId),
      lastEvent: Number((await system.sql<{ p: string }>('SELECT coalesce(max(global_position), 0) AS p FROM events'))[0].p),
    };
    const token = await citizen('citizen-c');
    const erased = await send('POST', '/me/raffle/erasure', { token });
    expect(erased).toMatchObject({ status: 200, body: { erased: 1 } });

    const mine = await send('GET', '/me/raffle/certifications', { token });
    expect(mine.body).toEqual([
      expect.objectContaining({
        certificationId: receiptCertification,
        status: 'approved',
        contact: { erased: true, name: null, phone: null },
      }),
    ]);
    const staffToken = await staff();
    expect((await send('GET', `/raffle/certifications/${receiptCertification}`, { token: staffToken })).body.contact).toEqual({
      erased: true,
      name: null,
      phone: null,
    });
    expect((await send('GET', `/raffle/certifications/${receiptCertification}/photo`, { token: staffToken })).status).toBe(404);
    expect(await count('personal_data_photos')).toBe(1); // citizen-d's rejected receipt only

    const after = (await send('GET', `/campaigns/${campaignId}/raffle/rounds/1`)).body;
    expect(after).toEqual(before.round1);
    expect(verifyDraw(after.draw).matches).toBe(true);
    expect((await send('GET', `/campaigns/${campaignId}/raffle/rounds/1/winners`)).body.winners.map((w: any) => w.entryId)).toEqual(
      before.winners,
    );
    // Erasure shreds keys and appends nothing. (The worker may still append for earlier steps,
    // as jobs and sweeps do, so look at what the erased citizen's request caused, not at a count.)
    const appendedSince = await system.sql<{ type: string }>(
      `SELECT type FROM events WHERE global_position > $1 AND metadata->'actor'->>'id' = 'citizen-c'`,
      [before.lastEvent],
    );
    expect(appendedSince).toEqual([]);

    // Nothing in any table or event leads back to the phone or the name, even with both keys.
    const rows = { query: async (text: string, params?: readonly unknown[]) => ({ rows: await system.sql(text, [...(params ?? [])]) }) };
    expect(await tracesInDatabase(rows, [...tracesOfPhone(keys, '010-1111-0003'), '이철수'])).toEqual([]);
  });
});
