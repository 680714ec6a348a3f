import { createHash } from 'node:crypto';
import { bls12_381 as bls } from '@noble/curves/bls12-381';
import { RuleViolationError } from '@goodpay/shared';

/**
 * drand, the League of Entropy's public randomness beacon (https://docs.drand.love): every
 * `period` seconds from `genesis_time` the network signs the next round with a threshold BLS
 * key; nobody, the network's members included, can know a round's value before it is signed,
 * and anyone can check it against the chain's public key. A round's randomness is SHA-256 of
 * its signature.
 *
 * Schemes, as drand specifies them (drand-client's beacon-verification.ts does the same):
 * - `bls-unchained-g1-rfc9380` (quicknet): signature on G1 (48 bytes), public key on G2,
 *   message SHA-256(round as 8-byte big-endian), hash to curve per RFC 9380 with DST
 *   BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_;
 * - `pedersen-bls-chained` (the original "default" chain): signature on G2 (96 bytes), public
 *   key on G1, message SHA-256(previous_signature || round as 8-byte big-endian), DST
 *   BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_.
 */

export type DrandScheme = 'bls-unchained-g1-rfc9380' | 'pedersen-bls-chained';
export const DRAND_SCHEMES: readonly DrandScheme[] = ['bls-unchained-g1-rfc9380', 'pedersen-bls-chained'];

/** A chain as its relay's `/{chainHash}/info` describes it. */
export interface DrandChain {
  chainHash: string;
  publicKey: string;
  /** Seconds between rounds. */
  period: number;
  /** Unix seconds of round 1. */
  genesisTime: number;
  scheme: DrandScheme;
}

/** The League of Entropy mainnet quicknet chain (https://api.drand.sh/52db9b.../info). */
export const QUICKNET: DrandChain = {
  chainHash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
  publicKey:
    '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
  period: 3,
  genesisTime: 1692803367,
  scheme: 'bls-unchained-g1-rfc9380',
};

export interface DrandBeacon {
  round: number;
  /** Hex. */
  signature: string;
  /** Hex; chained schemes only. */
  previousSignature?: string;
}

/** When round `round` is produced (ISO instant). */
export const drandRoundTime = (chain: DrandChain, round: number): string =>
  new Date((chain.genesisTime + (round - 1) * chain.period) * 1000).toISOString();

/** The first round produced strictly after `instant`: its value cannot be known at that instant. */
export function drandRoundAfter(chain: DrandChain, instant: string): number {
  const seconds = Date.parse(instant) / 1000;
  return Math.max(1, Math.floor((seconds - chain.genesisTime) / chain.period) + 2);
}

const HEX = /^(?:[0-9a-f]{2})+$/;
const sha256 = (data: Buffer): Buffer => createHash('sha256').update(data).digest();
const roundBytes = (round: number): Buffer => {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(round));
  return bytes;
};

/** Whether the signature is the chain's for that round (false for anything malformed). */
export function drandSignatureValid(chain: DrandChain, beacon: DrandBeacon): boolean {
  const { signature, previousSignature, round } = beacon;
  if (!Number.isSafeInteger(round) || round < 1 || typeof signature !== 'string' || !HEX.test(signature)) return false;
  try {
    if (chain.scheme === 'bls-unchained-g1-rfc9380') {
      return bls.verifyShortSignature(signature, sha256(roundBytes(round)), chain.publicKey, {
        DST: 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_',
      });
    }
    if (chain.scheme === 'pedersen-bls-chained') {
      if (typeof previousSignature !== 'string' || !HEX.test(previousSignature)) return false;
      const message = sha256(Buffer.concat([Buffer.from(previousSignature, 'hex'), roundBytes(round)]));
      return bls.verify(signature, message, chain.publicKey, { DST: 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_' });
    }
  } catch {
    return false; // not a point of the curve
  }
  return false;
}

/** The beacon's randomness (SHA-256 of its signature, lowercase hex), once its signature is checked. */
export function verifiedDrandRandomness(chain: DrandChain, beacon: DrandBeacon): string {
  if (!drandSignatureValid(chain, beacon)) {
    throw new RuleViolationError(
      'drand_signature_invalid',
      `the drand value given for round ${beacon.round} is not signed by chain ${chain.chainHash}`,
      {
        round: beacon.round,
      },
    );
  }
  return sha256(Buffer.from(beacon.signature, 'hex')).toString('hex');
}
