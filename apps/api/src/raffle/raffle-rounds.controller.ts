import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CampaignQueries } from '@goodpay/campaign';
import type { CommandContext } from '@goodpay/event-store';
import {
  type SourceDeclaration,
  DeclareRaffleRandomnessCommand,
  RaffleCertifications,
  FreezeRaffleEntriesCommand,
  RaffleRounds,
  TriggerRaffleDrawCommand,
} from '@goodpay/raffle';
import type { Actor } from '@goodpay/shared';
import { Authenticated, CurrentActor } from '../auth/authenticated';
import { RateLimit } from '../rate-limit/rate-limits';
import { Command } from '../http/command-context';
import { IdParam } from '../http/http-params';
import { RoundParam } from './round-param';
import { accepted, CommandAccepted } from '../http/read-after';
import { DeclareRandomnessDto, TriggerDrawDto } from './raffle.dto';
import { Answers } from '../openapi/answers';
import { DrawRequestedResponse, PublishedRoundResponse, RoundFrozenResponse, RoundInclusionResponse } from './raffle-views.dto';
import { Problems } from '../openapi/answers';

/** Staff run each round's draw; anyone may read a round's published inputs and result. */
@ApiTags('raffle')
@Controller('campaigns/:campaignId/raffle/rounds/:round')
export class RaffleRoundsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly rounds: RaffleRounds,
    private readonly certifications: RaffleCertifications,
    private readonly campaigns: CampaignQueries,
  ) {}

  @Post('randomness')
  @HttpCode(200)
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'declareRoundRandomness',
    summary: "Declare the round's sources of randomness and freeze time, once, before the round opens (staff)",
  })
  @ApiOkResponse({ type: CommandAccepted })
  @Problems({
    400: ['invalid_freeze_time'],
    404: ['campaign_not_found'],
    422: [
      'public_source_required',
      'source_before_freeze',
      'randomness_already_declared',
      'round_already_drawn',
      'round_change_not_allowed',
    ],
  })
  async declare(
    @Command() context: CommandContext,
    @IdParam('campaignId') campaignId: string,
    @RoundParam() round: number,
    @Body() body: DeclareRandomnessDto,
  ) {
    const sources = body.sources.map((s) => ({ ...s }) as SourceDeclaration);
    return accepted(
      await this.commands.execute(new DeclareRaffleRandomnessCommand(context, campaignId, round, sources, body.freezeAt ?? null)),
    );
  }

  @Post('close')
  @HttpCode(200)
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'closeRaffleRound',
    summary:
      'Freeze the entry list at its declared time if the worker has not yet (refused before it): publishes the count, SHA-256 and Merkle root (staff)',
  })
  @Answers(RoundFrozenResponse)
  @Problems({ 404: ['campaign_not_found'], 422: ['round_not_over', 'randomness_not_declared'] })
  async close(@Command() context: CommandContext, @IdParam('campaignId') campaignId: string, @RoundParam() round: number) {
    return accepted(await this.commands.execute(new FreezeRaffleEntriesCommand(context, campaignId, round)));
  }

  @Post('draw')
  @RateLimit('draws')
  @HttpCode(202)
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'drawRaffleRound',
    summary: 'Trigger the draw with the numbers the declared sources produced (staff)',
    description: 'The worker draws (RFC 3797). Triggering again with the same numbers answers the same, with the result once drawn.',
  })
  @Answers(DrawRequestedResponse, { status: 202, description: 'queued: the worker draws; the round document so far' })
  @Problems({ 404: ['campaign_not_found'], 422: ['round_not_closed', 'round_already_drawn', 'draw_numbers_mismatch'] })
  async draw(
    @Command() context: CommandContext,
    @IdParam('campaignId') campaignId: string,
    @RoundParam() round: number,
    @Body() body: TriggerDrawDto,
  ) {
    return accepted(await this.commands.execute(new TriggerRaffleDrawCommand(context, campaignId, round, body.numbers)));
  }

  @Get('inclusion')
  @Authenticated('citizen')
  @ApiOperation({
    operationId: 'getRoundInclusion',
    summary: 'Your entries in the frozen list, before the draw: each with its Merkle inclusion proof, or why it is left out (citizen)',
    description:
      "Check a proof against the round document's frozen.merkleRoot with scripts/verify-draw.mjs --proof (docs/verify-a-draw.md). " +
      'An included certification says samePersonEntry when another certification of the same verified person made the entry (one entry per person); ' +
      'a left-out one gives its reason: earlier_winner, prepayment_refunded, personal_data_erased, not_approved_by_review_deadline, rejected.',
  })
  @Answers(RoundInclusionResponse)
  @Problems({ 404: ['campaign_not_found'] })
  async inclusion(@CurrentActor() actor: Actor, @IdParam('campaignId') campaignId: string, @RoundParam() round: number) {
    return this.campaigns.markedOne(
      await this.rounds.inclusion(campaignId, round, await this.certifications.mineInRound(actor, campaignId, round)),
    );
  }

  @Get()
  @ApiOperation({
    operationId: 'getRaffleRound',
    summary: "A round's declared randomness, frozen list hash, and once drawn everything `raffle:verify` needs (public)",
  })
  @Answers(PublishedRoundResponse)
  @Problems({ 404: ['campaign_not_found'] })
  published(@IdParam('campaignId') campaignId: string, @RoundParam() round: number) {
    return this.rounds.published(campaignId, round);
  }
}
