import { deriveKeys } from './personal-data-keys';

describe('deriveKeys', () => {
  it('derives 32-byte keys, one per purpose, even from one secret', () => {
    const keys = deriveKeys({ masterKey: 'same secret', hashKey: 'same secret' });
    expect(keys.keyWrapping).toHaveLength(32);
    expect(keys.subjectIndex).toHaveLength(32);
    expect(keys.legacyPersonId).toHaveLength(32);
    expect(keys.keyWrapping.equals(keys.subjectIndex)).toBe(false);
    expect(keys.keyWrapping.equals(keys.legacyPersonId)).toBe(false);
    expect(deriveKeys({ masterKey: 'same secret', hashKey: 'x' }).keyWrapping).toEqual(keys.keyWrapping);
  });

  it('refuses to start without both keys', () => {
    expect(() => deriveKeys({ masterKey: '', hashKey: 'h' })).toThrow(/masterKey/);
    expect(() => deriveKeys({ masterKey: 'm' } as never)).toThrow(/hashKey/);
  });
});
