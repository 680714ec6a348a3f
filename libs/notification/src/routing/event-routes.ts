import type { RecordedEvent } from '@goodpay/event-store';
import type { PrepaymentMade, PrepaymentRedeemed, PrepaymentRefunded } from '@goodpay/prepayment';
import type { PayoutPaid } from '@goodpay/settlement';
import type { NotificationKind } from '../kinds/notification-kinds';
import type { TemplateVariables } from '../templates/render';
import { formatWon } from './format';
import type { PlannerFacts } from './planner-facts';

/** One person to tell, and what to fill the template with. */
export interface PlannedRecipient {
  recipientId: string;
  variables: TemplateVariables;
}

/**
 * Which event tells whom what: the one place to add the raffle, settlement and donation
 * events. `recipients` gets the event with its data typed by the route's event.
 */
export interface EventRoute {
  eventType: string;
  kind: NotificationKind;
  template: string;
  recipients(event: RecordedEvent, facts: PlannerFacts): Promise<PlannedRecipient[]>;
}

const route = <E extends RecordedEvent>(definition: {
  eventType: E['type'];
  kind: NotificationKind;
  template: string;
  recipients(event: E, facts: PlannerFacts): Promise<PlannedRecipient[]>;
}): EventRoute => definition as unknown as EventRoute;

export const EVENT_ROUTES: readonly EventRoute[] = [
  route<RecordedEvent<PrepaymentMade>>({
    eventType: 'PrepaymentMade',
    kind: 'prepayment_made',
    template: 'prepayment-made',
    recipients: async ({ data }, facts) => [
      {
        recipientId: data.payer.id,
        variables: { merchantName: await facts.merchantName(data.merchantId), amount: formatWon(data.amount), code: data.code },
      },
    ],
  }),
  route<RecordedEvent<PrepaymentRedeemed>>({
    eventType: 'PrepaymentRedeemed',
    kind: 'prepayment_redeemed',
    template: 'prepayment-redeemed',
    recipients: async ({ data }, facts) => [
      {
        recipientId: await facts.payerOf(data.prepaymentId),
        variables: { merchantName: await facts.merchantName(data.merchantId), amount: formatWon(data.amount), balance: formatWon(data.balanceAfter) },
      },
    ],
  }),
  route<RecordedEvent<PrepaymentRefunded>>({
    eventType: 'PrepaymentRefunded',
    kind: 'prepayment_refunded',
    template: 'prepayment-refunded',
    recipients: async ({ data }, facts) => [
      { recipientId: data.payerId, variables: { merchantName: await facts.merchantName(data.merchantId), amount: formatWon(data.amount) } },
    ],
  }),
  route<RecordedEvent<PayoutPaid>>({
    eventType: 'PayoutPaid',
    kind: 'merchant_settled',
    template: 'merchant-settled',
    recipients: async ({ data }, facts) => [
      {
        recipientId: await facts.merchantOwner(data.merchantId),
        variables: {
          merchantName: await facts.merchantName(data.merchantId),
          settlementDate: await facts.settlementDay(data.settlementId),
          amount: formatWon(data.amount),
        },
      },
    ],
  }),
];
