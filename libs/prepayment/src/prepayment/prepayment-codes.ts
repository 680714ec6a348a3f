import { Injectable } from '@nestjs/common';
import { EventStore } from '@goodpay/event-store';
import { NotFoundError } from '@goodpay/shared';
import { normalisePrepaymentCode } from '../prepayment-code/prepayment-code';
import { prepaymentDecider } from './decider';
import { prepaymentStream } from './events';
import { type PrepaymentCodeAssigned, prepaymentCodeStream } from './handlers/reservations';
import { existingPrepayment, type Prepayment } from './state';

/**
 * The code a payer shows at the shop, resolved from the code's own stream and the
 * prepayment's stream: always current, no projection to wait for, as a till needs.
 */
@Injectable()
export class PrepaymentCodes {
  constructor(private readonly store: EventStore) {}

  async resolve(typedCode: string): Promise<Prepayment> {
    const prepaymentId = await prepaymentIdOfCode(this.store, typedCode);
    const { state } = await this.store.aggregate(prepaymentStream(prepaymentId), prepaymentDecider);
    return existingPrepayment(state, prepaymentId);
  }
}

/** The prepayment a code was assigned to, as typed (case, spaces and dashes ignored); prepayment_code_not_found else. */
export async function prepaymentIdOfCode(store: EventStore, typedCode: string): Promise<string> {
  const code = normalisePrepaymentCode(typedCode);
  const [assigned] = (await store.readStream(prepaymentCodeStream(code))).events;
  if (!assigned) throw new NotFoundError('prepayment_code', code);
  return (assigned as unknown as PrepaymentCodeAssigned).data.prepaymentId;
}
