/** Whole won as Koreans write it in messages: 100000 -> "100,000원". */
export const formatWon = (amount: number): string => `${amount.toLocaleString('en-US')}원`;

/** A raffle round as people are told it: "전북 착한 선결제 1회차". */
export const formatRound = (campaignName: string, round: number): string => `${campaignName} ${round}회차`;
