import { IdentityVerification } from '@portone/server-sdk';
import { ProviderUnavailableError } from '@goodpay/shared';
import { IdentityVerifications, type VerificationOutcome } from './identity-verifications';

export interface PortOneSettings {
  /** PORTONE_API_SECRET: sent as `Authorization: PortOne <secret>`. */
  secret: string;
  /** PORTONE_API_BASE, https://api.portone.io in production. */
  baseUrl: string;
  /** PORTONE_STORE_ID, or undefined. */
  storeId?: string;
}

/**
 * PortOne V2's identity verification, through its official server SDK (@portone/server-sdk,
 * IdentityVerificationClient.getIdentityVerification: `GET /identity-verifications/{id}` with
 * `Authorization: PortOne <secret>`; https://developers.portone.io/api/rest-v2/identityVerification).
 * VERIFIED gives the verified customer (name, birthDate, phoneNumber, ci, di); READY and FAILED
 * are not verified; IDENTITY_VERIFICATION_NOT_FOUND (404) is no such verification. Anything
 * else (UNAUTHORIZED: our secret is wrong; a network failure; a 5xx) is the provider being
 * unavailable to us, which must not read as "this person is not verified".
 */
export class PortOneIdentityVerifications extends IdentityVerifications {
  readonly provider = 'portone' as const;
  private readonly client: ReturnType<typeof IdentityVerification.IdentityVerificationClient>;

  constructor(private readonly settings: PortOneSettings) {
    super();
    this.client = IdentityVerification.IdentityVerificationClient({
      secret: settings.secret,
      baseUrl: settings.baseUrl,
      storeId: settings.storeId,
    });
  }

  async fetch(id: string): Promise<VerificationOutcome> {
    let found: Awaited<ReturnType<typeof this.client.getIdentityVerification>>;
    try {
      found = await this.client.getIdentityVerification({ identityVerificationId: id, storeId: this.settings.storeId });
    } catch (error) {
      if (error instanceof IdentityVerification.GetIdentityVerificationError && error.data.type === 'IDENTITY_VERIFICATION_NOT_FOUND') {
        return { status: 'not_found', id };
      }
      throw new ProviderUnavailableError('identity_verification', 'the identity-verification provider did not answer; try again');
    }
    switch (found.status) {
      case 'VERIFIED': {
        // The id is ours to check: an answer about another verification is not about this request.
        if (found.id !== id)
          throw new ProviderUnavailableError(
            'identity_verification',
            'the identity-verification provider answered about another verification',
          );
        const customer = found.verifiedCustomer;
        return {
          status: 'verified',
          id,
          ci: customer.ci ?? null,
          name: customer.name,
          birthDate: customer.birthDate ?? null,
          phoneNumber: customer.phoneNumber ?? null,
          verifiedAt: found.verifiedAt,
        };
      }
      case 'READY':
        return { status: 'ready', id };
      case 'FAILED':
        return { status: 'failed', id };
      default:
        throw new ProviderUnavailableError(
          'identity_verification',
          'the identity-verification provider answered a status this api does not know',
        );
    }
  }
}
