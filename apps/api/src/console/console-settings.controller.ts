import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '@goodpay/platform';

class ConsoleOpenIdSettings {
  @ApiProperty({ example: 'https://login.example.go.kr/realms/goodpay' }) issuer!: string;
  @ApiProperty({ example: 'goodpay-console' }) clientId!: string;
  @ApiProperty({ example: 'openid profile goodpay-api' }) scope!: string;
}

export class ConsoleSettings {
  @ApiProperty({
    type: ConsoleOpenIdSettings,
    nullable: true,
    description: 'OpenID sign-in (authorization code with PKCE); null when not configured',
  })
  openId!: ConsoleOpenIdSettings | null;

  @ApiProperty({ description: 'whether the development token route (POST /dev/tokens) answers: never in production' })
  developmentTokens!: boolean;
}

/** What the staff console needs to know before anyone signs in: how they may sign in. */
@ApiTags('console')
@Controller('console-settings')
export class ConsoleSettingsController {
  constructor(private readonly config: AppConfig) {}

  @Get()
  @ApiOperation({ operationId: 'getConsoleSettings', summary: 'How the staff console signs in (public)' })
  @ApiOkResponse({ type: ConsoleSettings })
  settings(): ConsoleSettings {
    const { OIDC_ISSUER, CONSOLE_OIDC_CLIENT_ID, CONSOLE_OIDC_SCOPE, DEV_TOKENS_ENABLED } = this.config;
    return {
      openId:
        OIDC_ISSUER && CONSOLE_OIDC_CLIENT_ID ? { issuer: OIDC_ISSUER, clientId: CONSOLE_OIDC_CLIENT_ID, scope: CONSOLE_OIDC_SCOPE } : null,
      developmentTokens: DEV_TOKENS_ENABLED,
    };
  }
}
