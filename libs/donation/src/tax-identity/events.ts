import type { DomainEvent } from '@goodpay/event-store';

/** One stream per person (the person key): the tax identity they gave, with their consent. */
export const taxIdentityStream = (person: string): string => `donor-tax-identity-${person}`;

/** What the donor is told and agrees to when they give their resident registration number. */
export const TAX_IDENTITY_CONSENT = {
  version: '2026-12',
  purpose: '기부금 영수증 발급 및 국세청 기부금영수증 발급명세 제출 (donation receipts and their filing with the National Tax Service)',
  items: '성명, 주민등록번호, 주소 (legal name, resident registration number, address)',
  retention: '영수증 발급일부터 5년 (five years from issue, as the Income Tax Act requires the records kept)',
  legalBasis: '소득세법 제160조의3, 개인정보 보호법 제24조의2 (resident registration numbers only where a law requires them)',
} as const;

/**
 * The person gave their legal name, resident registration number and (optionally) address for
 * tax receipts, and agreed to the consent above. Sealed under the person in the personal-data
 * vault: the log holds only ciphertext and the masked number; erasing the person shreds it.
 * A later record replaces the earlier one for receipts issued after it.
 */
export type DonorTaxIdentityRecorded = DomainEvent<
  'DonorTaxIdentityRecorded',
  {
    person: string;
    /** The account that gave it. */
    userId: string;
    sealed: string;
    maskedRrn: string;
    consent: { version: string; purpose: string; agreedAt: string };
  }
>;

export type TaxIdentityEvent = DonorTaxIdentityRecorded;

export interface TaxIdentityState {
  current: { sealed: string; maskedRrn: string } | null;
}

export const foldTaxIdentity = (events: readonly TaxIdentityEvent[]): TaxIdentityState => ({
  current: events.length === 0 ? null : { sealed: events.at(-1)!.data.sealed, maskedRrn: events.at(-1)!.data.maskedRrn },
});
