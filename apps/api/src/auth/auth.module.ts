import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '@goodpay/platform';
import { AuthGuard, BearerTokenCheck } from './authenticated';
import { DevTokensController } from './dev-tokens.controller';
import { TokenService } from './token.service';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // A KeyObject, not the string: given a string, jsonwebtoken first tries to read it as a
        // public key on every verify (and fails); that was an eighth of the api's CPU under load.
        secret: createSecretKey(Buffer.from(config.AUTH_JWT_SECRET, 'utf8')),
        signOptions: { expiresIn: '12h', issuer: 'goodpay', algorithm: 'HS256' },
        verifyOptions: { issuer: 'goodpay', algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [DevTokensController],
  providers: [TokenService, AuthGuard, BearerTokenCheck],
  exports: [TokenService, AuthGuard, BearerTokenCheck],
})
export class AuthModule {}
