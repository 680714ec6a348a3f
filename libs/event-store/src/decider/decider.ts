import type { DomainEvent } from '../events/event';

/**
 * A business rule as pure functions (the Decider pattern): fold past events into state,
 * decide new events from a command. No I/O, no clock, no random: time and ids arrive in
 * the command, so every rule is tested as given events / when command / then events.
 */
export interface Decider<State, Command, Event extends DomainEvent> {
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  /** Returns the new events, or throws a DomainError from @goodpay/shared. */
  decide: (command: Command, state: State) => Event[];
}

export function fold<State, Event extends DomainEvent>(
  decider: Pick<Decider<State, unknown, Event>, 'initialState' | 'evolve'>,
  events: readonly Event[],
): State {
  return events.reduce(decider.evolve, decider.initialState());
}
