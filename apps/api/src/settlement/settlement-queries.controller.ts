import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { canSeeSettlement, SettlementQueries } from '@goodpay/settlement';
import { type Actor, NotVisibleError } from '@goodpay/shared';
import { Authenticated, CurrentActor } from '../auth/authenticated';
import { ApiNotFound, IdParam } from '../http/http-params';
import { ReadAfterQuery } from '../http/read-after';
import { PayoutListQuery, ReconciliationQuery, SettlementDayParam, SettlementListQuery } from './settlement.dto';
import { Answers } from '../openapi/answers';
import { PayoutViewResponse, ReconciliationResponse, SettlementPageResponse, SettlementStatementResponse } from './settlement-views.dto';

/**
 * Settlement statements (a shop's owner reads its own, staff read all), payouts and the daily
 * reconciliation (staff). Who sees what is decided in @goodpay/settlement (canSeeSettlement).
 */
@ApiTags('settlement')
@Controller()
export class SettlementQueriesController {
  constructor(private readonly queries: SettlementQueries) {}

  @Get('settlements')
  @Authenticated('merchant', 'staff')
  @ApiOperation({
    operationId: 'listSettlements',
    summary: "Settlements, newest first: the caller's own shops (merchant) or every shop (staff)",
  })
  @Answers(SettlementPageResponse)
  list(@CurrentActor() actor: Actor, @Query() { after, merchantId, rehearsalCampaignId, from, to, limit, offset }: SettlementListQuery) {
    return this.queries.listSettlements(actor, { merchantId, rehearsalCampaignId, from, to, limit, offset }, after);
  }

  @Get('settlements/:id')
  @Authenticated('merchant', 'staff')
  @ApiOperation({
    operationId: 'getSettlement',
    summary: 'A settlement statement: its figures, the prepayments and refunds it settled, its payout',
  })
  @ApiNotFound('settlement')
  @Answers(SettlementStatementResponse)
  async statement(@CurrentActor() actor: Actor, @IdParam('id') id: string, @Query() { after }: ReadAfterQuery) {
    const statement = await this.queries.statement(id, after);
    if (!canSeeSettlement(actor, statement.merchantOwnerId)) throw new NotVisibleError('settlement', id);
    return statement;
  }

  @Get('settlement-days/:day/reconciliation')
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'getReconciliation',
    summary: "A day's reconciliation (staff)",
    description:
      "collected = payouts + fees + donation pledges + refunds carried, per settlement and in total, with any difference shown; that day's unsettled items, and older unsettled items listed apart.",
  })
  @Answers(ReconciliationResponse)
  reconciliation(@Param() { day }: SettlementDayParam, @Query() { after, rehearsalCampaignId }: ReconciliationQuery) {
    return this.queries.reconciliation(day, after, rehearsalCampaignId);
  }

  @Get('payouts')
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'listPayouts',
    summary: 'Payouts, those needing attention first (failed, retried, scheduled, paid) (staff)',
  })
  @Answers(PayoutViewResponse, { isArray: true })
  payouts(@Query() { status, after }: PayoutListQuery) {
    return this.queries.payouts(status, after);
  }
}
