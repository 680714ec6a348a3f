import { renderTemplate, type TemplateVariables } from '../templates/render';
import type { ChannelName, NotificationTemplate } from '../templates/template';
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
}

/**
 * Renders `template` for `channel` and checks the channel's limits: a missing variable or a
 * text too long for the channel is refused here, before any provider is called.
 */
export function composeMessage(template: NotificationTemplate, variables: TemplateVariables, channel: ChannelName): ComposedMessage {
  const { title, body } = renderTemplate(template, variables);
  const templateCode = template.providerCodes[channel];
  switch (channel) {
    case 'alimtalk':
      checkAlimtalk(body);
      return { channel, type: 'alimtalk', title: null, body, templateCode };
    case 'sms': {
      const type = textMessageTypeFor(body);
      if (type === 'lms') checkLmsTitle(title);
      return { channel, type, title: type === 'lms' ? title : null, body, templateCode };
    }
    case 'email':
      checkEmail(title, body);
      return { channel, type: 'email', title, body, templateCode };
  }
}
