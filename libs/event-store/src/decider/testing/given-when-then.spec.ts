import { ForbiddenError } from '@goodpay/shared';
import type { Decider } from '../decider';
import type { DomainEvent } from '../../events/event';
import { spec } from './given-when-then';

type Counted = DomainEvent<'Counted', { n: number }>;
type Count = { type: 'Count'; by: number };

/** A counter that refuses to count by zero, and crashes (a bug, not a refusal) below zero. */
const counter: Decider<number, Count, Counted> = {
  initialState: () => 0,
  evolve: (total, event) => total + event.data.n,
  decide: (command, total) => {
    if (command.by === 0) throw new ForbiddenError('zero', 'zero_refused');
    if (command.by < 0) throw new TypeError('bug');
    return [{ type: 'Counted', data: { n: total + command.by } }];
  },
};
const counted = (n: number): Counted => ({ type: 'Counted', data: { n } });
const by = (n: number): Count => ({ type: 'Count', by: n });

describe('given/when/then helper', () => {
  it('passes when the decision or the refusal is the expected one', () => {
    expect(
      spec(counter)
        .given([counted(2)])
        .when(by(1))
        .then([counted(3)]),
    ).toEqual([counted(3)]);
    expect(spec(counter).given().when(by(0)).then('zero_refused')).toBeInstanceOf(ForbiddenError);
  });

  it('fails on other events, another refusal, or events where a refusal was expected', () => {
    expect(() =>
      spec(counter)
        .given([counted(2)])
        .when(by(1))
        .then([counted(4)]),
    ).toThrow();
    expect(() => spec(counter).given().when(by(0)).then('other_code')).toThrow(/expected refusal other_code, got zero_refused/);
    expect(() => spec(counter).given().when(by(1)).then('zero_refused')).toThrow(/expected refusal zero_refused, got \[/);
  });

  it('lets errors that are not refusals through', () => {
    expect(() => spec(counter).given().when(by(-1)).then('zero_refused')).toThrow(TypeError);
  });
});
