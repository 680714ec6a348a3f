import type { DrandBeacon, DrandChain } from './drand';

/**
 * A drand HTTP relay, as drand's HTTP API documents it
 * (https://docs.drand.love/docs/dev-guide/3-4-dev-guide-http-api):
 * `GET {relay}/{chain-hash}/public/{round}` answers `{ round, randomness, signature,
 * previous_signature? }` (hex) once the round is produced. Nothing it answers is believed: the
 * round decider checks the signature against the chain's public key before recording it.
 */
export class DrandRelay {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  /** The round's beacon, or null while the relay does not have it (not produced yet: 404, or 425 Too Early). */
  async beacon(chain: DrandChain, round: number): Promise<DrandBeacon | null> {
    const url = `${this.baseUrl.replace(/\/+$/, '')}/${chain.chainHash}/public/${round}`;
    const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(this.timeoutMs) });
    if (response.status === 404 || response.status === 425) return null;
    if (!response.ok) throw new Error(`drand relay answered ${response.status} for round ${round}`);
    const body = (await response.json()) as { round?: unknown; signature?: unknown; previous_signature?: unknown };
    if (body.round !== round || typeof body.signature !== 'string') {
      throw new Error(`drand relay answered something else than round ${round}`);
    }
    return {
      round,
      signature: body.signature.toLowerCase(),
      ...(chain.scheme === 'pedersen-bls-chained' && typeof body.previous_signature === 'string'
        ? { previousSignature: body.previous_signature.toLowerCase() }
        : {}),
    };
  }
}

/** The relay the worker fetches from, or null when none is configured (staff paste the signature). */
export const DRAND_RELAY = Symbol('DRAND_RELAY');
