import { deepStrictEqual, equal, fail } from 'node:assert/strict';
import { DomainError } from '@goodpay/shared';
import type { Decider } from '../decider';
import type { DomainEvent } from '../../events/event';

/**
 * Given/when/then for deciders, shared by the campaign, merchant, participant and
 * prepayment specs:
 *
 *   spec(campaignDecider).given([created]).when(closeCampaign).then([closed]);
 *   spec(campaignDecider).given([]).when(closeCampaign).then('campaign_not_found');
 *
 * `then(events)` checks the decision exactly and that evolve accepts what was decided;
 * `then(code)` checks the refusal is a DomainError with that code and returns it, so a test
 * can look at its status and details. Plain node:assert, so it needs no test framework.
 */
export interface Then<E extends DomainEvent> {
  then(expected: readonly E[]): E[];
  then(errorCode: string): DomainError;
}

/**
 * The event store's `fold`, restated: importing it at run time would load the store's whole
 * barrel (Nest, TypeORM, BullMQ) into every unit spec. Type imports above are erased.
 */
function fold<S, E extends DomainEvent>(decider: Pick<Decider<S, unknown, E>, 'initialState' | 'evolve'>, history: readonly E[]): S {
  return history.reduce(decider.evolve, decider.initialState());
}

export function spec<S, C, E extends DomainEvent>(decider: Decider<S, C, E>) {
  return {
    given: (history: readonly E[] = []) => ({
      when: (command: C): Then<E> => ({
        then: ((expected: readonly E[] | string) => {
          const state = fold(decider, history);
          let decided: E[];
          try {
            decided = decider.decide(command, state);
          } catch (error) {
            if (typeof expected !== 'string' || !(error instanceof DomainError)) throw error;
            equal(error.code, expected, `expected refusal ${expected}, got ${error.code}: ${error.message}`);
            return error;
          }
          if (typeof expected === 'string') fail(`expected refusal ${expected}, got ${JSON.stringify(decided)}`);
          deepStrictEqual(decided, expected);
          fold(decider, [...history, ...decided]);
          return decided;
        }) as Then<E>['then'],
      }),
    }),
  };
}

/** The state after some history: for helpers that take a folded snapshot (campaign, merchant). */
export const stateAfter = <S, E extends DomainEvent>(
  decider: Pick<Decider<S, unknown, E>, 'initialState' | 'evolve'>,
  history: readonly E[],
): S => fold(decider, history);
