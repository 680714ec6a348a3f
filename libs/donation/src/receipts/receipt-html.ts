import type { CommunityChestDetails } from '../options/donation-options';
import type { DonationReceiptView } from './receipt-view';
import type { TaxReceiptDocument } from './tax-receipt';

/** Text put into HTML: every character that could open markup or end an attribute is escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`=/]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Grouped by thousands, exactly (a bigint formats without rounding). */
const won = (amount: number | bigint): string => `${amount.toLocaleString('en-US')} 원`;
const SOURCE_LABEL = {
  cashback: '지역화폐 캐시백 기부 (cashback donation)',
  pledge: '기부천사 가맹점 약정 (donation-angel pledge)',
} as const;
const DONOR_LABEL = { citizen: '시민 (citizen)', merchant: '가맹점 (merchant)' } as const;

/**
 * The receipt as a printable page (A4, no scripts, no external resources). Every piece of
 * text is escaped, including what donors and staff typed (a shop's name) and the configured
 * chest details.
 */
export function renderReceiptHtml(receipt: DonationReceiptView, chest: CommunityChestDetails, form?: TaxReceiptDocument): string {
  const e = escapeHtml;
  const rows = receipt.items
    .map(
      (item, index) =>
        `<tr><td>${index + 1}</td><td>${e(item.donatedOn)}</td><td>${e(SOURCE_LABEL[item.source])}</td><td class="amount">${e(won(item.amount))}</td></tr>`,
    )
    .join('\n        ');
  const chestLines = [
    `<strong>${e(chest.name)}</strong> (${e(chest.englishName)})`,
    e(chest.legalBasis),
    chest.registrationNumber ? `고유번호 / Registration no. ${e(chest.registrationNumber)}` : null,
    chest.address ? e(chest.address) : null,
  ]
    .filter((line): line is string => line !== null)
    .join('<br>\n      ');
  return `<!DOCTYPE html>
<html lang="ko">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
  <title>기부금 영수증 ${e(receipt.receiptNumber)}</title>
  <style>
    @page { size: A4; margin: 20mm; }
    body { font-family: sans-serif; color: #000; }
    table { width: 100%; border-collapse: collapse; margin-top: 1em; }
    th, td { border: 1px solid #444; padding: 4px 8px; text-align: left; }
    .amount { text-align: right; }
  </style>
</head>
<body>
  <h1>기부금 영수증 <small>Donation receipt</small></h1>
  <p>No. <strong>${e(receipt.receiptNumber)}</strong> · 발행일 / Issued ${e(receipt.issuedOn)}</p>
  <section>
    <h2>기부금 단체 / Recipient</h2>
    <p>
      ${chestLines}
    </p>
  </section>
  <section>
    <h2>기부자 / Donor</h2>
    ${
      form?.tax
        ? `<p>성명 ${e(form.tax.legalName)} · 주민등록번호 ${e(form.tax.maskedRrn)}${form.tax.address ? ` · 주소 ${e(form.tax.address)}` : ''}</p>
    <p>기부금 코드 / Type code ${e(form.typeCode)}${form.status === 'cancelled' ? ' · <strong>취소된 영수증 (cancelled)</strong>' : ''}${form.reissuedOn ? ` · 재발급 ${e(form.reissuedOn)}` : ''}</p>`
        : `<p>${e(receipt.donorName)} · ${e(DONOR_LABEL[receipt.donorType])}</p>`
    }
  </section>
  <section>
    <h2>${e(String(receipt.year))}년 기부 내역 / Donations in ${e(String(receipt.year))}</h2>
    <table>
      <thead><tr><th>#</th><th>기부일 / Date</th><th>구분 / Kind</th><th class="amount">금액 / Amount</th></tr></thead>
      <tbody>
        ${rows}
      </tbody>
      <tfoot><tr><th colspan="3">합계 / Total</th><th class="amount">${e(won(receipt.total))}</th></tr></tfoot>
    </table>
  </section>
  <p>위와 같이 기부금을 기부하였음을 증명합니다. / We confirm receipt of the donations above.</p>
</body>
</html>
`;
}
