import type { Decider } from '@goodpay/event-store';
import { RuleViolationError } from '@goodpay/shared';
import { addVouchers, confirmAward, disqualify, settleAwards } from './awards';
import type { AllotPlaces, RafflePlacesCommand } from './commands';
import type { RafflePlacesEvent } from './events';
import { evolvePlaces, initialPlaces, type RafflePlaces } from './state';

export * from './events';
export * from './state';
export * from './commands';

/**
 * The decisions on the places stream: each drawn round takes its places (never more than
 * budget / prize over all rounds), staff stock vouchers, winners are awarded, confirm or
 * forfeit (see awards.ts). One stream, so every decision sees every other.
 */

function allot(command: AllotPlaces, state: RafflePlaces): RafflePlacesEvent[] {
  if (state.byRound[command.round] !== undefined) return [];
  if (state.allotted + command.places > command.totalPlaces) {
    throw new RuleViolationError('raffle_budget_exceeded', `only ${command.totalPlaces - state.allotted} raffle places are left`, {
      requested: command.places,
      left: command.totalPlaces - state.allotted,
    });
  }
  const { campaignId, round, places, totalPlaces } = command;
  return [{ type: 'RafflePlacesAllotted', data: { campaignId, round, places, totalPlaces } }];
}

function decide(command: RafflePlacesCommand, state: RafflePlaces): RafflePlacesEvent[] {
  switch (command.type) {
    case 'AllotPlaces':
      return allot(command, state);
    case 'AddVouchers':
      return addVouchers(command, state);
    case 'SettleAwards':
      return settleAwards(command, state);
    case 'DisqualifyWinner':
      return disqualify(command, state);
    case 'ConfirmAward':
      return confirmAward(command, state);
  }
}

export const rafflePlacesDecider: Decider<RafflePlaces, RafflePlacesCommand, RafflePlacesEvent> = {
  initialState: initialPlaces,
  evolve: evolvePlaces,
  decide,
};
