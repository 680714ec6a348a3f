import { Global, Module } from '@nestjs/common';
import { ConfigModule, registerAs, type ConfigType } from '@nestjs/config';
import { AppConfig, loadAppConfig } from './app-config';

/**
 * Validated when the Nest container is built (not when this file is imported), so a
 * process, a CLI command or a test sets its environment first and the app reads it then.
 * @nestjs/config's own `validate` option would run at import time, when ConfigModule.forRoot()
 * is evaluated inside the @Module decorator.
 */
export const appConfig = registerAs('app', (): AppConfig => loadAppConfig(process.env));

/** Global: `constructor(private readonly config: AppConfig)` works anywhere. */
@Global()
@Module({
  imports: [ConfigModule.forRoot({ isGlobal: true, cache: true, load: [appConfig] })],
  providers: [
    {
      provide: AppConfig,
      useFactory: (config: ConfigType<typeof appConfig>) => config,
      inject: [appConfig.KEY],
    },
  ],
  exports: [AppConfig],
})
export class AppConfigModule {}
