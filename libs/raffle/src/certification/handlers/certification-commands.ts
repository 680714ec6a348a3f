import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@goodpay/event-store';

/** Name and phone as typed, the consent as given: checked and sealed by the handler. */
export interface CertificationPersonInput {
  name: string;
  phone: string;
  consent: unknown;
}

export type CertificationEvidenceInput =
  | { kind: 'prepayment'; prepaymentId: string }
  | { kind: 'receipt_photo'; photo: Buffer; amount: unknown; shopName: unknown; paidOn: unknown };

export interface CertificationAnswer {
  certificationId: string;
  campaignId: string;
  round: number;
  status: 'pending' | 'approved';
  /** The person's entry in the round once approved. */
  entryId: string | null;
}

/** A citizen certifies a prepayment for the raffle (an in-system one is approved at once). */
export class SubmitRaffleCertificationCommand extends Command<CommandResult<CertificationAnswer>> {
  constructor(
    readonly context: CommandContext,
    readonly campaignId: string,
    readonly person: CertificationPersonInput,
    readonly evidence: CertificationEvidenceInput,
  ) {
    super();
  }
}

/** Staff approve a reviewed receipt: the person enters the round (once, however many certifications). */
export class ApproveRaffleCertificationCommand extends Command<CommandResult<CertificationAnswer>> {
  constructor(
    readonly context: CommandContext,
    readonly certificationId: string,
  ) {
    super();
  }
}

/** Staff reject a reviewed receipt, saying why. */
export class RejectRaffleCertificationCommand extends Command<CommandResult<{ certificationId: string; status: 'rejected' }>> {
  constructor(
    readonly context: CommandContext,
    readonly certificationId: string,
    readonly reason: string,
  ) {
    super();
  }
}
