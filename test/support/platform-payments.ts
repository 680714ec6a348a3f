import type { ProductClient } from './open-shop';

/**
 * The office's step of a platform prepayment: staff confirm the order's payment from the
 * provider's statement (until a payment gateway confirms it by itself). Without it an order
 * stays awaiting_payment: nothing to redeem, settle or certify.
 */
export async function confirmPayment(
  client: Pick<ProductClient, 'request'>,
  staffToken: string,
  prepaymentId: string,
  amount: number,
): Promise<{ position: string }> {
  const answer = await client.request('POST', `/prepayments/${prepaymentId}/payment-confirmation`, { token: staffToken, body: { amount } });
  if (answer.status !== 200) throw new Error(`confirm payment of ${prepaymentId}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** The payer the shop named claims an at-shop prepayment with the code handed over at the counter. */
export async function claimPrepayment(
  client: Pick<ProductClient, 'request'>,
  payerToken: string,
  code: string,
): Promise<{ position: string }> {
  const answer = await client.request('POST', '/prepayments/claims', { token: payerToken, body: { code } });
  if (answer.status !== 200) throw new Error(`claim ${code}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}
