import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DeliveryReceipts } from '@goodpay/notification';
import type { HeadCheck } from '../http/before-body';

export const RECEIPT_SECRET_HEADER = 'x-receipt-secret';

/** A provider's delivery receipt is authenticated by its shared secret, before its body is read. */
@Injectable()
export class ReceiptSecretCheck implements HeadCheck {
  constructor(private readonly receipts: DeliveryReceipts) {}

  check(request: FastifyRequest): void {
    const secret = request.headers[RECEIPT_SECRET_HEADER];
    this.receipts.authenticate(typeof secret === 'string' ? secret : undefined);
  }
}
