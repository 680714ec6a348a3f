import { RuleViolationError } from '@goodpay/shared';

/** The rendered text does not fit the channel: refused before anything is sent. */
export class MessageTooLongError extends RuleViolationError {
  constructor(channel: string, size: number, limit: number, unit: 'bytes' | 'characters') {
    super('message_too_long', `the message is ${size} ${unit}, more than the ${limit} ${unit} a ${channel} message may carry`, {
      channel,
      size,
      limit,
      unit,
    });
  }
}

/** The template names a variable the notification did not supply: refused before sending. */
export class TemplateVariableMissingError extends RuleViolationError {
  constructor(template: string, variable: string) {
    super('template_variable_missing', `template ${template} needs the variable #{${variable}}`, { template, variable });
  }
}
