import { createHash } from 'node:crypto';
import type { Decider } from '@goodpay/event-store';
import { type Period } from '@goodpay/campaign';
import { addDays, isInstant, requiredText, requireStaff, seoulDate } from '@goodpay/shared';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, RuleViolationError } from '@goodpay/shared';
import { canonicalEntryList, entryListHash } from '../draw/entry-list';
import { drawRanking } from '../draw/ranking';
import { merkleRoot } from '../draw/merkle';
import { keyString } from '../draw/rfc3797';
import { type DrandBeacon, type DrandChain, drandRoundAfter, drandRoundTime, verifiedDrandRandomness } from '../sources/drand';
import { lottoDrawDate, lottoNumbers } from '../sources/lotto645';
import type {
  DeclareRandomness,
  EnterRound,
  FreezeEntryList,
  RaffleRoundCommand,
  RecordDrandBeacons,
  RecordDraw,
  RequestDraw,
  SourceDeclaration,
} from './commands';
import type { DeclaredSource, RaffleRoundEvent, RevealedSource, RoundTimeline, WithdrawnCertification } from './events';
import { evolveRound, initialRoundState, type RaffleRound } from './state';

const SHA256_HEX = /^[0-9a-f]{64}$/;

function existingRound(command: RaffleRoundCommand): Period {
  if (!command.period) throw new NotFoundError('raffle_round', `${command.campaignId}/${command.round}`);
  return command.period;
}

/** Midnight in Seoul at the start of `date`, as an ISO instant. */
const seoulMidnight = (date: string): string => new Date(`${date}T00:00:00+09:00`).toISOString();

/** How long after the round's end the freeze may be put: enough for staff review, not for waiting on luck. */
const MAX_REVIEW_DAYS = 30;

/**
 * The sources as declared: drand's round is computed from the freeze time, a Lotto draw must be
 * dated after the freeze, a staff seed is only ever added to a public source.
 */
function validSources(sources: unknown, freezeAt: string, chain: DrandChain): DeclaredSource[] {
  if (!Array.isArray(sources) || sources.length === 0 || sources.length > 10) {
    throw new InvalidInputError('declare 1 to 10 sources of randomness', { field: 'sources' }, 'invalid_randomness_source');
  }
  const declared = sources.map((source: SourceDeclaration, i): DeclaredSource => {
    const label = (fallback: string) => (source?.label === undefined ? fallback : requiredText(source.label, `sources[${i}].label`, 200));
    if (source?.kind === 'drand') {
      const round = drandRoundAfter(chain, freezeAt);
      return {
        kind: 'drand',
        label: label(`drand ${chain.chainHash.slice(0, 12)} round ${round}`),
        chain,
        round,
        roundTime: drandRoundTime(chain, round),
      };
    }
    if (source?.kind === 'lotto645') {
      if (!Number.isSafeInteger(source.drawNumber) || source.drawNumber < 1) {
        throw new InvalidInputError(
          `sources[${i}].drawNumber must be a Lotto 6/45 draw number`,
          { field: `sources[${i}].drawNumber` },
          'invalid_randomness_source',
        );
      }
      const drawDate = lottoDrawDate(source.drawNumber);
      if (drawDate <= seoulDate(freezeAt)) {
        throw new RuleViolationError(
          'source_before_freeze',
          `Lotto 6/45 draw ${source.drawNumber} is on ${drawDate}, not after the freeze (${freezeAt})`,
          {
            drawDate,
            freezeAt,
          },
        );
      }
      return {
        kind: 'lotto645',
        label: label(`Lotto 6/45 draw ${source.drawNumber} (${drawDate})`),
        drawNumber: source.drawNumber,
        drawDate,
      };
    }
    if (source?.kind === 'committed_seed' && SHA256_HEX.test(String(source.seedSha256))) {
      return { kind: 'committed_seed', label: requiredText(source.label, `sources[${i}].label`, 200), seedSha256: source.seedSha256 };
    }
    throw new InvalidInputError(
      `sources[${i}] must be drand, lotto645 with a drawNumber, or committed_seed with a lowercase hex seedSha256`,
      { field: `sources[${i}]` },
      'invalid_randomness_source',
    );
  });
  if (declared.every((source) => source.kind === 'committed_seed')) {
    throw new RuleViolationError(
      'public_source_required',
      'a staff seed is known to staff: declare a drand round or a Lotto 6/45 draw with it',
    );
  }
  return declared;
}

