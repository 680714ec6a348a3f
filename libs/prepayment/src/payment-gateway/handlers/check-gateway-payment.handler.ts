import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext, CommandResult } from '@goodpay/event-store';
import { type GatewayPaymentAnswer, GatewayPaymentRecorder } from './gateway-payment-recorder';

export class CheckGatewayPaymentCommand extends Command<CommandResult<GatewayPaymentAnswer>> {
  constructor(
    readonly context: CommandContext,
    readonly prepaymentId: string,
  ) {
    super();
  }
}

/**
 * The payer (or staff) asks the server to check the order's payment with the gateway after
 * paying through its checkout: made when paid as ordered, still awaiting_payment while it is not.
 */
@CommandHandler(CheckGatewayPaymentCommand)
export class CheckGatewayPaymentHandler implements ICommandHandler<CheckGatewayPaymentCommand> {
  constructor(private readonly recorder: GatewayPaymentRecorder) {}

  execute({ context, prepaymentId }: CheckGatewayPaymentCommand) {
    return this.recorder.recordIfPaid(context, prepaymentId);
  }
}
