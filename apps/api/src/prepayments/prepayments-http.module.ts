import { Module } from '@nestjs/common';
import { CampaignModule } from '@goodpay/campaign';
import { AppConfig } from '@goodpay/platform';
import { PrepaymentModule, PrepaymentReadModule } from '@goodpay/prepayment';
import { AuthModule } from '../auth/auth.module';
import { paymentGatewayFrom } from '../every-process';
import { PrepaymentCommandsController } from './prepayment-commands.controller';
import { PrepaymentQueriesController } from './prepayment-queries.controller';
import { PaymentWebhooksController, WebhookSignatureHeadersCheck } from './payment-webhooks.controller';

/** Prepayments over HTTP: the commands, and the views payers, shops and staff read. */
@Module({
  imports: [
    AuthModule,
    CampaignModule,
    PrepaymentModule.forRootAsync({ inject: [AppConfig], useFactory: paymentGatewayFrom }),
    PrepaymentReadModule,
  ],
  controllers: [PrepaymentCommandsController, PrepaymentQueriesController, PaymentWebhooksController],
  providers: [WebhookSignatureHeadersCheck],
})
export class PrepaymentsHttpModule {}
