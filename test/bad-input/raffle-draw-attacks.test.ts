import { createHash, randomUUID } from 'node:crypto';
import { addDays, seoulDate } from '@goodpay/shared';
import { useIsolatedEnv } from '@goodpay/platform';
import { type BadInputApi, STABLE_CODE, startBadInputApi } from './support/bad-input-api';

const env = useIsolatedEnv('badinput_raffle_draw');
const today = seoulDate(new Date().toISOString());

/** The first Lotto 6/45 draw dated after `date` (draw 1 on 2002-12-07, weekly). */
const lottoDrawAfter = (date: string) => Math.floor((Date.parse(date) - Date.parse('2002-12-07')) / (7 * 86_400_000)) + 2;

/**
 * Issue 15's ways to game a draw, over HTTP: free-text "public" numbers, a staff seed alone, a
 * Lotto draw already held, a freeze before the round's end, a second declaration, a draw asked
 * for before the freeze, a certification after the round's last day. Each is a problem+json
 * with a stable code and writes no event.
 */
describe('bad input: gaming the raffle draw', () => {
  let api: BadInputApi;
  let campaignId: string;
  let staff: string;
  const round = { number: 1, startsOn: addDays(today, 5), endsOn: addDays(today, 9) };
  const declare = (body: unknown) => api.request('POST', `/campaigns/${campaignId}/raffle/rounds/1/randomness`, { token: staff, body });

  const expectRefused = async (answer: Promise<{ status: number; contentType: string; body: any }>, status: number, code: string) => {
    const before = await api.eventCount();
    const refused = await answer;
    expect(refused).toMatchObject({ status, body: { code } });
    expect(refused.contentType).toMatch(/^application\/problem\+json/);
    expect(String(refused.body.code)).toMatch(STABLE_CODE);
    expect(await api.eventCount()).toBe(before);
  };

  beforeAll(async () => {
    api = await startBadInputApi(env);
    staff = api.tokenFor('staff', 'staff-draw-attacks');
    const campaign = await api.request('POST', '/campaigns', {
      token: staff,
      idempotencyKey: randomUUID(),
      body: {
        name: 'Draw attacks',
        region: { kind: 'province', name: 'Jeonbuk' },
        startsOn: today,
        endsOn: addDays(today, 40),
        raffle: { minimumCertifiedAmount: 100_000, prize: 20_000, budget: 60_000, rounds: [round] },
        participationTarget: { participants: 100, amount: 10_000_000 },
      },
    });
    expect(campaign.status).toBe(201);
    campaignId = campaign.body.campaignId;
  }, 60_000);
  afterAll(() => api?.close());

  it('refuses numbers typed under a free-text label', async () => {
    await expectRefused(
      declare({ sources: [{ kind: 'public_numbers', label: 'Lotto 6/45 draw 1 (2002-12-07)' }] }),
      400,
      'validation_failed',
    );
  });

  it('refuses a staff seed as the only source', async () => {
    const seedSha256 = createHash('sha256').update('42').digest('hex');
    await expectRefused(
      declare({ sources: [{ kind: 'committed_seed', label: 'office seed', seedSha256 }] }),
      422,
      'public_source_required',
    );
  });

  it('refuses a Lotto draw held before the freeze', async () => {
    await expectRefused(declare({ sources: [{ kind: 'lotto645', drawNumber: lottoDrawAfter(today) }] }), 422, 'source_before_freeze');
  });

  it('refuses a freeze before the round has ended', async () => {
    await expectRefused(declare({ sources: [{ kind: 'drand' }], freezeAt: `${round.endsOn}T09:00:00+09:00` }), 400, 'invalid_freeze_time');
  });

  it('takes one declaration before the round opens, and refuses a second', async () => {
    const declared = await declare({
      sources: [{ kind: 'drand' }, { kind: 'lotto645', drawNumber: lottoDrawAfter(addDays(round.endsOn, 1)) }],
    });
    expect(declared.status).toBe(200);
    await expectRefused(declare({ sources: [{ kind: 'drand' }] }), 422, 'randomness_already_declared');
    const document = await api.request('GET', `/campaigns/${campaignId}/raffle/rounds/1`);
    expect(document.body).toMatchObject({
      timeline: { certificationClosesAt: new Date(`${addDays(round.endsOn, 1)}T00:00:00+09:00`).toISOString() },
      declaredSources: [{ kind: 'drand', round: expect.any(Number) }, { kind: 'lotto645' }],
    });
  });

  it('refuses a freeze or a draw before their time', async () => {
    await expectRefused(api.request('POST', `/campaigns/${campaignId}/raffle/rounds/1/close`, { token: staff }), 422, 'round_not_over');
    await expectRefused(
      api.request('POST', `/campaigns/${campaignId}/raffle/rounds/1/draw`, {
        token: staff,
        body: { numbers: [['aa'], ['1', '2', '3', '4', '5', '6', '7']] },
      }),
      422,
      'round_not_closed',
    );
  });
});
