import { createHash, randomInt } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays } from '@goodpay/shared';
import { businessRegistrationCheckDigit } from '@goodpay/merchant';
import { verifyDraw } from '@goodpay/raffle';
import { DemoClient } from './demo-client';
import {
  DEMO_CAMPAIGN_NAME,
  DEMO_CITIZENS,
  DEMO_CONSENT,
  DEMO_ORGANISATION,
  DEMO_RAFFLE,
  DEMO_REGION,
  DEMO_SHOPS,
  DEMO_TARGET,
  demoTimeline,
} from './demo-plan';

const STAFF = 'demo-staff';
const ownerOf = (shop: number) => `demo-owner-${String(shop + 1).padStart(2, '0')}`;

export interface DemoResult {
  campaignId: string;
  /** Whether this run created the campaign (false: it was there, and only what fell due was done). */
  created: boolean;
  /** Rounds drawn so far, with whether each draw verifies from its published inputs. */
  drawn: { round: number; verifies: boolean; file: string }[];
  /** What to look at, one line each. */
  lines: string[];
}

/** A valid business registration number (check digit as the NTS computes it), random otherwise. */
function aBusinessRegistrationNumber(): string {
  const nine = String(randomInt(100_000_000, 1_000_000_000));
  return `${nine}${businessRegistrationCheckDigit(nine)}`;
}

/** Six distinct numbers from 1 to 45 (a Lotto 6/45 line), fixed by the campaign and the round. */
/** The number of the first Lotto 6/45 draw after `date` (draw 1 was on Saturday 2002-12-07, weekly since). */
const lottoDrawAfter = (date: string): number => Math.floor((Date.parse(date) - Date.parse('2002-12-07')) / (7 * 86_400_000)) + 2;

/** Six numbers and a bonus, all distinct, 1-45: what staff type from the Lotto results (made up for the demo). */
function demoNumbers(campaignId: string, round: number): string[] {
  const numbers: number[] = [];
  for (let i = 0; numbers.length < 7; i++) {
    const n = (createHash('sha256').update(`${campaignId}:${round}:${i}`).digest().readUInt32BE(0) % 45) + 1;
    if (!numbers.includes(n)) numbers.push(n);
  }
  return [...numbers.slice(0, 6).sort((a, b) => a - b), numbers[6]!].map(String);
}

async function findDemoCampaign(client: DemoClient): Promise<any | undefined> {
  const page = await client.expect(
    200,
    'GET',
    `/campaigns?rehearsal=true&regionKind=${DEMO_REGION.kind}&region=${encodeURIComponent(DEMO_REGION.name)}`,
  );
  return (page.items as any[]).find((campaign) => campaign.name === DEMO_CAMPAIGN_NAME);
}

type Say = (line: string) => void;

