import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@goodpay/event-store';
import { RetryPayoutCommand, RunSettlementDayCommand } from '@goodpay/settlement';
import { Authenticated } from '../auth/authenticated';
import { RateLimit } from '../rate-limit/rate-limits';
import { Command } from '../http/command-context';
import { IdParam } from '../http/http-params';
import { accepted } from '../http/read-after';
import { PayoutRetryAccepted, SettlementDayParam, SettlementRunQueued } from './settlement.dto';
import { Answers } from '../openapi/answers';
import { Problems } from '../openapi/answers';

@ApiTags('settlement')
@Controller()
export class SettlementCommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('settlement-days/:day/run')
  @RateLimit('runs')
  @HttpCode(202)
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'runSettlementDay',
    summary: "Queue a day's settlement run by hand (staff)",
    description: 'For a missed schedule. Safe to repeat: a settled day changes nothing, and nothing is paid twice.',
  })
  @Answers(SettlementRunQueued, { status: 202, description: 'queued: the settlement worker runs the day' })
  @Problems({ 422: ['settlement_day_not_over'] })
  async run(@Command() context: CommandContext, @Param() { day }: SettlementDayParam) {
    return accepted(await this.commands.execute(new RunSettlementDayCommand(context, day)));
  }

  @Post('payouts/:settlementId/retry')
  @HttpCode(200)
  @Authenticated('staff')
  @ApiOperation({ operationId: 'retryPayout', summary: 'Retry a payout that failed for good: a new round of transfer attempts (staff)' })
  @ApiOkResponse({ type: PayoutRetryAccepted })
  @Problems({ 404: ['payout_not_found'], 422: ['payout_not_failed', 'payout_already_paid'] })
  async retry(@Command() context: CommandContext, @IdParam('settlementId') settlementId: string) {
    return accepted(await this.commands.execute(new RetryPayoutCommand(context, settlementId)));
  }
}
