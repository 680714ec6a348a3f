import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
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
