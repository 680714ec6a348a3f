import type { Decider } from '@goodpay/event-store';
import { type Actor, ForbiddenError, NotVisibleError, RuleViolationError } from '@goodpay/shared';
import { checkBankCode, maskAccountNumber, normaliseAccountNumber } from './account-number';
import type { PayoutAccountEvent } from './events';
import { checkHolderName, holderMatchesBusiness, normaliseHolderName } from './holder-name';
import { maskName } from '@goodpay/personal-data';

export interface PayoutAccount {
  accountId: string;
  bankCode: string;
  accountNumberMasked: string;
  holderNameMasked: string;
  subjectId: string;
  sealed: string;
  verified: boolean;
  registeredAt: string;
  verifiedAt: string | null;
}

export interface PayoutAccountState {
  current: PayoutAccount | null;
  /** Every account the shop ever had, by id: a payout file names the one it was built with. */
  byId: Record<string, PayoutAccount>;
}

/** What the handler found about the shop in the merchant context (facts, not its state). */
export interface ShopFacts {
  merchantId: string;
  ownerId: string;
  businessName: string;
}

/** What the account-holder check answered for the account. */
export type HolderCheckAnswer = { found: true; holderName: string; checkedBy: string } | { found: false; checkedBy: string };

export interface RegisterPayoutAccount {
  type: 'RegisterPayoutAccount';
  actor: Actor;
  shop: ShopFacts;
  accountId: string;
  bankCode: string;
  accountNumber: string;
  holderName: string;
  check: HolderCheckAnswer;
  /** Sealed `{ accountNumber, holderName }` under the owner's subject. */
  sealed: string;
  /** The same bank, number and holder as the current verified account: nothing to record. */
  sameAsCurrent: boolean;
  now: string;
}

export type PayoutAccountCommand = RegisterPayoutAccount;

export const initialPayoutAccountState = (): PayoutAccountState => ({ current: null, byId: {} });

export function evolvePayoutAccount(state: PayoutAccountState, event: PayoutAccountEvent): PayoutAccountState {
  switch (event.type) {
    case 'PayoutAccountRegistered': {
      const { accountId, bankCode, accountNumberMasked, holderNameMasked, subjectId, sealed, registeredAt } = event.data;
      const account: PayoutAccount = {
        accountId,
        bankCode,
        accountNumberMasked,
        holderNameMasked,
        subjectId,
        sealed,
        verified: false,
        registeredAt,
        verifiedAt: null,
      };
      return { current: account, byId: { ...state.byId, [accountId]: account } };
    }
    case 'PayoutAccountVerified': {
      const account = state.byId[event.data.accountId];
      if (!account) return state;
      const verified = { ...account, verified: true, verifiedAt: event.data.verifiedAt };
      const current = state.current?.accountId === verified.accountId ? verified : state.current;
      return { current, byId: { ...state.byId, [verified.accountId]: verified } };
    }
  }
}

/** The pure checks of the input, run before the account-holder check is asked anything. */
export function checkPayoutAccountInput(input: { bankCode: unknown; accountNumber: unknown; holderName: unknown }) {
  return {
    bankCode: checkBankCode(input.bankCode),
    accountNumber: normaliseAccountNumber(input.accountNumber),
    holderName: checkHolderName(input.holderName),
  };
}

function decide(command: PayoutAccountCommand, state: PayoutAccountState): PayoutAccountEvent[] {
  const { actor, shop, check, now } = command;
  if (actor.role !== 'merchant') throw new ForbiddenError("only the shop's owner registers its settlement account", 'wrong_role');
  if (actor.id !== shop.ownerId) throw new NotVisibleError('merchant', shop.merchantId);
  const { bankCode, accountNumber, holderName } = checkPayoutAccountInput(command);
  if (command.sameAsCurrent && state.current?.verified) return [];
  if (!check.found) {
    throw new RuleViolationError('account_not_found', 'the bank knows no such account', { bankCode });
  }
  // The bank's name for the account must be the one the owner typed, and that must be the shop.
  if (normaliseHolderName(check.holderName) !== normaliseHolderName(holderName)) {
    throw new RuleViolationError('account_holder_mismatch', "the bank's holder name for the account is not the holder name given", {
      bankCode,
    });
  }
  if (!holderMatchesBusiness(check.holderName, shop.businessName)) {
    throw new RuleViolationError('account_holder_not_business', "the account is not in the shop's registered business name", { bankCode });
  }
  const { merchantId } = shop;
  const { accountId } = command;
  return [
    {
      type: 'PayoutAccountRegistered',
      data: {
        merchantId,
        accountId,
        bankCode,
        accountNumberMasked: maskAccountNumber(accountNumber),
        holderNameMasked: maskName(holderName),
        subjectId: shop.ownerId,
        sealed: command.sealed,
        registeredBy: actor.id,
        registeredAt: now,
      },
    },
    { type: 'PayoutAccountVerified', data: { merchantId, accountId, checkedBy: check.checkedBy, verifiedAt: now } },
  ];
}

export const payoutAccountDecider: Decider<PayoutAccountState, PayoutAccountCommand, PayoutAccountEvent> = {
  initialState: initialPayoutAccountState,
  evolve: evolvePayoutAccount,
  decide,
};
