import type { TemplateVariables } from './render';
import type { EmailAttachment } from './template';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

/**
 * The donation receipt an e-mail carries: its number and total, as the message names them. The
 * official form with the donor's resident number is printed from the donation context
 * (`GET /donation-receipts/:id?format=html`); an e-mail never carries that number.
 */
export function donationReceiptAttachment(variables: TemplateVariables): EmailAttachment {
  const number = escapeHtml(variables.receiptNumber ?? '');
  const amount = escapeHtml(variables.amount ?? '');
  return {
    filename: `donation-receipt-${(variables.receiptNumber ?? 'receipt').replace(/[^A-Za-z0-9-]/g, '_')}.html`,
    contentType: 'text/html; charset=utf-8',
    content:
      `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>기부금 영수증 ${number}</title></head>` +
      `<body><h1>기부금 영수증</h1><p>영수증 번호: ${number}</p><p>기부 금액: ${amount}</p>` +
      `<p>착한 선결제 캠페인 · 사회복지공동모금회</p></body></html>`,
  };
}
