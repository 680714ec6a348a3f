import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@goodpay/event-store';
import { PhoneCodes } from '@goodpay/identity';
import { Authenticated } from '../auth/authenticated';
import { Command } from '../http/command-context';
import { PhoneCodeConfirmationDto, PhoneCodeRequestDto, PhoneCodeSent, PhoneVerified } from './identity.dto';
import { Answers, Problems } from '../openapi/answers';

/** A person proves they receive messages at a phone: a one-time code by SMS, then the code back. */
@ApiTags('identity')
@Controller('me/phone-verification')
export class PhoneVerificationController {
  constructor(private readonly codes: PhoneCodes) {}

  @Post('code')
  @HttpCode(202)
  @Authenticated()
  @ApiOperation({
    operationId: 'sendPhoneCode',
    summary: 'Send a one-time code by SMS to a phone messages should go to (one a minute, five an hour; valid 5 minutes, 5 guesses)',
  })
  @Answers(PhoneCodeSent, { status: 202, description: 'the code is on its way' })
  @Problems({ 400: ['invalid_phone'], 422: ['phone_unreachable'], 429: ['phone_code_rate_limited'], 503: ['message_provider_unavailable'] })
  send(@Command() context: CommandContext, @Body() body: PhoneCodeRequestDto): Promise<PhoneCodeSent> {
    return this.codes.send(context, body.phone);
  }

  @Post()
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ operationId: 'confirmPhone', summary: 'Confirm the phone with the code it received; PUT /me/contact then accepts it' })
  @ApiOkResponse({ type: PhoneVerified })
  @Problems({ 422: ['phone_code_invalid'] })
  confirm(@Command() context: CommandContext, @Body() body: PhoneCodeConfirmationDto): Promise<PhoneVerified> {
    return this.codes.confirm(context, body.phone, body.code);
  }
}
