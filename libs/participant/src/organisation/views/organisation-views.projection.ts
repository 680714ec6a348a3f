import { Injectable } from '@nestjs/common';
import type { Projection, ProjectedOf, Sql } from '@goodpay/event-store';
import { sumKrw } from '@goodpay/shared';
import { ORGANISATION_EVENT_TYPES, type OrganisationEvent } from '../events';

export const ORGANISATION_VIEWS = 'organisation-views';

/** Keeps `organisation_views` and `participation_agreements` in step with the organisation streams. */
@Injectable()
export class OrganisationViewsProjection implements Projection<OrganisationEvent> {
  readonly name = ORGANISATION_VIEWS;
  readonly eventTypes = ORGANISATION_EVENT_TYPES;

  async apply(events: readonly ProjectedOf<OrganisationEvent>[], sql: Sql): Promise<void> {
    for (const recorded of events) await this.applyOne(recorded, sql);
  }

  readonly tables = ['participation_agreements', 'organisation_views'];

  private async applyOne(event: OrganisationEvent, sql: Sql): Promise<void> {
    switch (event.type) {
      case 'OrganisationRegistered': {
        const { organisationId, kind, name, representativeId, registeredAt } = event.data;
        await sql.query(
          `INSERT INTO organisation_views (organisation_id, kind, name, representative_id, registered_at) VALUES ($1, $2, $3, $4, $5)`,
          [organisationId, kind, name, representativeId, registeredAt],
        );
        return;
      }
      case 'ParticipationAgreementSigned': {
        const { organisationId, campaignId, purposes, signedOn, recordedAt } = event.data;
        // Exact: purposes from before the maxima may add up past 2^53.
        const plannedAmount = sumKrw(purposes.map((planned) => planned.plannedAmount)).toString();
        await sql.query(
          `INSERT INTO participation_agreements (organisation_id, campaign_id, purposes, planned_amount, signed_on, recorded_at)
           VALUES ($1, $2, $3::jsonb, $4, $5, $6)`,
          [organisationId, campaignId, JSON.stringify(purposes), plannedAmount, signedOn, recordedAt],
        );
        return;
      }
    }
  }
}
