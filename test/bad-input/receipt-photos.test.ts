import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { addDays, seoulDate } from '@goodpay/shared';
import { pgPoolOf, Subscriptions } from '@goodpay/event-store';
import { useIsolatedEnv } from '@goodpay/platform';
import { MAX_PENDING_RECEIPTS_PER_ROUND, RAFFLE_CERTIFICATIONS } from '@goodpay/raffle';
import { JPEG, photoLabelled, PNG } from '../support/fixtures/photos';
import { type BadInputApi, STABLE_CODE, startBadInputApi } from './support/bad-input-api';

const env = useIsolatedEnv('badinput_photos');
const today = seoulDate(new Date().toISOString());

/**
 * The attacks of issue 10 finding 12 on receipt photos and `?after=` reads, over HTTP: files
 * that only look like images, a photo sent again and again (also all at once), a flood of
 * pending receipts, and hundreds of reads waiting for a view. Each refusal is a 4xx
 * problem+json with a stable code that keeps nothing; a wait that runs out is 503.
 */
describe('bad input: receipt photos and ?after= reads', () => {
  let api: BadInputApi;
  let campaignId: string;
  let staffToken: string;

  const stored = async () => ({ events: await api.eventCount(), photos: await api.count('personal_data_photos') });

  /** A receipt certification as the app sends it: multipart, with the photo declared as `declaredType`. */
  async function upload(citizenToken: string, photo: Buffer, { phone = '010-5000-0001', declaredType = 'image/jpeg' } = {}) {
    const form = new FormData();
    const fields = {
      name: '김영수',
      phone,
      consentVersion: 'raffle-consent-2025-01',
      consentPurpose: 'true',
      consentItemsCollected: 'true',
      consentRetentionPeriod: 'true',
      consentRightToRefuse: 'true',
      amount: '120000',
      shopName: 'Hanok Noodles',
      paidOn: today,
    };
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('photo', new Blob([photo], { type: declaredType }), 'receipt.jpg');
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    const response = await api.app.inject({
      method: 'POST',
      url: `/campaigns/${campaignId}/raffle/certifications/receipts`,
      headers: {
        authorization: `Bearer ${citizenToken}`,
        'idempotency-key': randomUUID(),
        'content-type': request.headers.get('content-type')!,
      },
      payload: Buffer.from(await request.arrayBuffer()),
    });
    return { status: response.statusCode, contentType: String(response.headers['content-type']), body: response.json() };
  }

  const expectProblem = (answer: { status: number; contentType: string; body: { code?: unknown } }, status: number, code: string) => {
    expect(answer).toMatchObject({ status, body: { code } });
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(String(answer.body.code)).toMatch(STABLE_CODE);
  };

  beforeAll(async () => {
    api = await startBadInputApi(env);
    staffToken = api.tokenFor('staff', 'staff-photos');
    const campaign = await api.app.inject({
      method: 'POST',
      url: '/campaigns',
      headers: { authorization: `Bearer ${staffToken}`, 'idempotency-key': randomUUID() },
      payload: {
        name: 'Photo attacks',
        region: { kind: 'province', name: 'Jeonbuk' },
        startsOn: today,
        endsOn: addDays(today, 40),
        raffle: {
          minimumCertifiedAmount: 100_000,
          prize: 20_000,
          budget: 60_000,
          rounds: [{ number: 1, startsOn: today, endsOn: addDays(today, 9) }],
        },
        participationTarget: { participants: 100, amount: 10_000_000 },
      },
    });
    expect(campaign.statusCode).toBe(201);
    campaignId = campaign.json().campaignId;
  }, 60_000);
  afterAll(() => api?.close());

  it.each([
    [
      'an HTML page declared as a JPEG',
      Buffer.from('<!doctype html><script>alert(document.cookie)</script>'),
      415,
      'photo_type_not_allowed',
    ],
    [
      'an SVG with a script',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      415,
      'photo_type_not_allowed',
    ],
    [
      'a JPEG header followed by a page',
      Buffer.concat([JPEG.subarray(0, 4), Buffer.from('<html><script>alert(1)</script></html>')]),
      422,
      'photo_malformed',
    ],
    [
      'a PNG signature followed by a page',
      Buffer.concat([PNG.subarray(0, 8), Buffer.from('<html><script>alert(1)</script></html>')]),
      422,
      'photo_malformed',
    ],
    ['a JPEG cut off before its end', JPEG.subarray(0, JPEG.length - 2), 422, 'photo_malformed'],
  ])('refuses %s and keeps nothing', async (_, photo, status, code) => {
    const before = await stored();
    expectProblem(await upload(api.tokenFor('citizen', 'citizen-liar'), photo, { declaredType: 'image/jpeg' }), status, code);
    expect(await stored()).toEqual(before);
  });

  it('serves an image uploaded with a page behind it as the image alone, typed by its content, with nosniff', async () => {
    const polyglot = Buffer.concat([
      photoLabelled('polyglot receipt'),
      Buffer.from('<html><script>alert(document.cookie)</script></html>'),
    ]);
    const accepted = await upload(api.tokenFor('citizen', 'citizen-polyglot'), polyglot, {
      declaredType: 'text/html',
      phone: '010-5000-0002',
    });
    expect(accepted.status).toBe(201);
    await api.app.get(Subscriptions).catchUpCompletely(RAFFLE_CERTIFICATIONS);
    const photo = await api.app.inject({
      method: 'GET',
      url: `/raffle/certifications/${accepted.body.certificationId}/photo`,
      headers: { authorization: `Bearer ${staffToken}` },
    });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect(photo.headers['x-content-type-options']).toBe('nosniff');
    expect(photo.rawPayload).toEqual(photoLabelled('polyglot receipt'));
  });

  it('takes one of 20 identical receipts sent at once; the others are 409 duplicate_receipt_photo and keep nothing', async () => {
    const citizen = api.tokenFor('citizen', 'citizen-twenty');
    const photo = photoLabelled('the same receipt, twenty times');
    const before = await stored();
    const answers = await Promise.all(Array.from({ length: 20 }, () => upload(citizen, photo, { phone: '010-5000-0003' })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    for (const refused of answers.filter((a) => a.status !== 201)) expectProblem(refused, 409, 'duplicate_receipt_photo');
    expect((await stored()).photos).toBe(before.photos + 1);
  });

  it(`keeps at most ${MAX_PENDING_RECEIPTS_PER_ROUND} receipts of a citizen waiting in a round, whatever phones they type`, async () => {
    const citizen = api.tokenFor('citizen', 'citizen-flood');
    const answers = [];
    for (let i = 0; i < MAX_PENDING_RECEIPTS_PER_ROUND + 3; i += 1) {
      answers.push(await upload(citizen, photoLabelled(`flood ${i}`), { phone: `010-5100-${String(i).padStart(4, '0')}` }));
    }
    expect(answers.slice(0, MAX_PENDING_RECEIPTS_PER_ROUND).map((a) => a.status)).toEqual(Array(MAX_PENDING_RECEIPTS_PER_ROUND).fill(201));
    for (const refused of answers.slice(MAX_PENDING_RECEIPTS_PER_ROUND)) expectProblem(refused, 422, 'too_many_pending_receipts');
  });

  it('answers 300 reads waiting for a view that does not get there with 503 projection_not_ready, at a bounded number of queries', async () => {
    const citizen = api.tokenFor('citizen', 'citizen-waiting');
    const dataSource = api.app.get(DataSource);
    const pool = pgPoolOf(dataSource);
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    let queries = 0;
    const counting = jest.spyOn(pool, 'query').mockImplementation(((...args: unknown[]) => {
      queries += 1; // every statement of the api goes through the pool (the listener has its own connection)
      return query(...args);
    }) as never);
    try {
      // No worker runs here: the view never reaches a position this far ahead.
      const answers = await Promise.all(
        Array.from({ length: 300 }, () =>
          api.app.inject({
            method: 'GET',
            url: '/me/raffle/certifications?after=9000000000000000000',
            headers: { authorization: `Bearer ${citizen}` },
          }),
        ),
      );
      for (const answer of answers) {
        expect(answer.statusCode).toBe(503);
        expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(answer.json().code).toBe('projection_not_ready');
      }
      // A poll per read made about 55 queries each (16,000 for 300); now a few for all of them.
      expect(queries).toBeGreaterThan(0);
      expect(queries).toBeLessThan(60);
    } finally {
      counting.mockRestore();
    }
  });
});
