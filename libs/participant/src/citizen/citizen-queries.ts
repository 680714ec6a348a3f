import { Injectable } from '@nestjs/common';
import { EventStore } from '@goodpay/event-store';
import { NotFoundError } from '@goodpay/shared';
import { citizenDecider } from './decider';
import { citizenStream } from './events';

export interface CitizenView {
  citizenId: string;
  displayName: string | null;
}

/** A citizen's own registration, folded from their stream: one stream, always current. */
@Injectable()
export class CitizenQueries {
  constructor(private readonly store: EventStore) {}

  /** The citizen, or citizen_not_found (404). */
  async get(citizenId: string): Promise<CitizenView> {
    const { state } = await this.store.aggregate(citizenStream(citizenId), citizenDecider);
    if (state.status === 'unregistered') throw new NotFoundError('citizen', citizenId);
    return { citizenId: state.citizenId, displayName: state.displayName };
  }
}
