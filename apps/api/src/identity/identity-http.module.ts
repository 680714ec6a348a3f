import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { IdentityController } from './identity.controller';
import { PhoneVerificationController } from './phone-verification.controller';

/** Verified identity and phone verification over HTTP; IdentityModule itself is global, registered by the process root. */
@Module({
  imports: [AuthModule],
  controllers: [IdentityController, PhoneVerificationController],
})
export class IdentityHttpModule {}
