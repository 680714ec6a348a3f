import { Module, type OnModuleInit } from '@nestjs/common';
import { EventSchemas, EventStoreModule, Subscriptions } from '@goodpay/event-store';
import { CITIZEN_EVENT_SCHEMAS } from './citizen/events';
import { RegisterCitizenHandler } from './citizen/handlers/register-citizen.handler';
import { CitizenQueries } from './citizen/citizen-queries';
import { RegisterOrganisationHandler, SignParticipationAgreementHandler } from './organisation/handlers';
import { OrganisationQueries } from './organisation/views/organisation-queries';
import { participantConsumers } from './consumers';

/**
 * Citizens and organisations: their commands, the `organisation-views` projection and the
 * queries. Needs the personal-data vault (PersonalDataModule, registered globally by the app).
 */
@Module({
  imports: [EventStoreModule],
  providers: [RegisterCitizenHandler, RegisterOrganisationHandler, SignParticipationAgreementHandler, CitizenQueries, OrganisationQueries],
  exports: [CitizenQueries, OrganisationQueries],
})
export class ParticipantModule implements OnModuleInit {
  constructor(
    private readonly subscriptions: Subscriptions,
    private readonly schemas: EventSchemas,
  ) {}

  onModuleInit(): void {
    for (const [type, { version, upcasters }] of Object.entries(CITIZEN_EVENT_SCHEMAS)) this.schemas.register(type, version, upcasters);
    for (const consumer of participantConsumers()) this.subscriptions.register(consumer);
  }
}
