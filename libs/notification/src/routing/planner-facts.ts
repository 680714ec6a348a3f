import type { RecordedEvent, Sql } from '@goodpay/event-store';
import type { MerchantRegistered } from '@goodpay/merchant';
import type { PrepaymentMade } from '@goodpay/prepayment';

/**
 * What later events need from earlier ones, kept by the planner in its own tables (contexts
 * never read each other's tables): a redemption names its prepayment, not the payer; no
 * prepayment event names the shop.
 */
export interface PlannerFacts {
  payerOf(prepaymentId: string): Promise<string>;
  merchantName(merchantId: string): Promise<string>;
}

/** How each fact-bearing event is remembered, by event type. */
export const FACT_RECORDERS: Record<string, (event: RecordedEvent, sql: Sql) => Promise<void>> = {
  PrepaymentMade: async (event, sql) => {
    const { data } = event as unknown as RecordedEvent<PrepaymentMade>;
    await sql.query(
      `INSERT INTO notification_prepayment_payers (prepayment_id, payer_id, merchant_id) VALUES ($1, $2, $3)
       ON CONFLICT (prepayment_id) DO NOTHING`,
      [data.prepaymentId, data.payer.id, data.merchantId],
    );
  },
  MerchantRegistered: async (event, sql) => {
    const { data } = event as unknown as RecordedEvent<MerchantRegistered>;
    await sql.query(
      `INSERT INTO notification_merchant_names (merchant_id, name) VALUES ($1, $2)
       ON CONFLICT (merchant_id) DO UPDATE SET name = EXCLUDED.name`,
      [data.merchantId, data.name],
    );
  },
};

export const FACT_TABLES = ['notification_prepayment_payers', 'notification_merchant_names'] as const;

export function factsOn(sql: Sql): PlannerFacts {
  return {
    async payerOf(prepaymentId) {
      const { rows } = await sql.query<{ payer_id: string }>(
        `SELECT payer_id FROM notification_prepayment_payers WHERE prepayment_id = $1`,
        [prepaymentId],
      );
      // The log says the prepayment was made before it was redeemed: a miss is a broken read model.
      if (!rows[0]) throw new Error(`no payer known for prepayment ${prepaymentId}`);
      return rows[0].payer_id;
    },
    async merchantName(merchantId) {
      const { rows } = await sql.query<{ name: string }>(`SELECT name FROM notification_merchant_names WHERE merchant_id = $1`, [merchantId]);
      // A shop registered before the log began (imported data) still gets a readable message.
      return rows[0]?.name ?? '가맹점';
    },
  };
}