/** Polls (the worker does the work) until `done` gives a value, for at most a minute. */
async function waitFor<T>(what: string, done: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await done();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within a minute: is the worker running?`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * A rehearsal of Jeonbuk's campaign, run on its own clock: created the day before it opens, its
 * three rounds' randomness declared before they open (the first Lotto 6/45 draw after each round;
 * the numbers typed at the draw are made up, derived from the campaign id), then the clock moved
 * through the timeline: each round's prepayments, redemptions and certifications on its first
 * day, its close and draw after its last, and the settlements of the days gone by (the worker
 * runs them when the clock moves). Every step is a command of the public api.
 */
async function rehearse(client: DemoClient, log: Say): Promise<{ campaignId: string; drawn: DemoResult['drawn'] }> {
  const staff = await client.token(STAFF, 'staff');
  const today = await client.today();
  const year = Number(today.slice(0, 4)) + 1;
  const timeline = demoTimeline(year);
  const { campaignId } = await client.create(
    '/campaigns',
    staff,
    {
      name: DEMO_CAMPAIGN_NAME,
      region: DEMO_REGION,
      startsOn: timeline.startsOn,
      endsOn: timeline.endsOn,
      raffle: { ...DEMO_RAFFLE, rounds: timeline.rounds },
      participationTarget: DEMO_TARGET,
      rehearsal: { clockAt: timeline.clockAt },
    },
    `campaign:${today}`,
  );
  const step = (name: string) => `${campaignId}:${name}`;
  const advance = (to: string) => client.expect(200, 'POST', `/campaigns/${campaignId}/rehearsal/clock`, { token: staff, body: { to } });
  log(`rehearsal ${DEMO_CAMPAIGN_NAME} (${campaignId}), its clock at ${timeline.clockAt}`);
  log(`rounds ${timeline.rounds.map((r) => `${r.startsOn}..${r.endsOn}`).join(', ')}`);
  // The raffle's fixed timeline: randomness is declared before a round opens.
  for (const round of timeline.rounds) {
    await client.expect(200, 'POST', `/campaigns/${campaignId}/raffle/rounds/${round.number}/randomness`, {
      token: staff,
      body: { sources: [{ kind: 'lotto645', drawNumber: lottoDrawAfter(round.endsOn) }] },
    });
  }

  const merchantIds: string[] = [];
  for (const [index, shop] of DEMO_SHOPS.entries()) {
    const owner = await client.token(ownerOf(index), 'merchant');
    const { merchantId } = await client.create(
      '/merchants',
      owner,
      { name: shop.name, category: shop.category, district: shop.district, businessRegistrationNumber: aBusinessRegistrationNumber() },
      step(`shop:${index}`),
    );
    await client.expect(200, 'POST', `/merchants/${merchantId}/approve`, { token: staff });
    if (shop.pledgeBasisPoints)
      await client.expect(200, 'PUT', `/merchants/${merchantId}/donation-pledge`, {
        token: owner,
        body: { basisPoints: shop.pledgeBasisPoints },
      });
    merchantIds.push(merchantId);
  }
  log(`${DEMO_SHOPS.length} shops approved, ${DEMO_SHOPS.filter((s) => s.pledgeBasisPoints).length} of them donation angels`);

  const drawn: DemoResult['drawn'] = [];
  for (const round of timeline.rounds) {
    await advance(`${round.startsOn}T10:00:00+09:00`);
    if (round.number === 1) await organisationPrepays(client, { campaignId, merchantIds, staff, step, signedOn: round.startsOn }, log);
    await citizensTakePart(client, { campaignId, merchantIds, staff, step, round: round.number, cashbackMonth: today.slice(0, 7) }, log);
    // The day after its last day, past its freeze: close it and draw it.
    await advance(`${addDays(round.endsOn, 1)}T01:00:00+09:00`);
    drawn.push(await drawRound(client, campaignId, round.number, staff, log));
  }
  // The day after the campaign: every day gone by is settled (the worker follows the clock).
  await advance(`${addDays(timeline.endsOn, 1)}T09:00:00+09:00`);
  const settlements = await waitFor('the rehearsal settlements', async () => {
    const page = await client.expect(200, 'GET', `/settlements?rehearsalCampaignId=${campaignId}&limit=100`, { token: staff });
    const days = new Set((page.items as { day: string }[]).map((s) => s.day));
    return [...days].some((day) => day >= timeline.rounds[2]!.startsOn) ? page : undefined;
  });
  log(`${settlements.total} rehearsal settlements computed (never paid out): GET /settlements?rehearsalCampaignId=${campaignId}`);
  return { campaignId, drawn };
}

interface DemoSteps {
  campaignId: string;
  merchantIds: string[];
  staff: string;
  step: (name: string) => string;
}

/** A city hall signs the agreement and prepays at a restaurant's counter; the shop redeems part of it. */
async function organisationPrepays(
  client: DemoClient,
  { campaignId, merchantIds, staff, step, signedOn }: DemoSteps & { signedOn: string },
  log: Say,
) {
  const { organisationId } = await client.create(
    '/organisations',
    staff,
    { kind: DEMO_ORGANISATION.kind, name: DEMO_ORGANISATION.name, representativeId: DEMO_ORGANISATION.representativeId },
    step('organisation'),
  );
  const organisation = await client.token(organisationId, 'organisation');
  await client.create(
    `/organisations/${organisationId}/agreements`,
    organisation,
    { campaignId, purposes: [{ purpose: 'events', plannedAmount: DEMO_ORGANISATION.plannedAmount }], signedOn },
    step('agreement'),
  );
  const shopOwner = await client.token(ownerOf(DEMO_ORGANISATION.shop), 'merchant');
  const atCounter = await client.create(
    '/prepayments',
    shopOwner,
    {
      campaignId,
      merchantId: merchantIds[DEMO_ORGANISATION.shop],
      amount: DEMO_ORGANISATION.amount,
      channel: 'at_shop',
      payer: { id: organisationId, kind: 'organisation' },
    },
    step('organisation-prepayment'),
  );
  await client.expect(200, 'POST', '/prepayments/claims', { token: organisation, body: { code: atCounter.code } });
  await client.create(
    `/prepayments/${atCounter.prepaymentId}/redemptions`,
    shopOwner,
    { amount: DEMO_ORGANISATION.redeemed },
    step('organisation-redemption'),
  );
  log(
    `${DEMO_ORGANISATION.name} prepaid ${DEMO_ORGANISATION.amount.toLocaleString('en')} won at the counter of ${DEMO_SHOPS[DEMO_ORGANISATION.shop]!.name}`,
  );
}

/** The round's citizens prepay on the platform (confirmed by staff), redeem, certify (approved) and donate cashback. */
async function citizensTakePart(
  client: DemoClient,
  { campaignId, merchantIds, staff, step, round, cashbackMonth }: DemoSteps & { round: number; cashbackMonth: string },
  log: Say,
) {
  const citizens = DEMO_CITIZENS.filter((citizen) => citizen.round === round);
  for (const citizen of citizens) {
    const token = await client.token(citizen.id, 'citizen');
    const owner = await client.token(ownerOf(citizen.shop), 'merchant');
    const { prepaymentId } = await client.create(
      '/prepayments',
      token,
      {
        campaignId,
        merchantId: merchantIds[citizen.shop],
        amount: citizen.amount,
        channel: 'platform',
        paymentConfirmation: { provider: 'toss', externalReference: `demo-${campaignId.slice(0, 8)}-${citizen.id}` },
      },
      step(`prepayment:${citizen.id}`),
    );
    // The office's step until a payment gateway confirms payments by itself (PAYMENT_CONFIRMATIONS=office).
    await client.expect(200, 'POST', `/prepayments/${prepaymentId}/payment-confirmation`, {
      token: staff,
      body: { amount: citizen.amount },
    });
    if (citizen.redeemed)
      await client.create(
        `/prepayments/${prepaymentId}/redemptions`,
        owner,
        { amount: citizen.redeemed },
        step(`redemption:${citizen.id}`),
      );
    if (citizen.certifies) {
      const certification = await client.create(
        `/campaigns/${campaignId}/raffle/certifications`,
        token,
        { name: citizen.name, phone: citizen.phone, consent: DEMO_CONSENT, prepaymentId },
        step(`certification:${citizen.id}`),
      );
      // A certification of an in-system prepayment is approved at once; any other waits for staff.
      if (certification.status === 'pending')
        await client.expect(200, 'POST', `/raffle/certifications/${certification.certificationId}/approve`, { token: staff });
    }
    if (citizen.donates) {
      // Cashback belongs to the card, not to a campaign: the month is the real one (see docs/rehearsal.md).
      await client.create(
        '/donations',
        token,
        { ...citizen.donates, cashbackMonth, cardReference: `9410 0000 0000 00${citizen.id.slice(-2)}` },
        step(`donation:${citizen.id}`),
      );
    }
  }
  log(
    `round ${round}: ${citizens.length} citizens prepaid and redeemed, ${citizens.filter((c) => c.certifies).length} certified, ${citizens.filter((c) => c.donates).length} donated cashback`,
  );
}

/** Closes the round (freezes its entry list), draws it with the typed Lotto numbers, waits for the worker, saves and verifies the document. */
async function drawRound(client: DemoClient, campaignId: string, round: number, staff: string, log: Say) {
  const path = `/campaigns/${campaignId}/raffle/rounds/${round}`;
  let published = await client.expect(200, 'GET', path);
  if (published.status !== 'drawn') {
    if (published.status !== 'closed') await client.expect(200, 'POST', `${path}/close`, { token: staff });
    await client.expect(202, 'POST', `${path}/draw`, { token: staff, body: { numbers: [demoNumbers(campaignId, round)] } });
    published = await waitFor(`round ${round}'s draw`, async () => {
      const answer = await client.expect(200, 'GET', path);
      return answer.status === 'drawn' ? answer : undefined;
    });
  }
  log(`round ${round} drawn: ${published.draw.winners} winner(s) of ${published.draw.ranking.length} entries`);
  const file = join(tmpdir(), `goodpay-demo-round-${round}.json`);
  // The whole round document, as GET returns it: what scripts/verify-draw.mjs checks on its own.
  await writeFile(file, `${JSON.stringify(published, null, 2)}\n`);
  return { round, verifies: verifyDraw(published.draw).matches, file };
}

