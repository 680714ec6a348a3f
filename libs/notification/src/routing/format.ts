/**
 * Whole won as Koreans write it in messages: 100000 -> "100,000원". The digits are grouped by
 * hand for a whole, non-negative amount (every amount a message names), as `toLocaleString('en-US')`
 * groups them: that call costs about a microsecond, five times this, and planning a backlog
 * formats two amounts per redemption, twice (the planner's dry run, then the real one).
 */
export const formatWon = (amount: number): string => {
  if (!Number.isSafeInteger(amount) || amount < 0 || Object.is(amount, -0)) return `${amount.toLocaleString('en-US')}원`;
  const digits = String(amount);
  let grouped = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = grouped.length; i < digits.length; i += 3) grouped += `,${digits.slice(i, i + 3)}`;
  return `${grouped}원`;
};

/** A raffle round as people are told it: "전북 착한 선결제 1회차". */
export const formatRound = (campaignName: string, round: number): string => `${campaignName} ${round}회차`;
