import { Inject, Optional } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  type CommandContext,
  type CommandResult,
  idempotencyOf,
  metadataOf,
  ProjectionNotReadyError,
  Subscriptions,
} from '@goodpay/event-store';
import { PersonKeys } from '@goodpay/identity';
import { PersonalDataVault } from '@goodpay/personal-data';
import { Clock, ForbiddenError, InvalidInputError, NotVisibleError } from '@goodpay/shared';
import { DONATION_LEDGER } from '../ledger/donation-ledger.projection';
import { DonationQueries } from '../queries/donation-queries';
import { TaxReceipts, type TaxReceiptIssued } from '../receipts/tax-receipts';
import { type DonorTaxIdentityRecorded, TAX_IDENTITY_CONSENT } from '../tax-identity/events';
import { legalName, maskResidentRegistrationNumber, residentRegistrationNumber } from '../tax-identity/resident-registration-number';

export interface TaxIdentityInput {
  /** Must be true: the donor agrees to TAX_IDENTITY_CONSENT. */
  agreed: boolean;
  legalName: string;
  residentRegistrationNumber: string;
  address?: string;
}

export interface RequestTaxReceiptInput {
  year: number;
  /** Needed at the first request (and to change it); later requests may leave it out. */
  taxIdentity?: TaxIdentityInput;
}

export class RequestTaxReceiptCommand extends Command<CommandResult<{ receipt: TaxReceiptIssued | null }>> {
  constructor(
    readonly context: CommandContext,
    readonly input: RequestTaxReceiptInput,
  ) {
    super();
  }
}

const LEDGER_WAIT_MS = 10_000;

/**
 * A citizen asks for their tax receipt of a year. The person is the verified person key
 * (libs/identity): their donations from every account bound to the same CI go on one receipt.
 * At the first request they give their legal name and resident registration number with
 * explicit consent; both are sealed in the personal-data vault under the person.
 */
@CommandHandler(RequestTaxReceiptCommand)
export class RequestTaxReceiptHandler implements ICommandHandler<RequestTaxReceiptCommand> {
  constructor(
    private readonly receipts: TaxReceipts,
    private readonly queries: DonationQueries,
    private readonly subscriptions: Subscriptions,
    private readonly clock: Clock,
    @Optional() @Inject(PersonKeys) private readonly personKeys?: PersonKeys,
    @Optional() @Inject(PersonalDataVault) private readonly vault?: PersonalDataVault,
  ) {}

  async execute({ context, input }: RequestTaxReceiptCommand): Promise<CommandResult<{ receipt: TaxReceiptIssued | null }>> {
    if (context.actor.role !== 'citizen') throw new ForbiddenError('only citizens ask for their tax receipts', 'wrong_role');
    const userId = context.actor.id;
    // Unverified citizens count as their account where VERIFIED_IDENTITY_REQUIRED=false (development).
    const person = this.personKeys ? await this.personKeys.personOf(userId, async () => userId) : userId;
    const identity = input.taxIdentity ? await this.sealTaxIdentity(person, userId, input.taxIdentity) : undefined;
    const others = person === userId ? [] : await this.otherAccounts(person);
    // What the Idempotency-Key promises, without the number itself: the year and the masked number given, if any.
    const promised = { year: input.year, maskedRrn: identity?.data.maskedRrn ?? null };
    const { receipt, position, replayed } = await this.receipts.issue(
      { person, requestedBy: userId, accounts: others, year: input.year, identity },
      metadataOf(context),
      idempotencyOf(context, 'RequestTaxReceipt', promised),
    );
    return { response: { receipt }, position, replayed };
  }

  /** The consent and the identity, sealed under the person: recorded in the receipt's own append. */
  private async sealTaxIdentity(person: string, userId: string, given: TaxIdentityInput): Promise<DonorTaxIdentityRecorded> {
    if (given.agreed !== true) {
      throw new InvalidInputError(
        'a tax receipt needs your consent to the collection of your resident registration number',
        { field: 'taxIdentity.agreed' },
        'consent_required',
      );
    }
    if (!this.vault) throw new Error('the personal-data vault is not registered in this process');
    const rrn = residentRegistrationNumber(given.residentRegistrationNumber);
    const name = legalName(given.legalName);
    const address = typeof given.address === 'string' ? given.address.trim().slice(0, 200) : '';
    const sealed = await this.vault.seal(person, { legalName: name, residentRegistrationNumber: rrn, address });
    const now = this.clock.now().toISOString();
    return {
      type: 'DonorTaxIdentityRecorded',
      data: {
        person,
        userId,
        sealed,
        maskedRrn: maskResidentRegistrationNumber(rrn),
        consent: { version: TAX_IDENTITY_CONSENT.version, purpose: TAX_IDENTITY_CONSENT.purpose, agreedAt: now },
      },
    };
  }

  /** The person's other accounts, from the ledger caught up (bounded): one it has not seen yet joins the next receipt. */
  private async otherAccounts(person: string): Promise<string[]> {
    try {
      await this.subscriptions.catchUpCompletely(DONATION_LEDGER, LEDGER_WAIT_MS);
    } catch (error) {
      if (!(error instanceof ProjectionNotReadyError)) throw error;
    }
    return this.queries.accountsOfPerson(person);
  }
}

export interface ReceiptChangeInput {
  receiptId: string;
  reason: string;
}

export class ReissueReceiptCommand extends Command<CommandResult<{ receiptId: string }>> {
  constructor(
    readonly context: CommandContext,
    readonly input: ReceiptChangeInput,
  ) {
    super();
  }
}

export class CancelReceiptCommand extends Command<CommandResult<{ receiptId: string }>> {
  constructor(
    readonly context: CommandContext,
    readonly input: ReceiptChangeInput,
  ) {
    super();
  }
}

/** The donor (or staff) has a tax receipt printed again: an event on the person's stream, never an edit. */
@CommandHandler(ReissueReceiptCommand)
export class ReissueReceiptHandler implements ICommandHandler<ReissueReceiptCommand> {
  constructor(
    private readonly receipts: TaxReceipts,
    private readonly queries: DonationQueries,
  ) {}

  async execute({ context, input }: ReissueReceiptCommand) {
    const receipt = await this.queries.receipt(input.receiptId);
    const mine = context.actor.role === 'citizen' && context.actor.id === receipt.donorId;
    if (!receipt.tax || (!mine && context.actor.role !== 'staff')) throw new NotVisibleError('donation_receipt', input.receiptId);
    const { position } = await this.receipts.reissue(receipt.tax.person, input.receiptId, input.reason, metadataOf(context));
    return { response: { receiptId: input.receiptId }, position, replayed: false };
  }
}

/** Staff void a tax receipt; its donations await a receipt again. */
@CommandHandler(CancelReceiptCommand)
export class CancelReceiptHandler implements ICommandHandler<CancelReceiptCommand> {
  constructor(
    private readonly receipts: TaxReceipts,
    private readonly queries: DonationQueries,
  ) {}

  async execute({ context, input }: CancelReceiptCommand) {
    if (context.actor.role !== 'staff') throw new ForbiddenError('only staff cancel receipts', 'wrong_role');
    const receipt = await this.queries.receipt(input.receiptId);
    if (!receipt.tax)
      throw new InvalidInputError('only tax receipts are cancelled this way', { receiptId: input.receiptId }, 'not_a_tax_receipt');
    const { position } = await this.receipts.cancel(receipt.tax.person, input.receiptId, input.reason, metadataOf(context));
    return { response: { receiptId: input.receiptId }, position, replayed: false };
  }
}
