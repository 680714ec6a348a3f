import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '@goodpay/platform';
import { AuthGuard, BearerTokenCheck } from './authenticated';
import { BearerTokens } from './bearer-tokens';
import { DevTokensController } from './dev-tokens.controller';
import { TokenService, tokenJwtOptions } from './token.service';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => tokenJwtOptions(config.AUTH_JWT_SECRET),
    }),
  ],
  controllers: [DevTokensController],
  providers: [TokenService, BearerTokens, AuthGuard, BearerTokenCheck],
  exports: [TokenService, BearerTokens, AuthGuard, BearerTokenCheck],
})
export class AuthModule {}
