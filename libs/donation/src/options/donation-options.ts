import { type DonationTypeCode, isDonationTypeCode } from '../receipts/donation-type-codes';

/**
 * Who issues the receipts: printed on every receipt. The defaults name the Community Chest of
 * Korea and the act it is established under; a deployment sets its branch's registration
 * number and address through DonationModule.forRoot({ chest: { ... } }).
 */
export interface CommunityChestDetails {
  name: string;
  englishName: string;
  /** The law the chest is established under, which makes gifts to it deductible. */
  legalBasis: string;
  /** The issuing branch's registration number, as the tax authority knows it; null prints nothing. */
  registrationNumber: string | null;
  address: string | null;
}

export interface DonationOptions {
  chest?: Partial<CommunityChestDetails>;
  /** The donation type code tax receipts print (기부금 코드): 10 for the Community Chest of Korea. */
  typeCode?: string;
  /** CASHBACK_FIGURES: `imported` caps cashback gifts by the card issuer's imported figures; `self-reported` trusts the citizen's report. */
  cashbackFigures?: 'imported' | 'self-reported';
}

export const COMMUNITY_CHEST_DETAILS: CommunityChestDetails = {
  name: '사회복지공동모금회',
  englishName: 'Community Chest of Korea',
  legalBasis: '사회복지공동모금회법 (Community Chest of Korea Act)',
  registrationNumber: null,
  address: null,
};

export const DONATION_OPTIONS = Symbol('DONATION_OPTIONS');

export interface ResolvedDonationOptions {
  chest: CommunityChestDetails;
  typeCode: DonationTypeCode;
  cashbackFigures: 'imported' | 'self-reported';
}

export function resolveDonationOptions(options: DonationOptions = {}): ResolvedDonationOptions {
  const chest = { ...COMMUNITY_CHEST_DETAILS, ...options.chest };
  if (!chest.name.trim() || !chest.englishName.trim())
    throw new Error('donation option chest.name and chest.englishName must not be empty');
  const typeCode = options.typeCode ?? '10';
  if (!isDonationTypeCode(typeCode)) throw new Error(`donation option typeCode ${typeCode} is not a code of the receipt form`);
  return { chest, typeCode, cashbackFigures: options.cashbackFigures ?? 'self-reported' };
}
