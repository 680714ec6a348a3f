import { CreateNotificationTables1732106000000 } from './1732106000000-create-notification-tables';

/** The notification context's migrations, in order; they run after the event store's. */
export const notificationMigrations = [CreateNotificationTables1732106000000];
