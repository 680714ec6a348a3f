import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext, type CommandResult, EventStore, executeOnStream } from '@goodpay/event-store';
import { Clock, newId } from '@goodpay/shared';
import { officeExportDecider } from './export-decider';
import { type ExportRequestInput, officeExportStream } from './export-request';

export class RequestOfficeExportCommand extends Command<CommandResult<{ exportId: string }>> {
  constructor(
    readonly context: CommandContext,
    readonly input: ExportRequestInput,
  ) {
    super();
  }
}

/**
 * Staff request an export: the request is an event (its stream named by the new export id), and
 * the Idempotency-Key keeps a retried request from asking twice. The file is built by a job
 * whose id is the export id, enqueued by the office-exports reactor through the outbox.
 */
@CommandHandler(RequestOfficeExportCommand)
export class RequestOfficeExportHandler implements ICommandHandler<RequestOfficeExportCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  execute({ context, input }: RequestOfficeExportCommand) {
    const exportId = newId();
    return executeOnStream(
      this.store,
      context,
      officeExportStream(exportId),
      officeExportDecider,
      () => ({ type: 'RequestOfficeExport' as const, actor: context.actor, exportId, input, now: this.clock.now().toISOString() }),
      { name: 'RequestOfficeExport', input, respond: () => ({ exportId }), maxAttempts: 1 },
    );
  }
}
