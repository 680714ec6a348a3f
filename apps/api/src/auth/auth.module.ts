import { randomBytes } from 'node:crypto';
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
      // Production refuses HS256 tokens before they reach this key (BearerTokens) and need not set
      // AUTH_JWT_SECRET; a random key of its own makes sure nothing it could be given would verify.
      useFactory: (config: AppConfig) =>
        tokenJwtOptions(config.NODE_ENV === 'production' ? randomBytes(32).toString('hex') : config.AUTH_JWT_SECRET),
    }),
  ],
  controllers: [DevTokensController],
  providers: [TokenService, BearerTokens, AuthGuard, BearerTokenCheck],
  exports: [TokenService, BearerTokens, AuthGuard, BearerTokenCheck],
})
export class AuthModule {}
