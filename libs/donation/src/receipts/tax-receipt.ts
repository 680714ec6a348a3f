import type { CommunityChestDetails } from '../options/donation-options';
import type { DonationReceiptView } from './receipt-view';
import type { DonationTypeCode } from './donation-type-codes';

/** The form's title line and the sentence the recipient certifies with. */
export const FORM_REFERENCE = '소득세법 시행규칙 [별지 제45호의2서식]';
export const FORM_CERTIFICATION = '위와 같이 기부금을 기부하였음을 증명합니다.';

/** The donor as the tax receipt prints them: the legal name in full, the number masked. */
export interface TaxDonor {
  legalName: string;
  maskedRrn: string;
  address: string | null;
}

/** A receipt with everything the official form carries; `tax` null for a receipt without a tax identity. */
export interface TaxReceiptDocument {
  receipt: DonationReceiptView;
  recipient: CommunityChestDetails;
  typeCode: DonationTypeCode;
  tax: TaxDonor | null;
  status: 'issued' | 'cancelled';
  reissuedOn: string | null;
}
