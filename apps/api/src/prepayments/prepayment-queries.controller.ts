import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CampaignQueries } from '@goodpay/campaign';
import {
  canSeeMerchantLedger,
  canSeePrepayment,
  type PrepaymentDetail,
  PrepaymentInvariants,
  PrepaymentQueries,
} from '@goodpay/prepayment';
import { type Actor, NotVisibleError } from '@goodpay/shared';
import { Authenticated, CurrentActor } from '../auth/authenticated';
import { ApiNotFound, IdParam } from '../http/http-params';
import { ReadAfterQuery } from '../http/read-after';
import { Answers } from '../openapi/answers';
import { LedgerRangeQuery, PrepaymentCodeParam } from './prepayment.dto';
import {
  CampaignDashboardResponse,
  InvariantReportResponse,
  MerchantLedgerResponse,
  PrepaymentDetailResponse,
  WalletResponse,
} from './prepayment-views.dto';

/**
 * What payers, shops and staff read about prepayments. Each read takes `?after=<position>` from
 * a command's answer to see its own write. Who may see what is decided in @goodpay/prepayment
 * (canSeePrepayment, canSeeMerchantLedger); anything the caller may not see is a 404. Every
 * prepayment answered is marked `isRehearsal` (CampaignQueries.marked).
 */
@ApiTags('prepayments')
@Controller()
export class PrepaymentQueriesController {
  constructor(
    private readonly queries: PrepaymentQueries,
    private readonly invariants: PrepaymentInvariants,
    private readonly campaigns: CampaignQueries,
  ) {}

  @Get('prepayments/:id')
  @Authenticated()
  @ApiOperation({ operationId: 'getPrepayment', summary: 'One prepayment with its balance and redemptions (its payer, its shop, staff)' })
  @ApiNotFound('prepayment')
  @Answers(PrepaymentDetailResponse)
  async get(@CurrentActor() actor: Actor, @IdParam('id') id: string, @Query() { after }: ReadAfterQuery) {
    return this.campaigns.markedOne(this.visible(actor, await this.queries.getPrepayment(id, after), 'prepayment', id), after);
  }

  @Get('prepayment-codes/:code')
  @Authenticated()
  @ApiOperation({
    operationId: 'getPrepaymentByCode',
    summary: 'The prepayment a scanned or typed code belongs to (its shop, its payer, staff)',
  })
  @ApiNotFound('prepayment_code')
  @Answers(PrepaymentDetailResponse)
  async byCode(@CurrentActor() actor: Actor, @Param() { code }: PrepaymentCodeParam, @Query() { after }: ReadAfterQuery) {
    return this.campaigns.markedOne(this.visible(actor, await this.queries.getByCode(code, after), 'prepayment_code', code), after);
  }

  @Get('me/wallet')
  @Authenticated('citizen', 'organisation')
  @ApiOperation({ operationId: 'getMyWallet', summary: "The caller's prepayments, newest first, and their totals" })
  @Answers(WalletResponse)
  async wallet(@CurrentActor() actor: Actor, @Query() { after }: ReadAfterQuery) {
    const wallet = await this.queries.listForPayer(actor.id, after);
    return { ...wallet, items: await this.campaigns.marked(wallet.items, after) };
  }

  @Get('merchants/:id/ledger')
  @Authenticated('merchant', 'staff')
  @ApiOperation({
    operationId: 'getMerchantLedger',
    summary: "A shop's ledger by Seoul day and its outstanding prepaid liability (its owner, staff)",
  })
  @ApiNotFound('merchant')
  @Answers(MerchantLedgerResponse)
  async ledger(@CurrentActor() actor: Actor, @IdParam('id') id: string, @Query() { after, from, to }: LedgerRangeQuery) {
    const ledger = await this.queries.merchantLedger(id, { from, to }, after);
    if (!canSeeMerchantLedger(actor, ledger.merchant?.ownerId ?? null)) throw new NotVisibleError('merchant', id);
    return ledger;
  }

  @Get('campaigns/:id/dashboard')
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'getCampaignDashboard',
    summary: "A campaign's participants, prepayments, amount brought forward by category and district, and progress (staff)",
  })
  @ApiNotFound('campaign')
  @Answers(CampaignDashboardResponse)
  dashboard(@IdParam('id') id: string, @Query() { after }: ReadAfterQuery) {
    return this.queries.campaignDashboard(id, after);
  }

  @Post('admin/invariants/check')
  @HttpCode(200)
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'checkInvariants',
    summary: 'Check every projected balance against the event log (staff)',
    description:
      'Compares exactly the events the balances projection has applied, so it is exact while workers run. `?after=` first waits for a position. `ok: false` lists the violations.',
  })
  @Answers(InvariantReportResponse, { description: 'the invariant report' })
  async checkInvariants(@Query() { after }: ReadAfterQuery) {
    return this.invariants.check({ afterPosition: after });
  }

  private visible(actor: Actor, prepayment: PrepaymentDetail, thing: string, id: string): PrepaymentDetail {
    if (!canSeePrepayment(actor, prepayment)) throw new NotVisibleError(thing, id);
    return prepayment;
  }
}
