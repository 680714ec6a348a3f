import { Body, Controller, HttpCode, NotFoundException, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';
import { AppConfig } from '@goodpay/platform';
import { ROLES, type Role, USER_ID_PATTERN } from '@goodpay/shared';
import { Answers, Problems } from '../openapi/answers';
import { RateLimit } from '../rate-limit/rate-limits';
import { TokenService } from './token.service';

class DevTokenRequest {
  @ApiProperty({
    example: 'citizen-1',
    pattern: USER_ID_PATTERN.source,
    description: 'the user id the token speaks for: 1-128 of A-Z a-z 0-9 . _ : @ -',
  })
  @IsString()
  @Matches(USER_ID_PATTERN, { message: 'subject must be 1-128 characters of letters, digits and . _ : @ -' })
  subject!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;
}

class DevTokenResponse {
  @ApiProperty({ description: 'send as Authorization: Bearer <token>' }) token!: string;
  @ApiProperty({ example: 'citizen-1' }) subject!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
}

/**
 * Tokens for local use and tests, signed with the api's own secret. Production takes its
 * tokens from the identity provider: there DEV_TOKENS_ENABLED is refused at start, and this
 * route answers 404 as if it did not exist.
 */
@ApiTags('auth')
@Controller('dev/tokens')
export class DevTokensController {
  constructor(
    private readonly config: AppConfig,
    private readonly tokens: TokenService,
  ) {}

  @Post()
  @RateLimit('dev-tokens')
  @HttpCode(201)
  @ApiOperation({ operationId: 'issueDevToken', summary: 'Issue a bearer token for any user and role (development only)' })
  @Answers(DevTokenResponse, { status: 201 })
  @Problems({ 400: ['invalid_subject'], 404: ['not_found'] })
  issue(@Body() body: DevTokenRequest): { token: string; subject: string; role: Role } {
    if (!this.config.DEV_TOKENS_ENABLED) throw new NotFoundException();
    return { token: this.tokens.issue(body.subject, body.role), subject: body.subject, role: body.role };
  }
}
