import { Body, Controller, Get, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@goodpay/event-store';
import { CitizenQueries, RegisterCitizenCommand } from '@goodpay/participant';
import type { Actor } from '@goodpay/shared';
import { Authenticated, CurrentActor } from '../auth/authenticated';
import { ApiNotFound } from '../http/http-params';
import { CreatingCommand } from '../http/command-context';
import { accepted } from '../http/read-after';
import { CitizenAccepted, CitizenResponse, RegisterCitizenDto } from './participant.dto';
import { Problems } from '../openapi/answers';

/** The signed-in citizen's own registration. */
@ApiTags('participants')
@Controller('citizens/me')
export class CitizensController {
  constructor(
    private readonly commands: CommandBus,
    private readonly citizens: CitizenQueries,
  ) {}

  @Post()
  @Authenticated('citizen')
  @ApiOperation({
    operationId: 'registerCitizen',
    summary: 'Register yourself as a participating citizen, once (citizen; needs an Idempotency-Key)',
  })
  @ApiCreatedResponse({ type: CitizenAccepted })
  @Problems({ 422: ['citizen_already_registered'] })
  async register(@CreatingCommand() context: CommandContext, @Body() body: RegisterCitizenDto) {
    return accepted(await this.commands.execute(new RegisterCitizenCommand(context, body)));
  }

  @Get()
  @Authenticated('citizen')
  @ApiOperation({ operationId: 'getMyCitizen', summary: 'Your registration (citizen)' })
  @ApiOkResponse({ type: CitizenResponse })
  @ApiNotFound('citizen')
  get(@CurrentActor() actor: Actor) {
    return this.citizens.get(actor.id, actor);
  }
}
