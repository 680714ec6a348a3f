import type { CampaignChanged, CampaignCreated } from '@goodpay/campaign';
import type { RecordedEvent, Sql } from '@goodpay/event-store';
import type { MerchantRegistered } from '@goodpay/merchant';
import type { PrepaymentClaimed, PrepaymentMade } from '@goodpay/prepayment';
import type { RaffleCertificationSubmitted } from '@goodpay/raffle';
import type { SettlementClosed } from '@goodpay/settlement';

/**
 * What later events need from earlier ones, kept by the planner in its own tables (contexts
 * never read each other's tables): a redemption names its prepayment, not the payer; no
 * prepayment event names the shop; a certification's approval names a pseudonymous person, not
 * the user who submitted it.
 */
export interface PlannerFacts {
  /** Null while a prepayment at the shop is unclaimed: it is the counter customer's, nobody to tell. */
  payerOf(prepaymentId: string): Promise<string | null>;
  merchantName(merchantId: string): Promise<string>;
  /** The user who runs the shop: the one to tell about its settlements. */
  merchantOwner(merchantId: string): Promise<string>;
  /** The Seoul day a settlement covered. */
  settlementDay(settlementId: string): Promise<string>;
  /** The user (token subject) who submitted a raffle certification: the one to tell about it. */
  certificationSubmitter(certificationId: string): Promise<string>;
  campaignName(campaignId: string): Promise<string>;
}

/** Who pays for a prepayment: known when it is made on their behalf, or once they claim it. */
async function rememberPayer(sql: Sql, prepaymentId: string, payerId: string, merchantId: string): Promise<void> {
  await sql.query(
    `INSERT INTO notification_prepayment_payers (prepayment_id, payer_id, merchant_id) VALUES ($1, $2, $3)
     ON CONFLICT (prepayment_id) DO NOTHING`,
    [prepaymentId, payerId, merchantId],
  );
}

/** How each fact-bearing event is remembered, by event type. */
export const FACT_RECORDERS: Record<string, (event: RecordedEvent, sql: Sql) => Promise<void>> = {
  PrepaymentMade: async (event, sql) => {
    const { data } = event as unknown as RecordedEvent<PrepaymentMade>;
    if (data.payer !== null) await rememberPayer(sql, data.prepaymentId, data.payer.id, data.merchantId);
  },
  PrepaymentClaimed: async (event, sql) => {
    const { data } = event as unknown as RecordedEvent<PrepaymentClaimed>;
    await rememberPayer(sql, data.prepaymentId, data.payer.id, data.merchantId);
  },
  MerchantRegistered: async (event, sql) => {
    const { data } = event as unknown as RecordedEvent<MerchantRegistered>;
    await sql.query(
      `INSERT INTO notification_merchant_names (merchant_id, name, owner_id) VALUES ($1, $2, $3)
       ON CONFLICT (merchant_id) DO UPDATE SET name = EXCLUDED.name, owner_id = EXCLUDED.owner_id`,
      [data.merchantId, data.name, data.ownerId],
    );
  },
  SettlementClosed: async (event, sql) => {
    const { data } = event as unknown as RecordedEvent<SettlementClosed>;
    await sql.query(
      `INSERT INTO notification_settlement_days (settlement_id, day) VALUES ($1, $2) ON CONFLICT (settlement_id) DO NOTHING`,
      [data.settlementId, data.day],
    );
  },
  RaffleCertificationSubmitted: async (event, sql) => {
    const { data } = event as unknown as RecordedEvent<RaffleCertificationSubmitted>;
    await sql.query(
      `INSERT INTO notification_raffle_certifications (certification_id, citizen_id) VALUES ($1, $2) ON CONFLICT (certification_id) DO NOTHING`,
      [data.certificationId, data.citizenId],
    );
  },
  CampaignCreated: async (event, sql) => {
    const { data } = event as unknown as RecordedEvent<CampaignCreated>;
    await sql.query(
      `INSERT INTO notification_campaign_names (campaign_id, name) VALUES ($1, $2) ON CONFLICT (campaign_id) DO UPDATE SET name = EXCLUDED.name`,
      [data.campaignId, data.name],
    );
  },
  CampaignChanged: async (event, sql) => {
    const { data } = event as unknown as RecordedEvent<CampaignChanged>;
    if (data.name === undefined) return;
    await sql.query(
      `INSERT INTO notification_campaign_names (campaign_id, name) VALUES ($1, $2) ON CONFLICT (campaign_id) DO UPDATE SET name = EXCLUDED.name`,
      [data.campaignId, data.name],
    );
  },
};

export function factsOn(sql: Sql): PlannerFacts {
  return {
    async payerOf(prepaymentId) {
      const { rows } = await sql.query<{ payer_id: string }>(
        `SELECT payer_id FROM notification_prepayment_payers WHERE prepayment_id = $1`,
        [prepaymentId],
      );
      // A prepayment at the shop counts for nobody until its payer claims it.
      return rows[0]?.payer_id ?? null;
    },
    async merchantName(merchantId) {
      const { rows } = await sql.query<{ name: string }>(`SELECT name FROM notification_merchant_names WHERE merchant_id = $1`, [
        merchantId,
      ]);
      // A shop registered before the log began (imported data) still gets a readable message.
      return rows[0]?.name ?? '가맹점';
    },
    async merchantOwner(merchantId) {
      const { rows } = await sql.query<{ owner_id: string | null }>(
        `SELECT owner_id FROM notification_merchant_names WHERE merchant_id = $1`,
        [merchantId],
      );
      // A shop is registered (with its owner) before anything is settled for it.
      if (!rows[0]?.owner_id) throw new Error(`no owner known for merchant ${merchantId}`);
      return rows[0].owner_id;
    },
    async settlementDay(settlementId) {
      const { rows } = await sql.query<{ day: string }>(
        `SELECT day::text AS day FROM notification_settlement_days WHERE settlement_id = $1`,
        [settlementId],
      );
      // The settlement is closed (and its payout scheduled) in one append before any payout is paid.
      if (!rows[0]) throw new Error(`no day known for settlement ${settlementId}`);
      return rows[0].day;
    },
    async certificationSubmitter(certificationId) {
      const { rows } = await sql.query<{ citizen_id: string }>(
        `SELECT citizen_id FROM notification_raffle_certifications WHERE certification_id = $1`,
        [certificationId],
      );
      // A certification is submitted before it is decided or wins: a miss is a broken read model.
      if (!rows[0]) throw new Error(`no submitter known for certification ${certificationId}`);
      return rows[0].citizen_id;
    },
    async campaignName(campaignId) {
      const { rows } = await sql.query<{ name: string }>(`SELECT name FROM notification_campaign_names WHERE campaign_id = $1`, [
        campaignId,
      ]);
      // As for a shop: a campaign created before the log began still gets a readable message.
      return rows[0]?.name ?? '착한 선결제';
    },
  };
}
