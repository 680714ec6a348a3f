import { TemplateVariableMissingError } from '../message/message-errors';
import type { NotificationTemplate, TemplateVariables } from './template';

export type { TemplateVariables } from './template';

const PLACEHOLDER = /#\{([^}]+)\}/g;

/** How a variable is written in the text, as Kakao's variables map keys it: `#{name}`. */
export const templateVariableKey = (name: string): string => `#{${name}}`;

/** The variables a text names, each once, in order of appearance. */
export function variablesOf(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(PLACEHOLDER), (match) => match[1]))];
}

function fill(template: NotificationTemplate, text: string, variables: TemplateVariables): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    const value = variables[name];
    if (value === undefined) throw new TemplateVariableMissingError(`${template.id}@${template.version}`, name);
    return value;
  });
}

export interface RenderedText {
  title: string;
  body: string;
}

/** Fills title and body; a variable the template names but `variables` lacks is refused. */
export function renderTemplate(template: NotificationTemplate, variables: TemplateVariables): RenderedText {
  return { title: fill(template, template.title, variables), body: fill(template, template.body, variables) };
}