/** The timeline: the freeze at the end of the round's last day unless staff put it later (review time). */
function timelineOf(command: DeclareRandomness, period: Period): RoundTimeline {
  const certificationClosesAt = seoulMidnight(addDays(period.endsOn, 1));
  const freezeAt = command.freezeAt ?? certificationClosesAt;
  const latest = seoulMidnight(addDays(period.endsOn, 1 + MAX_REVIEW_DAYS));
  if (!isInstant(freezeAt) || Date.parse(freezeAt) < Date.parse(certificationClosesAt) || Date.parse(freezeAt) > Date.parse(latest)) {
    throw new InvalidInputError(
      `freezeAt must be an instant from the round's end (${certificationClosesAt}) to ${MAX_REVIEW_DAYS} days after`,
      { field: 'freezeAt' },
      'invalid_freeze_time',
    );
  }
  const at = new Date(freezeAt).toISOString();
  return { declaredAt: command.now, opensAt: seoulMidnight(period.startsOn), certificationClosesAt, reviewDeadline: at, freezeAt: at };
}

/**
 * Before the round opens, and once: the sources and the freeze time are fixed before anyone
 * can enter, so neither can be chosen knowing who entered or what a source will give.
 */
function declare(command: DeclareRandomness, state: RaffleRound): RaffleRoundEvent[] {
  requireStaff(command.actor, 'declare a raffle draw');
  const period = existingRound(command);
  if (state.randomness)
    throw new RuleViolationError('randomness_already_declared', `round ${command.round}'s randomness is already declared`);
  if (state.frozen || seoulDate(command.now) >= period.startsOn) {
    throw new RuleViolationError(
      'round_already_open',
      `round ${command.round} opened on ${period.startsOn}: its randomness and freeze time are declared before`,
    );
  }
  const timeline = timelineOf(command, period);
  const sources = validSources(command.sources, timeline.freezeAt, command.drandChain);
  return [
    {
      type: 'RaffleRandomnessDeclared',
      data: { campaignId: command.campaignId, round: command.round, sources, declaredAt: command.now, timeline },
    },
  ];
}

/**
 * One entry per person: entering again adds no entry (the handler answers with the first).
 * It records the new certification only while the entry stands on in-system prepayments
 * alone, because then a refund could still take the entry out of the list.
 */
function enter(command: EnterRound, state: RaffleRound): RaffleRoundEvent[] {
  if (command.actor.role !== 'system' && command.actor.role !== 'staff') {
    throw new ForbiddenError('entries come from approved certifications', 'entry_from_certification_only');
  }
  existingRound(command);
  const { campaignId, round, entryId, personId, certificationId, now } = command;
  const prepayment = command.prepaymentId ? { prepaymentId: command.prepaymentId } : {};
  const existing = state.entriesByPerson.get(personId);
  if (existing !== undefined) {
    const backings = state.refundableEntries.get(existing);
    // Once frozen the list is published: a later certification changes nothing in it.
    if (state.frozen || !backings || backings.some((b) => b.certificationId === certificationId)) return [];
    return [{ type: 'RaffleEntryBacked', data: { campaignId, round, entryId: existing, certificationId, ...prepayment, backedAt: now } }];
  }
  if (state.frozen) throw new RuleViolationError('round_closed', `round ${command.round}'s entry list is frozen`);
  if (state.timeline && command.now >= state.timeline.reviewDeadline) {
    throw new RuleViolationError('review_deadline_passed', `round ${command.round}'s review closed at ${state.timeline.reviewDeadline}`, {
      reviewDeadline: state.timeline.reviewDeadline,
    });
  }
  return [{ type: 'RaffleEntered', data: { campaignId, round, entryId, personId, certificationId, ...prepayment, enteredAt: now } }];
}

/**
 * The certifications whose prepayment is refunded, and the entries they leave with nothing
 * to stand on: a prepayment refunded before the freeze no longer counts (issue 4: "not
 * refunded"). A refund after the freeze changes nothing: the list is published.
 */
function withdrawals(state: RaffleRound, refundedPrepayments: string[]): { withdrawn: WithdrawnCertification[]; leftOut: Set<string> } {
  const refunded = new Set(refundedPrepayments);
  const withdrawn: WithdrawnCertification[] = [];
  const leftOut = new Set<string>();
  for (const [entryId, backings] of state.refundableEntries) {
    const gone = backings.filter((b) => refunded.has(b.prepaymentId));
    withdrawn.push(...gone.map(({ certificationId }) => ({ certificationId, entryId, reason: 'prepayment_refunded' as const })));
    if (gone.length === backings.length) leftOut.add(entryId);
  }
  return { withdrawn, leftOut };
}

/**
 * After the round's last day, with randomness declared: the list the draw will select from,
 * without the entries whose prepayments are all refunded or whose person was erased.
 */
