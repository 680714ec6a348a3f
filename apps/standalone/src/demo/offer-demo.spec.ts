import { createServer, type Server } from 'node:http';
import { shouldOfferDemo } from './offer-demo';

/** A stand-in api answering GET /campaigns with `items`. */
async function apiWith(items: unknown[]): Promise<{ url: string; server: Server }> {
  const server = createServer((_, response) => response.setHeader('content-type', 'application/json').end(JSON.stringify({ items })));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

describe('the demo offered at the first start', () => {
  let empty: { url: string; server: Server };
  let used: { url: string; server: Server };
  beforeAll(async () => {
    empty = await apiWith([]);
    used = await apiWith([{ campaignId: 'c-1' }]);
  });
  afterAll(() => {
    empty.server.close();
    used.server.close();
  });

  it('is offered to a person at a terminal, in development, on a database without campaigns', async () => {
    expect(await shouldOfferDemo('development', empty.url, true)).toBe(true);
  });

  it('is never offered without a terminal (a pipe, a service, CI), in production or test, or once there are campaigns', async () => {
    expect(await shouldOfferDemo('development', empty.url, false)).toBe(false);
    expect(await shouldOfferDemo('production', empty.url, true)).toBe(false);
    expect(await shouldOfferDemo('test', empty.url, true)).toBe(false);
    expect(await shouldOfferDemo('development', used.url, true)).toBe(false);
  });
});
