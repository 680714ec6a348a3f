/**
 * What a notification is about. The category decides which preferences apply:
 * - must_receive: sent even to someone who opted out (a win, a refund: the person must know);
 * - transactional: about the person's own action, honours a per-kind opt-out;
 * - promotional: honours the opt-out and is never sent at night (quiet hours, Asia/Seoul).
 */
const KIND_CATEGORIES = {
  prepayment_made: 'transactional',
  prepayment_redeemed: 'transactional',
  prepayment_refunded: 'must_receive',
  // The standard terms require the holder be told: an expiry, and a campaign's end with a balance left.
  prepayment_expiry_notice: 'must_receive',
  campaign_end_choice: 'must_receive',
  certification_approved: 'transactional',
  certification_rejected: 'transactional',
  raffle_won: 'must_receive',
  merchant_settled: 'transactional',
  donation_receipt_issued: 'transactional',
  campaign_news: 'promotional',
} as const;

export type NotificationKind = keyof typeof KIND_CATEGORIES;
export type KindCategory = (typeof KIND_CATEGORIES)[NotificationKind];

export const NOTIFICATION_KINDS = Object.keys(KIND_CATEGORIES) as NotificationKind[];

export const isNotificationKind = (value: unknown): value is NotificationKind =>
  typeof value === 'string' && Object.hasOwn(KIND_CATEGORIES, value);

export const categoryOf = (kind: NotificationKind): KindCategory => KIND_CATEGORIES[kind];

/**
 * BullMQ job priority of a kind (1 is first): when a provider comes back after an outage, what a
 * person must know goes out first, then what they did themselves, then news.
 */
const URGENCY: Record<KindCategory, number> = { must_receive: 1, transactional: 2, promotional: 3 };
export const urgencyOf = (kind: NotificationKind): number => URGENCY[categoryOf(kind)];
