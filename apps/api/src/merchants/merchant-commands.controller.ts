import { Body, Controller, HttpCode, Post, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@goodpay/event-store';
import {
  ApproveMerchantCommand,
  CloseMerchantCommand,
  RegisterMerchantCommand,
  ReinstateMerchantCommand,
  RejectMerchantCommand,
  SetDonationPledgeCommand,
  SuspendMerchantCommand,
} from '@goodpay/merchant';
import { Authenticated } from '../auth/authenticated';
import { ApiNotFound, IdParam } from '../http/http-params';
import { Command, CreatingCommand } from '../http/command-context';
import { accepted } from '../http/read-after';
import { CloseMerchantDto, DonationPledgeDto, MerchantAccepted, ReasonDto, RegisterMerchantDto } from './merchant.dto';
import { Problems } from '../openapi/answers';

/** A shop's life: registered by its owner, reviewed by staff, closed by either. */
@ApiTags('merchants')
@Controller('merchants')
export class MerchantCommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Authenticated('merchant')
  @ApiOperation({
    operationId: 'registerMerchant',
    summary: 'Register your shop for review (merchant; needs an Idempotency-Key)',
    description: 'A business registration number is registered once: 422 business_registration_number_taken otherwise.',
  })
  @ApiCreatedResponse({ type: MerchantAccepted })
  @Problems({ 400: ['invalid_business_registration_number'], 422: ['business_registration_number_taken', 'merchant_already_exists'] })
  async register(@CreatingCommand() context: CommandContext, @Body() body: RegisterMerchantDto) {
    return accepted(await this.commands.execute(new RegisterMerchantCommand(context, body)));
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Authenticated('staff')
  @ApiOperation({ operationId: 'approveMerchant', summary: 'Approve a pending shop: it may take prepayments (staff)' })
  @ApiOkResponse({ type: MerchantAccepted })
  @ApiNotFound('merchant')
  @Problems({ 422: ['merchant_not_pending', 'merchant_closed'] })
  async approve(@Command() context: CommandContext, @IdParam('id') id: string) {
    return accepted(await this.commands.execute(new ApproveMerchantCommand(context, id)));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Authenticated('staff')
  @ApiOperation({ operationId: 'rejectMerchant', summary: 'Reject a pending shop (staff)' })
  @ApiOkResponse({ type: MerchantAccepted })
  @ApiNotFound('merchant')
  @Problems({ 422: ['merchant_not_pending', 'merchant_closed'] })
  async reject(@Command() context: CommandContext, @IdParam('id') id: string, @Body() { reason }: ReasonDto) {
    return accepted(await this.commands.execute(new RejectMerchantCommand(context, id, reason)));
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @Authenticated('staff')
  @ApiOperation({ operationId: 'suspendMerchant', summary: 'Suspend an approved shop: no new prepayments until reinstated (staff)' })
  @ApiOkResponse({ type: MerchantAccepted })
  @ApiNotFound('merchant')
  @Problems({ 422: ['merchant_not_approved', 'merchant_closed'] })
  async suspend(@Command() context: CommandContext, @IdParam('id') id: string, @Body() { reason }: ReasonDto) {
    return accepted(await this.commands.execute(new SuspendMerchantCommand(context, id, reason)));
  }

  @Post(':id/reinstate')
  @HttpCode(200)
  @Authenticated('staff')
  @ApiOperation({ operationId: 'reinstateMerchant', summary: 'Reinstate a suspended shop (staff)' })
  @ApiOkResponse({ type: MerchantAccepted })
  @ApiNotFound('merchant')
  @Problems({ 422: ['merchant_not_suspended', 'merchant_closed'] })
  async reinstate(@Command() context: CommandContext, @IdParam('id') id: string, @Body() { reason }: ReasonDto) {
    return accepted(await this.commands.execute(new ReinstateMerchantCommand(context, id, reason)));
  }

  @Post(':id/close')
  @HttpCode(200)
  @Authenticated('merchant', 'staff')
  @ApiOperation({
    operationId: 'closeMerchant',
    summary: 'Close the shop for good (its owner, or staff); its prepayers may have their balance back',
  })
  @ApiOkResponse({ type: MerchantAccepted })
  @ApiNotFound('merchant')
  @Problems({ 422: ['merchant_closed', 'merchant_rejected'] })
  async close(@Command() context: CommandContext, @IdParam('id') id: string, @Body() { reason }: CloseMerchantDto) {
    return accepted(await this.commands.execute(new CloseMerchantCommand(context, id, reason)));
  }

  @Put(':id/donation-pledge')
  @Authenticated('merchant')
  @ApiOperation({
    operationId: 'pledgeMerchantDonation',
    summary: 'Set the donation-angel pledge: 1%, 3% or 5% of sales, or none (the owner)',
  })
  @ApiOkResponse({ type: MerchantAccepted })
  @ApiNotFound('merchant')
  @Problems({ 400: ['invalid_donation_pledge'], 422: ['merchant_closed'] })
  async pledge(@Command() context: CommandContext, @IdParam('id') id: string, @Body() { basisPoints }: DonationPledgeDto) {
    return accepted(await this.commands.execute(new SetDonationPledgeCommand(context, id, basisPoints)));
  }
}
