import { Injectable } from '@nestjs/common';
import { IdentityVerifications, type VerificationOutcome } from './identity-verifications';

/**
 * The development and test built-in: outcomes the test (or a developer) recorded beforehand;
 * any other id is not found. Never chosen in production (IDENTITY_VERIFICATION=portone there).
 */
@Injectable()
export class RecordingIdentityVerifications extends IdentityVerifications {
  readonly provider = 'recording' as const;
  private readonly outcomes = new Map<string, VerificationOutcome>();
  readonly fetched: string[] = [];

  record(outcome: VerificationOutcome): void {
    this.outcomes.set(outcome.id, outcome);
  }

  async fetch(id: string): Promise<VerificationOutcome> {
    this.fetched.push(id);
    return this.outcomes.get(id) ?? { status: 'not_found', id };
  }
}
