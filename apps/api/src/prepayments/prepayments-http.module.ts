import { Module } from '@nestjs/common';
import { PrepaymentModule } from '@goodpay/prepayment';
import { AuthModule } from '../auth/auth.module';
import { PrepaymentCommandsController } from './prepayment-commands.controller';

/** Prepayments over HTTP: the commands, and the views payers, shops and staff read. */
@Module({
  imports: [AuthModule, PrepaymentModule],
  controllers: [PrepaymentCommandsController],
})
export class PrepaymentsHttpModule {}
