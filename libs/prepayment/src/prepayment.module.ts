import { Module } from '@nestjs/common';
import { EventStoreModule } from '@goodpay/event-store';
import { PREPAYMENT_COMMAND_HANDLERS } from './prepayment/handlers';
import { PrepaymentCodes } from './prepayment/prepayment-codes';

/** The prepayment commands: make, redeem, cancel a redemption, request and approve a refund. */
@Module({
  imports: [EventStoreModule],
  providers: [...PREPAYMENT_COMMAND_HANDLERS, PrepaymentCodes],
  exports: [PrepaymentCodes],
})
export class PrepaymentModule {}
