import type { SolapiSettings } from '../../notification-options';
import type { ChannelName } from '../../templates/template';
import { ChannelError } from '../channel';
import { solapiAuthorization } from './solapi-authorization';
import type { SolapiErrorBody, SolapiListResponse, SolapiMessage, SolapiSendResponse } from './solapi-messages';

const RATE_LIMIT_CODES = /TooMany|RateLimit|Throttl|Quota/i;

/** Retry-After in seconds or as an HTTP date. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * Solapi's REST API over fetch: one signed request per call. Its answers become ChannelErrors as
 * a provider means them: 429 or a rate-limit code slows every sender down (scope 'provider');
 * 5xx, no answer or refused credentials are an outage (scope 'provider', temporary: nothing is
 * spent, the queue waits); any other 4xx, and a message Solapi would not register
 * (failedMessageList), is this message's permanent failure, with Solapi's code and reason.
 */
export class SolapiClient {
  constructor(private readonly settings: SolapiSettings) {}

  get sender(): string {
    return this.settings.sender;
  }

  get pfId(): string {
    return this.settings.pfId;
  }

  /** Sends one message; resolves with Solapi's message id. */
  async send(channel: ChannelName, message: SolapiMessage): Promise<string> {
    const answer = await this.call<SolapiSendResponse>(channel, 'POST', '/messages/v4/send-many/detail', {
      messages: [message],
      showMessageList: true,
    });
    const failed = answer.failedMessageList?.[0];
    if (failed) throw new ChannelError(channel, `solapi_${failed.statusCode}`, false, failed.statusMessage);
    const accepted = answer.messageList?.[0];
    if (!accepted?.messageId)
      throw new ChannelError(channel, 'provider_answer_unreadable', true, 'Solapi accepted the request but named no message', 'provider');
    return accepted.messageId;
  }

  /** The current status of each message (statusCode, statusMessage), by Solapi's id. */
  async statuses(channel: ChannelName, messageId: string): Promise<SolapiListResponse['messageList']> {
    const query = new URLSearchParams({ messageId, limit: '1' });
    const answer = await this.call<SolapiListResponse>(channel, 'GET', `/messages/v4/list?${query}`);
    return answer.messageList ?? {};
  }

  private async call<T>(channel: ChannelName, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.settings.apiBase), {
        method,
        headers: { Authorization: solapiAuthorization(this.settings.apiKey, this.settings.apiSecret), 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.settings.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new ChannelError(channel, 'provider_unreachable', true, `Solapi did not answer: ${(error as Error).name}`, 'provider');
    }
    if (response.ok) return (await response.json()) as T;
    const error = (await response.json().catch(() => null)) as Partial<SolapiErrorBody> | null;
    const code = error?.errorCode ?? `HTTP_${response.status}`;
    const reason = error?.errorMessage ?? `Solapi answered ${response.status}`;
    if (response.status === 429 || RATE_LIMIT_CODES.test(code)) {
      throw new ChannelError(channel, 'provider_rate_limited', true, reason, 'provider', retryAfterMs(response.headers.get('retry-after')));
    }
    if (response.status >= 500 || response.status === 401 || response.status === 403) {
      // Refused credentials are a deployment fault, not the message's: hold every message until it is fixed.
      throw new ChannelError(
        channel,
        response.status >= 500 ? 'provider_unavailable' : 'provider_credentials_refused',
        true,
        reason,
        'provider',
      );
    }
    throw new ChannelError(channel, `solapi_${code}`, false, reason);
  }
}
