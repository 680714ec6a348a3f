import { createHash } from 'node:crypto';
import { canonicalEntryList } from './entry-list';
import { merkleRoot } from './merkle';
import { drawRanking } from './ranking';
import { verifyDraw } from './verify-draw';

/**
 * Exact outcomes for fixed inputs, recorded before the draw was made faster: anyone re-running a
 * published draw must get these bytes, so no optimisation may change them. The large list's hash
 * is also `LC_ALL=C sort | sha256sum` of its ids, one per line.
 */

const ids = (count: number) =>
  Array.from({ length: count }, (_, i) => `entry-${createHash('md5').update(`golden-entry-${i}`).digest('hex')}`);

describe('the draw for fixed inputs (golden)', () => {
  it('ranks winners and waiting list of a pool beyond the counter limit as recorded', () => {
    const entries = ids(100_000);
    const inputs = {
      entries,
      sources: [
        { label: 'Lotto 6/45 draw 1154', numbers: ['3', '11', '17', '25', '32', '41'] },
        {
          label: 'drand quicknet round 1000',
          numbers: ['fe290beca10872ef2fb164d2aa4442de4566183ec51c56ff3cd603d930e54fdd'],
          format: 'text' as const,
        },
      ],
      quota: 7,
      waitingListSize: 5,
    };
    const outcome = drawRanking(inputs);
    expect(outcome).toEqual({
      entryListHash: '2fc36bbb9f9044932c8d28e6e614de24a10b955d16333d01f1a1608337f8fbb3',
      keyString: '3.11.17.25.32.41./FE290BECA10872EF2FB164D2AA4442DE4566183EC51C56FF3CD603D930E54FDD./',
      poolSize: 100_000,
      winners: 7,
      ranking: [
        'entry-502f2f4d7a5b5f21ba00b15dbebb340a',
        'entry-1177ecff0367d9a070c99479381632f5',
        'entry-eab6c1b98f9bc38598100efd68872c1f',
        'entry-7b5aaeccc3a345ac108e84772960c816',
        'entry-02c3d141980c161488cd6416fa92107b',
        'entry-07f115738bd5a327f739bac6c4b3324d',
        'entry-5a8a8a8f4bb5af7bec707df81c0ad135',
        'entry-d4ee0598a997f790798020baec63ca76',
        'entry-c58f46f58ea4f07b7f8bd51ef5d7148c',
        'entry-343e24263d140aab86ba624e42c06bd1',
        'entry-1efbe13f38e7cc860d6df1dcffc39877',
        'entry-83d9f3d09ffb8c239ec0da336c623f87',
      ],
    });
    expect(merkleRoot(canonicalEntryList(entries))).toBe('056c24804497db5f23380b65080f0dcf909338a12ce4dab216cec97f7129e776');
    expect(verifyDraw({ ...inputs, entryListHash: outcome.entryListHash, ranking: outcome.ranking }).matches).toBe(true);
  });

  it('ranks a whole small pool of non-ASCII, prefix-sharing ids as recorded', () => {
    const entries = [
      'round-2-zeta',
      'round-2-alpha',
      'round-2-alph',
      'round-10-b',
      'Ümlaut-1',
      'Ümlaut-2',
      'é',
      'e',
      'E',
      '\u{1F600}-smile',
      '\uffff-last',
      'a b',
      'a-b',
      'a_b',
      'z',
      'zz',
      'zzz',
      '0',
      '00',
      '1',
    ];
    const outcome = drawRanking({ entries, sources: [{ label: 'x', numbers: ['9319'] }], quota: 3, waitingListSize: 2 });
    expect(outcome).toEqual({
      entryListHash: 'c656e175458107cda707cba24791b1d12a75d84128eb09fd146488e91469ba58',
      keyString: '9319./',
      poolSize: 20,
      winners: 3,
      ranking: [
        'zz',
        'zzz',
        'round-2-zeta',
        'z',
        '\uffff-last',
        'a b',
        'Ümlaut-2',
        'round-2-alpha',
        'round-10-b',
        '0',
        'a_b',
        '\u{1F600}-smile',
        'e',
        'Ümlaut-1',
        'a-b',
        'E',
        '00',
        'round-2-alph',
        'é',
        '1',
      ],
    });
    expect(merkleRoot(canonicalEntryList(entries))).toBe('2ae128ae7019a4ad7e367b824cae29a630895161d0916c565e2bda03b6cb5eb2');
  });
});
