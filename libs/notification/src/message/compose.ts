import { maskedVariables } from '../templates/masking';
import { renderTemplate, type TemplateVariables } from '../templates/render';
import type { AlimtalkButton, ChannelName, EmailAttachment, NotificationTemplate } from '../templates/template';
import { checkAlimtalk, checkEmail, checkLmsTitle, textMessageTypeFor } from './channel-limits';

export type MessageType = 'alimtalk' | 'sms' | 'lms' | 'email';

/** What a channel is handed, minus the address: checked against the channel's limits. */
export interface ComposedMessage {
  channel: ChannelName;
  type: MessageType;
  /** The e-mail subject or LMS title; null for SMS and Alimtalk. */
  title: string | null;
  body: string;
  /** The provider's code for the template, so the provider can match an approved text. */
  templateCode: string;
  /** The template's variables: Alimtalk sends them for Kakao to fill the approved text. (Optional for callers that build a message by hand.) */
  variables?: TemplateVariables;
  /** The same text with the template's personal variables masked: what is shown and kept; the text itself when absent. */
  shown?: { title: string | null; body: string };
  /** Alimtalk: the buttons approved with the template. */
  buttons?: readonly AlimtalkButton[];
  /** E-mail: the document it carries (a donation receipt). */
  attachments?: EmailAttachment[];
}

/**
 * Renders `template` for `channel` and checks the channel's limits: a missing variable or a
 * text too long for the channel is refused here, before any provider is called. The SMS/LMS text
 * of an Alimtalk template is the same text (the fallback says what the Alimtalk would have said).
 */
export function composeMessage(template: NotificationTemplate, variables: TemplateVariables, channel: ChannelName): ComposedMessage {
  const { title, body } = renderTemplate(template, variables);
  const masked = renderTemplate(template, maskedVariables(template, variables));
  const templateCode = template.providerCodes[channel];
  const common = { variables, templateCode };
  switch (channel) {
    case 'alimtalk':
      checkAlimtalk(body);
      return {
        ...common,
        channel,
        type: 'alimtalk',
        title: null,
        body,
        shown: { title: null, body: masked.body },
        buttons: template.alimtalkButtons ?? [],
      };
    case 'sms': {
      const type = textMessageTypeFor(body);
      if (type === 'lms') checkLmsTitle(title);
      const shownTitle = type === 'lms' ? masked.title : null;
      return { ...common, channel, type, title: type === 'lms' ? title : null, body, shown: { title: shownTitle, body: masked.body } };
    }
    case 'email':
      checkEmail(title, body);
      return {
        ...common,
        channel,
        type: 'email',
        title,
        body,
        shown: { title: masked.title, body: masked.body },
        attachments: template.emailAttachment ? [template.emailAttachment(variables)] : [],
      };
  }
}
