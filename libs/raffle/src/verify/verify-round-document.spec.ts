import { createHash } from 'node:crypto';
import type { PublishedRound } from '../round/published-round';
import { drawnRoundDocument } from './test/drawn-round-document';
import { type RoundCheck, verifyRoundDocument } from './verify-round-document';

/** Issue 15: the published document alone verifies, and a forged field fails with its reason. */
describe('verifying a round from its published document', () => {
  const genuine = drawnRoundDocument();
  const forged = (change: (doc: PublishedRound) => void): PublishedRound => {
    const doc = JSON.parse(JSON.stringify(genuine)) as PublishedRound;
    change(doc);
    return doc;
  };
  const checksFailing = (doc: PublishedRound): RoundCheck[] => [...new Set(verifyRoundDocument(doc).failures.map((f) => f.check))];

  it('passes on the genuine document and gives its winners', () => {
    const result = verifyRoundDocument(genuine);
    expect(result.failures).toEqual([]);
    expect(result.matches).toBe(true);
    expect(result.winners).toEqual(genuine.draw!.ranking.slice(0, genuine.draw!.winners));
    expect(genuine.draw!.winners).toBe(40); // 150 places, 50 taken, 2 rounds left: 50 each, 40 entrants
  });

  it('fails on a forged source: a drand value with another signature, a Lotto draw before the freeze, a bad Lotto number', () => {
    const otherSignature = forged((d) => {
      const beacon = d.draw!.sources[0].beacon!;
      beacon.signature = `${beacon.signature.slice(0, 94)}00`;
      d.draw!.sources[0].numbers = [createHash('sha256').update(Buffer.from(beacon.signature, 'hex')).digest('hex')];
    });
    expect(verifyRoundDocument(otherSignature).failures[0]).toMatchObject({ check: 'sources', at: '$.draw.sources[0].beacon.signature' });
    expect(checksFailing(forged((d) => ((d.declaredSources![1] as { drawNumber: number }).drawNumber = 1080)))).toContain('sources');
    expect(checksFailing(forged((d) => (d.draw!.sources[1].numbers = ['0', '99999999999999999999'])))).toContain('sources');
    expect(checksFailing(forged((d) => ((d.declaredSources![0] as { round: number }).round = 999)))).toContain('sources');
  });

  it('fails on a seed that breaks its commitment', () => {
    expect(checksFailing(forged((d) => (d.draw!.sources[2].numbers = ['12345'])))).toContain('seed');
  });

  it('fails on a key string that is not the sources’', () => {
    expect(checksFailing(forged((d) => (d.draw!.keyString = 'nonsense')))).toEqual(['keyString']);
  });

  it('fails on a winner count or quota that the derivation does not give', () => {
    expect(checksFailing(forged((d) => (d.draw!.winners = 30)))).toEqual(['winners']);
    expect(checksFailing(forged((d) => (d.draw!.quotaDerivation!.placesAllottedBefore = 0)))).toContain('quota');
  });

  it('fails on a changed ranking, saying the place', () => {
    const swapped = forged((d) => {
      const ranking = d.draw!.ranking as string[];
      [ranking[0], ranking[1]] = [ranking[1], ranking[0]];
    });
    expect(verifyRoundDocument(swapped).failures).toEqual([
      expect.objectContaining({ check: 'ranking', message: expect.stringContaining('place 1') }),
    ]);
  });

  it('fails on a list that is not the one frozen (an entry added, the root changed)', () => {
    expect(checksFailing(forged((d) => (d.draw!.entries as string[]).push('ffffffff-added')))).toContain('entryList');
    expect(checksFailing(forged((d) => (d.frozen!.merkleRoot = '0'.repeat(64))))).toEqual(['entryList']);
  });

  it('fails on a timeline not kept: declared after opening, frozen early, values asked before the freeze', () => {
    expect(checksFailing(forged((d) => (d.timeline!.declaredAt = '2023-08-15T00:00:00.000Z')))).toEqual(['timeline']);
    expect(checksFailing(forged((d) => (d.frozen!.frozenAt = '2023-08-23T10:00:00.000Z')))).toEqual(['timeline']);
    expect(checksFailing(forged((d) => (d.draw!.requestedAt = '2023-08-23T12:00:00.000Z')))).toEqual(['timeline']);
  });

  it('fails on rules not published, or earlier winners left out of a list whose campaign does not exclude them', () => {
    expect(genuine.settings).toEqual({ excludeEarlierWinners: true, confirmationDeadlineDays: 14, personalDataRetentionDays: 180 });
    expect(checksFailing(forged((d) => (d.settings = null)))).toEqual(['settings']);
    const excludedAgainstRules = forged((d) => {
      d.settings!.excludeEarlierWinners = false;
      d.frozen!.excludedEarlierWinners = 3;
    });
    expect(verifyRoundDocument(excludedAgainstRules).failures).toEqual([
      expect.objectContaining({ check: 'settings', at: '$.frozen.excludedEarlierWinners' }),
    ]);
  });

  it('refuses what is not a drawn round document', () => {
    expect(checksFailing(genuine.draw as unknown as PublishedRound)).toContain('document');
  });
});
