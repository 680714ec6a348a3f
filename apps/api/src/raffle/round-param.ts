import { type ArgumentMetadata, Injectable, Param, type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { Problems } from '../openapi/answers';
import { InvalidInputError } from '@goodpay/shared';

/** The most rounds a campaign may hold; a path beyond it names nothing. */
const MAX_ROUND = 1000;

/** A round number in the path: a whole number from 1, else 400 invalid_round before any lookup. */
@Injectable()
class RoundParamPipe implements PipeTransform<string, number> {
  transform(value: string, _metadata: ArgumentMetadata): number {
    const round = /^\d{1,4}$/.test(value) ? Number(value) : NaN;
    if (!(round >= 1 && round <= MAX_ROUND)) {
      throw new InvalidInputError(`the round in the path must be a whole number from 1 to ${MAX_ROUND}`, { round: value }, 'invalid_round');
    }
    return round;
  }
}

export const roundParam = new RoundParamPipe();

/** `@RoundParam() round: number`: the `round` path value, documented as a whole number (400 invalid_round). */
export const RoundParam = (): ParameterDecorator => (target, key, index) => {
  Param('round', roundParam)(target, key, index);
  if (key === undefined) return;
  const descriptor = Object.getOwnPropertyDescriptor(target, key)!;
  ApiParam({ name: 'round', type: 'integer', schema: { type: 'integer', minimum: 1, maximum: MAX_ROUND } })(target, key, descriptor);
  Problems({ 400: ['invalid_round'] })(target, key, descriptor);
};
