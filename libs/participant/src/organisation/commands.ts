import type { Actor } from '@goodpay/shared';
import type { CalendarDate } from '@goodpay/shared';
import type { OrganisationKind, PlannedPurpose } from './events';

interface OrganisationCommandBase {
  actor: Actor;
  organisationId: string;
  /** ISO instant, from the handler's clock. */
  now: string;
}

/** Staff: organisations join through the campaign office, by agreement. */
export interface RegisterOrganisation extends OrganisationCommandBase {
  type: 'RegisterOrganisation';
  kind: OrganisationKind;
  name: string;
  representativeId: string;
}

/** Staff, or the organisation itself: once per campaign. */
export interface SignParticipationAgreement extends OrganisationCommandBase {
  type: 'SignParticipationAgreement';
  campaignId: string;
  purposes: PlannedPurpose[];
  signedOn: CalendarDate;
}

export type OrganisationCommand = RegisterOrganisation | SignParticipationAgreement;
