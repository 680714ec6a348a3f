import type { Actor } from '@goodpay/shared';
import { citizen, merchantActor, spec, staff, stateAfter } from '../../../event-store/src/decider/testing';
import type { MerchantCommand, RegisterMerchant } from './commands';
import { merchantDecider } from './decider';
import type { MerchantEvent, MerchantRegistered } from './events';
import { canAcceptPrepayments } from './state';

const merchantId = 'm-1';
const owner: Actor = { id: 'owner-1', role: 'merchant', merchantId };
const now = '2025-01-10T03:00:00Z';

const registered: MerchantRegistered = {
  type: 'MerchantRegistered',
  data: {
    merchantId,
    ownerId: 'owner-1',
    name: 'Hanok Noodles',
    category: 'restaurant',
    district: 'Wansan-gu',
    businessRegistrationNumber: '1234567891',
    registeredAt: now,
  },
};
const approved: MerchantEvent = { type: 'MerchantApproved', data: { merchantId, approvedAt: now } };
const suspended: MerchantEvent = { type: 'MerchantSuspended', data: { merchantId, reason: 'complaints', suspendedAt: now } };
const rejected: MerchantEvent = { type: 'MerchantRejected', data: { merchantId, reason: 'not a small business', rejectedAt: now } };
const closed: MerchantEvent = { type: 'MerchantClosed', data: { merchantId, reason: null, closedAt: now, closedOn: '2025-01-10' } };

const merchants = spec(merchantDecider);
const given = (...history: MerchantEvent[]) => merchants.given(history);
/** Omit over each member of the union, so each command's literal is checked on its own. */
type WithoutIds<C> = C extends MerchantCommand ? Omit<C, 'merchantId' | 'now'> : never;
const command = (rest: WithoutIds<MerchantCommand>) => ({ merchantId, now, ...rest }) as MerchantCommand;

