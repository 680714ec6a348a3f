import type { TemplateVariables } from './render';
import type { NotificationTemplate } from './template';

/** Keeps the first character of a personal value: '7K3M9QXA' -> '7*******'. */
export const maskValue = (value: string): string => {
  const characters = Array.from(value);
  return characters.length === 0 ? value : `${characters[0]}${'*'.repeat(Math.max(characters.length - 1, 1))}`;
};

/** The variables as they may be shown and kept: every personal variable of the template masked. */
export function maskedVariables(template: NotificationTemplate, variables: TemplateVariables): Record<string, string> {
  const masked: Record<string, string> = { ...variables };
  for (const name of template.personalVariables ?? []) if (masked[name] !== undefined) masked[name] = maskValue(masked[name]);
  return masked;
}
