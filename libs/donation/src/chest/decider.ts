import type { Decider } from '@goodpay/event-store';
import {
  type Actor,
  ForbiddenError,
  InvalidInputError,
  type Krw,
  type KrwFigure,
  KRW_LIMITS,
  krwFigure,
  positiveKrw,
  RuleViolationError,
} from '@goodpay/shared';
import type { ChestDisbursed, ChestEvent } from './events';

/** Exact sums: credits written before the maxima existed may add up past 2^53. */
export interface ChestState {
  received: KrwFigure;
  disbursed: KrwFigure;
  /** received - disbursed: never below 0. */
  balance: KrwFigure;
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

export const initialChestState = (): ChestState => ({ received: 0n, disbursed: 0n, balance: 0n, disbursementIds: new Set() });

export function evolveChest(state: ChestState, event: ChestEvent): ChestState {
  switch (event.type) {
    case 'ChestCredited':
      return { ...state, received: state.received + krwFigure(event.data.amount), balance: state.balance + krwFigure(event.data.amount) };
    case 'ChestDisbursed':
      return {
        ...state,
        disbursed: state.disbursed + krwFigure(event.data.amount),
        balance: state.balance - krwFigure(event.data.amount),
        disbursementIds: new Set(state.disbursementIds).add(event.data.disbursementId),
      };
  }
}

const MAX_PROJECT_LENGTH = 200;

function disburse(command: Disburse, state: ChestState): ChestDisbursed[] {
  if (command.actor.role !== 'staff') throw new ForbiddenError('only staff disburse from the community chest', 'wrong_role');
  const project = typeof command.project === 'string' ? command.project.trim() : '';
  if (project.length === 0 || project.length > MAX_PROJECT_LENGTH) {
    throw new InvalidInputError(
      `the project needs a name of 1 to ${MAX_PROJECT_LENGTH} characters`,
      { field: 'project' },
      'invalid_project',
    );
  }
  const amount = positiveKrw(command.amount, KRW_LIMITS.chestDisbursement, 'amount', 'invalid_amount');
  if (state.disbursementIds.has(command.disbursementId)) return [];
  if (BigInt(amount) > state.balance) {
    throw new RuleViolationError('insufficient_chest_balance', `the community chest holds ${state.balance} won, less than ${amount} won`, {
      balance: state.balance,
      amount,
    });
  }
  const balanceAfter = state.balance - BigInt(amount);
  return [
    {
      type: 'ChestDisbursed',
      data: {
        disbursementId: command.disbursementId,
        project,
        amount,
        balanceAfter: balanceAfter <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(balanceAfter) : null,
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
