import { CreateEventStore1732000000000 } from './1732000000000-create-event-store';
import { AppendInOneStatement1796411820865 } from './1796411820865-append-in-one-statement';
import { CreateConsumerOutbox1796411861747 } from './1796411861747-create-consumer-outbox';
import { StreamSnapshots1796412716744 } from './1796412716744-stream-snapshots';
import { PartitionEvents1796423588392 } from './1796423588392-partition-events';
import { AppendCommands1796424700000 } from './1796424700000-append-commands';
import { OutboxUnsentIndex1796425100000 } from './1796425100000-outbox-unsent-index';
import { EventPositionsAfter1796425200000 } from './1796425200000-event-positions-after';
import { ConsumerNextBatch1796425300000 } from './1796425300000-consumer-next-batch';
import { EventPositionsInOneQuery1796425400000 } from './1796425400000-event-positions-in-one-query';
import { EventPositionsBelowHorizon1796425500000 } from './1796425500000-event-positions-below-horizon';
import { ConsumerNextBatchFiguresOnce1796425600000 } from './1796425600000-consumer-next-batch-figures-once';
import { ConsumerNextBatchMetadataAsked1796425700000 } from './1796425700000-consumer-next-batch-metadata-asked';
import { ConsumerNextBatchFetchPruned1796426100000 } from './1796426100000-consumer-next-batch-fetch-pruned';
import { ConsumerNextBatchTailFirst1796426300000 } from './1796426300000-consumer-next-batch-tail-first';

/** How many events after its checkpoint a consumer's batch reads from the tail before it walks each type. */
export { LIVE_TAIL_EVENTS } from './1796426300000-consumer-next-batch-tail-first';

/** The event store's migrations, in order; apps pass them to the DataSource. */
export const eventStoreMigrations = [
  CreateEventStore1732000000000,
  AppendInOneStatement1796411820865,
  CreateConsumerOutbox1796411861747,
  StreamSnapshots1796412716744,
  PartitionEvents1796423588392,
  AppendCommands1796424700000,
  OutboxUnsentIndex1796425100000,
  EventPositionsAfter1796425200000,
  ConsumerNextBatch1796425300000,
  EventPositionsInOneQuery1796425400000,
  EventPositionsBelowHorizon1796425500000,
  ConsumerNextBatchFiguresOnce1796425600000,
  ConsumerNextBatchMetadataAsked1796425700000,
  ConsumerNextBatchFetchPruned1796426100000,
  ConsumerNextBatchTailFirst1796426300000,
];
