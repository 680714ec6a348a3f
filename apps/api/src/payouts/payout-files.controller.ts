import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CommandContext } from '@goodpay/event-store';
import { CreatePayoutFileCommand, ImportPayoutFileResultCommand, PayoutFiles } from '@goodpay/settlement';
import type { Actor } from '@goodpay/shared';
import { Authenticated, CurrentActor } from '../auth/authenticated';
import { Command, CreatingCommand } from '../http/command-context';
import { ApiNotFound, IdParam } from '../http/http-params';
import { accepted } from '../http/read-after';
import { CreatePayoutFileDto, PayoutFileAccepted, PayoutFileQuery, PayoutResultForm } from './payouts.dto';
import { readResultUpload } from './result-upload';
import { Answers, AnswersFile } from '../openapi/answers';
import { PayoutResultReportResponse } from '../settlement/settlement-views.dto';
import { Problems } from '../openapi/answers';

/**
 * Bulk-transfer files (staff): make one of the payouts waiting, download it for the bank's
 * upload screen, import the bank's result. Layout: docs/payouts.md.
 */
@ApiTags('payouts')
@Controller('payout-files')
export class PayoutFilesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly files: PayoutFiles,
  ) {}

  @Post()
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'createPayoutFile',
    summary: 'Make a bulk-transfer file of the payouts waiting (staff; needs an Idempotency-Key)',
    description:
      'Each payout goes in one file only, until the result for that file says it failed. 422 no_payouts_to_send, bank_file_payouts_off.',
  })
  @ApiCreatedResponse({ type: PayoutFileAccepted })
  @Problems({ 400: ['unknown_bank_code'], 422: ['no_payouts_to_send', 'bank_file_payouts_off'] })
  async create(@CreatingCommand() context: CommandContext, @Body() { senderBankCode }: CreatePayoutFileDto) {
    return accepted(await this.commands.execute(new CreatePayoutFileCommand(context, senderBankCode)));
  }

  @Get(':id')
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'downloadPayoutFile',
    summary: 'Download a bulk-transfer file, CSV or XLSX (staff; account reads are audited)',
  })
  @ApiNotFound('payout_file')
  @AnswersFile(['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], 'the bulk-transfer file')
  async download(
    @CurrentActor() actor: Actor,
    @IdParam('id') id: string,
    @Query() { format = 'csv', encoding = 'utf-8' }: PayoutFileQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const file = await this.files.render(actor, id, format, encoding);
    void reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .header('x-content-type-options', 'nosniff')
      // Account numbers: never kept by a cache on the way.
      .header('cache-control', 'no-store');
    return file.bytes;
  }

  @Post(':id/result')
  @HttpCode(200)
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'importPayoutResult',
    summary: "Import the bank's result file for a bulk-transfer file (staff; multipart `file`, CSV or XLSX)",
    description:
      'Each row is checked against the file (payout, account, amount, to the won): a row that differs is refused and reported, the rest marked paid or failed; ' +
      'failed payouts go in the next file. Importing the same result again changes nothing.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: PayoutResultForm })
  @Answers(PayoutResultReportResponse, { description: 'the report: paid, failed, alreadyRecorded, refused and each row' })
  @ApiNotFound('payout_file')
  @Problems({
    400: ['multipart_required', 'unknown_field', 'result_file_malformed'],
    413: ['result_file_too_large'],
    422: ['result_totals_mismatch'],
  })
  async importResult(@Command() context: CommandContext, @IdParam('id') id: string, @Req() request: FastifyRequest) {
    const bytes = await readResultUpload(request);
    return accepted(await this.commands.execute(new ImportPayoutFileResultCommand(context, id, bytes)));
  }
}
