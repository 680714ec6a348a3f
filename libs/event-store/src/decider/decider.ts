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
  /** Folded states kept beside long streams, so a command reads only the events after one. */
  snapshots?: StateSnapshots<State>;
}

/**
 * How a decider's folded state is kept beside its stream (table `stream_snapshots`): a cache
 * of the fold, never a fact. A snapshot is used only when its `schema` and the event schemas'
 * fingerprint are those of this process; any other is ignored (the full fold is read) and
 * replaced by the next one taken. `decode(encode(fold(events)))` folded on with more events
 * must equal the fold of all of them: the decider's property tests check it.
 */
export interface StateSnapshots<State> {
  /** The encoding's name and version: change it whenever the state or encode/decode change. */
  schema: string;
  /** A new snapshot once this many events follow the last one (one extra statement per that many commands). */
  every: number;
  encode: (state: State) => unknown;
  decode: (encoded: unknown) => State;
}

export function fold<State, Event extends DomainEvent>(
  decider: Pick<Decider<State, unknown, Event>, 'initialState' | 'evolve'>,
  events: readonly Event[],
): State {
  return events.reduce(decider.evolve, decider.initialState());
}
