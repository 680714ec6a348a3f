import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import {
  CHANNELS,
  type ChannelName,
  CONTACT_CHANNELS,
  MESSAGE_STATUSES,
  type MessageStatus,
  NOTIFICATION_KINDS,
  type NotificationKind,
  RECEIPT_STATUSES,
  type ReceiptStatus,
} from '@goodpay/notification';
import { IsCalendarDate } from '../http/http-params';

export class ContactDto {
  @ApiPropertyOptional({ example: '010-1234-5678', description: 'a Korean mobile number; stored encrypted' })
  @IsOptional()
  @IsString()
  @Length(1, 30)
  phone?: string;

  @ApiPropertyOptional({ example: 'name@example.kr', description: 'stored encrypted' })
  @IsOptional()
  @IsString()
  @Length(3, 254)
  email?: string;
}

export class MaskedContactResponse {
  @ApiProperty({ type: 'string', nullable: true, example: '010-****-5678' }) phone!: string | null;
  @ApiProperty({ type: 'string', nullable: true, example: 'n***@example.kr' }) email!: string | null;
}

export class PreferencesDto {
  @ApiProperty({ enum: NOTIFICATION_KINDS, isArray: true, description: 'kinds not to receive; a win and a refund cannot be turned off' })
  @IsArray()
  @ArrayMaxSize(NOTIFICATION_KINDS.length)
  @IsString({ each: true })
  optedOut!: string[];

  @ApiPropertyOptional({ enum: CONTACT_CHANNELS, default: 'phone', description: 'phone: KakaoTalk, then SMS/LMS; email' })
  @IsOptional()
  @IsIn(CONTACT_CHANNELS)
  preferred?: string;
}

export class PreferencesResponse {
  @ApiProperty({ enum: NOTIFICATION_KINDS, isArray: true }) optedOut!: string[];
  @ApiProperty({ enum: CONTACT_CHANNELS }) preferred!: string;
}

export class DeliveryReceiptDto {
  @ApiProperty({ description: 'the message id the provider answered when it accepted the message' })
  @IsString()
  @Length(1, 200)
  providerMessageId!: string;

  @ApiProperty({ enum: RECEIPT_STATUSES })
  @IsIn(RECEIPT_STATUSES)
  status!: ReceiptStatus;

  @ApiPropertyOptional({ example: 'unreachable' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  reason?: string;

  @ApiProperty({ example: '2025-01-20T05:00:03Z' })
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, {
    message: 'reportedAt must be an ISO 8601 instant with a zone',
  })
  reportedAt!: string;
}

export class FailedListQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}

export class MessagePageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}

export class StaffMessageQuery extends MessagePageQuery {
  @ApiPropertyOptional({ enum: NOTIFICATION_KINDS })
  @IsOptional()
  @IsIn(NOTIFICATION_KINDS)
  kind?: NotificationKind;

  @ApiPropertyOptional({ enum: MESSAGE_STATUSES, description: 'delivered/undelivered: what the provider reported of a sent message' })
  @IsOptional()
  @IsIn(MESSAGE_STATUSES)
  status?: MessageStatus;

  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: ChannelName;

  @ApiPropertyOptional({ example: '2025-01-20', description: 'the Seoul day the message was planned' })
  @IsOptional()
  @IsCalendarDate()
  day?: string;
}

export class DeliveryRatesQuery {
  @ApiPropertyOptional({ example: '2025-01-20', description: 'one Seoul day; all days when left out' })
  @IsOptional()
  @IsCalendarDate()
  day?: string;
}

export class OwnMessageResponse {
  @ApiProperty() notificationId!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind!: string;
  @ApiProperty({ enum: CHANNELS, nullable: true }) channel!: string | null;
  @ApiProperty({ enum: ['alimtalk', 'sms', 'lms', 'email'], nullable: true }) messageType!: string | null;
  @ApiProperty({ enum: MESSAGE_STATUSES }) status!: string;
  @ApiProperty() plannedAt!: string;
  @ApiProperty({ type: 'string', nullable: true }) sentAt!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) deliveredAt!: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'LMS title or e-mail subject as sent' }) title!: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'the text as sent, personal parts masked (a prepayment code: 7*******)' })
  text!: string | null;
  @ApiProperty({ type: 'string', nullable: true, example: '010-****-5678' }) to!: string | null;
}

export class StaffMessageResponse extends OwnMessageResponse {
  @ApiProperty() recipientId!: string;
  @ApiProperty({ example: 'PrepaymentMade' }) eventType!: string;
  @ApiProperty() sendRound!: number;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: 'string' }) provider!: string | null;
  @ApiProperty({ nullable: true, type: 'string' }) failureCode!: string | null;
  @ApiProperty({ nullable: true, type: 'string' }) failureMessage!: string | null;
  @ApiProperty({ nullable: true, type: 'string' }) skipReason!: string | null;
  @ApiProperty({ nullable: true, type: 'string' }) resentBy!: string | null;
  @ApiProperty({ enum: CHANNELS, isArray: true }) excludedChannels!: string[];
}

export class ChannelFailureResponse {
  @ApiProperty({ example: 'invalid_phone' }) code!: string;
  @ApiProperty() count!: number;
}

export class ChannelDeliveryResponse {
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiProperty({ description: 'provider calls on this channel' }) attempts!: number;
  @ApiProperty() accepted!: number;
  @ApiProperty() delivered!: number;
  @ApiProperty() undelivered!: number;
  @ApiProperty() awaitingReport!: number;
  @ApiProperty({ type: 'number', nullable: true, description: 'delivered / (delivered + undelivered)' }) deliveryRate!: number | null;
  @ApiProperty({ type: 'number', nullable: true, description: 'accepted / attempts' }) acceptanceRate!: number | null;
  @ApiProperty({ type: [ChannelFailureResponse], description: 'most frequent first' }) failures!: ChannelFailureResponse[];
}

export class DeliveryRatesResponse {
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) day!: string | null;
  @ApiProperty({ type: [ChannelDeliveryResponse] }) channels!: ChannelDeliveryResponse[];
}

export class FailedNotificationResponse {
  @ApiProperty() notificationId!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind!: string;
  @ApiProperty() recipientId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty() sendRound!: number;
  @ApiProperty({ nullable: true, type: 'string' }) lastChannel!: string | null;
  @ApiProperty({ example: 'invalid_phone' }) failureCode!: string;
  @ApiProperty({ nullable: true, type: 'string' }) failureMessage!: string | null;
  @ApiProperty({ format: 'date-time' }) failedAt!: string;
}

export class FailedPageResponse {
  @ApiProperty({ type: [FailedNotificationResponse] }) items!: FailedNotificationResponse[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

export class ResendResponse {
  @ApiProperty() notificationId!: string;
  @ApiProperty({ description: 'the new send round' }) sendRound!: number;
}

export class DeliveryReceiptOutcomeResponse {
  @ApiProperty({ description: 'the receipt named a message we sent' }) matched!: boolean;
  @ApiProperty({ description: 'the same receipt came before' }) duplicate!: boolean;
}
