import { drandRoundAfter, drandRoundTime, drandSignatureValid, QUICKNET, verifiedDrandRandomness } from './drand';
import { lottoDrawDate, lottoNumbers } from './lotto645';
import { CHAINED_CHAIN, CHAINED_ROUND_397089, QUICKNET_ROUND_1000 } from './test/recorded-beacons';

/**
 * drand's schemes as its documentation and drand-client's beacon-verification.ts specify them
 * (https://docs.drand.love/docs/specification/ "Beacon verification"), checked on real beacons.
 */
describe('drand', () => {
  it('verifies a real quicknet beacon (bls-unchained-g1-rfc9380) and gives SHA-256 of its signature', () => {
    expect(verifiedDrandRandomness(QUICKNET, QUICKNET_ROUND_1000)).toBe(QUICKNET_ROUND_1000.randomness);
  });

  it('verifies a real chained beacon (pedersen-bls-chained) with its previous signature only', () => {
    expect(verifiedDrandRandomness(CHAINED_CHAIN, CHAINED_ROUND_397089)).toBe(CHAINED_ROUND_397089.randomness);
    expect(drandSignatureValid(CHAINED_CHAIN, { ...CHAINED_ROUND_397089, previousSignature: undefined })).toBe(false);
    expect(drandSignatureValid(CHAINED_CHAIN, { ...CHAINED_ROUND_397089, round: 397088 })).toBe(false);
  });

  it('refuses a signature for another round, an altered signature, another chain, or junk', () => {
    expect(drandSignatureValid(QUICKNET, { ...QUICKNET_ROUND_1000, round: 1001 })).toBe(false);
    const altered = `${QUICKNET_ROUND_1000.signature.slice(0, -2)}${QUICKNET_ROUND_1000.signature.endsWith('39') ? '3a' : '39'}`;
    expect(drandSignatureValid(QUICKNET, { ...QUICKNET_ROUND_1000, signature: altered })).toBe(false);
    expect(drandSignatureValid({ ...QUICKNET, scheme: 'pedersen-bls-chained' }, QUICKNET_ROUND_1000)).toBe(false);
    expect(drandSignatureValid(QUICKNET, { round: 1000, signature: 'zz' })).toBe(false);
    expect(() => verifiedDrandRandomness(QUICKNET, { ...QUICKNET_ROUND_1000, round: 1001 })).toThrow(
      expect.objectContaining({ code: 'drand_signature_invalid' }),
    );
  });

  it('fixes the round from a time: the first round produced strictly after it', () => {
    expect(drandRoundTime(QUICKNET, 1000)).toBe('2023-08-23T15:59:24.000Z');
    expect(drandRoundAfter(QUICKNET, '2023-08-23T15:59:21.000Z')).toBe(1000);
    expect(drandRoundAfter(QUICKNET, '2023-08-23T15:59:23.999Z')).toBe(1000);
    expect(drandRoundAfter(QUICKNET, '2023-08-23T15:59:24.000Z')).toBe(1001);
  });
});

describe('Lotto 6/45', () => {
  it('dates draws weekly from draw 1 on 2002-12-07', () => {
    expect(lottoDrawDate(1)).toBe('2002-12-07');
    expect(lottoDrawDate(1158)).toBe('2025-02-08');
  });

  it('takes six distinct numbers from 1 to 45 and a distinct bonus, nothing else', () => {
    expect(lottoNumbers(['3', '11', '19', '27', '38', '44', '7'], 0)).toEqual(['3', '11', '19', '27', '38', '44', '7']);
    for (const bad of [
      ['0', '99999999999999999999'],
      ['3', '11', '19', '27', '38', '44'],
      ['3', '11', '19', '27', '38', '44', '44'],
      ['3', '11', '19', '27', '38', '46', '7'],
      ['3', '11', '19', '27', '38', '4.5', '7'],
    ]) {
      expect(() => lottoNumbers(bad, 0)).toThrow(expect.objectContaining({ code: 'invalid_lotto_numbers' }));
    }
  });
});
