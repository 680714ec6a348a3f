import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@goodpay/event-store';
import { type PayoutFileImportReport, type PayoutFileMade, PayoutFiles } from '../bank-file/payout-files';

export class CreatePayoutFileCommand extends Command<CommandResult<PayoutFileMade>> {
  constructor(
    readonly context: CommandContext,
    readonly senderBankCode: string,
  ) {
    super();
  }
}

export class ImportPayoutFileResultCommand extends Command<CommandResult<PayoutFileImportReport>> {
  constructor(
    readonly context: CommandContext,
    readonly fileId: string,
    readonly bytes: Buffer,
  ) {
    super();
  }
}

/** Staff make a bulk-transfer file of the payouts waiting. */
@CommandHandler(CreatePayoutFileCommand)
export class CreatePayoutFileHandler implements ICommandHandler<CreatePayoutFileCommand> {
  constructor(private readonly files: PayoutFiles) {}

  execute({ context, senderBankCode }: CreatePayoutFileCommand) {
    return this.files.create(context, senderBankCode);
  }
}

/** Staff import the bank's result file for one of the files. */
@CommandHandler(ImportPayoutFileResultCommand)
export class ImportPayoutFileResultHandler implements ICommandHandler<ImportPayoutFileResultCommand> {
  constructor(private readonly files: PayoutFiles) {}

  execute({ context, fileId, bytes }: ImportPayoutFileResultCommand) {
    return this.files.importResult(context, fileId, bytes);
  }
}
