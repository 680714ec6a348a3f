#!/usr/bin/env node
// Checks a goodpay raffle round from its public document alone, with Node.js (>= 18) and nothing
// else: save what GET /campaigns/:id/raffle/rounds/:round returns, then
//
//   node verify-draw.mjs round.json                  the whole drawn round
//   node verify-draw.mjs round.json --proof me.json  also (or, before the draw, only) that an
//                                                    entry is in the list frozen for the draw
//
// It is written apart from the product's code on purpose (docs/verify-a-draw.md says each step):
// it re-implements RFC 3797, the list hash, the RFC 6962 Merkle tree, the drand round and Lotto
// rules and the quota. The drand BLS signature needs pairings on BLS12-381, which node:crypto
// does not have: the script uses @noble/curves when it can be imported (npm i @noble/curves),
// and otherwise says that this one check was skipped (exit code 3).
//
// Exit codes: 0 every check passed; 1 a check failed (each failure names its check and where in
// the document); 2 the files could not be read; 3 all checks run passed but the drand signature
// could not be checked.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const sha256 = (data) => createHash('sha256').update(data).digest();
const hex = (data) => sha256(data).toString('hex');
const failures = [];
const skipped = [];
const fail = (check, at, message) => failures.push({ check, at, message });

// --- RFC 3797 section 4: the key string and the selection -------------------------------------
function keyString(sources) {
  if (!Array.isArray(sources) || sources.length === 0) throw new Error('no sources');
  return sources
    .map((source) => {
      const values = source.numbers;
      if (!Array.isArray(values) || values.length === 0) throw new Error(`source "${source.label}" has no values`);
      if (source.format === 'text') {
        // Alphanumeric values: upper case, sorted by bytes.
        return `${values
          .map((v) => {
            if (!/^[\x20-\x2d\x30-\x7e]+$/.test(v)) throw new Error(`bad text value ${v}`);
            return v.toUpperCase();
          })
          .sort()
          .map((v) => `${v}.`)
          .join('')}/`;
      }
      // Numbers: decimal without leading zeros, sorted as numbers.
      return `${values
        .map((v) => {
          if (!/^[0-9]+$/.test(v)) throw new Error(`bad number ${v}`);
          return BigInt(v);
        })
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        .map((n) => `${n}.`)
        .join('')}/`;
    })
    .join('');
}

function rfc3797Ranking(key, pool, count) {
  const remaining = [...pool];
  const ranking = [];
  for (let i = 0; i < count; i += 1) {
    const counter = Buffer.from([i >> 8, i & 0xff]);
    const value = BigInt(`0x${createHash('md5').update(counter).update(key, 'ascii').update(counter).digest('hex')}`);
    ranking.push(...remaining.splice(Number(value % BigInt(remaining.length)), 1));
  }
  return ranking;
}

// --- The entry list: SHA-256 of one id per line, and the RFC 6962 Merkle tree ------------------
const listHash = (entries) => hex(entries.map((id) => `${id}\n`).join(''));
const leafHash = (id) => sha256(Buffer.concat([Buffer.from([0]), Buffer.from(id, 'utf8')]));
const nodeHash = (l, r) => sha256(Buffer.concat([Buffer.from([1]), l, r]));
function merkleRoot(entries) {
  if (entries.length === 0) return hex(Buffer.alloc(0));
  let level = entries.map(leafHash);
  while (level.length > 1) {
    const up = [];
    for (let i = 0; i < level.length; i += 2) up.push(i + 1 < level.length ? nodeHash(level[i], level[i + 1]) : level[i]);
    level = up;
  }
  return level[0].toString('hex');
}
function proofLeadsTo(proof, root) {
  let hash = leafHash(proof.entryId);
  let at = proof.index;
  let size = proof.entryCount;
  let used = 0;
  if (!(at >= 0 && at < size)) return false;
  while (size > 1) {
    if (at % 2 === 1) hash = nodeHash(Buffer.from(proof.path[used++] ?? '', 'hex'), hash);
    else if (at + 1 < size) hash = nodeHash(hash, Buffer.from(proof.path[used++] ?? '', 'hex'));
    at = Math.floor(at / 2);
    size = Math.ceil(size / 2);
  }
  return used === proof.path.length && hash.toString('hex') === root;
}

// --- Sources: drand rounds and Lotto 6/45 draws ------------------------------------------------
const roundAfter = (chain, instant) => Math.max(1, Math.floor((Date.parse(instant) / 1000 - chain.genesisTime) / chain.period) + 2);
const roundTime = (chain, round) => new Date((chain.genesisTime + (round - 1) * chain.period) * 1000).toISOString();
const seoulDate = (instant) => new Date(Date.parse(instant) + 9 * 3600_000).toISOString().slice(0, 10);
const lottoDate = (draw) => new Date(Date.UTC(2002, 11, 7) + 7 * (draw - 1) * 86_400_000).toISOString().slice(0, 10);
const roundBytes = (round) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(round));
  return b;
};

