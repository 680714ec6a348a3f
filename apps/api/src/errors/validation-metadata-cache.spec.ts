import { IsInt, IsString, validate } from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata-cache';

describe('class-validator rules kept per class', () => {
  beforeAll(() => cacheValidationMetadata());

  class Visit {
    @IsInt() amount!: number;
  }
  class NamedVisit extends Visit {
    @IsString() name!: string;
  }

  const errorsOf = async (object: object) => (await validate(object, { forbidUnknownValues: true })).map((error) => error.property);

  it('validates a class and its subclasses as before, again and again', async () => {
    for (let i = 0; i < 3; i++) {
      expect(await errorsOf(Object.assign(new Visit(), { amount: 1 }))).toEqual([]);
      expect(await errorsOf(Object.assign(new Visit(), { amount: 'x' }))).toEqual(['amount']);
      expect(await errorsOf(Object.assign(new NamedVisit(), { amount: 'x', name: 2 }))).toEqual(['name', 'amount']);
    }
  });

  it('sees a rule added after a class was validated', async () => {
    class Late {
      note!: unknown;
    }
    IsInt()(Late.prototype, 'note');
    expect(await errorsOf(Object.assign(new Late(), { note: 1 }))).toEqual([]);
    IsString()(Late.prototype, 'note');
    expect(await errorsOf(Object.assign(new Late(), { note: 1 }))).toEqual(['note']);
  });
});
