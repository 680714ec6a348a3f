import { InvalidInputError } from '@goodpay/shared';
import type { RaffleConsent } from './events';

/** The items a citizen must each agree to, separately: none is implied by another. */
export const REQUIRED_CONSENT_ITEMS = ['purpose', 'itemsCollected', 'retentionPeriod', 'rightToRefuse'] as const;

/**
 * Consent as given: every required item exactly `true` (not "yes", not missing), and the
 * version of the text shown, so what was agreed to can be shown later.
 */
export function validConsent(given: unknown): RaffleConsent {
  const consent = (typeof given === 'object' && given !== null ? given : {}) as Record<string, unknown>;
  const missing = REQUIRED_CONSENT_ITEMS.filter((item) => consent[item] !== true);
  if (missing.length > 0) {
    throw new InvalidInputError(`consent is required to each of: ${missing.join(', ')}`, { missing }, 'consent_required');
  }
  const version = typeof consent.version === 'string' ? consent.version.trim() : '';
  if (version.length === 0 || version.length > 50) {
    throw new InvalidInputError(
      'consent.version must name the consent text shown (1 to 50 characters)',
      { field: 'consent.version' },
      'consent_version_required',
    );
  }
  return { version, purpose: true, itemsCollected: true, retentionPeriod: true, rightToRefuse: true };
}
