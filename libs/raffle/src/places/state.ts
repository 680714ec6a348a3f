import type { Krw } from '@goodpay/shared';
import type { RafflePlacesEvent, RaffleVoucherAwarded, Voucher } from './events';

export type AwardStatus = 'awarded' | 'confirmed' | 'forfeited';

export interface Award extends Omit<RaffleVoucherAwarded['data'], 'campaignId'> {
  status: AwardStatus;
}

export interface RafflePlaces {
  byRound: Record<number, number>;
  allotted: number;
  /** Vouchers not given (or given back by a forfeit), in the order awards take them. */
  stock: Voucher[];
  /** Every voucher ever added, by key: a code is never added twice. */
  known: Record<string, true>;
  /** By entry id: an entry is awarded at most once, ever. */
  awards: Record<string, Award>;
  /** Prizes awarded and not forfeited: never more than the budget. */
  awardedAmount: Krw;
}

export const voucherKey = (voucher: Voucher): string => (voucher.kind === 'code' ? `code:${voucher.code}` : `issuer:${voucher.reference}`);

export const initialPlaces = (): RafflePlaces => ({ byRound: {}, allotted: 0, stock: [], known: {}, awards: {}, awardedAmount: 0 });

export const isActive = (award: Award): boolean => award.status !== 'forfeited';

export function evolvePlaces(state: RafflePlaces, event: RafflePlacesEvent): RafflePlaces {
  switch (event.type) {
    case 'RafflePlacesAllotted': {
      const { round, places } = event.data;
      return { ...state, byRound: { ...state.byRound, [round]: places }, allotted: state.allotted + places };
    }
    case 'RaffleVouchersAdded': {
      const known = { ...state.known };
      for (const voucher of event.data.vouchers) known[voucherKey(voucher)] = true;
      return { ...state, stock: [...state.stock, ...event.data.vouchers], known };
    }
    case 'RaffleVoucherAwarded': {
      const { campaignId: _campaignId, ...award } = event.data;
      const taken = voucherKey(award.voucher);
      return {
        ...state,
        stock: state.stock.filter((v) => voucherKey(v) !== taken),
        awards: { ...state.awards, [award.entryId]: { ...award, status: 'awarded' } },
        awardedAmount: state.awardedAmount + award.amount,
      };
    }
    case 'RaffleAwardConfirmed': {
      const award = state.awards[event.data.entryId];
      return { ...state, awards: { ...state.awards, [award.entryId]: { ...award, status: 'confirmed' } } };
    }
    case 'RaffleAwardForfeited': {
      const award = state.awards[event.data.entryId];
      return {
        ...state,
        // A voucher never shown (its code is shown on confirmation) goes back first in line.
        stock: award.status === 'awarded' ? [award.voucher, ...state.stock] : state.stock,
        awards: { ...state.awards, [award.entryId]: { ...award, status: 'forfeited' } },
        awardedAmount: state.awardedAmount - award.amount,
      };
    }
  }
}
