import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AdvanceRehearsalClockCommand,
  CampaignQueries,
  DeleteRehearsalCommand,
  ChangeCampaignCommand,
  CloseCampaignCommand,
  CreateCampaignCommand,
  ExtendCampaignCommand,
} from '@goodpay/campaign';
import type { CommandContext } from '@goodpay/event-store';
import { Authenticated } from '../auth/authenticated';
import { Command, CreatingCommand } from '../http/command-context';
import { accepted, ReadAfterQuery } from '../http/read-after';
import {
  AdvanceRehearsalClockDto,
  CampaignAccepted,
  CampaignListQuery,
  CampaignPage,
  CampaignResponse,
  ChangeCampaignDto,
  CloseCampaignDto,
  CreateCampaignDto,
  ExtendCampaignDto,
} from './campaign.dto';
import { ApiNotFound, IdParam } from '../http/http-params';
import { Problems } from '../openapi/answers';

/** Staff run campaigns; anyone may read them (campaigns are public information). */
@ApiTags('campaigns')
@Controller('campaigns')
export class CampaignsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly campaigns: CampaignQueries,
  ) {}

  @Post()
  @Authenticated('staff')
  @ApiOperation({ operationId: 'createCampaign', summary: 'Open a campaign (staff; needs an Idempotency-Key)' })
  @ApiCreatedResponse({ type: CampaignAccepted })
  @Problems({
    400: ['invalid_input', 'invalid_raffle_rules', 'invalid_prepaid_terms', 'invalid_instant'],
    422: ['campaign_already_exists'],
  })
  async create(@CreatingCommand() context: CommandContext, @Body() body: CreateCampaignDto) {
    return accepted(await this.commands.execute(new CreateCampaignCommand(context, body)));
  }

  @Patch(':id')
  @Authenticated('staff')
  @ApiOperation({ operationId: 'changeCampaign', summary: 'Change the name, prepayment bounds or participation target (staff)' })
  @ApiOkResponse({ type: CampaignAccepted })
  @ApiNotFound('campaign')
  @Problems({ 400: ['invalid_input'], 422: ['campaign_closed', 'round_already_drawn', 'round_change_not_allowed'] })
  async change(@Command() context: CommandContext, @IdParam('id') id: string, @Body() body: ChangeCampaignDto) {
    return accepted(await this.commands.execute(new ChangeCampaignCommand(context, id, body)));
  }

  @Post(':id/extend')
  @HttpCode(200)
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'extendCampaign',
    summary: 'Run the campaign longer, extending the last raffle round or adding rounds (staff)',
  })
  @ApiOkResponse({ type: CampaignAccepted })
  @ApiNotFound('campaign')
  @Problems({ 422: ['campaign_closed', 'extension_must_be_later'] })
  async extend(@Command() context: CommandContext, @IdParam('id') id: string, @Body() body: ExtendCampaignDto) {
    return accepted(await this.commands.execute(new ExtendCampaignCommand(context, id, body)));
  }

  @Post(':id/close')
  @HttpCode(200)
  @Authenticated('staff')
  @ApiOperation({ operationId: 'closeCampaign', summary: 'End the campaign now; final (staff)' })
  @ApiOkResponse({ type: CampaignAccepted })
  @ApiNotFound('campaign')
  @Problems({ 422: ['campaign_closed'] })
  async close(@Command() context: CommandContext, @IdParam('id') id: string, @Body() body: CloseCampaignDto) {
    return accepted(await this.commands.execute(new CloseCampaignCommand(context, id, body)));
  }

  @Post(':id/rehearsal/clock')
  @HttpCode(200)
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'advanceRehearsalClock',
    summary:
      "Move a rehearsal's clock forward (staff); refused for a real campaign (rehearsal_only) or backwards (rehearsal_clock_backwards)",
  })
  @ApiOkResponse({ type: CampaignAccepted })
  @ApiNotFound('campaign')
  @Problems({ 400: ['invalid_instant'], 422: ['rehearsal_only', 'rehearsal_clock_backwards'] })
  async advanceClock(@Command() context: CommandContext, @IdParam('id') id: string, @Body() body: AdvanceRehearsalClockDto) {
    return accepted(await this.commands.execute(new AdvanceRehearsalClockCommand(context, id, body)));
  }

  @Delete(':id')
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'deleteRehearsal',
    summary: 'Delete a rehearsal as a whole, with all its read-model rows (staff); a real campaign is refused (rehearsal_only)',
  })
  @ApiOkResponse({ type: CampaignAccepted })
  @ApiNotFound('campaign')
  @Problems({ 422: ['rehearsal_only'] })
  async deleteRehearsal(@Command() context: CommandContext, @IdParam('id') id: string) {
    return accepted(await this.commands.execute(new DeleteRehearsalCommand(context, id)));
  }

  @Get()
  @ApiOperation({ operationId: 'listCampaigns', summary: 'List campaigns, newest first (public)' })
  @ApiOkResponse({ type: CampaignPage })
  list(@Query() { after, ...filter }: CampaignListQuery) {
    return this.campaigns.list(filter, after);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getCampaign', summary: 'One campaign (public)' })
  @ApiOkResponse({ type: CampaignResponse })
  @ApiNotFound('campaign')
  get(@IdParam('id') id: string, @Query() { after }: ReadAfterQuery) {
    return this.campaigns.get(id, after);
  }
}
