import { randomUUID } from 'node:crypto';
import { QUICKNET } from '../../../libs/raffle/src/sources/drand';
import { QUICKNET_ROUND_1000 } from '../../../libs/raffle/src/sources/test/recorded-beacons';
import { InTestDrandRelay } from '../../support/drand/in-test-drand-relay';
import { photoLabelled } from '../../support/fixtures/photos';
import { eventually } from '../../support/processes';
import { outsiderChecks, receiptFields, uploadReceipt } from './support/raffle-http';
import { ShiftedSystem } from './support/shifted-system';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Issue 15 with a source nobody types: a round drawn from drand alone, over HTTP with the api
 * and worker processes running and the worker's DRAND_URL pointing at a relay the test runs
 * (drand's documented HTTP API, serving the real quicknet round 1000). The processes live in
 * August 2023 so that round 1000 is the first produced after the declared freeze: staff declare
 * the source and the freeze time before the round opens, citizens certify, the worker freezes
 * the round at its time by itself, and then fetches the beacon, checks its BLS signature, records
 * it and draws; an outsider checks the published document, signature included, with the
 * standalone script alone.
 */
describe('e2e: a round drawn from a drand beacon the worker fetches, over HTTP', () => {
  const relay = new InTestDrandRelay();
  let system: ShiftedSystem;
  let campaignId: string;
  const freezeAt = '2023-08-23T15:59:21.000Z'; // quicknet round 1000 is produced 3 s later

  type Call = Parameters<ShiftedSystem['request']>[2];
  const send = (method: string, path: string, options: Call = {}) => system.request(method, path, options);
  const staff = () => system.freshToken('staff-drand', 'staff');
  const citizen = (id: string) => system.freshToken(id, 'citizen');
  /** The processes' clock moves to the same time of day on `date` (UTC). */
  const liveOn = (date: string) => {
    const today = new Date().toISOString().slice(0, 10);
    system.setDaysAhead(Math.round((Date.parse(date) - Date.parse(today)) / DAY_MS));
  };

  beforeAll(async () => {
    system = new ShiftedSystem({ DRAND_URL: await relay.start() });
    liveOn('2023-08-10'); // before the round opens on Aug 14 (Seoul)
    await system.start();
  }, 120_000);
  afterAll(async () => {
    await system?.stop();
    await relay.stop();
  });

  it('staff declare a drand round and the freeze time before the round opens; the document publishes the computed round', async () => {
    const token = await staff();
    const created = await send('POST', '/campaigns', {
      token,
      idempotencyKey: randomUUID(),
      body: {
        name: 'Jeonju drand raffle',
        region: { kind: 'city', name: 'Jeonju' },
        startsOn: '2023-08-14',
        endsOn: '2023-08-31',
        raffle: { prize: 20_000, budget: 40_000, rounds: [{ number: 1, startsOn: '2023-08-14', endsOn: '2023-08-23' }] },
        participationTarget: { participants: 100, amount: 10_000_000 },
      },
    });
    expect(created.status).toBe(201);
    campaignId = created.body.campaignId;
    const declared = await send('POST', `/campaigns/${campaignId}/raffle/rounds/1/randomness`, {
      token,
      body: { sources: [{ kind: 'drand' }], freezeAt },
    });
    expect(declared.status).toBe(200);
    const document = (await send('GET', `/campaigns/${campaignId}/raffle/rounds/1`)).body;
    expect(document).toMatchObject({
      status: 'open',
      timeline: { freezeAt, reviewDeadline: freezeAt },
      declaredSources: [{ kind: 'drand', round: 1000, roundTime: '2023-08-23T15:59:24.000Z', chain: { chainHash: QUICKNET.chainHash } }],
    });
  });

  it('citizens certify with receipts and staff approve them during the round', async () => {
    liveOn('2023-08-18');
    const token = await staff();
    for (const i of [1, 2, 3]) {
      const sent = await uploadReceipt(
        system,
        campaignId,
        await citizen(`drand-citizen-${i}`),
        receiptFields('홍길동', `010-2300-000${i}`, '2023-08-17'),
        photoLabelled(`drand receipt ${i}`),
      );
      expect(sent).toMatchObject({ status: 201, body: { status: 'pending', round: 1 } });
      expect((await send('POST', `/raffle/certifications/${sent.body.certificationId}/approve`, { token })).status).toBe(200);
    }
  });

  it('at its time the worker freezes the round by itself, then fetches, verifies and records the beacon and draws with nobody typing a number', async () => {
    liveOn('2023-08-25'); // after the freeze time and drand round 1000
    // Nobody closes it: the worker's freeze job (a BullMQ job scheduler, overdue once the clock has
    // moved past its next run) freezes the round within its blocking wait (at most 10 s).
    let document: any;
    await eventually(
      async () => (document = (await send('GET', `/campaigns/${campaignId}/raffle/rounds/1`)).body).status === 'drawn',
      'the worker freezes the round and draws it from the beacon it fetched',
      60_000,
    );
    // Frozen and requested by the worker (the system actor), never by a staff click.
    const byWhom = await system.sql<{ type: string; role: string }>(
      `SELECT type, metadata->'actor'->>'role' AS role FROM events WHERE type IN ('RaffleEntryListFrozen', 'RaffleDrawRequested') ORDER BY global_position`,
    );
    expect(byWhom).toEqual([
      { type: 'RaffleEntryListFrozen', role: 'system' },
      { type: 'RaffleDrawRequested', role: 'system' },
    ]);
    expect(relay.asked).toContain(`GET /${QUICKNET.chainHash}/public/1000`);
    expect(document.frozen).toMatchObject({ entryCount: 3 });
    expect(document.draw).toMatchObject({
      sources: [
        { numbers: [QUICKNET_ROUND_1000.randomness], format: 'text', beacon: { round: 1000, signature: QUICKNET_ROUND_1000.signature } },
      ],
      winners: 2,
    });
    // An outsider with the document and Node alone: the drand signature is checked too (nothing skipped).
    expect(await outsiderChecks(document)).toMatchObject({ code: 0, report: { matches: true, failures: [], skipped: [] } });
  }, 90_000);
});