function freeze(command: FreezeEntryList, state: RaffleRound): RaffleRoundEvent[] {
  if (command.actor.role !== 'system') requireStaff(command.actor, 'close a raffle round');
  const period = existingRound(command);
  if (state.frozen) return [];
  if (seoulDate(command.now) <= period.endsOn) {
    throw new RuleViolationError('round_not_over', `round ${command.round} runs until ${period.endsOn}`, { endsOn: period.endsOn });
  }
  // The freeze time was published before the round opened: nobody moves it earlier.
  if (state.timeline && command.now < state.timeline.freezeAt) {
    throw new RuleViolationError('freeze_not_due', `round ${command.round} is frozen at ${state.timeline.freezeAt}`, {
      freezeAt: state.timeline.freezeAt,
    });
  }
  if (!state.randomness) throw new RuleViolationError('randomness_not_declared', 'declare the randomness before closing the round');
  if (!command.earlierRoundsDrawn) {
    throw new RuleViolationError('earlier_round_not_drawn', 'draw the earlier rounds first: their winners may not enter this one');
  }
  const excluded = new Set(command.excludedPersons);
  const { withdrawn, leftOut } = withdrawals(state, command.refundedPrepayments ?? []);
  const erased = new Set(command.erasedPersons ?? []);
  const erasedEntries = [...state.entriesByPerson]
    .filter(([personId, entryId]) => erased.has(personId) && !leftOut.has(entryId))
    .map(([, entryId]) => entryId);
  const stillIn = [...state.entriesByPerson].filter(([personId, entryId]) => !leftOut.has(entryId) && !erased.has(personId));
  const eligible = stillIn.filter(([personId]) => !excluded.has(personId)).map(([, entryId]) => entryId);
  const excludedEntries = stillIn.filter(([personId]) => excluded.has(personId)).map(([, entryId]) => entryId);
  const entries = canonicalEntryList(eligible);
  return [
    {
      type: 'RaffleEntryListFrozen',
      data: {
        campaignId: command.campaignId,
        round: command.round,
        entries,
        entryListHash: entryListHash(entries),
        excludedEarlierWinners: stillIn.length - entries.length,
        withdrawn,
        ...(erasedEntries.length > 0 ? { erasedEntries: erasedEntries.sort() } : {}),
        ...(excludedEntries.length > 0 ? { excludedEntries: excludedEntries.sort() } : {}),
        entryCount: entries.length,
        merkleRoot: merkleRoot(entries),
        frozenAt: command.now,
      },
    },
  ];
}

const DECIMAL = /^[0-9]+$/;

/**
 * The value of each declared source, checked: a drand round by its BLS signature (the value
 * given is the signature, or signature and previous signature on a chained scheme; the
 * randomness is SHA-256 of the signature), a Lotto draw as six distinct numbers and a bonus,
 * a seed against its published SHA-256. A source is used only once it can have been produced.
 */
function revealedSources(
  declared: DeclaredSource[],
  numbers: unknown,
  now: string,
  recorded: Record<number, DrandBeacon>,
): RevealedSource[] {
  if (!Array.isArray(numbers) || numbers.length !== declared.length) {
    throw new InvalidInputError(
      `give the numbers of each of the ${declared.length} declared sources`,
      { field: 'numbers' },
      'invalid_randomness_source',
    );
  }
  const sources = declared.map((source, i): RevealedSource => {
    const given = numbers[i] as string[];
    switch (source.kind) {
      case 'drand': {
        if (now < source.roundTime)
          throw new RuleViolationError('source_not_produced_yet', `drand round ${source.round} is produced at ${source.roundTime}`);
        const fetched = Array.isArray(given) && given.length === 0 ? recorded[i] : undefined;
        if (!fetched && (!Array.isArray(given) || given.length < 1 || given.length > 2)) {
          throw new InvalidInputError(
            `source ${i + 1} (drand): give the round's signature (and the previous signature on a chained scheme), or [] once the worker recorded it`,
            { field: `numbers[${i}]` },
            'invalid_randomness_source',
          );
        }
        const beacon = fetched ?? {
          round: source.round,
          signature: String(given[0]).toLowerCase(),
          ...(given[1] ? { previousSignature: String(given[1]).toLowerCase() } : {}),
        };
        const randomness = verifiedDrandRandomness(source.chain, beacon);
        return { label: source.label, numbers: [randomness], format: 'text', beacon };
      }
      case 'lotto645':
        // Dated after the freeze when declared; its numbers are public, so anyone checks what was typed.
        return { label: source.label, numbers: lottoNumbers(given, i) };
      case 'committed_seed': {
        const seed = Array.isArray(given) && given.length === 1 && typeof given[0] === 'string' ? given[0] : '';
        if (createHash('sha256').update(seed, 'utf8').digest('hex') !== source.seedSha256) {
          throw new RuleViolationError(
            'seed_does_not_match_commitment',
            `the seed of source ${i + 1} does not hash to the published SHA-256`,
          );
        }
        return { label: source.label, numbers: [seed], ...(DECIMAL.test(seed) ? {} : { format: 'text' as const }) };
      }
      case 'public_numbers':
        return { label: source.label, numbers: given };
    }
  });
  keyString(sources); // refuses values the key string cannot hold
  return sources;
}

