import { campaignDecider, type CampaignEvent, campaignStream, type CampaignState } from '@goodpay/campaign';
import {
  decideInProcess,
  type EventMetadata,
  fold,
  type ProcessContext,
  processManagerOf,
  readStream,
  type RecordedOf,
  type Sql,
} from '@goodpay/event-store';
import type { MerchantEvent } from '@goodpay/merchant';
import { SYSTEM_ACTOR } from '@goodpay/shared';
import type { PrepaymentCommand } from '../prepayment/commands';
import { prepaymentDecider } from '../prepayment/decider';
import { type PrepaymentEvent, type PrepaymentMade, prepaymentStream } from '../prepayment/events';

export const PREPAID_TERMS = 'prepaid-terms';

type Read = PrepaymentEvent | MerchantEvent | CampaignEvent;

/**
 * A process manager: what the standard terms make happen to prepayments when something else
 * ends.
 *   - MerchantClosed / MerchantSuspended: each of the shop's prepayments is frozen and the refund
 *     to its holder started under its campaign's compensation policy (FreezeForShop);
 *     MerchantReinstated unfreezes them.
 *   - CampaignClosed: each holder of a balance is offered to keep it (where the campaign's terms
 *     allow) or be refunded (OfferCampaignEndChoice); the notification planner tells them. A
 *     campaign that runs past its last day unclosed is offered by the daily sweep
 *     (campaign-end-sweep.ts), from the last days remembered here.
 * It remembers which prepayments each shop and campaign has in its own table, written in its
 * checkpoint transaction: reading the log in order, it has seen every prepayment made before
 * the event that ends them. Its appends share that transaction, and every decision is a no-op
 * when already taken, so a replay from position 0 appends nothing twice.
 */
export const prepaidTermsProcess = () =>
  processManagerOf<Read>()({
    name: PREPAID_TERMS,
    eventTypes: [
      'PrepaymentMade',
      'MerchantClosed',
      'MerchantSuspended',
      'MerchantReinstated',
      'CampaignCreated',
      'CampaignExtended',
      'CampaignClosed',
    ],
    /**
     * The prepayment streams the batch's shop and campaign endings decide on: those remembered,
     * and those made earlier in the same batch (remembered only as the batch goes).
     */
    async streams(events, { sql }) {
      const merchants = events.flatMap((event) =>
        event.type === 'MerchantClosed' || event.type === 'MerchantSuspended' || event.type === 'MerchantReinstated'
          ? [event.data.merchantId]
          : [],
      );
      const campaigns = events.flatMap((event) => (event.type === 'CampaignClosed' ? [event.data.campaignId] : []));
      if (merchants.length === 0 && campaigns.length === 0) return [];
      const { rows } = await sql.query<{ prepayment_id: string }>(
        `SELECT prepayment_id FROM prepaid_terms_holdings WHERE merchant_id = ANY($1::text[]) OR campaign_id = ANY($2::text[])`,
        [merchants, campaigns],
      );
      const madeInBatch = events.flatMap((event) =>
        event.type === 'PrepaymentMade' && (merchants.includes(event.data.merchantId) || campaigns.includes(event.data.campaignId))
          ? [event.data.prepaymentId]
          : [],
      );
      return [...rows.map((row) => row.prepayment_id), ...madeInBatch].map(prepaymentStream);
    },
    /** In log order; each run of PrepaymentMade (thousands behind an import) remembered in one statement. */
    async handle(events, context) {
      for (let at = 0; at < events.length;) {
        const event = events[at];
        let end = at + 1;
        if (event.type === 'PrepaymentMade') while (end < events.length && events[end].type === 'PrepaymentMade') end += 1;
        try {
          if (event.type === 'PrepaymentMade') await rememberHoldings(events.slice(at, end) as RecordedOf<PrepaymentMade>[], context.sql);
          else await handleOne(event as Exclude<Handled, RecordedOf<PrepaymentMade>>, context);
        } catch (error) {
          throw new Error(`${PREPAID_TERMS} failed on ${event.type} at position ${event.globalPosition}: ${(error as Error).message}`, {
            cause: error,
          });
        }
        at = end;
      }
    },
  });

type Handled = RecordedOf<
  Extract<
    Read,
    {
      type:
        | 'PrepaymentMade'
        | 'MerchantClosed'
        | 'MerchantSuspended'
        | 'MerchantReinstated'
        | 'CampaignCreated'
        | 'CampaignExtended'
        | 'CampaignClosed';
    }
  >
>;

