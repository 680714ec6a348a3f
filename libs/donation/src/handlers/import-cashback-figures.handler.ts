import { Inject, Optional } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, type CommandResult, EventStore, idempotencyOf, metadataOf } from '@goodpay/event-store';
import { paymentCardIdentity, PersonalDataVault } from '@goodpay/personal-data';
import { Clock, ForbiddenError, newId } from '@goodpay/shared';
import { createHash } from 'node:crypto';
import { cashbackCardDecider } from '../cashback/card-decider';
import { parseCashbackFiguresFile } from '../cashback/cashback-figures-file';
import { cashbackCardStream } from '../cashback/events';

export interface CashbackImportResult {
  importId: string;
  rows: number;
  /** Rows whose figure was new or changed. */
  imported: number;
  /** Rows with the figure already on record (the same file again). */
  unchanged: number;
}

export class ImportCashbackFiguresCommand extends Command<CommandResult<CashbackImportResult>> {
  constructor(
    readonly context: CommandContext,
    readonly file: Buffer,
  ) {
    super();
  }
}

/**
 * Staff import the card issuer's monthly cashback file: each card and month's figure on its
 * own stream, all rows in ONE append (a file is imported whole or not at all). A process
 * manager (cashback-figures) then decides the gifts that were waiting for those figures.
 */
@CommandHandler(ImportCashbackFiguresCommand)
export class ImportCashbackFiguresHandler implements ICommandHandler<ImportCashbackFiguresCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    @Optional() @Inject(PersonalDataVault) private readonly vault?: PersonalDataVault,
  ) {}

  async execute({ context, file }: ImportCashbackFiguresCommand) {
    if (context.actor.role !== 'staff') throw new ForbiddenError('only staff import cashback files', 'wrong_role');
    if (!this.vault) throw new Error('the personal-data vault is not registered in this process');
    const rows = parseCashbackFiguresFile(file);
    const vault = this.vault;
    const cards = await Promise.all(rows.map((row) => vault.subjectFor(paymentCardIdentity(row.cardNumber))));
    const importId = newId();
    // The Idempotency-Key's promise: the file's bytes, by hash (never the card numbers themselves).
    const fileHash = createHash('sha256').update(file).digest('hex');
    return this.store.execute(
      async () => {
        const now = this.clock.now().toISOString();
        const states = await Promise.all(
          rows.map((row, index) => this.store.aggregate(cashbackCardStream(cards[index], row.month), cashbackCardDecider)),
        );
        const appends = rows.map((row, index) => ({
          streamId: cashbackCardStream(cards[index], row.month),
          expectedVersion: states[index].version,
          events: cashbackCardDecider.decide(
            {
              type: 'ImportFigure',
              card: cards[index],
              cardLast4: row.cardNumber.slice(-4),
              month: row.month,
              figure: row.figure,
              importId,
              now,
            },
            states[index].state,
          ),
        }));
        const imported = appends.filter((append) => append.events.length > 0).length;
        return {
          appends: appends.filter((append) => append.events.length > 0),
          respond: () => ({ importId, rows: rows.length, imported, unchanged: rows.length - imported }),
        };
      },
      { metadata: metadataOf(context), idempotency: idempotencyOf(context, 'ImportCashbackFigures', { fileHash }), maxAttempts: 5 },
    );
  }
}
