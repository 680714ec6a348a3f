import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@goodpay/event-store';
import { BindVerifiedIdentityCommand, PersonKeys } from '@goodpay/identity';
import type { Actor } from '@goodpay/shared';
import { Authenticated, CurrentActor } from '../auth/authenticated';
import { Command } from '../http/command-context';
import { BindIdentityVerificationDto, IdentityVerificationAccepted, IdentityVerificationStatus } from './identity.dto';
import { Problems } from '../openapi/answers';

/**
 * The signed-in citizen's verified identity (본인인증). The answer never carries the person
 * key or any verified value: they are sealed in the vault and used by the rules only.
 */
@ApiTags('identity')
@Controller('me/identity-verification')
export class IdentityController {
  constructor(
    private readonly commands: CommandBus,
    private readonly persons: PersonKeys,
  ) {}

  @Post()
  @HttpCode(200)
  @Authenticated('citizen')
  @ApiOperation({
    operationId: 'verifyMyIdentity',
    summary: 'Bind a finished identity verification to your account (citizen); the api fetches it from the provider by id',
  })
  @ApiOkResponse({ type: IdentityVerificationAccepted })
  @Problems({
    404: ['identity_verification_not_found'],
    409: ['identity_verification_used', 'identity_already_bound'],
    422: ['identity_not_verified', 'identity_ci_missing', 'identity_verification_stale'],
    503: ['identity_verification_unavailable'],
  })
  async bind(@Command() context: CommandContext, @Body() body: BindIdentityVerificationDto): Promise<IdentityVerificationAccepted> {
    const result = await this.commands.execute(new BindVerifiedIdentityCommand(context, body.identityVerificationId));
    return { verified: result.response.verified, position: result.position, replayed: result.replayed };
  }

  @Get()
  @Authenticated('citizen')
  @ApiOperation({ operationId: 'getMyIdentityVerification', summary: 'Whether your account is verified (citizen)' })
  @ApiOkResponse({ type: IdentityVerificationStatus })
  async status(@CurrentActor() actor: Actor): Promise<IdentityVerificationStatus> {
    return { verified: (await this.persons.verifiedPersonOf(actor.id)) !== null };
  }
}
