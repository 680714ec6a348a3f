import { Inject, Logger, Optional } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { seoulDate } from '@goodpay/shared';
import {
  type CommandContext,
  type CommandResult,
  EventStore,
  metadataOf,
  ProjectionNotReadyError,
  Subscriptions,
} from '@goodpay/event-store';
import { PersonKeys } from '@goodpay/identity';
import { Clock, ForbiddenError, InvalidInputError, RuleViolationError } from '@goodpay/shared';
import { type DonorRef, donorRef } from '../donor/donor';
import { DONATION_LEDGER } from '../ledger/donation-ledger.projection';
import { DonationQueries } from '../queries/donation-queries';
import { type IssuedReceipt, ReceiptIssuer } from '../receipts/receipt-issuer';
import { TaxReceipts } from '../receipts/tax-receipts';
import { taxIdentityStream } from '../tax-identity/events';

export interface ReceiptRunInput {
  year: number;
  /** One donor only; without it, every donor with unreceipted donations of the year. */
  donor?: { type: string; id: string };
}

export interface ReceiptRunResult {
  year: number;
  issued: Omit<IssuedReceipt, 'position'>[];
}

export class RunReceiptsCommand extends Command<CommandResult<ReceiptRunResult>> {
  constructor(
    readonly context: CommandContext,
    readonly input: ReceiptRunInput,
  ) {
    super();
  }
}

/** How long a run waits for the ledger to hold every donation committed by now. */
const LEDGER_WAIT_MS = 10_000;

/**
 * Staff issue receipts for a year: to each donor with donations of that year on no receipt,
 * one receipt listing them all. Safe to repeat and to run twice at once: each donor's receipt
 * is decided on its stream, so a donation already claimed is never listed again, and a
 * repeated run issues nothing.
 */
@CommandHandler(RunReceiptsCommand)
export class RunReceiptsHandler implements ICommandHandler<RunReceiptsCommand> {
  private readonly logger = new Logger(RunReceiptsHandler.name);

  constructor(
    private readonly issuer: ReceiptIssuer,
    private readonly taxReceipts: TaxReceipts,
    private readonly store: EventStore,
    private readonly queries: DonationQueries,
    private readonly subscriptions: Subscriptions,
    private readonly clock: Clock,
    @Optional() @Inject(PersonKeys) private readonly personKeys?: PersonKeys,
  ) {}

  async execute({ context, input }: RunReceiptsCommand): Promise<CommandResult<ReceiptRunResult>> {
    if (context.actor.role !== 'staff' && context.actor.role !== 'system')
      throw new ForbiddenError('only staff run receipts', 'wrong_role');
    const { year } = input;
    if (!Number.isInteger(year) || year < 2000)
      throw new InvalidInputError('year must be a year like 2025', { field: 'year', value: year }, 'invalid_year');
    if (year > Number(seoulDate(this.clock.now().toISOString()).slice(0, 4))) {
      throw new RuleViolationError('receipt_year_in_future', `${year} has not begun yet`, { year });
    }
    const donors = input.donor ? [donorRef(input.donor.type, input.donor.id)] : await this.everyDonorAwaiting(year);
    const metadata = metadataOf(context);
    const issued: IssuedReceipt[] = [];
    for (const donor of donors) {
      const receipt = (await this.taxReceiptFor(donor, year, metadata)) ?? (await this.issuer.issue(donor, year, metadata));
      if (receipt) issued.push(receipt);
    }
    const position = issued.reduce((max, r) => (BigInt(r.position) > BigInt(max) ? r.position : max), '0');
    return { response: { year, issued: issued.map(({ position: _position, ...receipt }) => receipt) }, position, replayed: false };
  }

  /**
   * A citizen who gave a tax identity (with consent) gets a tax receipt keyed by their person,
   * listing every account of theirs; null for anyone else (merchants, citizens who never asked),
   * who get a statement per account as before.
   */
  private async taxReceiptFor(donor: DonorRef, year: number, metadata: ReturnType<typeof metadataOf>): Promise<IssuedReceipt | null> {
    if (donor.type !== 'citizen') return null;
    const person = (await this.personKeys?.verifiedPersonOf(donor.id)) ?? donor.id;
    if ((await this.store.readStream(taxIdentityStream(person))).events.length === 0) return null;
    const accounts = person === donor.id ? [] : await this.queries.accountsOfPerson(person);
    const { receipt, position } = await this.taxReceipts.issue({ person, requestedBy: donor.id, accounts, year }, metadata);
    return receipt && { ...receipt, donor, position };
  }

  /**
   * Whom the ledger shows with unreceipted donations, after catching it up (bounded): a donor
   * it has not seen yet is visited by the next run. The donor's stream, not the ledger,
   * decides what each receipt lists.
   */
  private async everyDonorAwaiting(year: number): Promise<DonorRef[]> {
    try {
      await this.subscriptions.catchUpCompletely(DONATION_LEDGER, LEDGER_WAIT_MS);
    } catch (error) {
      if (!(error instanceof ProjectionNotReadyError)) throw error;
      this.logger.warn(`receipt run with the donation ledger behind: ${error.message}`);
    }
    return this.queries.donorsAwaitingReceipts(year);
  }
}
