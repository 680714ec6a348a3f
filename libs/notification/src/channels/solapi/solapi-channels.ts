import { templateVariableKey } from '../../templates/render';
import type { DeliveryReceipt } from '../../receipts/delivery-receipts';
import type { NotificationChannel, OutgoingMessage } from '../channel';
import type { SolapiSettings } from '../../notification-options';
import { SolapiClient } from './solapi-client';
import { SOLAPI_ACCEPTED, SOLAPI_RECEIVED, type SolapiMessage } from './solapi-messages';

const sendKeyOf = (message: OutgoingMessage) => ({ sendKey: `${message.sendKey.notificationId}-${message.sendKey.round}` });

/**
 * Kakao Alimtalk and SMS/LMS through Solapi. Alimtalk goes with the approved template's code,
 * its variables and its buttons, and `disableSms: true`: when Kakao cannot deliver, our sender
 * falls back to SMS/LMS itself (with the same template's text), so every attempt and its text is
 * ours to record and show, and a staff resend knows which channel failed.
 */
export function solapiChannels(settings: SolapiSettings): { alimtalk: NotificationChannel; sms: NotificationChannel } {
  const client = new SolapiClient(settings);
  const reports = async (channel: 'alimtalk' | 'sms', providerMessageId: string): Promise<DeliveryReceipt | null> => {
    const found = (await client.statuses(channel, providerMessageId))[providerMessageId];
    if (!found || SOLAPI_ACCEPTED.has(found.statusCode)) return null;
    const reportedAt = found.dateReceived ?? found.dateUpdated ?? new Date().toISOString();
    return found.statusCode === SOLAPI_RECEIVED
      ? { providerMessageId, status: 'delivered', reportedAt }
      : { providerMessageId, status: 'failed', reason: `${found.statusCode} ${found.statusMessage ?? ''}`.trim(), reportedAt };
  };
  return {
    alimtalk: {
      name: 'alimtalk',
      provider: 'solapi',
      send: (message) => {
        const variables = Object.fromEntries(
          Object.entries(message.variables ?? {}).map(([name, value]) => [templateVariableKey(name), value]),
        );
        const request: SolapiMessage = {
          to: message.address,
          from: client.sender,
          type: 'ATA',
          text: message.body,
          kakaoOptions: {
            pfId: client.pfId,
            templateId: message.templateCode,
            variables,
            disableSms: true,
            buttons: [...(message.buttons ?? [])],
          },
          customFields: sendKeyOf(message),
        };
        return client.send('alimtalk', request).then((providerMessageId) => ({ providerMessageId }));
      },
      deliveryReport: (id) => reports('alimtalk', id),
    },
    sms: {
      name: 'sms',
      provider: 'solapi',
      send: (message) => {
        const request: SolapiMessage = {
          to: message.address,
          from: client.sender,
          type: message.type === 'lms' ? 'LMS' : 'SMS',
          text: message.body,
          ...(message.type === 'lms' && message.title ? { subject: message.title } : {}),
          customFields: sendKeyOf(message),
        };
        return client.send('sms', request).then((providerMessageId) => ({ providerMessageId }));
      },
      deliveryReport: (id) => reports('sms', id),
    },
  };
}
