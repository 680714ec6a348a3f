import { Module } from '@nestjs/common';
import { MerchantModule } from '@goodpay/merchant';
import { AuthModule } from '../auth/auth.module';
import { MerchantCommandsController } from './merchant-commands.controller';
import { MerchantQueriesController } from './merchant-queries.controller';
import { OptionalAuthGuard } from './optional-viewer';

/** Shops over HTTP: registration, review and closure; the public shop list and each caller's view. */
@Module({
  imports: [AuthModule, MerchantModule],
  controllers: [MerchantCommandsController, MerchantQueriesController],
  providers: [OptionalAuthGuard],
})
export class MerchantsHttpModule {}
