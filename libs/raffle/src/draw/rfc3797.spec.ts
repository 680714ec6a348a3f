import { drawRanking } from './ranking';
import { keyString, selectionDigest, selectIndices } from './rfc3797';

/** RFC 3797 section 6, "Fully Worked Example", reproduced exactly. */
describe('RFC 3797 section 6 worked example', () => {
  // The 25 eligible volunteers, in their published order.
  const volunteers = [
    'John',
    'Mary',
    'Bashful',
    'Dopey',
    'Sleepy',
    'Grouchy',
    'Doc',
    'Sneazy',
    'Handsome',
    'Cassandra',
    'Pollyanna',
    'Pendragon',
    'Pandora',
    'Faith',
    'Hope',
    'Charity',
    'Lee',
    'Longsuffering',
    'Chastity',
    'Smith',
    'Pride',
    'Sloth',
    'Envy',
    'Anger',
    'Kasczynski',
  ];
  // Three sources: a single number, five numbers published unsorted, six lottery numbers.
  const sources = [
    { label: 'source 1', numbers: ['9319'] },
    { label: 'source 2', numbers: ['2', '5', '12', '8', '10'] },
    { label: 'source 3', numbers: ['9', '18', '26', '34', '41', '45'] },
  ];
  const key = '9319./2.5.8.10.12./9.18.26.34.41.45./';
  // The RFC's table: MD5 of (counter, key, counter) for the ten selections.
  const digests = [
    '990DD0A5692A029A98B5E01AA28F3459',
    '3691E55CB63FCC37914430B2F70B5EC6',
    'FE814EDF564C190AC1D25753979990FA',
    '1863CCACEB568C31D7DDBDF1D4E91387',
    'F4AB33DF4889F0AF29C513905BE1D758',
    '13EAEB529F61ACFB9A29D0BA3A60DE4A',
    '992DB77C382CA2BDB9727001F3CDCCD9',
    '63AB4258ECA922976811C7F55C383CE7',
    'DFBC5AC97CED01B3A6E348E3CC63F40D',
    '31CB111C4A4EBE9287CEAE16FE51B909',
  ];
  // The ten selected, by their number in the published list.
  const selectedNumbers = [17, 7, 2, 16, 25, 23, 8, 24, 19, 13];

  it('builds the key string: numbers sorted, each followed by ".", each source ended by "/"', () => {
    expect(keyString(sources)).toBe(key);
  });

  it('hashes counter || key || counter with MD5 as in the table', () => {
    expect(digests.map((_, counter) => selectionDigest(key, counter).toString('hex').toUpperCase())).toEqual(digests);
  });

  it('selects the same ten volunteers in the same order', () => {
    const selected = selectIndices(key, volunteers.length, 10);
    expect(selected.map((index) => index + 1)).toEqual(selectedNumbers);
    expect(selected.map((index) => volunteers[index])).toEqual([
      'Lee',
      'Doc',
      'Mary',
      'Charity',
      'Kasczynski',
      'Envy',
      'Sneazy',
      'Anger',
      'Chastity',
      'Pandora',
    ]);
  });

  it('ranks the same way through the whole draw when entry ids sort in the published order', () => {
    const entries = volunteers.map((name, i) => `${String(i + 1).padStart(2, '0')}-${name}`).reverse();
    const outcome = drawRanking({ entries, sources, quota: 10, waitingListSize: 0 });
    expect(outcome.keyString).toBe(key);
    expect(outcome.winners).toBe(10);
    // The pool has 25 entries, so the whole pool is ranked: the RFC's ten first.
    expect(outcome.ranking).toHaveLength(25);
    expect(outcome.ranking.slice(0, 10).map((id) => Number(id.slice(0, 2)))).toEqual(selectedNumbers);
  });

  it('writes numbers without leading zeros and compares them as numbers, not as text', () => {
    expect(keyString([{ label: 'a', numbers: ['010', '9', '0'] }])).toBe('0.9.10./');
  });

  it('refuses a source that is not a list of non-negative integers', () => {
    expect(() => keyString([{ label: 'a', numbers: ['1.5'] }])).toThrow(expect.objectContaining({ code: 'invalid_randomness_source' }));
    expect(() => keyString([{ label: 'a', numbers: [] }])).toThrow(expect.objectContaining({ code: 'invalid_randomness_source' }));
    expect(() => keyString([])).toThrow(expect.objectContaining({ code: 'invalid_randomness_source' }));
  });
});

/** RFC 3797 alphanumeric sources (section 3.2, written into the key as section 4 does numbers). */
describe('RFC 3797 alphanumeric sources', () => {
  it('writes hex and text values upper case, sorted by bytes, each followed by "."', () => {
    expect(keyString([{ label: 'drand', numbers: ['fe290beca1'], format: 'text' }])).toBe('FE290BECA1./');
    expect(keyString([{ label: 'block', numbers: ['ab12', 'AB11', '0aff'], format: 'text' }])).toBe('0AFF.AB11.AB12./');
    expect(
      keyString([
        { label: 'score', numbers: ['w 4-1'], format: 'text' },
        { label: 'lotto', numbers: ['45', '9'] },
      ]),
    ).toBe('W 4-1./9.45./');
  });

  it('gives one key for the same hex whatever its case, and keeps decimal sources as before', () => {
    expect(keyString([{ label: '', numbers: ['DeadBeef'], format: 'text' }])).toBe(
      keyString([{ label: '', numbers: ['deadbeef'], format: 'text' }]),
    );
    expect(keyString([{ label: '', numbers: ['010'], format: 'decimal' }])).toBe('10./');
  });

  it('refuses a text value holding a separator or anything outside printable ASCII', () => {
    for (const bad of ['a.b', 'a/b', '', 'é', 'a\nb']) {
      expect(() => keyString([{ label: '', numbers: [bad], format: 'text' }])).toThrow(
        expect.objectContaining({ code: 'invalid_randomness_source' }),
      );
    }
  });
});
