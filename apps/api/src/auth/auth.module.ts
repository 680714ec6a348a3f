import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '@goodpay/platform';
import { AuthGuard } from './authenticated';
import { DevTokensController } from './dev-tokens.controller';
import { TokenService } from './token.service';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: config.AUTH_JWT_SECRET,
        signOptions: { expiresIn: '12h', issuer: 'goodpay', algorithm: 'HS256' },
        verifyOptions: { issuer: 'goodpay', algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [DevTokensController],
  providers: [TokenService, AuthGuard],
  exports: [TokenService, AuthGuard],
})
export class AuthModule {}
