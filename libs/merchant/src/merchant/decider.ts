import type { Decider } from '@goodpay/event-store';
import { type Actor, InvalidInputError, NotVisibleError, RuleViolationError } from '@goodpay/shared';
import { oneOf, optionalText, requiredText, requireStaff, seoulDate } from '@goodpay/shared';
import { businessRegistrationNumber } from '../business-registration-number/business-registration-number';
import type { CloseMerchant, MerchantCommand, RegisterMerchant, SetDonationPledge } from './commands';
import { DONATION_PLEDGE_BASIS_POINTS, type DonationPledgeBasisPoints, MERCHANT_CATEGORIES, type MerchantEvent } from './events';
import { evolveMerchant, existingMerchant, initialMerchantState, type Merchant, type MerchantState, type MerchantStatus } from './state';

function register(command: RegisterMerchant, state: MerchantState): MerchantEvent[] {
  if (state.status !== 'unregistered') {
    throw new RuleViolationError('merchant_already_exists', `merchant ${command.merchantId} already exists`);
  }
  return [
    {
      type: 'MerchantRegistered',
      data: {
        merchantId: command.merchantId,
        ownerId: command.actor.id,
        name: requiredText(command.name, 'name'),
        category: oneOf(command.category, MERCHANT_CATEGORIES, 'category'),
        district: requiredText(command.district, 'district', 100),
        businessRegistrationNumber: businessRegistrationNumber(command.businessRegistrationNumber),
        registeredAt: command.now,
      },
    },
  ];
}

/**
 * The merchant if it is in one of the statuses the command starts from. A closed merchant
 * refuses everything with merchant_closed; other wrong statuses with `code`.
 */
function merchantIn(state: MerchantState, merchantId: string, from: readonly MerchantStatus[], code: string): Merchant {
  const merchant = existingMerchant(state, merchantId);
  if (from.includes(merchant.status)) return merchant;
  if (merchant.status === 'closed') throw new RuleViolationError('merchant_closed', `merchant ${merchantId} is closed`);
  throw new RuleViolationError(code, `merchant ${merchantId} is ${merchant.status}`, { status: merchant.status });
}

const isOwner = (actor: Actor, merchant: Merchant) => actor.id === merchant.ownerId;

/** Another user's shop answers as a missing one (the one visibility rule, NotVisibleError). */
function requireOwner(actor: Actor, merchant: Merchant, orStaff = false): void {
  if (isOwner(actor, merchant) || (orStaff && actor.role === 'staff')) return;
  throw new NotVisibleError('merchant', merchant.merchantId);
}

function close(command: CloseMerchant, state: MerchantState): MerchantEvent[] {
  // Whose it is comes first: another's shop tells nothing of its status.
  requireOwner(command.actor, existingMerchant(state, command.merchantId), true);
  const merchant = merchantIn(state, command.merchantId, ['pending', 'approved', 'rejected', 'suspended'], 'merchant_closed');
  return [
    {
      type: 'MerchantClosed',
      data: {
        merchantId: merchant.merchantId,
        reason: optionalText(command.reason, 'reason', 500),
        closedAt: command.now,
        closedOn: seoulDate(command.now),
      },
    },
  ];
}

/** A rejected shop pledges nothing; the same pledge again decides nothing. */
function setDonationPledge(command: SetDonationPledge, state: MerchantState): MerchantEvent[] {
  requireOwner(command.actor, existingMerchant(state, command.merchantId));
  const merchant = merchantIn(state, command.merchantId, ['pending', 'approved', 'suspended'], 'merchant_rejected');
  if (!DONATION_PLEDGE_BASIS_POINTS.includes(command.basisPoints as DonationPledgeBasisPoints)) {
    throw new InvalidInputError(
      'basisPoints must be 0 (no pledge), 100 (1%), 300 (3%) or 500 (5%)',
      { field: 'basisPoints', value: command.basisPoints },
      'invalid_donation_pledge',
    );
  }
  const basisPoints = command.basisPoints as DonationPledgeBasisPoints;
  if (basisPoints === merchant.donationPledgeBasisPoints) return [];
  return [{ type: 'DonationPledgeSet', data: { merchantId: merchant.merchantId, basisPoints, setAt: command.now } }];
}

function decide(command: MerchantCommand, state: MerchantState): MerchantEvent[] {
  const { merchantId, now } = command;
  switch (command.type) {
    case 'RegisterMerchant':
      return register(command, state);
    case 'ApproveMerchant':
      requireStaff(command.actor, 'approve merchants');
      merchantIn(state, merchantId, ['pending'], 'merchant_not_pending');
      return [{ type: 'MerchantApproved', data: { merchantId, approvedAt: now } }];
    case 'RejectMerchant': {
      requireStaff(command.actor, 'reject merchants');
      merchantIn(state, merchantId, ['pending'], 'merchant_not_pending');
      const reason = requiredText(command.reason, 'reason', 500);
      return [{ type: 'MerchantRejected', data: { merchantId, reason, rejectedAt: now } }];
    }
    case 'SuspendMerchant': {
      requireStaff(command.actor, 'suspend merchants');
      merchantIn(state, merchantId, ['approved'], 'merchant_not_approved');
      const reason = requiredText(command.reason, 'reason', 500);
      return [{ type: 'MerchantSuspended', data: { merchantId, reason, suspendedAt: now } }];
    }
    case 'ReinstateMerchant': {
      requireStaff(command.actor, 'reinstate merchants');
      merchantIn(state, merchantId, ['suspended'], 'merchant_not_suspended');
      const reason = requiredText(command.reason, 'reason', 500);
      return [{ type: 'MerchantReinstated', data: { merchantId, reason, reinstatedAt: now } }];
    }
    case 'CloseMerchant':
      return close(command, state);
    case 'SetDonationPledge':
      return setDonationPledge(command, state);
  }
}

export const merchantDecider: Decider<MerchantState, MerchantCommand, MerchantEvent> = {
  initialState: initialMerchantState,
  evolve: evolveMerchant,
  decide,
};
