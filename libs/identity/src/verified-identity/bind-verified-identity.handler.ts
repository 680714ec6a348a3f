import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, type CommandResult, decideOnStream, EventStore, idempotencyOf, metadataOf } from '@goodpay/event-store';
import { normaliseKoreanMobile, PersonalDataVault, verifiedIdentity } from '@goodpay/personal-data';
import { Clock, ConflictError, ForbiddenError, InvalidInputError, NotFoundError, RuleViolationError } from '@goodpay/shared';
import { IdentityVerifications } from '../verification/identity-verifications';
import { verifiedIdentityDecider } from './decider';
import { identityVerificationStream, type IdentityVerificationUsed, verifiedIdentityStream } from './events';

/** PortOne's identityVerificationId as the front end got it: short, no separators that could make another path. */
const VERIFICATION_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** No person key and no verified value in the answer (nor in the Idempotency-Key's stored copy of it). */
export interface VerifiedIdentityAnswer {
  verified: true;
}

export class BindVerifiedIdentityCommand extends Command<CommandResult<VerifiedIdentityAnswer>> {
  constructor(
    readonly context: CommandContext,
    readonly verificationId: unknown,
  ) {
    super();
  }
}

/**
 * A citizen finished an identity verification in the front end and gives the api its id. The
 * api asks the provider itself (the client's copy of the result is never believed), checks it
 * is VERIFIED with a CI, finds the person of that CI through the vault's sealed index (one
 * random subject per CI, whatever account asks), seals the CI and the verified name, birth
 * date and phone under it, and records the binding. The verification id is claimed in the
 * same append: used by one account, it cannot verify another.
 */
@CommandHandler(BindVerifiedIdentityCommand)
export class BindVerifiedIdentityHandler implements ICommandHandler<BindVerifiedIdentityCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly verifications: IdentityVerifications,
    private readonly vault: PersonalDataVault,
    private readonly clock: Clock,
  ) {}

  async execute({ context, verificationId }: BindVerifiedIdentityCommand): Promise<CommandResult<VerifiedIdentityAnswer>> {
    if (context.actor.role !== 'citizen') throw new ForbiddenError('only a citizen verifies their identity', 'citizens_only');
    if (typeof verificationId !== 'string' || !VERIFICATION_ID.test(verificationId)) {
      throw new InvalidInputError(
        'identityVerificationId must be 1-100 of A-Z a-z 0-9 . _ : -',
        { field: 'identityVerificationId' },
        'validation_failed',
      );
    }
    const outcome = await this.verifications.fetch(verificationId);
    if (outcome.status === 'not_found') throw new NotFoundError('identity_verification', verificationId);
    if (outcome.status !== 'verified') {
      throw new RuleViolationError(
        'identity_not_verified',
        `the identity verification is ${outcome.status === 'ready' ? 'not finished' : 'failed'}`,
      );
    }
    if (!outcome.ci)
      throw new RuleViolationError(
        'identity_ci_missing',
        'the verification gave no connecting information (CI); verify with another method',
      );
    const phone = outcome.phoneNumber ? safePhone(outcome.phoneNumber) : null;
    const personId = await this.vault.subjectFor(verifiedIdentity(outcome.ci));
    const sealed = await this.vault.seal(personId, {
      ci: outcome.ci,
      name: outcome.name,
      ...(outcome.birthDate ? { birthDate: outcome.birthDate } : {}),
      ...(phone ? { phone } : {}),
    });

    return this.store.execute(
      async () => {
        const now = this.clock.now().toISOString();
        const claim = await this.store.readStream(identityVerificationStream(verificationId));
        const usedBy = (claim.events[0]?.data as IdentityVerificationUsed['data'] | undefined)?.userId;
        if (usedBy !== undefined && usedBy !== context.actor.id) {
          throw new ConflictError('identity_verification_used', 'this identity verification was already used by another account');
        }
        const decided = await decideOnStream(this.store, verifiedIdentityStream(context.actor.id), verifiedIdentityDecider, {
          type: 'BindVerifiedIdentity',
          actor: context.actor,
          personId,
          verificationId,
          provider: this.verifications.provider,
          sealed,
          verifiedAt: outcome.verifiedAt,
          now,
        });
        const used: IdentityVerificationUsed = {
          type: 'IdentityVerificationUsed',
          data: { verificationId, userId: context.actor.id, usedAt: now },
        };
        const appends =
          decided.events.length === 0
            ? []
            : [
                decided.append,
                { streamId: identityVerificationStream(verificationId), expectedVersion: 'no_stream' as const, events: [used] },
              ];
        return { appends, respond: () => ({ verified: true as const }) };
      },
      { metadata: metadataOf(context), idempotency: idempotencyOf(context, 'BindVerifiedIdentity', { verificationId }), maxAttempts: 3 },
    );
  }
}

/** The verified phone in the one written form, or null when it is not a Korean mobile (kept out, not refused). */
function safePhone(phone: string): string | null {
  try {
    return normaliseKoreanMobile(phone);
  } catch {
    return null;
  }
}
