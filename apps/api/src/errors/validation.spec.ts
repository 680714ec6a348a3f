import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Min } from 'class-validator';
import { createValidationPipe, RequestValidationError } from './validation';

class AmountDto {
  @IsInt() @Min(1) amount!: number;
  @IsOptional() @IsString() note?: string;
}

class ShoutDto {
  @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @IsString()
  word!: string;
}

class CountDto {
  @Type(() => Number) @IsInt() count!: number;
}

const pipe = createValidationPipe();
const body = <T>(metatype: new () => T, value: unknown) => pipe.transform(value, { type: 'body', metatype }) as Promise<T>;

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(RequestValidationError);
  return (error as RequestValidationError).errors;
};

describe('the validation pipe', () => {
  it('turns a flat body into its DTO, as class-transformer would', async () => {
    const dto = await body(AmountDto, { amount: 100, note: 'lunch' });
    expect(dto).toBeInstanceOf(AmountDto);
    expect({ ...dto }).toEqual({ amount: 100, note: 'lunch' });
  });

  it('refuses what class-validator refuses, with its messages', async () => {
    expect(await refusal(body(AmountDto, { amount: 0 }))).toEqual([{ field: 'amount', messages: ['amount must not be less than 1'] }]);
    expect(await refusal(body(AmountDto, { amount: 1, extra: true }))).toEqual([
      { field: 'extra', messages: ['property extra should not exist'] },
    ]);
    expect((await refusal(body(AmountDto, { amount: 1, note: null, nested: { a: 1 } }))).map((e) => e.field)).toEqual(['nested']);
  });

  it("applies class-transformer's rules where a DTO has them (@Transform, @Type)", async () => {
    expect((await body(ShoutDto, { word: 'hello' })).word).toBe('HELLO');
    expect((await body(CountDto, { count: '12' })).count).toBe(12);
  });

  it('leaves out what class-transformer leaves out (keys that name a method of the object)', async () => {
    const dto = await body(AmountDto, JSON.parse('{"amount": 5, "toString": 1}'));
    expect(Object.keys(dto)).not.toContain('toString');
    expect(dto.amount).toBe(5);
  });
});
