import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideOnStream, EventStore, executeOnStream, idempotencyOf, metadataOf } from '@goodpay/event-store';
import { newId, NotFoundError } from '@goodpay/shared';
import { RoundContext } from '../../round/handlers/round-context';
import { raffleCertificationDecider } from '../decider';
import { raffleCertificationStream } from '../events';
import { ApproveRaffleCertificationCommand, type CertificationAnswer, RejectRaffleCertificationCommand } from './certification-commands';
import { enterRound } from './enter-round';
import { CERTIFICATION_ATTEMPTS } from './submit-certification.handler';

/**
 * Approval and the person's entry in one atomic append over the certification and round
 * streams. A round closed meanwhile refuses the approval (round_closed): staff reject instead.
 */
@CommandHandler(ApproveRaffleCertificationCommand)
export class ApproveRaffleCertificationHandler implements ICommandHandler<ApproveRaffleCertificationCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly rounds: RoundContext,
  ) {}

  execute({ context, certificationId }: ApproveRaffleCertificationCommand) {
    return this.store.execute(
      async () => {
        const now = await this.rounds.nowOfCertification(certificationId);
        const command = { type: 'ApproveCertification' as const, actor: context.actor, now, certificationId, entryId: newId() };
        // Decided first so that who may approve and what is pending are checked before the round is.
        const { state, append } = await decideOnStream(
          this.store,
          raffleCertificationStream(certificationId),
          raffleCertificationDecider,
          command,
        );
        if (state.status === 'none') throw new NotFoundError('certification', certificationId);
        const { campaignId, round, personId } = state;
        const prepaymentId = state.evidence.kind === 'prepayment' ? state.evidence.prepaymentId : null;
        const entered = await enterRound(this.store, this.rounds, {
          campaignId,
          round,
          personId,
          certificationId,
          prepaymentId,
          entryId: command.entryId,
          now,
        });
        const approved = { ...append, events: raffleCertificationDecider.decide({ ...command, entryId: entered.entryId }, state) };
        const respond = (): CertificationAnswer => ({ certificationId, campaignId, round, status: 'approved', entryId: entered.entryId });
        return { appends: [approved, entered.append].filter((a) => a.events.length > 0), respond };
      },
      {
        metadata: metadataOf(context),
        idempotency: idempotencyOf(context, 'ApproveRaffleCertification', { certificationId }),
        maxAttempts: CERTIFICATION_ATTEMPTS,
      },
    );
  }
}

@CommandHandler(RejectRaffleCertificationCommand)
export class RejectRaffleCertificationHandler implements ICommandHandler<RejectRaffleCertificationCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly rounds: RoundContext,
  ) {}

  execute({ context, certificationId, reason }: RejectRaffleCertificationCommand) {
    return executeOnStream(
      this.store,
      context,
      raffleCertificationStream(certificationId),
      raffleCertificationDecider,
      async () => ({
        type: 'RejectCertification' as const,
        actor: context.actor,
        now: await this.rounds.nowOfCertification(certificationId),
        certificationId,
        reason,
      }),
      {
        name: 'RejectRaffleCertification',
        input: { certificationId, reason },
        respond: () => ({ certificationId, status: 'rejected' as const }),
      },
    );
  }
}
