/**
 * What an identity-verification provider says about one verification, fetched by its id on
 * the server: never the copy a client sends. A person is `verified` with their connecting
 * information (CI) and the verified name, birth date and phone (PortOne V2's
 * VerifiedIdentityVerification.verifiedCustomer).
 */
export type VerificationOutcome =
  | {
      status: 'verified';
      id: string;
      ci: string | null;
      name: string;
      birthDate: string | null;
      phoneNumber: string | null;
      verifiedAt: string;
    }
  | { status: 'ready' | 'failed'; id: string }
  | { status: 'not_found'; id: string };

/** The port: one adapter per provider, chosen by IDENTITY_VERIFICATION. */
export abstract class IdentityVerifications {
  /** Recorded with each binding: which provider vouched for it. */
  abstract readonly provider: 'portone' | 'recording';

  /** The outcome of verification `id`; throws ProviderUnavailableError when the provider cannot tell. */
  abstract fetch(id: string): Promise<VerificationOutcome>;
}
