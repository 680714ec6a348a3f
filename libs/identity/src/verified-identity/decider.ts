import type { Decider } from '@goodpay/event-store';
import { type Actor, ConflictError, ForbiddenError, RuleViolationError } from '@goodpay/shared';
import type { IdentityVerified, VerifiedIdentityEvent } from './events';

/** How old a provider's verification may be when it is bound: a verification id is not a lasting credential. */
export const VERIFICATION_FRESH_FOR_MS = 30 * 60 * 1000;

export interface BindVerifiedIdentity {
  type: 'BindVerifiedIdentity';
  actor: Actor;
  personId: string;
  verificationId: string;
  provider: string;
  sealed: string;
  verifiedAt: string;
  now: string;
}

export interface VerifiedIdentityState {
  personId: string | null;
  verificationIds: string[];
}

/**
 * The rules of binding a verified person to an account: only a citizen binds, only to
 * themself; a verification must be recent; an account verified as one person cannot become
 * another (a shared phone or a sold account must not move a person's entries); verifying
 * again as the same person is fine (a new phone, a renewed verification) and changes nothing
 * but the record. Two accounts of the same person are allowed: they share the person key.
 */
export const verifiedIdentityDecider: Decider<VerifiedIdentityState, BindVerifiedIdentity, VerifiedIdentityEvent> = {
  initialState: () => ({ personId: null, verificationIds: [] }),
  evolve: (state, event) => ({ personId: event.data.personId, verificationIds: [...state.verificationIds, event.data.verificationId] }),
  decide(command, state): IdentityVerified[] {
    if (command.actor.role !== 'citizen') throw new ForbiddenError('only a citizen verifies their identity', 'citizens_only');
    if (state.verificationIds.includes(command.verificationId)) return [];
    const age = Date.parse(command.now) - Date.parse(command.verifiedAt);
    if (!(age <= VERIFICATION_FRESH_FOR_MS)) {
      throw new RuleViolationError('identity_verification_stale', 'the verification is too old to bind: verify again');
    }
    if (state.personId !== null && state.personId !== command.personId) {
      throw new ConflictError('identity_already_bound', 'this account is already verified as another person');
    }
    return [
      {
        type: 'IdentityVerified',
        data: {
          userId: command.actor.id,
          personId: command.personId,
          verificationId: command.verificationId,
          provider: command.provider,
          sealed: command.sealed,
          verifiedAt: command.verifiedAt,
          boundAt: command.now,
        },
      },
    ];
  },
};
