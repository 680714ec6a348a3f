import type { KrwFigure } from '@goodpay/shared';
import type { DonorType } from '../donor/donor';
import type { ReceiptItem } from '../donor/events';

/** A receipt as read back: the issued receipt, numbered, with its items. */
export interface DonationReceiptView {
  receiptId: string;
  year: number;
  number: number;
  /** Printed form: 2025-000042. */
  receiptNumber: string;
  donorType: DonorType;
  donorId: string;
  donorName: string;
  items: ReceiptItem[];
  /** Summed exactly from the items. */
  total: KrwFigure;
  issuedAt: string;
  issuedOn: string;
}