describe('merchant decider', () => {
  describe('RegisterMerchant', () => {
    const register: RegisterMerchant = {
      type: 'RegisterMerchant',
      merchantId,
      now,
      actor: { id: 'owner-1', role: 'citizen' },
      name: ' Hanok Noodles ',
      category: 'restaurant',
      district: 'Wansan-gu',
      businessRegistrationNumber: '123-45-67891',
    };

    it('registers a pending shop owned by whoever registers it, with the number as bare digits', () => {
      given().when(register).then([registered]);
    });

    it('refuses a bad business registration number, category or name', () => {
      given()
        .when({ ...register, businessRegistrationNumber: '123-45-67890' })
        .then('invalid_business_registration_number');
      given()
        .when({ ...register, category: 'bank' as never })
        .then('invalid_input');
      given()
        .when({ ...register, name: '' })
        .then('invalid_input');
    });

    it('registers once', () => {
      given(registered).when(register).then('merchant_already_exists');
    });
  });

  describe('review by staff', () => {
    it('approves or rejects a pending shop', () => {
      given(registered)
        .when(command({ type: 'ApproveMerchant', actor: staff }))
        .then([approved]);
      given(registered)
        .when(command({ type: 'RejectMerchant', actor: staff, reason: 'not a small business' }))
        .then([rejected]);
    });

    it('reviews only pending shops, only as staff', () => {
      given(registered, approved)
        .when(command({ type: 'ApproveMerchant', actor: staff }))
        .then('merchant_not_pending');
      given(registered, rejected)
        .when(command({ type: 'ApproveMerchant', actor: staff }))
        .then('merchant_not_pending');
      given(registered)
        .when(command({ type: 'ApproveMerchant', actor: owner }))
        .then('staff_only');
      given()
        .when(command({ type: 'ApproveMerchant', actor: staff }))
        .then('merchant_not_found');
    });

    it('suspends an approved shop and reinstates a suspended one, with a reason', () => {
      given(registered, approved)
        .when(command({ type: 'SuspendMerchant', actor: staff, reason: 'complaints' }))
        .then([suspended]);
      given(registered, approved, suspended)
        .when(command({ type: 'ReinstateMerchant', actor: staff, reason: 'resolved' }))
        .then([{ type: 'MerchantReinstated', data: { merchantId, reason: 'resolved', reinstatedAt: now } }]);
      given(registered, approved)
        .when(command({ type: 'SuspendMerchant', actor: staff, reason: ' ' }))
        .then('invalid_input');
    });

    it('refuses suspending a shop that is not approved, or reinstating one that is not suspended', () => {
      const refusal = given(registered)
        .when(command({ type: 'SuspendMerchant', actor: staff, reason: 'x' }))
        .then('merchant_not_approved');
      expect(refusal).toMatchObject({ status: 422, details: { status: 'pending' } });
      given(registered, approved)
        .when(command({ type: 'ReinstateMerchant', actor: staff, reason: 'x' }))
        .then('merchant_not_suspended');
    });
  });

  describe('CloseMerchant', () => {
    const closeBy = (actor: Actor) => ({ type: 'CloseMerchant', merchantId, now, actor }) as const;

    it('is closed by its owner or staff, from any status but closed', () => {
      given(registered, approved).when(closeBy(owner)).then([closed]);
      given(registered, approved, suspended).when(closeBy(staff)).then([closed]);
      given(registered).when(closeBy(staff)).then([closed]);
      given(registered, rejected).when(closeBy(owner)).then([closed]);
    });

    it('keeps a reason if one is given', () => {
      given(registered, approved)
        .when({ ...closeBy(owner), reason: 'retiring' })
        .then([{ type: 'MerchantClosed', data: { merchantId, reason: 'retiring', closedAt: now, closedOn: '2025-01-10' } }]);
    });

    it('refuses anyone else, and closes once', () => {
      // Another's shop answers as an unknown one, whatever its status.
      given(registered, approved)
        .when(closeBy(merchantActor('m-2')))
        .then('merchant_not_found');
      given(registered, approved).when(closeBy(citizen())).then('merchant_not_found');
      given(registered, approved, closed).when(closeBy(citizen())).then('merchant_not_found');
      given(registered, approved, closed).when(closeBy(owner)).then('merchant_closed');
    });

    it('refuses every command once closed', () => {
      given(registered, approved, closed)
        .when(command({ type: 'SuspendMerchant', actor: staff, reason: 'x' }))
        .then('merchant_closed');
      given(registered, closed)
        .when(command({ type: 'ApproveMerchant', actor: staff }))
        .then('merchant_closed');
    });
  });

  describe('SetDonationPledge', () => {
    const pledge = (basisPoints: number, actor: Actor = owner) => command({ type: 'SetDonationPledge', actor, basisPoints });

    it('records 1%, 3% or 5% of sales, or withdraws the pledge', () => {
      given(registered, approved)
        .when(pledge(300))
        .then([{ type: 'DonationPledgeSet', data: { merchantId, basisPoints: 300, setAt: now } }]);
      given(registered, approved, { type: 'DonationPledgeSet', data: { merchantId, basisPoints: 100, setAt: now } })
        .when(pledge(0))
        .then([{ type: 'DonationPledgeSet', data: { merchantId, basisPoints: 0, setAt: now } }]);
    });

    it('decides nothing when the pledge does not change', () => {
      given(registered, approved).when(pledge(0)).then([]);
    });

    it('refuses other rates, other people, and rejected or closed shops', () => {
      given(registered, approved).when(pledge(200)).then('invalid_donation_pledge');
      given(registered, approved).when(pledge(1)).then('invalid_donation_pledge');
      given(registered, approved).when(pledge(100, staff)).then('merchant_not_found');
      given(registered, rejected).when(pledge(100)).then('merchant_rejected');
      given(registered, closed).when(pledge(100)).then('merchant_closed');
    });
  });

  describe('canAcceptPrepayments', () => {
    it('is true only while approved', () => {
      const accepts = (...history: MerchantEvent[]) => canAcceptPrepayments(stateAfter(merchantDecider, history));
      expect(accepts()).toBe(false);
      expect(accepts(registered)).toBe(false);
      expect(accepts(registered, approved)).toBe(true);
      expect(accepts(registered, approved, suspended)).toBe(false);
      expect(
        accepts(registered, approved, suspended, { type: 'MerchantReinstated', data: { merchantId, reason: 'ok', reinstatedAt: now } }),
      ).toBe(true);
      expect(accepts(registered, rejected)).toBe(false);
      expect(accepts(registered, approved, closed)).toBe(false);
    });
  });
});
