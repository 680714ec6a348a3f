import { CHANNELS } from './template';
import { TEMPLATES, templateFor } from './catalogue';
import { renderTemplate, variablesOf } from './render';
import { composeMessage } from '../message/compose';
import { NOTIFICATION_KINDS } from '../kinds/notification-kinds';
import { smsByteLength } from '../message/byte-length';

const made = templateFor('prepayment-made');
const variables = { merchantName: '전주 한옥 분식', amount: '100,000원', code: '7K3M-9QXA' };

describe('templates', () => {
  it('fill #{variables}', () => {
    expect(renderTemplate(made, variables).body).toBe(
      '[착한 선결제] 전주 한옥 분식에 100,000원 선결제가 완료되었습니다. 선결제 코드: 7K3M-9QXA',
    );
  });

  it('refuse a missing variable before sending', () => {
    const { code: _code, ...withoutCode } = variables;
    expect(() => renderTemplate(made, withoutCode)).toThrow(
      expect.objectContaining({ code: 'template_variable_missing', details: { template: 'prepayment-made@1', variable: 'code' } }),
    );
  });

  it('are looked up by version, the latest by default', () => {
    expect(templateFor('prepayment-made', 1)).toBe(made);
    expect(() => templateFor('prepayment-made', 99)).toThrow(expect.objectContaining({ code: 'template_not_found' }));
  });

  it('cover every kind, with a code for every provider and unique (id, version) and codes', () => {
    expect(new Set(TEMPLATES.map((t) => t.kind))).toEqual(new Set(NOTIFICATION_KINDS));
    expect(new Set(TEMPLATES.map((t) => `${t.id}@${t.version}`)).size).toBe(TEMPLATES.length);
    for (const channel of CHANNELS) {
      const codes = TEMPLATES.map((t) => t.providerCodes[channel]);
      expect(codes.every((code) => code.length > 0)).toBe(true);
      expect(new Set(codes).size).toBe(codes.length);
    }
  });

  it('have titles that fit an LMS title (40 bytes)', () => {
    for (const template of TEMPLATES) {
      const title = template.title.replace(/#\{[^}]+\}/g, '');
      expect([template.id, smsByteLength(title) <= 40]).toEqual([template.id, true]);
    }
  });

  it('list their variables', () => {
    expect(variablesOf(made.body)).toEqual(['merchantName', 'amount', 'code']);
  });
});

describe('composing a message for a channel', () => {
  const refunded = templateFor('prepayment-refunded');

  it('sends a short text as SMS without a title, a long one as LMS with its title', () => {
    const short = composeMessage(
      templateFor('prepayment-redeemed'),
      { merchantName: '가게', amount: '5,000원', balance: '95,000원' },
      'sms',
    );
    expect(short).toMatchObject({ type: 'sms', title: null, templateCode: 'GP-SMS-PREPAY-REDEEMED-01' });
    const long = composeMessage(refunded, { merchantName: '전주 한옥 분식', amount: '75,000원' }, 'sms');
    expect(long).toMatchObject({ type: 'lms', title: '착한 선결제 환불 완료' });
  });

  it('carries the Alimtalk template code and the e-mail subject', () => {
    expect(composeMessage(made, variables, 'alimtalk')).toMatchObject({ type: 'alimtalk', templateCode: 'GP_PREPAY_MADE_01', title: null });
    expect(composeMessage(made, variables, 'email')).toMatchObject({ type: 'email', title: '착한 선결제 완료' });
  });

  it('refuses a text longer than the channel allows, before sending', () => {
    const huge = { ...variables, merchantName: '가'.repeat(1_000) };
    expect(() => composeMessage(made, huge, 'sms')).toThrow(expect.objectContaining({ code: 'message_too_long' }));
    expect(() => composeMessage(made, huge, 'alimtalk')).toThrow(expect.objectContaining({ code: 'message_too_long' }));
    expect(composeMessage(made, huge, 'email').type).toBe('email');
  });
});
