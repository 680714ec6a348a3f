import { Body, Controller, Get, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RecipientDirectory, SetContactCommand, SetNotificationPreferencesCommand } from '@goodpay/notification';
import { PhoneCodes } from '@goodpay/identity';
import type { Actor } from '@goodpay/shared';
import { Authenticated, CurrentActor } from '../auth/authenticated';
import { ContactDto, MaskedContactResponse, PreferencesDto, PreferencesResponse } from './notification.dto';
import { Problems } from '../openapi/answers';

/** How the caller is reached: their own contact details (encrypted) and notification preferences. */
@ApiTags('notifications')
@Controller('me')
export class MeNotificationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly directory: RecipientDirectory,
    private readonly phoneCodes: PhoneCodes,
  ) {}

  @Put('contact')
  @Authenticated()
  @ApiOperation({
    operationId: 'setMyContact',
    summary:
      'Set the phone and/or e-mail notifications go to (stored encrypted; answered masked). The phone must first be verified by ' +
      'a one-time code (POST /me/phone-verification/code, POST /me/phone-verification); otherwise 422 phone_not_verified',
  })
  @ApiOkResponse({ type: MaskedContactResponse })
  @Problems({ 400: ['contact_required', 'invalid_phone', 'invalid_email'], 422: ['phone_not_verified'] })
  async setContact(@CurrentActor() actor: Actor, @Body() body: ContactDto) {
    const phoneVerified = body.phone ? await this.phoneCodes.isVerified(actor.id, body.phone) : false;
    return this.commands.execute(new SetContactCommand(actor, { phone: body.phone, email: body.email }, phoneVerified));
  }

  @Get('contact')
  @Authenticated()
  @ApiOperation({ operationId: 'getMyContact', summary: "The caller's contact details, masked (null when none are set)" })
  @ApiOkResponse({ type: MaskedContactResponse })
  async contact(@CurrentActor() actor: Actor) {
    return (await this.directory.maskedContact(actor.id, actor)) ?? { phone: null, email: null };
  }

  @Put('notification-preferences')
  @Authenticated()
  @ApiOperation({
    operationId: 'setMyNotificationPreferences',
    summary: 'Turn kinds of notification off, and choose phone or e-mail (a win and a refund are always sent)',
  })
  @ApiOkResponse({ type: PreferencesResponse })
  @Problems({ 400: ['notification_must_be_received', 'unknown_notification_kind'] })
  setPreferences(@CurrentActor() actor: Actor, @Body() body: PreferencesDto) {
    return this.commands.execute(new SetNotificationPreferencesCommand(actor, { optedOut: body.optedOut, preferred: body.preferred }));
  }

  @Get('notification-preferences')
  @Authenticated()
  @ApiOperation({ operationId: 'getMyNotificationPreferences', summary: "The caller's notification preferences" })
  @ApiOkResponse({ type: PreferencesResponse })
  preferences(@CurrentActor() actor: Actor) {
    return this.directory.preferences(actor.id);
  }
}
