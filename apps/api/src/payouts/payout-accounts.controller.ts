import { Body, Controller, Get, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@goodpay/event-store';
import { KOREAN_BANKS, PayoutAccounts, RegisterPayoutAccountCommand } from '@goodpay/settlement';
import type { Actor } from '@goodpay/shared';
import { Authenticated, CurrentActor } from '../auth/authenticated';
import { Command } from '../http/command-context';
import { ApiNotFound, IdParam } from '../http/http-params';
import { accepted } from '../http/read-after';
import { PayoutAccountAnswer, RegisterPayoutAccountDto } from './payouts.dto';
import { Answers } from '../openapi/answers';
import { BankListResponse, PayoutAccountViewResponse } from '../settlement/settlement-views.dto';
import { Problems } from '../openapi/answers';

/** A shop's settlement account: registered by its owner, checked with the bank, shown masked. */
@ApiTags('payouts')
@Controller()
export class PayoutAccountsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly accounts: PayoutAccounts,
  ) {}

  @Get('payout-banks')
  @ApiOperation({
    operationId: 'listPayoutBanks',
    summary: 'The Korean financial institution codes a settlement account may name (public)',
  })
  @Answers(BankListResponse)
  banks() {
    return { items: KOREAN_BANKS };
  }

  @Put('merchants/:id/payout-account')
  @Authenticated('merchant')
  @ApiOperation({
    operationId: 'registerPayoutAccount',
    summary: "Register or replace your shop's settlement account (the owner)",
    description:
      "The bank is asked whose the account is before anything is recorded: the holder must be the name you give and the shop's business name " +
      '(or 대표자(상호)). 422 account_not_found, account_holder_mismatch, account_holder_not_business; 503 account_holder_check_unavailable.',
  })
  @ApiOkResponse({ type: PayoutAccountAnswer })
  @ApiNotFound('merchant')
  @Problems({
    400: ['unknown_bank_code', 'invalid_account_number', 'invalid_holder_name'],
    404: ['merchant_not_found'],
    422: ['account_holder_mismatch', 'account_holder_not_business', 'account_not_found'],
  })
  async register(@Command() context: CommandContext, @IdParam('id') id: string, @Body() body: RegisterPayoutAccountDto) {
    const { bankCode, accountNumber, holderName } = body;
    return accepted(await this.commands.execute(new RegisterPayoutAccountCommand(context, id, { bankCode, accountNumber, holderName })));
  }

  @Get('merchants/:id/payout-account')
  @Authenticated('merchant', 'staff')
  @ApiOperation({ operationId: 'getPayoutAccount', summary: "The shop's settlement account, masked (the owner, staff)" })
  @ApiNotFound('payout_account')
  @Answers(PayoutAccountViewResponse)
  @Problems({ 404: ['merchant_not_found'] })
  view(@CurrentActor() actor: Actor, @IdParam('id') id: string) {
    return this.accounts.view(actor, id);
  }
}
