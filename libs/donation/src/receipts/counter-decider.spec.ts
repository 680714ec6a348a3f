import { spec } from '../../../event-store/src/decider/testing';
import { receiptIdOf } from '../ids/name-based-id';
import { type AllocateReceiptNumber, receiptCounterDecider } from './counter-decider';
import type { ReceiptNumberAllocated } from './events';

const donor = { type: 'citizen' as const, id: 'c-1' };
const counter = spec(receiptCounterDecider);
const allocated = (number: number, year = 2025): ReceiptNumberAllocated => ({
  type: 'ReceiptNumberAllocated',
  data: { year, number, receiptId: receiptIdOf(year, number), donor },
});
const allocate = (year = 2025): AllocateReceiptNumber => ({ type: 'AllocateReceiptNumber', year, donor });

describe('receipt counter decider', () => {
  it('numbers each year from 1 without a gap', () => {
    counter
      .given([])
      .when(allocate())
      .then([allocated(1)]);
    counter
      .given([allocated(1), allocated(2)])
      .when(allocate())
      .then([allocated(3)]);
  });

  it('gives each (year, number) its own receipt id', () => {
    expect(new Set([receiptIdOf(2025, 1), receiptIdOf(2025, 2), receiptIdOf(2024, 1)]).size).toBe(3);
    expect(receiptIdOf(2025, 1)).toBe(receiptIdOf(2025, 1));
  });

  it('refuses a history with a gap or a twin rather than number past it', () => {
    expect(() =>
      counter
        .given([allocated(1), allocated(3)])
        .when(allocate())
        .then([]),
    ).toThrow(/receipt number 3 follows 1/);
    expect(() =>
      counter
        .given([allocated(1), allocated(1)])
        .when(allocate())
        .then([]),
    ).toThrow(/receipt number 1 follows 1/);
  });

  it('refuses a year that is not one', () => {
    counter.given([]).when(allocate(25)).then('invalid_year');
  });
});
