import { COMMUNITY_CHEST_DETAILS } from '../options/donation-options';
import { escapeHtml, renderReceiptHtml } from './receipt-html';
import type { DonationReceiptView } from './receipt-view';

const receipt: DonationReceiptView = {
  receiptId: 'r-1',
  year: 2025,
  number: 42,
  receiptNumber: '2025-000042',
  donorType: 'merchant',
  donorId: 'm-1',
  donorName: '<script>alert("x")</script> & Sons',
  items: [
    { donationId: 'd-1', source: 'pledge', amount: 1_555, donatedOn: '2025-01-13' },
    { donationId: 'd-2', source: 'pledge', amount: 1_000_000, donatedOn: '2025-01-14' },
  ],
  total: 1_001_555n,
  issuedAt: '2025-02-01T00:00:00.000Z',
  issuedOn: '2025-02-01',
};

describe('receipt as HTML', () => {
  it("shows the chest's details, the donor, each donation, the total and the issue date", () => {
    const html = renderReceiptHtml(receipt, { ...COMMUNITY_CHEST_DETAILS, registrationNumber: '123-82-00000' });
    expect(html).toContain('사회복지공동모금회');
    expect(html).toContain('Community Chest of Korea');
    expect(html).toContain('123-82-00000');
    expect(html).toContain('2025-000042');
    expect(html).toContain('2025-01-13');
    expect(html).toContain('1,555 원');
    expect(html).toContain('1,001,555 원');
    expect(html).toContain('2025-02-01');
  });

  it('escapes all text, so a name cannot inject markup', () => {
    const html = renderReceiptHtml(receipt, { ...COMMUNITY_CHEST_DETAILS, address: '"><img src=x onerror=alert(1)>' });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;&#47;script&#62; &#38; Sons');
  });

  it('escapes the characters that open markup or end attributes', () => {
    expect(escapeHtml(`<a href='x' title="y">&</a>`)).toBe('&#60;a href&#61;&#39;x&#39; title&#61;&#34;y&#34;&#62;&#38;&#60;&#47;a&#62;');
  });
});
