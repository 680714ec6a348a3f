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
  DEMO_ROUND_DAYS,
  DEMO_SHOPS,
  DEMO_TARGET,
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
  const page = await client.expect(200, 'GET', `/campaigns?regionKind=${DEMO_REGION.kind}&region=${encodeURIComponent(DEMO_REGION.name)}`);
  return (page.items as any[]).find((campaign) => campaign.name === DEMO_CAMPAIGN_NAME);
}

/**
 * Day one: the campaign (round 1 ending today, as a campaign 20 days in), its shops, an
 * organisation and citizens who prepay, redeem, certify and donate. Every step is a command of
 * the public api.
 */
async function setUp(client: DemoClient, log: (line: string) => void): Promise<string> {
  const staff = await client.token(STAFF, 'staff');
  const today = await client.today();
  const [first, second, third] = DEMO_ROUND_DAYS;
  const rounds = [
    { number: 1, startsOn: addDays(today, 1 - first), endsOn: today },
    { number: 2, startsOn: addDays(today, 1), endsOn: addDays(today, second) },
    { number: 3, startsOn: addDays(today, second + 1), endsOn: addDays(today, second + third) },
  ];
  const { campaignId } = await client.create(
    '/campaigns',
    staff,
    {
      name: DEMO_CAMPAIGN_NAME,
      region: DEMO_REGION,
      startsOn: rounds[0]!.startsOn,
      endsOn: addDays(rounds[2]!.endsOn, 1),
      raffle: { ...DEMO_RAFFLE, rounds },
      participationTarget: DEMO_TARGET,
    },
    `campaign:${today}`,
  );
  const step = (name: string) => `${campaignId}:${name}`;
  log(`campaign ${DEMO_CAMPAIGN_NAME} (${campaignId}): rounds ${rounds.map((r) => `${r.startsOn}..${r.endsOn}`).join(', ')}`);
  // Randomness is declared before a round opens (the raffle's fixed timeline): the first Lotto
  // 6/45 draw after each round that has not opened yet. Round 1 is already open on the real
  // clock, so it has none and is never drawn; a rehearsal campaign with its own clock (issue 16)
  // will let the demo run its whole timeline.
  for (const round of rounds.filter((r) => r.startsOn > today)) {
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
    { campaignId, purposes: [{ purpose: 'events', plannedAmount: DEMO_ORGANISATION.plannedAmount }], signedOn: today },
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

  for (const citizen of DEMO_CITIZENS) {
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
      await client.create(
        `/campaigns/${campaignId}/raffle/certifications`,
        token,
        { name: citizen.name, phone: citizen.phone, consent: DEMO_CONSENT, prepaymentId },
        step(`certification:${citizen.id}`),
      );
    }
    if (citizen.donates) {
      await client.create(
        '/donations',
        token,
        { ...citizen.donates, cashbackMonth: today.slice(0, 7), cardReference: `9410 0000 0000 00${citizen.id.slice(-2)}` },
        step(`donation:${citizen.id}`),
      );
    }
  }
  log(
    `${DEMO_CITIZENS.length} citizens prepaid, redeemed, certified (${DEMO_CITIZENS.filter((c) => c.certifies).length}) and donated cashback (${DEMO_CITIZENS.filter((c) => c.donates).length})`,
  );
  return campaignId;
}

/**
 * What falls due once a round is over (from the day after round 1 ends): closing and drawing
 * each ended round, and settling the shops for the demo's first day.
 */
async function catchUp(client: DemoClient, campaign: any, log: (line: string) => void): Promise<DemoResult['drawn']> {
  const staff = await client.token(STAFF, 'staff');
  const today = await client.today();
  const drawn: DemoResult['drawn'] = [];
  for (const round of campaign.raffle.rounds as { number: number; startsOn: string; endsOn: string }[]) {
    if (round.endsOn >= today) break;
    const path = `/campaigns/${campaign.campaignId}/raffle/rounds/${round.number}`;
    let published = await client.expect(200, 'GET', path);
    if (!published.declaredSources?.length) {
      log(`round ${round.number} opened before its randomness could be declared: it is not drawn`);
      continue;
    }
    if (published.status !== 'drawn') {
      await client.expect(200, 'POST', `${path}/close`, { token: staff });
      await client.expect(202, 'POST', `${path}/draw`, {
        token: staff,
        body: { numbers: [demoNumbers(campaign.campaignId, round.number)] },
      });
      const deadline = Date.now() + 60_000;
      while ((published = await client.expect(200, 'GET', path)).status !== 'drawn') {
        if (Date.now() > deadline) throw new Error(`round ${round.number} was not drawn within a minute: is the worker running?`);
        await new Promise((r) => setTimeout(r, 200));
      }
      log(`round ${round.number} drawn: ${published.draw.winners} winner(s) of ${published.draw.ranking.length} entries`);
    }
    const file = join(tmpdir(), `goodpay-demo-round-${round.number}.json`);
    await writeFile(file, `${JSON.stringify(published.draw, null, 2)}\n`);
    drawn.push({ round: round.number, verifies: verifyDraw(published.draw).matches, file });
  }
  const firstDay = (campaign.raffle.rounds as { endsOn: string }[])[0]!.endsOn;
  if (firstDay < today) {
    await client.expect(202, 'POST', `/settlement-days/${firstDay}/run`, { token: staff });
    log(`settlement of ${firstDay} requested (the worker pays the shops out)`);
  }
  return drawn;
}

/**
 * Creates the demo campaign on the api at `baseUrl` when it is not there yet, then does what
 * fell due since (the draws of ended rounds, the settlement), and says where to look.
 */
export async function runDemo(baseUrl: string, log: (line: string) => void = () => undefined): Promise<DemoResult> {
  const client = new DemoClient(baseUrl);
  let campaign = await findDemoCampaign(client);
  const created = !campaign;
  if (!campaign) {
    const campaignId = await setUp(client, log);
    campaign = await client.expect(200, 'GET', `/campaigns/${campaignId}`);
  } else {
    log(`the demo campaign is already there (${campaign.campaignId}): doing what fell due since`);
  }
  const drawn = await catchUp(client, campaign, log);
  const staff = await client.token(STAFF, 'staff');
  const id = campaign.campaignId as string;
  const round1 = `${baseUrl}/campaigns/${id}/raffle/rounds/1`;
  const lines = [
    `API docs (OpenAPI):   ${baseUrl}/docs`,
    `the campaign:         ${baseUrl}/campaigns/${id}`,
    `its dashboard:        ${baseUrl}/campaigns/${id}/dashboard   (staff token below)`,
    `the shops:            ${baseUrl}/merchants`,
    `queue board:          ${baseUrl}/admin/queues   (send the header "Authorization: Bearer <staff token>")`,
    `staff token (12 h):   ${staff}`,
    `round 1 document:     ${round1}`,
    ...(drawn.length > 0
      ? drawn.map(
          (d) =>
            `round ${d.round} draw:        ${d.verifies ? 'verifies' : 'DOES NOT verify'} from its inputs; saved to ${d.file}; check it yourself: NODE_ENV=development npm run cli -- raffle:verify ${d.file}`,
        )
      : [
          `round 1 ends today (Seoul): run npm run demo again tomorrow to close and draw it, then verify the saved draw with npm run cli -- raffle:verify`,
        ]),
  ];
  return { campaignId: id, created, drawn, lines };
}
