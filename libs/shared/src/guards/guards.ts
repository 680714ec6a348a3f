import type { Actor } from '../auth/actor';
import { ForbiddenError, InvalidInputError } from '../errors/domain-error';

/**
 * Small guards every domain library uses: who may act, and what a piece of text must be.
 * Pure: every context uses them, so they live in the kernel.
 */

/** Campaign staff only: campaigns, merchant reviews and organisations are run by the office. */
export function requireStaff(actor: Actor, action: string): void {
  if (actor.role !== 'staff') throw new ForbiddenError(`only campaign staff may ${action}`, 'staff_only');
}

/** Trimmed, non-empty text of at most `maxLength` characters, or an InvalidInputError naming the field. */
export function requiredText(value: unknown, field: string, maxLength = 200): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length === 0 || text.length > maxLength) {
    throw new InvalidInputError(`${field} must be text of 1 to ${maxLength} characters`, { field });
  }
  return text;
}

/** Like requiredText, but absent (undefined, null or blank) gives null. */
export function optionalText(value: unknown, field: string, maxLength = 200): string | null {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return null;
  return requiredText(value, field, maxLength);
}

/** One of the allowed values, or an InvalidInputError listing them. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (!allowed.includes(value as T)) {
    throw new InvalidInputError(`${field} must be one of ${allowed.join(', ')}`, { field, value });
  }
  return value as T;
}
