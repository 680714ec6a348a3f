import { Module, type OnModuleInit } from '@nestjs/common';
import { EventStoreModule, Subscriptions } from '@goodpay/event-store';
import { RegisterCitizenHandler } from './citizen/handlers/register-citizen.handler';
import { CitizenQueries } from './citizen/citizen-queries';
import { RegisterOrganisationHandler, SignParticipationAgreementHandler } from './organisation/handlers';
import { OrganisationQueries } from './organisation/views/organisation-queries';
import { OrganisationViewsProjection } from './organisation/views/organisation-views.projection';

/** Citizens and organisations: their commands, the `organisation-views` projection and the queries. */
@Module({
  imports: [EventStoreModule],
  providers: [
    RegisterCitizenHandler,
    RegisterOrganisationHandler,
    SignParticipationAgreementHandler,
    OrganisationViewsProjection,
    CitizenQueries,
    OrganisationQueries,
  ],
  exports: [CitizenQueries, OrganisationQueries],
})
export class ParticipantModule implements OnModuleInit {
  constructor(
    private readonly subscriptions: Subscriptions,
    private readonly projection: OrganisationViewsProjection,
  ) {}

  onModuleInit(): void {
    this.subscriptions.register(this.projection);
  }
}
