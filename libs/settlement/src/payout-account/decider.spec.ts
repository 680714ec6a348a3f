import type { Actor } from '@goodpay/shared';
import { spec } from '../../../event-store/src/decider/testing';
import { payoutAccountDecider, type PayoutAccountState, type RegisterPayoutAccount } from './decider';
import type { PayoutAccountEvent } from './events';

const now = '2025-03-03T01:00:00.000Z';
const owner: Actor = { id: 'owner-1', role: 'merchant' };
const shop = { merchantId: 'm-1', ownerId: 'owner-1', businessName: '맛있는 국수' };
const accounts = spec(payoutAccountDecider);
const given = (...history: PayoutAccountEvent[]) => accounts.given(history);

const register = (overrides: Partial<RegisterPayoutAccount> = {}): RegisterPayoutAccount => ({
  type: 'RegisterPayoutAccount',
  actor: owner,
  shop,
  accountId: 'a-1',
  bankCode: '088',
  accountNumber: '110-123-456789',
  holderName: '홍길동(맛있는국수)',
  check: { found: true, holderName: '홍길동 (맛있는 국수)', checkedBy: 'recording' },
  sealed: 'pd1.sealed',
  sameAsCurrent: false,
  now,
  ...overrides,
});

const registered: PayoutAccountEvent = {
  type: 'PayoutAccountRegistered',
  data: {
    merchantId: 'm-1',
    accountId: 'a-1',
    bankCode: '088',
    accountNumberMasked: '********6789',
    holderNameMasked: '홍********)',
    subjectId: 'owner-1',
    sealed: 'pd1.sealed',
    registeredBy: 'owner-1',
    registeredAt: now,
  },
};
const verified: PayoutAccountEvent = {
  type: 'PayoutAccountVerified',
  data: { merchantId: 'm-1', accountId: 'a-1', checkedBy: 'recording', verifiedAt: now },
};

describe('payout account decider', () => {
  it('registers an account the bank confirms is the shop, verified, with only masks and ciphertext in the event', () => {
    given().when(register()).then([registered, verified]);
  });

  it('records nothing when the same verified account is registered again', () => {
    given(registered, verified)
      .when(register({ sameAsCurrent: true }))
      .then([]);
  });

  it('refuses what the bank does not confirm', () => {
    given()
      .when(register({ check: { found: false, checkedBy: 'recording' } }))
      .then('account_not_found');
    given()
      .when(register({ check: { found: true, holderName: '김철수', checkedBy: 'recording' } }))
      .then('account_holder_mismatch');
    given()
      .when(register({ holderName: '김철수', check: { found: true, holderName: '김철수', checkedBy: 'recording' } }))
      .then('account_holder_not_business');
  });

  it('refuses bad input and anyone but the owner', () => {
    given()
      .when(register({ bankCode: '999' }))
      .then('unknown_bank_code');
    given()
      .when(register({ accountNumber: '12-34' }))
      .then('invalid_account_number');
    given()
      .when(register({ holderName: '@SUM(A1)' }))
      .then('invalid_holder_name');
    given()
      .when(register({ actor: { id: 'staff-1', role: 'staff' } }))
      .then('wrong_role');
    given()
      .when(register({ actor: { id: 'owner-2', role: 'merchant' } }))
      .then('merchant_not_found');
  });

  it('keeps every account by id, the latest current', () => {
    const second = { ...registered, data: { ...registered.data, accountId: 'a-2', bankCode: '090' } } as PayoutAccountEvent;
    const state = [registered, verified, second].reduce(
      payoutAccountDecider.evolve,
      payoutAccountDecider.initialState(),
    ) as PayoutAccountState;
    expect(state.current).toMatchObject({ accountId: 'a-2', verified: false });
    expect(state.byId['a-1']).toMatchObject({ verified: true });
  });
});
