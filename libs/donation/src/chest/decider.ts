import type { Decider } from '@goodpay/event-store';
import { type Actor, ForbiddenError, InvalidInputError, isKrw, type Krw, RuleViolationError } from '@goodpay/shared';
import type { ChestDisbursed, ChestEvent } from './events';

export interface ChestState {
  received: Krw;
  disbursed: Krw;
  /** received - disbursed: never below 0. */
  balance: Krw;
  disbursementIds: ReadonlySet<string>;
}

/** Staff give `amount` to a welfare project. */
export interface Disburse {
  type: 'Disburse';
  disbursementId: string;
  project: string;
  amount: Krw;
  actor: Actor;
  now: string;
}

export type ChestCommand = Disburse;

export const initialChestState = (): ChestState => ({ received: 0, disbursed: 0, balance: 0, disbursementIds: new Set() });

export function evolveChest(state: ChestState, event: ChestEvent): ChestState {
  switch (event.type) {
    case 'ChestCredited':
      return { ...state, received: state.received + event.data.amount, balance: state.balance + event.data.amount };
    case 'ChestDisbursed':
      return {
        ...state,
        disbursed: state.disbursed + event.data.amount,
        balance: state.balance - event.data.amount,
        disbursementIds: new Set(state.disbursementIds).add(event.data.disbursementId),
      };
  }
}

const MAX_PROJECT_LENGTH = 200;

function disburse(command: Disburse, state: ChestState): ChestDisbursed[] {
  if (command.actor.role !== 'staff') throw new ForbiddenError('only staff disburse from the community chest', 'wrong_role');
  const project = typeof command.project === 'string' ? command.project.trim() : '';
  if (project.length === 0 || project.length > MAX_PROJECT_LENGTH) {
    throw new InvalidInputError(`the project needs a name of 1 to ${MAX_PROJECT_LENGTH} characters`, { field: 'project' }, 'invalid_project');
  }
  if (!isKrw(command.amount) || command.amount <= 0) {
    throw new InvalidInputError('amount must be a positive whole number of won', { field: 'amount', value: command.amount }, 'invalid_amount');
  }
  if (state.disbursementIds.has(command.disbursementId)) return [];
  if (command.amount > state.balance) {
    throw new RuleViolationError('insufficient_chest_balance', `the community chest holds ${state.balance} won, less than ${command.amount} won`, {
      balance: state.balance,
      amount: command.amount,
    });
  }
  return [
    {
      type: 'ChestDisbursed',
      data: {
        disbursementId: command.disbursementId,
        project,
        amount: command.amount,
        balanceAfter: state.balance - command.amount,
        disbursedBy: { id: command.actor.id, role: command.actor.role },
        disbursedAt: command.now,
      },
    },
  ];
}

export const chestDecider: Decider<ChestState, ChestCommand, ChestEvent> = {
  initialState: initialChestState,
  evolve: evolveChest,
  decide: (command, state) => disburse(command, state),
};
