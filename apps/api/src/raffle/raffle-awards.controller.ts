import { CampaignQueries } from '@goodpay/campaign';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@goodpay/event-store';
import {
  AddRaffleVouchersCommand,
  ConfirmRaffleAwardCommand,
  DisqualifyRaffleWinnerCommand,
  EraseMyRaffleDataCommand,
  RaffleAwards,
  SettleRaffleAwardsCommand,
  SweepRafflePersonalDataCommand,
} from '@goodpay/raffle';
import type { Actor } from '@goodpay/shared';
import { Authenticated, CurrentActor } from '../auth/authenticated';
import { BodyLimit, MAX_BODY_LIMIT } from '../http/before-body';
import { Command, CreatingCommand } from '../http/command-context';
import { IdParam } from '../http/http-params';
import { RoundParam } from './round-param';
import { accepted, CommandAccepted, ReadAfterQuery } from '../http/read-after';
import { AddVouchersDto, CampaignQuery, DisqualifyDto } from './award.dto';
import { Answers } from '../openapi/answers';
import { AwardConfirmedResponse, ErasureResponse, MyAwardResponse, SweepResponse, WinnerListResponse } from './raffle-views.dto';
import { Problems } from '../openapi/answers';

/**
 * Prizes: staff stock Onnuri vouchers and award the drawn places (the same step sweeps the
 * confirmation deadlines), disqualify; winners confirm; anyone reads a round's winner list
 * (entry ids and masked names only). Citizens ask for their data to be erased.
 */
@ApiTags('raffle')
@Controller()
export class RaffleAwardsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly awards: RaffleAwards,
    private readonly campaigns: CampaignQueries,
  ) {}

  @Post('campaigns/:campaignId/raffle/vouchers')
  @Authenticated('staff')
  @BodyLimit(MAX_BODY_LIMIT) // up to 1,000 vouchers
  @ApiOperation({
    operationId: 'addRaffleVouchers',
    summary: "Add Onnuri vouchers (codes, or the issuer's references) to the campaign's stock (staff; needs an Idempotency-Key)",
  })
  @Answers(CommandAccepted, { status: 201 })
  async addVouchers(@CreatingCommand() context: CommandContext, @IdParam('campaignId') campaignId: string, @Body() body: AddVouchersDto) {
    return accepted(
      await this.commands.execute(
        new AddRaffleVouchersCommand(
          context,
          campaignId,
          body.vouchers.map((v) => ({ ...v })),
        ),
      ),
    );
  }

  @Post('campaigns/:campaignId/raffle/awards/settle')
  @HttpCode(200)
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'settleRaffleAwards',
    summary: 'Award the drawn places and sweep the deadlines (staff)',
    description:
      'Prizes not confirmed in time are forfeited; every drawn round is filled down its ranking with vouchers from the stock. Safe to repeat.',
  })
  @ApiOkResponse({ type: CommandAccepted })
  @Problems({ 404: ['campaign_not_found'] })
  async settle(@Command() context: CommandContext, @IdParam('campaignId') campaignId: string) {
    return accepted(await this.commands.execute(new SettleRaffleAwardsCommand(context, campaignId)));
  }

  @Post('campaigns/:campaignId/raffle/awards/:entryId/disqualify')
  @HttpCode(200)
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'disqualifyAward',
    summary: 'Disqualify a winner: the prize is forfeited and the next on the waiting list moves up (staff)',
  })
  @Answers(CommandAccepted)
  @Problems({ 404: ['campaign_not_found'] })
  async disqualify(
    @Command() context: CommandContext,
    @IdParam('campaignId') campaignId: string,
    @IdParam('entryId') entryId: string,
    @Body() body: DisqualifyDto,
  ) {
    return accepted(await this.commands.execute(new DisqualifyRaffleWinnerCommand(context, campaignId, entryId, body.note)));
  }

  @Post('campaigns/:campaignId/raffle/awards/:entryId/confirm')
  @HttpCode(200)
  @Authenticated('citizen')
  @ApiOperation({
    operationId: 'confirmAward',
    summary: 'Confirm your prize before the deadline; the answer shows the voucher (the winner)',
  })
  @Answers(AwardConfirmedResponse)
  @Problems({ 404: ['campaign_not_found', 'award_not_found'], 422: ['award_forfeited'] })
  async confirm(@Command() context: CommandContext, @IdParam('campaignId') campaignId: string, @IdParam('entryId') entryId: string) {
    return this.campaigns.markedOne(accepted(await this.commands.execute(new ConfirmRaffleAwardCommand(context, campaignId, entryId))));
  }

  @Get('campaigns/:campaignId/raffle/rounds/:round/winners')
  @ApiOperation({
    operationId: 'listRoundWinners',
    summary: "A round's winners: entry ids and masked names (홍*동), never a phone (public)",
  })
  @Answers(WinnerListResponse)
  @Problems({ 404: ['campaign_not_found'] })
  async winners(@IdParam('campaignId') campaignId: string, @RoundParam() round: number) {
    return this.campaigns.markedOne(await this.awards.winners(campaignId, round));
  }

  @Get('me/raffle/awards')
  @Authenticated('citizen')
  @ApiOperation({ operationId: 'listMyAwards', summary: 'Your prizes in a campaign; the voucher is shown once confirmed' })
  @Answers(MyAwardResponse, { isArray: true })
  async mine(@CurrentActor() actor: Actor, @Query() { campaignId }: CampaignQuery) {
    return this.campaigns.marked(await this.awards.mine(actor, campaignId));
  }

  @Post('me/raffle/erasure')
  @HttpCode(200)
  @Authenticated('citizen')
  @ApiOperation({
    operationId: 'eraseMyRaffleData',
    summary: 'Erase your raffle personal data (names, phones, photos of all your certifications)',
    description:
      'Crypto-shredding: your certifications stay counted but can no longer be read. `?after=` first waits for your latest certification.',
  })
  @Answers(ErasureResponse)
  async erase(@Command() context: CommandContext, @Query() { after }: ReadAfterQuery) {
    return accepted(await this.commands.execute(new EraseMyRaffleDataCommand(context, after)));
  }

  @Post('admin/raffle/personal-data/sweep')
  @HttpCode(200)
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'sweepRafflePersonalData',
    summary:
      "Destroy the personal data the raffle no longer needs: non-winners' after the last round, everyone's after the retention period (staff)",
  })
  @Answers(SweepResponse)
  async sweep(@Command() context: CommandContext) {
    return accepted(await this.commands.execute(new SweepRafflePersonalDataCommand(context)));
  }
}
