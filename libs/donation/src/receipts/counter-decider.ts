import type { Decider } from '@goodpay/event-store';
import { InvalidInputError } from '@goodpay/shared';
import type { DonorRef } from '../donor/donor';
import { receiptIdOf } from '../ids/name-based-id';
import type { ReceiptCounterEvent, ReceiptNumberAllocated } from './events';

export interface ReceiptCounterState {
  /** The last number taken this year; 0 before the first receipt. */
  last: number;
}

/** Take the year's next number for a receipt to `donor`. */
export interface AllocateReceiptNumber {
  type: 'AllocateReceiptNumber';
  year: number;
  donor: DonorRef;
}

export const receiptCounterDecider: Decider<ReceiptCounterState, AllocateReceiptNumber, ReceiptCounterEvent> = {
  initialState: () => ({ last: 0 }),
  evolve: (state, event) => {
    // A number out of order would mean a gap or a twin: the log is wrong, stop rather than go on.
    if (event.data.number !== state.last + 1) throw new Error(`receipt number ${event.data.number} follows ${state.last}`);
    return { last: event.data.number };
  },
  decide: (command, state): ReceiptNumberAllocated[] => {
    if (!Number.isInteger(command.year) || command.year < 2000) {
      throw new InvalidInputError('year must be a year like 2025', { field: 'year', value: command.year }, 'invalid_year');
    }
    const number = state.last + 1;
    return [
      {
        type: 'ReceiptNumberAllocated',
        data: { year: command.year, number, receiptId: receiptIdOf(command.year, number), donor: command.donor },
      },
    ];
  },
};