const sameSources = (a: RevealedSource[], b: RevealedSource[]): boolean => keyString(a) === keyString(b);

/** Asking again with the same numbers changes nothing; other numbers are refused. */
function request(command: RequestDraw, state: RaffleRound): RaffleRoundEvent[] {
  requireStaff(command.actor, 'trigger a raffle draw');
  existingRound(command);
  if (!state.frozen || !state.randomness) throw new RuleViolationError('round_not_closed', 'close the round (freeze its entry list) first');
  const sources = revealedSources(state.randomness, command.numbers, command.now, state.beacons);
  if (state.drawRequest) {
    if (sameSources(state.drawRequest, sources)) return [];
    throw new ConflictError('draw_already_requested', `round ${command.round}'s draw was already triggered with other numbers`);
  }
  return [
    { type: 'RaffleDrawRequested', data: { campaignId: command.campaignId, round: command.round, sources, requestedAt: command.now } },
  ];
}

/**
 * The worker's fetched drand beacons, each recorded only once its round is produced and its
 * signature verified (drand_signature_invalid otherwise: nothing recorded). A round whose
 * sources are all drand needs nobody's numbers: the draw is requested with them at once.
 */
function recordBeacons(command: RecordDrandBeacons, state: RaffleRound): RaffleRoundEvent[] {
  if (command.actor.role !== 'system') throw new ForbiddenError('drand beacons are fetched by the raffle worker', 'system_only');
  existingRound(command);
  const declared = state.randomness;
  if (!state.frozen || !declared) throw new RuleViolationError('round_not_closed', 'close the round (freeze its entry list) first');
  if (state.drawRequest) return [];
  const { campaignId, round, now } = command;
  const beacons = { ...state.beacons };
  const events: RaffleRoundEvent[] = [];
  for (const { sourceIndex, beacon } of command.beacons) {
    const source = declared[sourceIndex];
    if (source?.kind !== 'drand' || beacon?.round !== source.round) {
      throw new InvalidInputError(
        `source ${sourceIndex + 1} is not the declared drand round`,
        { field: `beacons[${sourceIndex}]` },
        'invalid_randomness_source',
      );
    }
    if (beacons[sourceIndex]) continue;
    if (now < source.roundTime)
      throw new RuleViolationError('source_not_produced_yet', `drand round ${source.round} is produced at ${source.roundTime}`);
    verifiedDrandRandomness(source.chain, beacon);
    beacons[sourceIndex] = beacon;
    events.push({ type: 'RaffleDrandBeaconRecorded', data: { campaignId, round, sourceIndex, beacon, recordedAt: now } });
  }
  if (declared.every((source, i) => source.kind === 'drand' && beacons[i])) {
    const sources = revealedSources(
      declared,
      declared.map(() => []),
      now,
      beacons,
    );
    events.push({ type: 'RaffleDrawRequested', data: { campaignId, round, sources, requestedAt: now } });
  }
  return events;
}

/** The draw itself, once: a recorded draw is never drawn again. */
function record(command: RecordDraw, state: RaffleRound): RaffleRoundEvent[] {
  if (command.actor.role !== 'system') throw new ForbiddenError('the draw is run by the raffle worker', 'system_only');
  if (state.draw) return [];
  if (!state.frozen || !state.drawRequest)
    throw new RuleViolationError('draw_not_requested', `round ${command.round}'s draw was not triggered`);
  const outcome = drawRanking({
    entries: state.frozen.entries,
    sources: state.drawRequest,
    quota: command.quota,
    waitingListSize: command.waitingListSize,
  });
  return [
    {
      type: 'RaffleDrawRecorded',
      data: {
        campaignId: command.campaignId,
        round: command.round,
        sources: state.drawRequest,
        keyString: outcome.keyString,
        entryListHash: outcome.entryListHash,
        quota: command.quota,
        ...(command.quotaDerivation ? { quotaDerivation: command.quotaDerivation } : {}),
        waitingListSize: command.waitingListSize,
        winners: outcome.winners,
        ranking: outcome.ranking,
        drawnAt: command.now,
      },
    },
  ];
}

function decide(command: RaffleRoundCommand, state: RaffleRound): RaffleRoundEvent[] {
  switch (command.type) {
    case 'DeclareRandomness':
      return declare(command, state);
    case 'EnterRound':
      return enter(command, state);
    case 'FreezeEntryList':
      return freeze(command, state);
    case 'RequestDraw':
      return request(command, state);
    case 'RecordDrandBeacons':
      return recordBeacons(command, state);
    case 'RecordDraw':
      return record(command, state);
  }
}

export const raffleRoundDecider: Decider<RaffleRound, RaffleRoundCommand, RaffleRoundEvent> = {
  initialState: initialRoundState,
  evolve: evolveRound,
  decide,
};