/**
 * Creates the demo campaign on the api at `baseUrl` when it is not there yet, then does what
 * fell due since (the draws of ended rounds, the settlement), and says where to look.
 */
export async function runDemo(baseUrl: string, log: (line: string) => void = () => undefined): Promise<DemoResult> {
  const client = new DemoClient(baseUrl);
  const existing = await findDemoCampaign(client);
  let campaignId: string;
  let drawn: DemoResult['drawn'] = [];
  if (existing) {
    campaignId = existing.campaignId;
    log(`the demo rehearsal is already there (${campaignId}): delete it (DELETE /campaigns/${campaignId}, staff) to run it again`);
    for (const round of existing.roundsDrawn as number[]) {
      drawn.push({ round, verifies: true, file: join(tmpdir(), `goodpay-demo-round-${round}.json`) });
    }
  } else {
    ({ campaignId, drawn } = await rehearse(client, log));
  }
  const staff = await client.token(STAFF, 'staff');
  const id = campaignId;
  const lines = [
    `console:              ${baseUrl}/console   (staff token below)`,
    `API docs (OpenAPI):   ${baseUrl}/docs`,
    `the rehearsal:        ${baseUrl}/campaigns/${id}   (isRehearsal: true, its clock under "rehearsal")`,
    `its dashboard:        ${baseUrl}/campaigns/${id}/dashboard   (staff token below)`,
    `its settlements:      ${baseUrl}/settlements?rehearsalCampaignId=${id}   (computed, never paid out)`,
    `the shops:            ${baseUrl}/merchants`,
    `queue board:          ${baseUrl}/admin/queues   (send the header "Authorization: Bearer <staff token>")`,
    `staff token (12 h):   ${staff}`,
    `round 1 document:     ${baseUrl}/campaigns/${id}/raffle/rounds/1`,
    ...drawn.map(
      (d) =>
        `round ${d.round} draw:        ${d.verifies ? 'verifies' : 'DOES NOT verify'} from its inputs; saved to ${d.file}; check it yourself: node scripts/verify-draw.mjs ${d.file}`,
    ),
    `delete the rehearsal: curl -X DELETE -H "Authorization: Bearer <staff token>" ${baseUrl}/campaigns/${id}`,
  ];
  return { campaignId: id, created: !existing, drawn, lines };
}
