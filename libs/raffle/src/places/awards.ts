import { optionalText, requiredText, requireStaff } from '@goodpay/shared';
import { ConflictError, type Actor, ForbiddenError, InvalidInputError, NotFoundError, RuleViolationError } from '@goodpay/shared';
import type { RafflePlacesEvent, RaffleVoucherAwarded, Voucher } from './events';
import type { AddVouchers, AwardTerms, ConfirmAward, DisqualifyWinner, SettleAwards } from './commands';
import { evolvePlaces, isActive, type RafflePlaces, voucherKey } from './state';

const DAY_MS = 24 * 60 * 60 * 1000;
const VOUCHER_CODE = /^[A-Za-z0-9-]{4,64}$/;
const MAX_VOUCHERS_PER_UPLOAD = 1_000;

function requireStaffOrSystem(actor: Actor, action: string): void {
  if (actor.role !== 'system') requireStaff(actor, action);
}

function validVoucher(given: unknown, i: number): Voucher {
  const voucher = (given ?? {}) as Partial<{ kind: string; code: unknown; reference: unknown }>;
  if (voucher.kind === 'code' && typeof voucher.code === 'string' && VOUCHER_CODE.test(voucher.code))
    return { kind: 'code', code: voucher.code };
  if (voucher.kind === 'issuer_reference')
    return { kind: 'issuer_reference', reference: requiredText(voucher.reference, `vouchers[${i}].reference`, 100) };
  throw new InvalidInputError(
    `vouchers[${i}] must be a code (4-64 letters, digits, -) or an issuer_reference`,
    { field: `vouchers[${i}]` },
    'invalid_voucher',
  );
}

/** Staff add vouchers to the stock; a code (or reference) is taken once, ever. */
export function addVouchers(command: AddVouchers, state: RafflePlaces): RafflePlacesEvent[] {
  requireStaff(command.actor, 'add raffle vouchers');
  const given = command.vouchers;
  if (!Array.isArray(given) || given.length === 0 || given.length > MAX_VOUCHERS_PER_UPLOAD) {
    throw new InvalidInputError(`add 1 to ${MAX_VOUCHERS_PER_UPLOAD} vouchers at a time`, { field: 'vouchers' }, 'invalid_voucher');
  }
  const vouchers = given.map(validVoucher);
  const seen = new Set<string>();
  for (const voucher of vouchers) {
    const key = voucherKey(voucher);
    if (seen.has(key) || state.known[key])
      throw new ConflictError('duplicate_voucher', 'a voucher was given twice', { index: vouchers.indexOf(voucher) });
    seen.add(key);
  }
  return [{ type: 'RaffleVouchersAdded', data: { campaignId: command.campaignId, vouchers, addedAt: command.now } }];
}

/**
 * Gives every drawn round its places, down its ranking: winners first, then, where one
 * forfeited, the next on the waiting list. An entry is awarded once, ever; with the policy,
 * nobody holds two prizes of the campaign. Each award takes the next voucher in stock and
 * stops, to go on when staff add more, when there is none. The sum of awards never passes
 * the budget: each round holds at most its places, and the places at most budget / prize.
 */
function fill(terms: AwardTerms, start: RafflePlaces): RafflePlacesEvent[] {
  let state = start;
  const events: RafflePlacesEvent[] = [];
  const holders = new Set(
    Object.values(state.awards)
      .filter(isActive)
      .map((a) => a.personId),
  );
  const rounds = [...terms.drawnRounds].sort((a, b) => a.round - b.round);
  for (const { round, ranking } of rounds) {
    const places = state.byRound[round] ?? 0;
    let active = Object.values(state.awards).filter((a) => a.round === round && isActive(a)).length;
    for (let i = 0; i < ranking.length && active < places; i += 1) {
      const entry = ranking[i];
      if (state.awards[entry.entryId] || (terms.excludeEarlierWinners && holders.has(entry.personId))) continue;
      const voucher = state.stock[0];
      if (!voucher) return events;
      if (state.awardedAmount + terms.prize > terms.budget) {
        throw new RuleViolationError('raffle_budget_exceeded', 'the awards would pass the raffle budget', { budget: terms.budget });
      }
      const awarded: RaffleVoucherAwarded = {
        type: 'RaffleVoucherAwarded',
        data: {
          campaignId: terms.campaignId,
          round,
          entryId: entry.entryId,
          personId: entry.personId,
          certificationId: entry.certificationId,
          rank: i + 1,
          amount: terms.prize,
          voucher,
          awardedAt: terms.now,
          confirmBy: new Date(Date.parse(terms.now) + terms.confirmationDeadlineDays * DAY_MS).toISOString(),
        },
      };
      events.push(awarded);
      state = evolvePlaces(state, awarded);
      holders.add(entry.personId);
      active += 1;
    }
  }
  return events;
}

/** The deadline sweep and the award step in one: forfeit what expired, then fill the places. */
export function settleAwards(command: SettleAwards, state: RafflePlaces): RafflePlacesEvent[] {
  requireStaffOrSystem(command.actor, 'award raffle prizes');
  const expired: RafflePlacesEvent[] = Object.values(state.awards)
    .filter((a) => a.status === 'awarded' && a.confirmBy < command.now)
    .map((a) => ({
      type: 'RaffleAwardForfeited',
      data: {
        campaignId: command.campaignId,
        round: a.round,
        entryId: a.entryId,
        reason: 'not_confirmed',
        note: null,
        forfeitedAt: command.now,
      },
    }));
  const after = expired.reduce(evolvePlaces, state);
  return [...expired, ...fill(command, after)];
}

/** Staff take a prize back (a rule broken, a false certification); the next in line moves up. */
export function disqualify(command: DisqualifyWinner, state: RafflePlaces): RafflePlacesEvent[] {
  requireStaff(command.actor, 'disqualify raffle winners');
  const award = state.awards[command.entryId];
  if (!award) throw new NotFoundError('award', command.entryId);
  if (!isActive(award)) throw new ConflictError('award_already_forfeited', 'this prize was already forfeited');
  const forfeited: RafflePlacesEvent = {
    type: 'RaffleAwardForfeited',
    data: {
      campaignId: command.campaignId,
      round: award.round,
      entryId: award.entryId,
      reason: 'disqualified',
      note: optionalText(command.note, 'note', 500),
      forfeitedAt: command.now,
    },
  };
  return [forfeited, ...fill(command, evolvePlaces(state, forfeited))];
}

/** The winner (the citizen behind the entry) confirms before the deadline; again changes nothing. */
export function confirmAward(command: ConfirmAward, state: RafflePlaces): RafflePlacesEvent[] {
  const award = state.awards[command.entryId];
  // Anyone but the winner is told there is no such award: who won is not theirs to probe.
  if (!award || command.actor.role !== 'citizen' || command.actor.id !== command.winnerCitizenId) {
    if (command.actor.role !== 'citizen') throw new ForbiddenError('winners confirm their own prize', 'citizens_only');
    throw new NotFoundError('award', command.entryId);
  }
  if (award.status === 'confirmed') return [];
  if (award.status === 'forfeited') throw new RuleViolationError('award_forfeited', 'this prize was forfeited');
  if (command.now > award.confirmBy)
    throw new RuleViolationError('confirmation_deadline_passed', `the prize had to be confirmed by ${award.confirmBy}`);
  return [
    {
      type: 'RaffleAwardConfirmed',
      data: { campaignId: command.campaignId, round: award.round, entryId: award.entryId, confirmedAt: command.now },
    },
  ];
}
