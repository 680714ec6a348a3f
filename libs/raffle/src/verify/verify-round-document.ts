import { createHash } from 'node:crypto';
import { addDays, seoulDate } from '@goodpay/shared';
import { DomainError } from '@goodpay/shared';
import { merkleRoot } from '../draw/merkle';
import { keyString } from '../draw/rfc3797';
import { verifyDraw } from '../draw/verify-draw';
import { entryListHash } from '../draw/entry-list';
import { roundQuota } from '../quota/quota';
import { type PublishedRound, ROUND_DOCUMENT_FORMAT } from '../round/published-round';
import { drandRoundAfter, drandRoundTime, drandSignatureValid } from '../sources/drand';
import { lottoDrawDate, lottoNumbers } from '../sources/lotto645';

/** What a check is about: the reasons `raffle:verify` and scripts/verify-draw.mjs both give. */
export type RoundCheck =
  'document' | 'timeline' | 'settings' | 'sources' | 'seed' | 'keyString' | 'entryList' | 'quota' | 'winners' | 'ranking';

export interface RoundFailure {
  check: RoundCheck;
  /** Where in the document, as a JSON path. */
  at: string;
  message: string;
}

export interface RoundVerification {
  matches: boolean;
  failures: RoundFailure[];
  /** The winners' entry ids as recomputed (empty when the draw could not be recomputed). */
  winners: string[];
}

const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');
const isSorted = (ids: readonly string[]): boolean => ids.every((id, i) => i === 0 || ids[i - 1] < id);

/**
 * Checks a drawn round from its published document alone (what GET
 * /campaigns/:id/raffle/rounds/:round returns), no database: docs/verify-a-draw.md says what
 * each check does. scripts/verify-draw.mjs is the same check written again with Node alone.
 */
