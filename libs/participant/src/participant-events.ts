import { CITIZEN_EVENT_TYPES, type CitizenEvent } from './citizen/events';
import { ORGANISATION_EVENT_TYPES, type OrganisationEvent } from './organisation/events';

/** Every event the participant context writes, for projections that read them all. */
export type ParticipantEvent = CitizenEvent | OrganisationEvent;
export const PARTICIPANT_EVENT_TYPES: ParticipantEvent['type'][] = [...CITIZEN_EVENT_TYPES, ...ORGANISATION_EVENT_TYPES];
