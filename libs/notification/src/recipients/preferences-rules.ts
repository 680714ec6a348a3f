import { InvalidInputError } from '@goodpay/shared';
import { categoryOf, isNotificationKind, type NotificationKind } from '../kinds/notification-kinds';
import { CONTACT_CHANNELS, type ContactChannel, type RecipientPreferences } from '../delivery/delivery-decision';

export interface PreferencesInput {
  optedOut: readonly string[];
  preferred?: string;
}

/**
 * Checks what a person asks for: known kinds only, and no opt-out from what they must receive
 * (a win, a refund), which is refused rather than stored and silently ignored.
 */
export function validatePreferences(input: PreferencesInput): RecipientPreferences {
  const optedOut: NotificationKind[] = [];
  for (const kind of input.optedOut) {
    if (!isNotificationKind(kind)) {
      throw new InvalidInputError(`${kind} is not a kind of notification`, { kind }, 'unknown_notification_kind');
    }
    if (categoryOf(kind) === 'must_receive') {
      throw new InvalidInputError(
        `${kind} notifications must be received and cannot be turned off`,
        { kind },
        'notification_must_be_received',
      );
    }
    if (!optedOut.includes(kind)) optedOut.push(kind);
  }
  const preferred = input.preferred ?? 'phone';
  if (!(CONTACT_CHANNELS as readonly string[]).includes(preferred)) {
    throw new InvalidInputError('preferred must be phone or email', { preferred }, 'invalid_preferred_channel');
  }
  return { optedOut: optedOut.sort(), preferred: preferred as ContactChannel };
}
