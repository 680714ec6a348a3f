/**
 * The parts of Solapi's Messages API v4 the adapter uses, as documented at
 * docs.solapi.com/api-reference/messages (sendMany "여러건 발송" with /detail, getMessageList
 * "메시지 조회") and typed in the official SDK (src/models/responses/sendManyDetailResponse.ts).
 */

/** One message of `POST /messages/v4/send-many/detail`. */
export interface SolapiMessage {
  to: string;
  from: string;
  /** ATA: Alimtalk; SMS up to 90 bytes; LMS up to 2,000 bytes with a subject. */
  type: 'ATA' | 'SMS' | 'LMS';
  text: string;
  subject?: string;
  kakaoOptions?: {
    pfId: string;
    templateId: string;
    /** Keys as the template writes them: `#{merchantName}`. */
    variables: Record<string, string>;
    /** true: Solapi sends no substitute SMS of its own; we fall back ourselves (docs/notifications.md). */
    disableSms: boolean;
    buttons?: { buttonType: string; buttonName: string; linkMo?: string; linkPc?: string }[];
  };
  /** Echoed in reports: our send key, so a message is traceable to its notification and round. */
  customFields?: Record<string, string>;
}

export interface SolapiSendRequest {
  messages: SolapiMessage[];
  /** Ask for `messageList` with each accepted message's id. */
  showMessageList: boolean;
}

export interface SolapiFailedMessage {
  to: string;
  messageId?: string;
  statusCode: string;
  statusMessage: string;
  customFields?: Record<string, string>;
}

export interface SolapiSendResponse {
  groupInfo: { groupId?: string; _id?: string };
  failedMessageList: SolapiFailedMessage[];
  messageList?: { messageId: string; statusCode: string; statusMessage: string; customFields?: Record<string, string> }[];
}

/** `GET /messages/v4/list?messageId=`: messages keyed by id. */
export interface SolapiListResponse {
  messageList: Record<
    string,
    { messageId: string; statusCode: string; statusMessage?: string; dateReceived?: string | null; dateUpdated?: string }
  >;
}

/** An error answer (any 4xx/5xx with a JSON body): the SDK's ErrorResponse. */
export interface SolapiErrorBody {
  errorCode: string;
  errorMessage: string;
}

/**
 * Message status codes (docs.solapi.com/api-reference/message-status-codes): 2000 accepted and
 * waiting, 3000 handed to the carrier or Kakao, 4000 received; any other code is a failure whose
 * statusMessage says why (e.g. not a KakaoTalk user, a blocked or unknown number).
 */
export const SOLAPI_ACCEPTED = new Set(['2000', '3000']);
export const SOLAPI_RECEIVED = '4000';
