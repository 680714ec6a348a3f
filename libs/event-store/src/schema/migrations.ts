import { CreateEventStore1732000000000 } from './1732000000000-create-event-store';
import { CreateConsumerOutbox1796411861747 } from './1796411861747-create-consumer-outbox';

/** The event store's migrations, in order; apps pass them to the DataSource. */
export const eventStoreMigrations = [CreateEventStore1732000000000, CreateConsumerOutbox1796411861747];
