/**
 * Donation type codes of the official receipt form (소득세법 시행규칙 별지 제45호의2서식, 기부내용
 * 코드). Gifts to the Community Chest of Korea are 특례기부금 (formerly 법정기부금): code 10.
 */
export const DONATION_TYPE_CODES = {
  '10': '특례기부금 (법정기부금)',
  '20': '정치자금기부금',
  '21': '진흥기금출연',
  '30': '조세특례제한법 그 밖의 기부금',
  '31': '공익신탁기부금',
  '40': '일반기부금 (지정기부금, 종교단체 외)',
  '41': '일반기부금 (종교단체)',
  '42': '우리사주조합기부금',
  '50': '그 밖의 기부금',
} as const;
export type DonationTypeCode = keyof typeof DONATION_TYPE_CODES;
export const isDonationTypeCode = (code: string): code is DonationTypeCode => Object.hasOwn(DONATION_TYPE_CODES, code);