/** Which shop and campaign each prepayment is held at: what a shop's or a campaign's ending decides on. */
async function rememberHoldings(made: readonly RecordedOf<PrepaymentMade>[], sql: Sql): Promise<void> {
  await sql.query(
    `INSERT INTO prepaid_terms_holdings (prepayment_id, merchant_id, campaign_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
     ON CONFLICT (prepayment_id) DO NOTHING`,
    [made.map(({ data }) => data.prepaymentId), made.map(({ data }) => data.merchantId), made.map(({ data }) => data.campaignId)],
  );
}

async function handleOne(event: Exclude<Handled, RecordedOf<PrepaymentMade>>, context: ProcessContext): Promise<void> {
  const { sql } = context;
  const metadata: EventMetadata = { correlationId: event.metadata.correlationId, causationId: event.id, actor: SYSTEM_ACTOR };
  // Decided as of the ending event's own moment (the closure's day counts for the 7-day refund), the same on a replay.
  const base = { actor: SYSTEM_ACTOR, now: momentOf(event) };
  switch (event.type) {
    case 'MerchantClosed':
    case 'MerchantSuspended': {
      const { merchantId } = event.data;
      const reason = event.type === 'MerchantClosed' ? 'merchant_closed' : 'merchant_suspended';
      const campaigns = new Map<string, CampaignState>();
      for (const { prepayment_id, campaign_id } of await holdings(sql, 'merchant_id', merchantId)) {
        if (!campaigns.has(campaign_id)) campaigns.set(campaign_id, await campaignOf(context, campaign_id));
        const campaign = campaigns.get(campaign_id)!;
        const compensation =
          campaign.status === 'not_created' ? { refundPercent: 100, approval: 'automatic' as const } : campaign.prepaidTerms.shopClosure;
        await decideOn(context, metadata, prepayment_id, {
          ...base,
          type: 'FreezeForShop',
          prepaymentId: prepayment_id,
          merchantId,
          reason,
          compensation,
        });
      }
      return;
    }
    case 'MerchantReinstated':
      for (const { prepayment_id } of await holdings(sql, 'merchant_id', event.data.merchantId)) {
        await decideOn(context, metadata, prepayment_id, {
          ...base,
          type: 'UnfreezeForShop',
          prepaymentId: prepayment_id,
          merchantId: event.data.merchantId,
        });
      }
      return;
    case 'CampaignCreated':
    case 'CampaignExtended':
      // Its last day, for the daily sweep (campaign-end-sweep.ts) to offer the choice once it has passed.
      await sql.query(
        `INSERT INTO prepaid_terms_campaigns (campaign_id, ends_on) VALUES ($1, $2)
         ON CONFLICT (campaign_id) DO UPDATE SET ends_on = EXCLUDED.ends_on`,
        [event.data.campaignId, event.data.endsOn],
      );
      return;
    case 'CampaignClosed': {
      const { campaignId } = event.data;
      await sql.query(`UPDATE prepaid_terms_campaigns SET offered = true WHERE campaign_id = $1`, [campaignId]);
      const campaign = await campaignOf(context, campaignId);
      const keepAllowed = campaign.status !== 'not_created' && campaign.prepaidTerms.keepAfterCampaignEnd;
      for (const { prepayment_id } of await holdings(sql, 'campaign_id', campaignId)) {
        await decideOn(context, metadata, prepayment_id, {
          ...base,
          type: 'OfferCampaignEndChoice',
          prepaymentId: prepayment_id,
          campaignId,
          keepAllowed,
        });
      }
      return;
    }
  }
}

function momentOf(event: Handled): string {
  switch (event.type) {
    case 'PrepaymentMade':
      return event.data.paidAt;
    case 'MerchantClosed':
      return event.data.closedAt;
    case 'MerchantSuspended':
      return event.data.suspendedAt;
    case 'MerchantReinstated':
      return event.data.reinstatedAt;
    case 'CampaignCreated':
      return event.data.createdAt;
    case 'CampaignExtended':
      return event.data.extendedAt;
    case 'CampaignClosed':
      return event.data.closedAt;
  }
}

async function holdings(sql: Sql, column: 'merchant_id' | 'campaign_id', id: string) {
  const { rows } = await sql.query<{ prepayment_id: string; campaign_id: string }>(
    `SELECT prepayment_id, campaign_id FROM prepaid_terms_holdings WHERE ${column} = $1 ORDER BY prepayment_id`,
    [id],
  );
  return rows;
}

async function campaignOf({ sql, schemas }: ProcessContext, campaignId: string): Promise<CampaignState> {
  const { events } = await readStream(sql, schemas, campaignStream(campaignId));
  return fold(campaignDecider, events as never);
}

/** Decides on the prepayment's stream inside the checkpoint's transaction. */
async function decideOn(context: ProcessContext, metadata: EventMetadata, prepaymentId: string, command: PrepaymentCommand): Promise<void> {
  await decideInProcess(context, prepaymentStream(prepaymentId), prepaymentDecider, command, metadata);
}
