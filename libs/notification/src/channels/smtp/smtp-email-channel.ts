import { createTransport, type Transporter } from 'nodemailer';
import type { SmtpSettings } from '../../notification-options';
import { ChannelError, type NotificationChannel, type OutgoingMessage } from '../channel';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

/** The HTML part: the same text, escaped, a paragraph per line. */
const htmlOf = (message: OutgoingMessage): string =>
  `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>${escapeHtml(message.title ?? '')}</title></head><body>` +
  message.body
    .split('\n')
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('') +
  '</body></html>';

/** SMTP reply codes: 4xx is temporary (greylisting, mailbox busy), 5xx permanent (no such user). */
function failureOf(error: unknown): ChannelError {
  const { responseCode, code } = error as { responseCode?: number; code?: string };
  if (typeof responseCode === 'number' && responseCode >= 500) {
    return new ChannelError('email', `smtp_${responseCode}`, false, 'the mail server refused the message');
  }
  if (typeof responseCode === 'number' && responseCode >= 400) {
    return new ChannelError('email', `smtp_${responseCode}`, true, 'the mail server asked to try later');
  }
  // No connection, a timeout, a refused login: the server is out of reach for every message.
  return new ChannelError('email', 'provider_unavailable', true, `the mail server could not be reached (${code ?? 'error'})`, 'provider');
}

/**
 * E-mail over SMTP with nodemailer: a plain-text and an HTML part of the same text, the subject
 * encoded by nodemailer as RFC 2047 encoded-words when it is not ASCII (Korean subjects), the
 * template's attachment (a donation receipt) where it has one. The Message-ID is ours, derived
 * from the send key, so the provider's id of the message is known before it answers.
 */
export function smtpEmailChannel(settings: SmtpSettings, transporter: Transporter = createTransport(settings.url)): NotificationChannel {
  const domain = /@([^>\s]+)>?\s*$/.exec(settings.from)?.[1] ?? 'goodpay.localhost';
  return {
    name: 'email',
    provider: 'smtp',
    async send(message) {
      const messageId = `<${message.sendKey.notificationId}.${message.sendKey.round}@${domain}>`;
      try {
        await transporter.sendMail({
          from: settings.from,
          to: message.address,
          subject: message.title ?? '',
          text: message.body,
          html: htmlOf(message),
          messageId,
          attachments: (message.attachments ?? []).map((attachment) => ({ ...attachment })),
        });
      } catch (error) {
        throw failureOf(error);
      }
      return { providerMessageId: messageId };
    },
  };
}
