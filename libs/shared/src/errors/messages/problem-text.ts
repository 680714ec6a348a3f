import { PROBLEM_MESSAGES } from './catalogue';
import { FALLBACK_TITLE, fillMessage, type Language, STATUS_TITLES } from './problem-messages';

/**
 * The title and detail of a problem in `language`: the title says the kind of answer (by its
 * HTTP status), the detail what went wrong (by its code, filled with its parameters). A code the
 * catalogue does not know yet (the catalogue test fails for it) keeps the thrower's own
 * English message, so nothing is ever answered empty.
 */
export function problemText(
  code: string,
  status: number,
  language: Language,
  parameters: Record<string, unknown>,
  ownMessage: string,
): { title: string; detail: string } {
  const title = (STATUS_TITLES[status] ?? FALLBACK_TITLE)[language];
  const entry = Object.prototype.hasOwnProperty.call(PROBLEM_MESSAGES, code) ? PROBLEM_MESSAGES[code] : undefined;
  return { title, detail: entry ? fillMessage(entry[language], parameters) : ownMessage };
}
