import { randomBytes, randomUUID } from 'node:crypto';
import { openShop, type OpenShop } from '../../support/open-shop';
import { OtlpReceiver } from '../../support/otlp-receiver';
import { eventually } from '../../support/processes';
import { RunningSystem } from '../../support/system';

/**
 * Issue 14, traces: with an OTLP endpoint configured, a request's trace goes from the api's
 * HTTP span through the command's queries to the event (its metadata carries the trace
 * context) and on to the worker that applies it. Off by default (every other test runs so).
 */
describe('e2e: OpenTelemetry traces across the api and the worker', () => {
  const receiver = new OtlpReceiver();
  let system: RunningSystem;
  let shop: OpenShop;

  beforeAll(async () => {
    await receiver.start();
    system = new RunningSystem({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '100' });
    await system.start();
    shop = await openShop(system, 'Traces');
  }, 120_000);
  afterAll(async () => {
    await system.stop();
    await receiver.stop();
  });

  it('a prepayment made under a caller’s trace is traced through the append, and its event carries the trace', async () => {
    const traceId = randomBytes(16).toString('hex');
    const made = await system.request('POST', '/prepayments', {
      token: shop.owner,
      idempotencyKey: randomUUID(),
      headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
      body: {
        campaignId: shop.campaignId,
        merchantId: shop.merchantId,
        amount: 150_000,
        channel: 'at_shop',
        payer: { id: 'trace-citizen', kind: 'citizen' },
      },
    });
    expect(made.status).toBe(201);

    const inTrace = () => receiver.spans.filter((span) => span.traceId === traceId);
    await eventually(
      async () =>
        inTrace().some(
          (span) =>
            span.service === 'goodpay-api' &&
            /INSERT INTO events|append_commands|append_to_streams/.test(
              String(span.attributes['db.statement'] ?? span.attributes['db.query.text'] ?? span.name),
            ),
        ),
      'the append is traced',
      30_000,
    );
    const server = inTrace().find((span) => span.service === 'goodpay-api' && span.kind === 2 /* SERVER */);
    expect(server).toBeDefined();

    const [event] = await system.sql<{ metadata: { traceparent?: string } }>(
      `SELECT metadata FROM events WHERE stream_id = $1 ORDER BY stream_version LIMIT 1`,
      [`prepayment-${made.body.prepaymentId}`],
    );
    expect(event?.metadata.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));

    // Each worker consumer that applies the event reports its batch in a span linked to the request.
    await eventually(
      async () =>
        receiver.spans.some(
          (span) =>
            span.service === 'goodpay-worker' &&
            span.name === 'consume prepayment-balances' &&
            span.links.some((link) => link.traceId === traceId),
        ),
      'the balances consumer’s span links to the request',
      30_000,
    );
  });
});
