import { createHash } from 'node:crypto';
import type { Decider } from '@goodpay/event-store';
import { type Period, requiredText, requireStaff, seoulDate } from '@goodpay/campaign';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, RuleViolationError } from '@goodpay/shared';
import { canonicalEntryList, entryListHash } from '../draw/entry-list';
import { drawRanking } from '../draw/ranking';
import { keyString, type RandomnessSource } from '../draw/rfc3797';
import type { DeclareRandomness, EnterRound, FreezeEntryList, RaffleRoundCommand, RecordDraw, RequestDraw } from './commands';
import type { DeclaredSource, RaffleRoundEvent, WithdrawnCertification } from './events';
import { evolveRound, initialRoundState, type RaffleRound } from './state';

const SHA256_HEX = /^[0-9a-f]{64}$/;

function existingRound(command: RaffleRoundCommand): Period {
  if (!command.period) throw new NotFoundError('raffle_round', `${command.campaignId}/${command.round}`);
  return command.period;
}

function validSources(sources: unknown): DeclaredSource[] {
  if (!Array.isArray(sources) || sources.length === 0 || sources.length > 10) {
    throw new InvalidInputError('declare 1 to 10 sources of randomness', { field: 'sources' }, 'invalid_randomness_source');
  }
  return sources.map((source: DeclaredSource, i): DeclaredSource => {
    const label = requiredText(source?.label, `sources[${i}].label`, 200);
    if (source?.kind === 'public_numbers') return { kind: 'public_numbers', label };
    if (source?.kind === 'committed_seed' && SHA256_HEX.test(String(source.seedSha256))) {
      return { kind: 'committed_seed', label, seedSha256: source.seedSha256 };
    }
    throw new InvalidInputError(
      `sources[${i}] must be public_numbers, or committed_seed with a lowercase hex seedSha256`,
      { field: `sources[${i}]` },
      'invalid_randomness_source',
    );
  });
}

/**
 * Before the round's last day is over, and once: declaring the sources before their numbers
 * exist is what makes the draw fair, so they can never be swapped for luckier ones.
 */
function declare(command: DeclareRandomness, state: RaffleRound): RaffleRoundEvent[] {
  requireStaff(command.actor, 'declare a raffle draw');
  const period = existingRound(command);
  if (state.randomness) throw new RuleViolationError('randomness_already_declared', `round ${command.round}'s randomness is already declared`);
  if (state.frozen || seoulDate(command.now) > period.endsOn) {
    throw new RuleViolationError('round_closed', `round ${command.round} closed on ${period.endsOn}: randomness is declared before`);
  }
  const sources = validSources(command.sources);
  return [{ type: 'RaffleRandomnessDeclared', data: { campaignId: command.campaignId, round: command.round, sources, declaredAt: command.now } }];
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
  requireStaff(command.actor, 'close a raffle round');
  const period = existingRound(command);
  if (state.frozen) return [];
  if (seoulDate(command.now) <= period.endsOn) {
    throw new RuleViolationError('round_not_over', `round ${command.round} runs until ${period.endsOn}`, { endsOn: period.endsOn });
  }
  if (!state.randomness) throw new RuleViolationError('randomness_not_declared', 'declare the randomness before closing the round');
  if (!command.earlierRoundsDrawn) {
    throw new RuleViolationError('earlier_round_not_drawn', 'draw the earlier rounds first: their winners may not enter this one');
  }
  const excluded = new Set(command.excludedPersons);
  const { withdrawn, leftOut } = withdrawals(state, command.refundedPrepayments ?? []);
  const erased = new Set(command.erasedPersons ?? []);
  const erasedEntries = [...state.entriesByPerson].filter(([personId, entryId]) => erased.has(personId) && !leftOut.has(entryId)).map(([, entryId]) => entryId);
  const stillIn = [...state.entriesByPerson].filter(([personId, entryId]) => !leftOut.has(entryId) && !erased.has(personId));
  const eligible = stillIn.filter(([personId]) => !excluded.has(personId)).map(([, entryId]) => entryId);
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
        frozenAt: command.now,
      },
    },
  ];
}

/** The numbers of each declared source; a seed must be the one whose SHA-256 was published. */
function revealedSources(declared: DeclaredSource[], numbers: unknown): RandomnessSource[] {
  if (!Array.isArray(numbers) || numbers.length !== declared.length) {
    throw new InvalidInputError(`give the numbers of each of the ${declared.length} declared sources`, { field: 'numbers' }, 'invalid_randomness_source');
  }
  const sources = declared.map((source, i): RandomnessSource => ({ label: source.label, numbers: numbers[i] as string[] }));
  keyString(sources); // refuses anything that is not a list of non-negative integers
  declared.forEach((source, i) => {
    if (source.kind !== 'committed_seed') return;
    const seed = sources[i].numbers;
    const hash = seed.length === 1 ? createHash('sha256').update(seed[0], 'utf8').digest('hex') : '';
    if (hash !== source.seedSha256) {
      throw new RuleViolationError('seed_does_not_match_commitment', `the seed of source ${i + 1} does not hash to the published SHA-256`);
    }
  });
  return sources;
}

const sameSources = (a: RandomnessSource[], b: RandomnessSource[]): boolean => keyString(a) === keyString(b);

/** Asking again with the same numbers changes nothing; other numbers are refused. */
function request(command: RequestDraw, state: RaffleRound): RaffleRoundEvent[] {
  requireStaff(command.actor, 'trigger a raffle draw');
  existingRound(command);
  if (!state.frozen || !state.randomness) throw new RuleViolationError('round_not_closed', 'close the round (freeze its entry list) first');
  const sources = revealedSources(state.randomness, command.numbers);
  if (state.drawRequest) {
    if (sameSources(state.drawRequest, sources)) return [];
    throw new ConflictError('draw_already_requested', `round ${command.round}'s draw was already triggered with other numbers`);
  }
  return [{ type: 'RaffleDrawRequested', data: { campaignId: command.campaignId, round: command.round, sources, requestedAt: command.now } }];
}

/** The draw itself, once: a recorded draw is never drawn again. */
function record(command: RecordDraw, state: RaffleRound): RaffleRoundEvent[] {
  if (command.actor.role !== 'system') throw new ForbiddenError('the draw is run by the raffle worker', 'system_only');
  if (state.draw) return [];
  if (!state.frozen || !state.drawRequest) throw new RuleViolationError('draw_not_requested', `round ${command.round}'s draw was not triggered`);
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
    case 'RecordDraw':
      return record(command, state);
  }
}

export const raffleRoundDecider: Decider<RaffleRound, RaffleRoundCommand, RaffleRoundEvent> = {
  initialState: initialRoundState,
  evolve: evolveRound,
  decide,
};
