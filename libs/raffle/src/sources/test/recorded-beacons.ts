import { type DrandChain, QUICKNET } from '../drand';

/**
 * Real drand beacons, recorded from the League of Entropy's chains (the same values drand's own
 * clients test with: drand/drand-client test/beacon-verification.test.ts, and quicknet round
 * 1000 as https://api.drand.sh/52db9b.../public/1000 serves it). Not made up: their BLS
 * signatures verify against the chains' public keys.
 */
export const QUICKNET_ROUND_1000 = {
  chain: QUICKNET,
  round: 1000,
  randomness: 'fe290beca10872ef2fb164d2aa4442de4566183ec51c56ff3cd603d930e54fdd',
  signature: 'b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39',
};

/** A pedersen-bls-chained beacon (drand's go test chain), with its previous signature. */
export const CHAINED_CHAIN: DrandChain = {
  chainHash: 'go-codebase-test-chain',
  publicKey: '88a8227b75dba145599d894d33eebde3b36fef900d456ae2cc4388867adb4769c40359f783750a41b4d17e40f578bfdb',
  period: 30,
  genesisTime: 1595431050,
  scheme: 'pedersen-bls-chained',
};
export const CHAINED_ROUND_397089 = {
  round: 397089,
  randomness: 'cd435675735e459fb4d9c68a9d9f7b719e59e0a9f5f86fe6bd86b730d01fba42',
  signature:
    '88ccd9a91946bc0bbef2c6c60a09bbf4a247b1d2059522449aa1a35758feddfad85efe818bbde3e1e4ab0c852d96e65f0b1f97f239bf3fc918860ea846cbb500fcf7c9d0dd3d851320374460b5fc596b8cfd629f4c07c7507c259bf9beca850a',
  previousSignature:
    'a2237ee39a1a6569cb8e02c6e979c07efe1f30be0ac501436bd325015f1cd6129dc56fd60efcdf9158d74ebfa34bfcbd17803dbca6d2ae8bc3a968e4dc582f8710c69de80b2e649663fef5742d22fff7d1619b75d5f222e8c9b8840bc2044bce',
};
