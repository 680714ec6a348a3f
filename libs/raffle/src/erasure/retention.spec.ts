import { personsToErase, type RetentionQuestion } from './retention';

const question: RetentionQuestion = {
  today: '2025-03-01',
  rounds: [
    { number: 1, endsOn: '2025-02-02' },
    { number: 2, endsOn: '2025-02-16' },
    { number: 3, endsOn: '2025-02-27' },
  ],
  drawnRounds: [1, 2, 3],
  retentionDays: 180,
  persons: [
    { personId: 'winner', rounds: [1] },
    { personId: 'loser', rounds: [1, 2] },
  ],
  prizeHolders: new Set(['winner']),
  prizesAwaitingConfirmation: false,
};

describe('personal data retention of the raffle', () => {
  it("destroys non-winners' data once every round is drawn and no prize waits for confirmation", () => {
    expect(personsToErase(question)).toEqual([{ personId: 'loser', reason: 'not_a_winner' }]);
    expect(personsToErase({ ...question, drawnRounds: [1, 2] })).toEqual([]);
    expect(personsToErase({ ...question, prizesAwaitingConfirmation: true })).toEqual([]);
  });

  it("destroys everyone's data after the retention period following the last round", () => {
    expect(personsToErase({ ...question, today: '2025-08-26' })).toEqual([{ personId: 'loser', reason: 'not_a_winner' }]);
    const after = personsToErase({ ...question, today: '2025-08-27', drawnRounds: [1] });
    expect(after).toEqual([
      { personId: 'winner', reason: 'retention_period_over' },
      { personId: 'loser', reason: 'retention_period_over' },
    ]);
  });
});
