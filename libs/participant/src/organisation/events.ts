import type { DomainEvent } from '@goodpay/event-store';
import type { CalendarDate } from '@goodpay/shared';
import type { Krw } from '@goodpay/shared';

export const organisationStream = (organisationId: string): string => `organisation-${organisationId}`;

export const ORGANISATION_KINDS = ['public_agency', 'city_office', 'public_institution', 'company', 'business_association'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** What an organisation plans to prepay for: staff events and meetings, supplies, rent. */
export const AGREEMENT_PURPOSES = ['events', 'supplies', 'rent'] as const;
export type AgreementPurpose = (typeof AGREEMENT_PURPOSES)[number];

export interface PlannedPurpose {
  purpose: AgreementPurpose;
  plannedAmount: Krw;
}

export type OrganisationRegistered = DomainEvent<
  'OrganisationRegistered',
  {
    organisationId: string;
    kind: OrganisationKind;
    name: string;
    /** The user who answers for the organisation. */
    representativeId: string;
    registeredAt: string;
  }
>;

export type ParticipationAgreementSigned = DomainEvent<
  'ParticipationAgreementSigned',
  { organisationId: string; campaignId: string; purposes: PlannedPurpose[]; signedOn: CalendarDate; recordedAt: string }
>;

export type OrganisationEvent = OrganisationRegistered | ParticipationAgreementSigned;

// A record rather than a list, so the compiler checks it names every event exactly once.
const organisationEventTypes: Record<OrganisationEvent['type'], true> = {
  OrganisationRegistered: true,
  ParticipationAgreementSigned: true,
};
export const ORGANISATION_EVENT_TYPES = Object.keys(organisationEventTypes) as OrganisationEvent['type'][];
