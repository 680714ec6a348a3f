import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DisburseFromChestCommand, DonateCashbackCommand, RunReceiptsCommand } from '@goodpay/donation';
import type { CommandContext } from '@goodpay/event-store';
import { Authenticated } from '../auth/authenticated';
import { RateLimit } from '../rate-limit/rate-limits';
import { Command, CreatingCommand } from '../http/command-context';
import { accepted, CommandAccepted } from '../http/read-after';
import { DisbursementAccepted, DisburseDto, DonateCashbackDto, DonationAccepted, ReceiptRunDto } from './donation.dto';
import { Problems } from '../openapi/answers';

@ApiTags('donations')
@Controller()
export class DonationCommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('donations')
  @Authenticated('citizen')
  @ApiOperation({
    operationId: 'donate',
    summary: 'Give local-currency cashback to the community chest (the citizen; needs an Idempotency-Key)',
    description:
      "Never more than the cashback reported for the month, counting the month's earlier gifts. Only the card's last 4 digits are kept.",
  })
  @ApiCreatedResponse({ type: DonationAccepted })
  @Problems({ 400: ['invalid_card_reference'], 422: ['donation_exceeds_cashback'] })
  async donate(@CreatingCommand() context: CommandContext, @Body() body: DonateCashbackDto) {
    return accepted(await this.commands.execute(new DonateCashbackCommand(context, { ...body })));
  }

  @Post('community-chest/disbursements')
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'disburseCommunityChest',
    summary: 'Give money from the community chest to a welfare project, never more than its balance (staff; needs an Idempotency-Key)',
  })
  @ApiCreatedResponse({ type: DisbursementAccepted })
  @Problems({ 422: ['insufficient_chest_balance'] })
  async disburse(@CreatingCommand() context: CommandContext, @Body() body: DisburseDto) {
    return accepted(await this.commands.execute(new DisburseFromChestCommand(context, { ...body })));
  }

  @Post('donation-receipts/runs')
  @RateLimit('runs')
  @HttpCode(200)
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'runDonationReceipts',
    summary: "Issue receipts for a year's donations not on a receipt yet: every donor, or one (staff)",
    description: 'Safe to repeat and to run at once: a second run issues nothing, and numbers never skip or repeat.',
  })
  @ApiOkResponse({ type: CommandAccepted })
  async run(@Command() context: CommandContext, @Body() { year, donorType, donorId }: ReceiptRunDto) {
    const donor = donorType !== undefined && donorId !== undefined ? { type: donorType, id: donorId } : undefined;
    return accepted(await this.commands.execute(new RunReceiptsCommand(context, { year, donor })));
  }
}
