import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CampaignQueries } from '@goodpay/campaign';
import type { CommandContext } from '@goodpay/event-store';
import { OrganisationQueries, RegisterOrganisationCommand, SignParticipationAgreementCommand } from '@goodpay/participant';
import { type Actor, NotVisibleError } from '@goodpay/shared';
import { Authenticated, CurrentActor } from '../auth/authenticated';
import { ApiNotFound, IdParam } from '../http/http-params';
import { CreatingCommand } from '../http/command-context';
import { accepted, ReadAfterQuery } from '../http/read-after';
import {
  AgreementAccepted,
  AgreementListQuery,
  AgreementPage,
  OrganisationAccepted,
  OrganisationDetailResponse,
  OrganisationListQuery,
  OrganisationPage,
  RegisterOrganisationDto,
  SignAgreementDto,
} from './participant.dto';
import { Problems } from '../openapi/answers';

/** Organisations join by agreement: staff register them, they (or staff) record what they signed. */
@ApiTags('participants')
@Controller()
export class OrganisationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly organisations: OrganisationQueries,
    private readonly campaigns: CampaignQueries,
  ) {}

  @Post('organisations')
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'registerOrganisation',
    summary: "Register an organisation (staff; needs an Idempotency-Key). Its id is its tokens' subject",
  })
  @ApiCreatedResponse({ type: OrganisationAccepted })
  async register(@CreatingCommand() context: CommandContext, @Body() body: RegisterOrganisationDto) {
    return accepted(await this.commands.execute(new RegisterOrganisationCommand(context, body)));
  }

  @Post('organisations/:id/agreements')
  @Authenticated('organisation', 'staff')
  @ApiOperation({
    operationId: 'signParticipationAgreement',
    summary:
      'Record the participation agreement signed for a campaign, once per campaign (the organisation, or staff; needs an Idempotency-Key)',
  })
  @ApiCreatedResponse({ type: AgreementAccepted })
  @ApiNotFoundResponse({ description: 'problem+json, code organisation_not_found or campaign_not_found' })
  @Problems({ 404: ['organisation_not_found'] })
  async sign(@CreatingCommand() context: CommandContext, @IdParam('id') id: string, @Body() body: SignAgreementDto) {
    return this.campaigns.markedOne(accepted(await this.commands.execute(new SignParticipationAgreementCommand(context, id, body))));
  }

  @Get('organisations')
  @Authenticated('staff')
  @ApiOperation({ operationId: 'listOrganisations', summary: 'Organisations by name, with filters (staff)' })
  @ApiOkResponse({ type: OrganisationPage })
  list(@Query() { after, ...filter }: OrganisationListQuery) {
    return this.organisations.list(filter, after);
  }

  @Get('organisations/:id')
  @Authenticated('organisation', 'staff')
  @ApiOperation({ operationId: 'getOrganisation', summary: 'An organisation with its agreements (staff, or the organisation itself)' })
  @ApiOkResponse({ type: OrganisationDetailResponse })
  @ApiNotFound('organisation')
  async get(@CurrentActor() actor: Actor, @IdParam('id') id: string, @Query() { after }: ReadAfterQuery) {
    // Another organisation answers as a missing one (the one visibility rule, NotVisibleError).
    if (actor.role !== 'staff' && actor.id !== id) throw new NotVisibleError('organisation', id);
    const organisation = await this.organisations.get(id, after);
    return { ...organisation, agreements: await this.campaigns.marked(organisation.agreements, after) };
  }

  @Get('participation-agreements')
  @Authenticated('staff')
  @ApiOperation({ operationId: 'listParticipationAgreements', summary: 'Participation agreements, latest signed first (staff)' })
  @ApiOkResponse({ type: AgreementPage })
  async agreements(@Query() { after, ...filter }: AgreementListQuery) {
    const page = await this.organisations.listAgreements(filter, after);
    return { ...page, items: await this.campaigns.marked(page.items, after) };
  }
}
