/** Whole won as Koreans write it in messages: 100000 -> "100,000원". */
export const formatWon = (amount: number): string => `${amount.toLocaleString('en-US')}원`;
