import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { QUICKNET } from '../../../libs/raffle/src/sources/drand';
import { QUICKNET_ROUND_1000 } from '../../../libs/raffle/src/sources/test/recorded-beacons';

/**
 * A drand relay as drand's HTTP API documents it
 * (https://docs.drand.love/docs/dev-guide/3-4-dev-guide-http-api, "/{chain-hash}/public/{round}"):
 * the round's JSON `{ round, randomness, signature }` once produced, 404 for a round it does not
 * have. It serves the real recorded quicknet round 1000, or (when `tampered`) that beacon with
 * a signature that is not the chain's.
 */
export class InTestDrandRelay {
  tampered = false;
  readonly asked: string[] = [];
  private server!: Server;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      this.asked.push(`${request.method} ${request.url}`);
      if (request.method !== 'GET' || request.url !== `/${QUICKNET.chainHash}/public/${QUICKNET_ROUND_1000.round}`) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const signature = this.tampered ? `${QUICKNET_ROUND_1000.signature.slice(0, 94)}00` : QUICKNET_ROUND_1000.signature;
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ round: QUICKNET_ROUND_1000.round, randomness: QUICKNET_ROUND_1000.randomness, signature }));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
