import { cardLast4, maskedCard } from './card-reference';
import { donorRef, maskedDonorId } from './donor';

describe('card references', () => {
  it('keeps only the last 4 digits of a full number or of the last 4 given', () => {
    expect(cardLast4('9410 1234 5678 4321')).toBe('4321');
    expect(cardLast4('9410-1234-5678-4321')).toBe('4321');
    expect(cardLast4('4321')).toBe('4321');
    expect(maskedCard('4321')).toBe('****-4321');
  });

  it('refuses what is not a card number', () => {
    for (const bad of ['', '123', '12345', 'abcd', '1234-abcd-5678-9012', '1'.repeat(20), 4321]) {
      expect(() => cardLast4(bad)).toThrow(expect.objectContaining({ code: 'invalid_card_reference' }));
    }
  });
});

describe('donors', () => {
  it('masks a citizen id, keeping its ends', () => {
    expect(maskedDonorId('citizen-1')).toBe('ci*****-1');
    expect(maskedDonorId('abcd')).toBe('***d');
    expect(maskedDonorId('8f14e45f-ceea-467a-9575-0d7e2a1b3c4d')).toBe('8f************4d');
  });

  it('refuses a donor that is neither a citizen nor a merchant', () => {
    expect(() => donorRef('staff', 's-1')).toThrow(expect.objectContaining({ code: 'invalid_donor' }));
    expect(donorRef('merchant', 'm-1')).toEqual({ type: 'merchant', id: 'm-1' });
  });
});
