import type { Decider } from '@goodpay/event-store';
import { ForbiddenError, RuleViolationError } from '@goodpay/shared';
import type { CitizenCommand } from './commands';
import type { CitizenEvent } from './events';

export type CitizenState =
  | { status: 'unregistered' }
  | { status: 'registered'; citizenId: string; sealedDisplayName: string | null; legacyDisplayName: string | null };

function evolve(_state: CitizenState, event: CitizenEvent): CitizenState {
  switch (event.type) {
    case 'CitizenRegistered':
      return {
        status: 'registered',
        citizenId: event.data.citizenId,
        sealedDisplayName: event.data.sealedDisplayName,
        legacyDisplayName: event.data.legacyDisplayName ?? null,
      };
  }
}

function decide(command: CitizenCommand, state: CitizenState): CitizenEvent[] {
  switch (command.type) {
    case 'RegisterCitizen': {
      const { actor } = command;
      if (actor.role !== 'citizen') throw new ForbiddenError('only a citizen account registers as a citizen', 'citizens_only');
      if (state.status === 'registered') {
        throw new RuleViolationError('citizen_already_registered', `citizen ${actor.id} is already registered`);
      }
      return [
        {
          type: 'CitizenRegistered',
          data: {
            citizenId: actor.id,
            sealedDisplayName: command.sealedDisplayName,
            registeredAt: command.now,
          },
        },
      ];
    }
  }
}

export const citizenDecider: Decider<CitizenState, CitizenCommand, CitizenEvent> = {
  initialState: () => ({ status: 'unregistered' }),
  evolve,
  decide,
};