let bls;
try {
  ({ bls12_381: bls } = await import('@noble/curves/bls12-381'));
} catch {
  bls = null;
}
function drandSignatureValid(chain, beacon) {
  if (chain.scheme === 'bls-unchained-g1-rfc9380') {
    return bls.verifyShortSignature(beacon.signature, sha256(roundBytes(beacon.round)), chain.publicKey, {
      DST: 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_',
    });
  }
  if (chain.scheme === 'pedersen-bls-chained') {
    const message = sha256(Buffer.concat([Buffer.from(beacon.previousSignature ?? '', 'hex'), roundBytes(beacon.round)]));
    return bls.verify(beacon.signature, message, chain.publicKey, { DST: 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_' });
  }
  return false;
}

// --- The checks --------------------------------------------------------------------------------
function checkDraw(doc) {
  const { timeline: t, declaredSources: declared, frozen, draw } = doc;
  if (!t || !Array.isArray(declared)) return fail('timeline', '$.timeline', 'no timeline declared in advance');
  const order = [
    ['$.timeline.declaredAt', t.declaredAt, '$.timeline.opensAt', t.opensAt],
    ['$.timeline.certificationClosesAt', t.certificationClosesAt, '$.timeline.freezeAt', t.freezeAt],
    ['$.timeline.reviewDeadline', t.reviewDeadline, '$.timeline.freezeAt', t.freezeAt],
    ['$.timeline.freezeAt', t.freezeAt, '$.frozen.frozenAt', frozen.frozenAt],
    ['$.frozen.frozenAt', frozen.frozenAt, '$.draw.requestedAt', draw.requestedAt],
    ['$.draw.requestedAt', draw.requestedAt, '$.draw.drawnAt', draw.drawnAt],
  ];
  for (const [a, earlier, b, later] of order)
    if (!(Date.parse(earlier) <= Date.parse(later))) fail('timeline', b, `${b} (${later}) is not at or after ${a} (${earlier})`);

  const sources = draw.sources ?? [];
  if (sources.length !== declared.length)
    fail('sources', '$.draw.sources', `${sources.length} values for ${declared.length} declared sources`);
  if (declared.every((s) => s.kind === 'committed_seed')) fail('sources', '$.declaredSources', 'only a staff seed: no public source');
  declared.forEach((source, i) => {
    const at = `$.draw.sources[${i}]`;
    const value = sources[i];
    if (!value) return;
    if (value.label !== source.label) fail('sources', `${at}.label`, `label "${value.label}" is not the declared "${source.label}"`);
    if (source.kind === 'drand') {
      const expected = roundAfter(source.chain, t.freezeAt);
      if (source.round !== expected || source.roundTime !== roundTime(source.chain, source.round))
        fail('sources', `$.declaredSources[${i}].round`, `drand round ${source.round} is not the first after the freeze (${expected})`);
      const beacon = value.beacon;
      if (!beacon || beacon.round !== source.round) return fail('sources', `${at}.beacon`, `no beacon of drand round ${source.round}`);
      if (value.numbers?.[0] !== hex(Buffer.from(beacon.signature, 'hex')) || value.format !== 'text')
        fail('sources', `${at}.numbers`, 'the value is not SHA-256 of the beacon signature');
      if (!bls) skipped.push(`${at}.beacon.signature: drand BLS signature not checked (npm i @noble/curves to check it)`);
      else {
        let valid = false;
        try {
          valid = drandSignatureValid(source.chain, beacon);
        } catch {
          valid = false;
        }
        if (!valid)
          fail('sources', `${at}.beacon.signature`, `the signature is not chain ${source.chain.chainHash}'s for round ${beacon.round}`);
      }
    } else if (source.kind === 'lotto645') {
      if (source.drawDate !== lottoDate(source.drawNumber) || source.drawDate <= seoulDate(t.freezeAt))
        fail(
          'sources',
          `$.declaredSources[${i}].drawDate`,
          `Lotto draw ${source.drawNumber} (${source.drawDate}) is not a draw after the freeze`,
        );
      const n = (value.numbers ?? []).map((v) => (/^[0-9]{1,2}$/.test(v) ? Number(v) : NaN));
      if (n.length !== 7 || n.some((x) => !(x >= 1 && x <= 45)) || new Set(n).size !== 7)
        fail('sources', `${at}.numbers`, 'not six distinct numbers from 1 to 45 and a distinct bonus');
    } else if (source.kind === 'committed_seed') {
      if (value.numbers?.length !== 1 || hex(String(value.numbers[0])) !== source.seedSha256)
        fail('seed', `${at}.numbers`, `the seed does not hash to the published commitment ${source.seedSha256}`);
    } else fail('sources', `$.declaredSources[${i}]`, `a "${source.kind}" source cannot be checked`);
  });

  let key = null;
  try {
    key = keyString(sources);
    if (key !== draw.keyString) fail('keyString', '$.draw.keyString', `published "${draw.keyString}", the sources give "${key}"`);
  } catch (error) {
    fail('keyString', '$.draw.sources', error.message);
  }

  const entries = draw.entries ?? [];
  if (!entries.every((id, i) => i === 0 || entries[i - 1] < id))
    fail('entryList', '$.draw.entries', 'the entries are not in canonical order (sorted, no duplicates)');
  const h = listHash(entries);
  if (h !== frozen.entryListHash || h !== draw.entryListHash)
    fail('entryList', '$.draw.entries', `the entries hash to ${h}, the freeze published ${frozen.entryListHash}`);
  if (entries.length !== frozen.entryCount)
    fail('entryList', '$.frozen.entryCount', `${entries.length} entries, the freeze published ${frozen.entryCount}`);
  if (merkleRoot(entries) !== frozen.merkleRoot)
    fail('entryList', '$.frozen.merkleRoot', 'the entries do not give the Merkle root published at the freeze');

  const settings = doc.settings;
  if (!settings || typeof settings.excludeEarlierWinners !== 'boolean')
    fail('settings', '$.settings', "the campaign's raffle rules are not published");
  else if ((!settings.excludeEarlierWinners || doc.round === 1) && frozen.excludedEarlierWinners !== 0)
    fail(
      'settings',
      '$.frozen.excludedEarlierWinners',
      `${frozen.excludedEarlierWinners} earlier winners left out, against the published rules`,
    );

  const q = draw.quotaDerivation;
  if (!q) fail('quota', '$.draw.quotaDerivation', 'no derivation of the quota published');
  else {
    if (q.totalPlaces !== Math.floor(q.budget / q.prize))
      fail('quota', '$.draw.quotaDerivation.totalPlaces', `${q.totalPlaces} is not floor(${q.budget} / ${q.prize})`);
    const left = Math.max(0, q.totalPlaces - q.placesAllottedBefore);
    const roundsLeft = q.rounds - doc.round + 1;
    const quota = roundsLeft === 1 ? left : Math.floor(left / roundsLeft);
    if (quota !== draw.quota) fail('quota', '$.draw.quota', `published ${draw.quota}, the derivation gives ${quota}`);
  }
  const winners = Math.min(draw.quota, entries.length);
  if (draw.winners !== winners) fail('winners', '$.draw.winners', `published ${draw.winners} winners, the quota and list give ${winners}`);

  if (key === null) return [];
  // The whole pool is ranked up to 65,536 places; past that, the winners and the waiting list.
  const ranked = entries.length <= 65_536 ? entries.length : Math.min(entries.length, draw.quota + draw.waitingListSize);
  const ranking = rfc3797Ranking(key, entries, ranked);
  const recorded = draw.ranking ?? [];
  if (recorded.length !== ranking.length)
    fail('ranking', '$.draw.ranking', `ranking length: published ${recorded.length}, recomputed ${ranking.length}`);
  const first = ranking.findIndex((id, i) => recorded[i] !== id);
  if (first >= 0)
    fail(
      'ranking',
      `$.draw.ranking[${first}]`,
      `ranking differs from place ${first + 1}: published ${recorded[first] ?? '(nothing)'}, recomputed ${ranking[first]}`,
    );
  return ranking.slice(0, winners);
}

// --- Main --------------------------------------------------------------------------------------
const args = process.argv.slice(2);
const proofAt = args.indexOf('--proof');
const proofFile = proofAt >= 0 ? args[proofAt + 1] : null;
const files = proofAt < 0 ? args : args.filter((_, i) => i !== proofAt && i !== proofAt + 1);
if (files.length !== 1 || (proofAt >= 0 && !proofFile)) {
  process.stderr.write('usage: node verify-draw.mjs <round-document.json> [--proof <inclusion-proof.json>]\n');
  process.exit(2);
}
let doc;
let proof = null;
try {
  doc = JSON.parse(readFileSync(files[0], 'utf8'));
  if (proofFile) proof = JSON.parse(readFileSync(proofFile, 'utf8'));
} catch (error) {
  process.stderr.write(`cannot read: ${error.message}\n`);
  process.exit(2);
}

let winners = [];
if (doc?.format !== 'goodpay-raffle-round/2') fail('document', '$.format', 'not a goodpay-raffle-round/2 document');
else if (!doc.frozen) fail('document', '$.frozen', 'the round is not frozen yet: nothing to verify');
else {
  if (proof) {
    if (proof.entryCount !== doc.frozen.entryCount || !proofLeadsTo(proof, doc.frozen.merkleRoot))
      fail('inclusion', '$.frozen.merkleRoot', `entry ${proof.entryId} is not proven to be in the frozen list`);
  }
  if (doc.draw) winners = checkDraw(doc);
  else if (!proof) fail('document', '$.draw', 'the round is not drawn yet: give --proof to check an entry against the frozen list');
}
process.stdout.write(
  `${JSON.stringify({ matches: failures.length === 0, failures, skipped, winners, ...(proof ? { included: !failures.some((f) => f.check === 'inclusion') } : {}) }, null, 2)}\n`,
);
process.exit(failures.length > 0 ? 1 : skipped.length > 0 ? 3 : 0);
