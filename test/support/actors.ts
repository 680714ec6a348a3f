import { randomUUID } from 'node:crypto';
import type { EventMetadata } from '@goodpay/event-store';
import type { Actor } from '@goodpay/shared';

export const metadataFor = (actor: Actor = { id: 'test', role: 'staff' }): EventMetadata => ({
  correlationId: randomUUID(),
  causationId: null,
  actor,
});
