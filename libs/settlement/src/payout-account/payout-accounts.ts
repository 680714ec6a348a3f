import { Injectable } from '@nestjs/common';
import { type CommandContext, type CommandResult, decideOnStream, EventStore, metadataOf } from '@goodpay/event-store';
import { merchantDecider, merchantStream } from '@goodpay/merchant';
import { PersonalDataVault } from '@goodpay/personal-data';
import { type Actor, Clock, ForbiddenError, newId, NotFoundError, NotVisibleError } from '@goodpay/shared';
import { koreanBank } from './bank-codes';
import { checkPayoutAccountInput, type PayoutAccount, payoutAccountDecider, type PayoutAccountState, type ShopFacts } from './decider';
import { payoutAccountStream } from './events';
import { AccountHolderCheck } from './holder-check/account-holder-check';

export interface PayoutAccountInput {
  bankCode: string;
  accountNumber: string;
  holderName: string;
}

/** What the owner and staff see: masked, never the number or the full name. */
export interface PayoutAccountView {
  merchantId: string;
  accountId: string;
  bankCode: string;
  bankName: string;
  accountNumberMasked: string;
  holderNameMasked: string;
  verified: boolean;
  registeredAt: string;
  verifiedAt: string | null;
}

/** The opened fields of an account, for the bulk-transfer file only. */
export interface OpenedPayoutAccount {
  bankCode: string;
  accountNumber: string;
  holderName: string;
}

const viewOf = (merchantId: string, account: PayoutAccount): PayoutAccountView => ({
  merchantId,
  accountId: account.accountId,
  bankCode: account.bankCode,
  bankName: koreanBank(account.bankCode)?.name ?? account.bankCode,
  accountNumberMasked: account.accountNumberMasked,
  holderNameMasked: account.holderNameMasked,
  verified: account.verified,
  registeredAt: account.registeredAt,
  verifiedAt: account.verifiedAt,
});

/**
 * A shop's settlement account: registered by its owner, checked with the bank (account-holder
 * check) before anything is recorded, sealed in the vault, read masked.
 */
@Injectable()
export class PayoutAccounts {
  constructor(
    private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
    private readonly holderCheck: AccountHolderCheck,
    private readonly clock: Clock,
  ) {}

  async register(context: CommandContext, merchantId: string, input: PayoutAccountInput): Promise<CommandResult<PayoutAccountView>> {
    // Refuse a wrong caller and bad input before the bank is asked anything.
    if (context.actor.role !== 'merchant') throw new ForbiddenError("only the shop's owner registers its settlement account", 'wrong_role');
    const { bankCode, accountNumber, holderName } = checkPayoutAccountInput(input);
    const shop = await this.shopFacts(context.actor, merchantId);
    const current = (await this.store.aggregate(payoutAccountStream(merchantId), payoutAccountDecider)).state.current;
    const sameAsCurrent = current !== null && (await this.isSame(current, shop.ownerId, { bankCode, accountNumber, holderName }));
    const check = sameAsCurrent
      ? { found: false as const, checkedBy: this.holderCheck.name }
      : await this.holderCheck.lookUp({ bankCode, accountNumber, declaredHolderName: holderName });
    const sealed = sameAsCurrent ? '' : await this.vault.seal(shop.ownerId, { accountNumber, holderName });
    const accountId = newId();
    return this.store.execute(
      async () => {
        const { state, append } = await decideOnStream(this.store, payoutAccountStream(merchantId), payoutAccountDecider, {
          type: 'RegisterPayoutAccount',
          actor: context.actor,
          shop,
          accountId,
          bankCode,
          accountNumber,
          holderName,
          check,
          sealed,
          sameAsCurrent,
          now: this.clock.now().toISOString(),
        });
        return {
          appends: [append],
          respond: () => viewOf(merchantId, append.events.length > 0 ? this.afterAppend(state, append.events) : state.current!),
        };
      },
      // No idempotency key: a PUT is a repeatable replacement (the same verified account again records
      // nothing), and a key's stored request hash would be a plain hash of an account number.
      { metadata: metadataOf(context), maxAttempts: 3 },
    );
  }

  /** The owner or staff: the shop's current account, masked. 404 when none (or not theirs). */
  async view(actor: Actor, merchantId: string): Promise<PayoutAccountView> {
    const shop = await this.merchantFacts(merchantId);
    if (!(actor.role === 'staff' || (actor.role === 'merchant' && actor.id === shop.ownerId)))
      throw new NotVisibleError('merchant', merchantId);
    const { state } = await this.store.aggregate(payoutAccountStream(merchantId), payoutAccountDecider);
    if (!state.current) throw new NotFoundError('payout_account', merchantId);
    return viewOf(merchantId, state.current);
  }

  /** The shop's current verified account, or null: a payout waits for one. */
  async verifiedAccount(merchantId: string): Promise<PayoutAccount | null> {
    const { state } = await this.store.aggregate(payoutAccountStream(merchantId), payoutAccountDecider);
    return state.current?.verified ? state.current : null;
  }

  /** One account by id, opened for a bulk-transfer file; staff reads land in the vault's access log. null once erased. */
  async open(merchantId: string, accountId: string, access: { actor: Actor; purpose: string }): Promise<OpenedPayoutAccount | null> {
    const { state } = await this.store.aggregate(payoutAccountStream(merchantId), payoutAccountDecider);
    const account = state.byId[accountId];
    if (!account) throw new NotFoundError('payout_account', accountId);
    const fields = await this.vault.open(account.subjectId, account.sealed, access);
    if (!fields) return null;
    return { bankCode: account.bankCode, accountNumber: fields.accountNumber, holderName: fields.holderName };
  }

  private afterAppend(state: PayoutAccountState, events: readonly unknown[]): PayoutAccount {
    return (events as Parameters<typeof payoutAccountDecider.evolve>[1][]).reduce(payoutAccountDecider.evolve, state).current!;
  }

  private async isSame(current: PayoutAccount, ownerId: string, input: OpenedPayoutAccount): Promise<boolean> {
    if (!current.verified || current.bankCode !== input.bankCode || current.subjectId !== ownerId) return false;
    const fields = await this.vault.open(current.subjectId, current.sealed, {
      actor: { id: ownerId, role: 'merchant' },
      purpose: 'compare settlement account',
    });
    return fields !== null && fields.accountNumber === input.accountNumber && fields.holderName === input.holderName;
  }

  /** The facts the decision needs from the merchant context; a shop not the caller's is a 404. */
  private async shopFacts(actor: Actor, merchantId: string): Promise<ShopFacts> {
    const shop = await this.merchantFacts(merchantId);
    if (actor.role === 'merchant' && actor.id !== shop.ownerId) throw new NotVisibleError('merchant', merchantId);
    return shop;
  }

  private async merchantFacts(merchantId: string): Promise<ShopFacts> {
    const { state } = await this.store.aggregate(merchantStream(merchantId), merchantDecider);
    if (state.status === 'unregistered') throw new NotFoundError('merchant', merchantId);
    return { merchantId, ownerId: state.ownerId, businessName: state.name };
  }
}
