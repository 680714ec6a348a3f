import { composeMessage } from '../message/compose';
import { templateFor } from './catalogue';
import { maskedVariables, maskValue } from './masking';

describe('masking what a message shows and keeps', () => {
  it('keeps the first character of a personal value', () => {
    expect(maskValue('7K3M9QXA')).toBe('7*******');
    expect(maskValue('가')).toBe('가*');
    expect(maskValue('')).toBe('');
  });

  it('masks only the variables the template names as personal', () => {
    const made = templateFor('prepayment-made');
    expect(maskedVariables(made, { merchantName: '가게', amount: '10,000원', code: 'ABCD1234' })).toEqual({
      merchantName: '가게',
      amount: '10,000원',
      code: 'A*******',
    });
    expect(maskedVariables(templateFor('raffle-won'), { roundName: '1회차', prize: '20,000원' })).toEqual({
      roundName: '1회차',
      prize: '20,000원',
    });
  });

  it('composes the text as sent and the text as shown, with the approved buttons and the receipt attachment', () => {
    const made = composeMessage(templateFor('prepayment-made'), { merchantName: '가게', amount: '10,000원', code: 'ABCD1234' }, 'sms');
    expect(made.body).toContain('ABCD1234');
    expect(made.shown).toEqual({ title: null, body: made.body.replace('ABCD1234', 'A*******') });
    expect(composeMessage(templateFor('raffle-won'), { roundName: '1회차', prize: '20,000원' }, 'alimtalk').buttons).toEqual([
      { buttonType: 'AC', buttonName: '채널 추가' },
    ]);
    const receipt = composeMessage(templateFor('donation-receipt-issued'), { amount: '7,000원', receiptNumber: '2025-000001' }, 'email');
    expect(receipt.attachments).toEqual([
      expect.objectContaining({ filename: 'donation-receipt-2025-000001.html', contentType: 'text/html; charset=utf-8' }),
    ]);
    expect(receipt.attachments![0].content).toContain('2025-000001');
  });
});
