import { Injectable } from '@nestjs/common';
import { EventStore } from '@goodpay/event-store';
import { PersonalDataVault } from '@goodpay/personal-data';
import { type Actor, NotFoundError } from '@goodpay/shared';
import { citizenDecider } from './decider';
import { citizenStream } from './events';

export interface CitizenView {
  citizenId: string;
  /** Null without one, or once the citizen's personal data was erased. */
  displayName: string | null;
}

/** A citizen's own registration, folded from their stream: one stream, always current. */
@Injectable()
export class CitizenQueries {
  constructor(
    private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
  ) {}

  /** The citizen as `reader` (the citizen themself) sees it, or citizen_not_found (404). */
  async get(citizenId: string, reader: Actor): Promise<CitizenView> {
    const { state } = await this.store.aggregate(citizenStream(citizenId), citizenDecider);
    if (state.status === 'unregistered') throw new NotFoundError('citizen', citizenId);
    const opened = state.sealedDisplayName
      ? await this.vault.open(citizenId, state.sealedDisplayName, { actor: reader, purpose: 'show the citizen their own registration' })
      : null;
    // A name from before names were sealed cannot leave the log, but an erasure hides it from every read.
    const legacy = state.legacyDisplayName !== null && !(await this.vault.isErased(citizenId)) ? state.legacyDisplayName : null;
    return { citizenId: state.citizenId, displayName: opened?.displayName ?? legacy };
  }
}
