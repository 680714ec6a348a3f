import { Inject, Injectable } from '@nestjs/common';
import { EventStore, fold, type StreamReader } from '@goodpay/event-store';
import { ForbiddenError } from '@goodpay/shared';
import { verifiedIdentityDecider } from '../verified-identity/decider';
import { verifiedIdentityStream, type VerifiedIdentityEvent } from '../verified-identity/events';

/**
 * The verified person of account `userId`, or null; read from the account's own stream, so a
 * binding counts at once (no projection lag). For rules that key by person without a refusal
 * policy of their own (the monthly prepayment cap: unverified payers stay keyed by user id).
 */
export async function verifiedPersonOf(store: StreamReader, userId: string): Promise<string | null> {
  const { events } = await store.readStream(verifiedIdentityStream(userId));
  return fold(verifiedIdentityDecider, events as unknown as VerifiedIdentityEvent[]).personId;
}

export const IDENTITY_OPTIONS = Symbol('identity-options');

export interface IdentityOptions {
  /** VERIFIED_IDENTITY_REQUIRED: "one person" rules refuse a citizen who has not verified their identity. */
  verifiedIdentityRequired: boolean;
}

/**
 * The person key: who counts as one person wherever "one person" matters (a raffle entry per
 * round, prize limits). A verified citizen is the vault subject of their CI, the same for each
 * of their accounts and phones. An unverified one is refused where VERIFIED_IDENTITY_REQUIRED
 * (production by default: `identity_verification_required`, 403), else keyed as the caller
 * decides (the raffle: by the phone given, as before verification existed).
 */
@Injectable()
export class PersonKeys {
  constructor(
    private readonly store: EventStore,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
  ) {}

  /** The verified person of account `userId`, or null. */
  verifiedPersonOf(userId: string): Promise<string | null> {
    return verifiedPersonOf(this.store, userId);
  }

  /** The person key of `userId`; `unverified` gives the key of someone not verified, where that is allowed. */
  async personOf(userId: string, unverified: () => Promise<string>): Promise<string> {
    const person = await this.verifiedPersonOf(userId);
    if (person) return person;
    if (this.options.verifiedIdentityRequired) {
      throw new ForbiddenError('verify your identity (본인인증) first: one person counts once', 'identity_verification_required');
    }
    return unverified();
  }
}
