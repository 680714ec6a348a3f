import { Body, Controller, Get, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CampaignQueries } from '@goodpay/campaign';
import type { CommandContext } from '@goodpay/event-store';
import { OfficeExports, RequestOfficeExportCommand } from '@goodpay/office-export';
import { Authenticated } from '../auth/authenticated';
import { CreatingCommand } from '../http/command-context';
import { ApiNotFound, IdParam } from '../http/http-params';
import { Problems } from '../openapi/answers';
import { accepted } from '../http/read-after';
import { ExportAccepted, ExportStatusResponse, RequestExportDto } from './office-export.dto';

/**
 * The office's spreadsheets (staff): request an export, poll it, download it when ready. Every
 * export is built by a job (docs/campaign-office.md), so a large one never holds a request open.
 */
@ApiTags('office exports')
@Controller('office-exports')
export class OfficeExportsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly exports: OfficeExports,
    private readonly campaigns: CampaignQueries,
  ) {}

  @Post()
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'requestOfficeExport',
    summary:
      'Request an export: dashboard, prepayments, settlements, raffle-winners or donations, as xlsx or csv, for a period (staff; needs an Idempotency-Key)',
  })
  @ApiCreatedResponse({ type: ExportAccepted })
  @ApiUnprocessableEntityResponse({ description: 'problem+json' })
  @Problems({ 400: ['invalid_export_period', 'campaign_required'], 422: ['export_already_requested'] })
  async request(@CreatingCommand() context: CommandContext, @Body() body: RequestExportDto) {
    return accepted(await this.commands.execute(new RequestOfficeExportCommand(context, body)));
  }

  @Get(':id')
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'getOfficeExport',
    summary: "An export's status: pending until its job answers, then ready (download it) or failed (staff)",
  })
  @ApiOkResponse({ type: ExportStatusResponse })
  @ApiNotFound('export')
  async status(@IdParam('id') id: string) {
    const status = await this.exports.status(id);
    return { ...status, request: await this.campaigns.markedOne(status.request) };
  }

  @Get(':id/file')
  @Authenticated('staff')
  @ApiOperation({
    operationId: 'downloadOfficeExport',
    summary: "Download a ready export's file (staff); export_not_ready (422) before",
  })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  @ApiOkResponse({ description: 'the file', schema: { type: 'string', format: 'binary' } })
  @ApiNotFound('export')
  @ApiUnprocessableEntityResponse({ description: 'problem+json, code export_not_ready' })
  @Problems({ 422: ['export_not_ready'] })
  async file(@IdParam('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const file = await this.exports.file(id);
    void reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .header('cache-control', 'private, no-store');
    return file.content;
  }
}
