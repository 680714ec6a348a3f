import type { MessageEntries } from '../problem-messages';
import { CAMPAIGN_MESSAGES } from './campaign';
import { COMMON_MESSAGES } from './common';
import { DONATION_MESSAGES } from './donation';
import { IDENTITY_MESSAGES } from './identity';
import { MERCHANT_MESSAGES } from './merchant';
import { NOTIFICATION_MESSAGES } from './notification';
import { OFFICE_EXPORT_MESSAGES } from './office-export';
import { PARTICIPANT_MESSAGES } from './participant';
import { PERSONAL_DATA_MESSAGES } from './personal-data';
import { PREPAYMENT_MESSAGES } from './prepayment';
import { RAFFLE_MESSAGES } from './raffle';
import { SETTLEMENT_MESSAGES } from './settlement';

/** Every file of the catalogue: a new context adds its file here. */
export const MESSAGE_FILES: Record<string, MessageEntries> = {
  common: COMMON_MESSAGES,
  campaign: CAMPAIGN_MESSAGES,
  merchant: MERCHANT_MESSAGES,
  participant: PARTICIPANT_MESSAGES,
  prepayment: PREPAYMENT_MESSAGES,
  raffle: RAFFLE_MESSAGES,
  settlement: SETTLEMENT_MESSAGES,
  donation: DONATION_MESSAGES,
  notification: NOTIFICATION_MESSAGES,
  identity: IDENTITY_MESSAGES,
  'personal-data': PERSONAL_DATA_MESSAGES,
  'office-export': OFFICE_EXPORT_MESSAGES,
};

/** The whole catalogue: code -> { ko, en }. */
export const PROBLEM_MESSAGES: MessageEntries = Object.assign({}, ...Object.values(MESSAGE_FILES));
