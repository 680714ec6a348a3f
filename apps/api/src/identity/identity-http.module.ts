import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { IdentityController } from './identity.controller';

/** Verified identity over HTTP; IdentityModule itself is global, registered by the process root. */
@Module({
  imports: [AuthModule],
  controllers: [IdentityController],
})
export class IdentityHttpModule {}