export function verifyRoundDocument(document: PublishedRound): RoundVerification {
  const failures: RoundFailure[] = [];
  const fail = (check: RoundCheck, at: string, message: string) => failures.push({ check, at, message });
  const done = (winners: string[] = []): RoundVerification => ({ matches: failures.length === 0, failures, winners });

  if (document?.format !== ROUND_DOCUMENT_FORMAT) fail('document', '$.format', `not a round document of format ${ROUND_DOCUMENT_FORMAT}`);
  const { timeline, declaredSources: declared, frozen, draw } = document ?? ({} as PublishedRound);
  if (!draw || !frozen) return (fail('document', '$.draw', 'the round is not drawn yet: nothing to verify'), done());
  if (!timeline || !Array.isArray(declared)) return (fail('timeline', '$.timeline', 'no timeline declared in advance'), done());

  // The timeline: declared before the round opened, frozen at the declared time, the values asked for after.
  const order: [string, string | null | undefined, string, string | null | undefined][] = [
    ['$.timeline.declaredAt', timeline.declaredAt, '$.timeline.opensAt', timeline.opensAt],
    ['$.timeline.certificationClosesAt', timeline.certificationClosesAt, '$.timeline.freezeAt', timeline.freezeAt],
    ['$.timeline.reviewDeadline', timeline.reviewDeadline, '$.timeline.freezeAt', timeline.freezeAt],
    ['$.timeline.freezeAt', timeline.freezeAt, '$.frozen.frozenAt', frozen.frozenAt],
    ['$.frozen.frozenAt', frozen.frozenAt, '$.draw.requestedAt', draw.requestedAt],
    ['$.draw.requestedAt', draw.requestedAt, '$.draw.drawnAt', draw.drawnAt],
  ];
  for (const [earlierAt, earlier, laterAt, later] of order) {
    if (!earlier || !later || !(Date.parse(earlier) <= Date.parse(later)))
      fail('timeline', laterAt, `${laterAt} (${later}) is not at or after ${earlierAt} (${earlier})`);
  }
  if (
    document.period &&
    timeline.certificationClosesAt !== new Date(`${addDays(document.period.endsOn, 1)}T00:00:00+09:00`).toISOString()
  ) {
    fail('timeline', '$.timeline.certificationClosesAt', `certification must close at the end of ${document.period.endsOn} (Seoul)`);
  }

  // The sources: each one what was declared, produced after the freeze, its value checked.
  const sources = Array.isArray(draw.sources) ? draw.sources : [];
  if (sources.length !== declared.length)
    fail('sources', '$.draw.sources', `${sources.length} values for ${declared.length} declared sources`);
  if (declared.every((s) => s.kind === 'committed_seed')) fail('sources', '$.declaredSources', 'only a staff seed: no public source');
  declared.forEach((source, i) => {
    const at = `$.draw.sources[${i}]`;
    const value = sources[i];
    if (!value) return;
    if (value.label !== source.label) fail('sources', `${at}.label`, `label "${value.label}" is not the declared "${source.label}"`);
    switch (source.kind) {
      case 'drand': {
        const expected = drandRoundAfter(source.chain, timeline.freezeAt);
        if (source.round !== expected || source.roundTime !== drandRoundTime(source.chain, source.round)) {
          fail('sources', `$.declaredSources[${i}].round`, `drand round ${source.round} is not the first after the freeze (${expected})`);
        }
        const beacon = value.beacon;
        if (!beacon || beacon.round !== source.round) return fail('sources', `${at}.beacon`, `no beacon of drand round ${source.round}`);
        if (!drandSignatureValid(source.chain, beacon))
          return fail(
            'sources',
            `${at}.beacon.signature`,
            `the signature is not chain ${source.chain.chainHash}'s for round ${beacon.round}`,
          );
        if (value.format !== 'text' || value.numbers?.length !== 1 || value.numbers[0] !== sha256(Buffer.from(beacon.signature, 'hex'))) {
          fail('sources', `${at}.numbers`, 'the value is not SHA-256 of the beacon signature');
        }
        return;
      }
      case 'lotto645':
        if (source.drawDate !== lottoDrawDate(source.drawNumber) || source.drawDate <= seoulDate(timeline.freezeAt)) {
          fail(
            'sources',
            `$.declaredSources[${i}].drawDate`,
            `Lotto draw ${source.drawNumber} (${source.drawDate}) is not a draw after the freeze`,
          );
        }
        try {
          lottoNumbers(value.numbers, i);
        } catch (error) {
          fail('sources', `${at}.numbers`, (error as Error).message);
        }
        return;
      case 'committed_seed':
        if (value.numbers?.length !== 1 || sha256(String(value.numbers[0])) !== source.seedSha256) {
          fail('seed', `${at}.numbers`, `the seed does not hash to the published commitment ${source.seedSha256}`);
        }
        return;
      case 'public_numbers':
        fail(
          'sources',
          `$.declaredSources[${i}]`,
          'numbers typed under a free-text label (declared before issue 15): nothing to check them against',
        );
    }
  });

  try {
    if (keyString(sources) !== draw.keyString)
      fail('keyString', '$.draw.keyString', `published "${draw.keyString}", the sources give "${keyString(sources)}"`);
  } catch (error) {
    fail('keyString', '$.draw.sources', (error as Error).message);
  }

  // The list: the one published at the freeze, in canonical order.
  const entries = Array.isArray(draw.entries) ? draw.entries : [];
  if (!isSorted(entries)) fail('entryList', '$.draw.entries', 'the entries are not in canonical order (sorted, no duplicates)');
  const listHash = entryListHash(entries);
  if (listHash !== frozen.entryListHash || listHash !== draw.entryListHash)
    fail('entryList', '$.draw.entries', `the entries hash to ${listHash}, the freeze published ${frozen.entryListHash}`);
  if (entries.length !== frozen.entryCount)
    fail('entryList', '$.frozen.entryCount', `${entries.length} entries, the freeze published ${frozen.entryCount}`);
  if (merkleRoot(entries) !== frozen.merkleRoot)
    fail('entryList', '$.frozen.merkleRoot', 'the entries do not give the Merkle root published at the freeze');

  // The campaign's rules, as far as they shape the list: nobody left out as an earlier winner
  // unless the campaign excludes them, and never in round 1 (there is no earlier winner).
  const settings = document.settings;
  if (!settings || typeof settings.excludeEarlierWinners !== 'boolean') {
    fail('settings', '$.settings', "the campaign's raffle rules are not published");
  } else if ((!settings.excludeEarlierWinners || document.round === 1) && frozen.excludedEarlierWinners !== 0) {
    fail(
      'settings',
      '$.frozen.excludedEarlierWinners',
      `${frozen.excludedEarlierWinners} earlier winners left out, but ${settings.excludeEarlierWinners ? 'round 1 has none' : 'the campaign does not exclude them'}`,
    );
  }

  // The quota: budget / prize places, shared over the rounds left.
  const q = draw.quotaDerivation;
  if (!q) fail('quota', '$.draw.quotaDerivation', 'no derivation of the quota published');
  else {
    if (q.totalPlaces !== Math.floor(q.budget / q.prize))
      fail('quota', '$.draw.quotaDerivation.totalPlaces', `${q.totalPlaces} is not floor(${q.budget} / ${q.prize})`);
    try {
      const quota = roundQuota({
        totalPlaces: q.totalPlaces,
        placesAllotted: q.placesAllottedBefore,
        round: document.round,
        rounds: q.rounds,
      });
      if (quota !== draw.quota) fail('quota', '$.draw.quota', `published ${draw.quota}, the derivation gives ${quota}`);
    } catch (error) {
      fail('quota', '$.draw.quotaDerivation', (error as Error).message);
    }
  }
  if (draw.winners !== Math.min(draw.quota, entries.length))
    fail('winners', '$.draw.winners', `published ${draw.winners} winners, the quota and list give ${Math.min(draw.quota, entries.length)}`);

  // The ranking: RFC 3797 over the list with the key.
  try {
    const rerun = verifyDraw({
      entries,
      sources,
      quota: draw.quota,
      waitingListSize: draw.waitingListSize,
      entryListHash: draw.entryListHash,
      ranking: draw.ranking,
    });
    for (const difference of rerun.differences.filter((d) => !d.startsWith('entry list hash')))
      fail('ranking', '$.draw.ranking', difference);
    return done(rerun.recomputed ? rerun.recomputed.ranking.slice(0, rerun.recomputed.winners) : []);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    fail('ranking', '$.draw', error.message);
    return done();
  }
}
