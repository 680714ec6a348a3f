import { categoryOf, type NotificationKind } from '../kinds/notification-kinds';
import type { ChannelName } from '../templates/template';
import { quietUntil } from './quiet-hours';

export const CONTACT_CHANNELS = ['phone', 'email'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** A recipient's preferences, as the sender reads them at sending time. */
export interface RecipientPreferences {
  optedOut: readonly NotificationKind[];
  preferred: ContactChannel;
}

export const DEFAULT_PREFERENCES: RecipientPreferences = { optedOut: [], preferred: 'phone' };

/** Which contact details a recipient has (never the details themselves). */
export interface ContactPresence {
  phone: boolean;
  email: boolean;
}

export type SkipReason = 'opted_out' | 'no_contact';

export type DeliveryDecision =
  { action: 'send'; channels: ChannelName[] } | { action: 'defer'; until: Date } | { action: 'skip'; reason: SkipReason };

/**
 * The channels to try, in order. A phone gets Alimtalk, falling back to SMS/LMS when Alimtalk
 * fails (not a KakaoTalk user, blocked, Kakao down); an e-mail address gets e-mail. The
 * preferred contact first; the other one when the preferred is missing.
 */
export function channelsFor(contact: ContactPresence, preferred: ContactChannel): ChannelName[] {
  const byPhone: ChannelName[] = ['alimtalk', 'sms'];
  const byEmail: ChannelName[] = ['email'];
  if (preferred === 'email') return contact.email ? byEmail : contact.phone ? byPhone : [];
  return contact.phone ? byPhone : contact.email ? byEmail : [];
}

/**
 * Whether to send now, later or not at all. Must-receive kinds ignore an opt-out (even one
 * stored before the kind became must-receive); promotional ones wait out the quiet hours
 * (deferred to 08:00 Seoul, never dropped).
 */
export function decideDelivery(
  kind: NotificationKind,
  preferences: RecipientPreferences,
  contact: ContactPresence,
  now: Date,
): DeliveryDecision {
  const category = categoryOf(kind);
  if (category !== 'must_receive' && preferences.optedOut.includes(kind)) return { action: 'skip', reason: 'opted_out' };
  const channels = channelsFor(contact, preferences.preferred);
  if (channels.length === 0) return { action: 'skip', reason: 'no_contact' };
  if (category === 'promotional') {
    const until = quietUntil(now);
    if (until) return { action: 'defer', until };
  }
  return { action: 'send', channels };
}
