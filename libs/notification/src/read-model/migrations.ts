import { CreateNotificationTables1732106000000 } from './1732106000000-create-notification-tables';
import { AddSettlementFacts1732106100000 } from './1732106100000-add-settlement-facts';
import { AddRaffleFacts1732106200000 } from './1732106200000-add-raffle-facts';
import { AddMessageHistory1796412125637 } from './1796412125637-add-message-history';
import { DropNotificationEnqueuedAt1796422826804 } from './1796422826804-drop-notification-enqueued-at';
import { LighterNotificationInserts1796425800000 } from './1796425800000-lighter-notification-inserts';
import { PlanNotificationsFunction1796426400000 } from './1796426400000-plan-notifications-function';

/** The notification context's migrations, in order; they run after the event store's. */
export const notificationMigrations = [
  CreateNotificationTables1732106000000,
  AddSettlementFacts1732106100000,
  AddRaffleFacts1732106200000,
  AddMessageHistory1796412125637,
  DropNotificationEnqueuedAt1796422826804,
  LighterNotificationInserts1796425800000,
  PlanNotificationsFunction1796426400000,
];
