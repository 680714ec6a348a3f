import type { DomainEvent } from '@goodpay/event-store';

/** One stream per citizen, keyed by their user id (the bearer token's subject). */
export const citizenStream = (citizenId: string): string => `citizen-${citizenId}`;

/**
 * `sealedDisplayName` is the optional nickname shown in the app, sealed by the personal-data
 * vault under the citizen's own subject (their user id): a name typed by a person is personal
 * data and never sits in clear in the append-only log (erasing the subject shreds it).
 * Version 1 carried it in clear as `displayName`: upcast to `legacyDisplayName` (see
 * CITIZEN_EVENT_SCHEMAS and libs/personal-data/README.md, "Data written before").
 */
export type CitizenRegistered = DomainEvent<
  'CitizenRegistered',
  { citizenId: string; sealedDisplayName: string | null; legacyDisplayName?: string | null; registeredAt: string }
>;

/** The shape CitizenRegistered had in version 1, with the nickname in clear. */
interface CitizenRegisteredV1 {
  citizenId: string;
  displayName: string | null;
  registeredAt: string;
}

/** Current schema versions and upcasters of the citizen's events, for EventSchemas.register. */
export const CITIZEN_EVENT_SCHEMAS = {
  CitizenRegistered: {
    version: 2,
    upcasters: {
      1: ({ citizenId, displayName, registeredAt }: CitizenRegisteredV1): CitizenRegistered['data'] => ({
        citizenId,
        sealedDisplayName: null,
        legacyDisplayName: displayName,
        registeredAt,
      }),
    },
  },
};

export type CitizenEvent = CitizenRegistered;

// A record rather than a list, so the compiler checks it names every event exactly once.
const citizenEventTypes: Record<CitizenEvent['type'], true> = { CitizenRegistered: true };
export const CITIZEN_EVENT_TYPES = Object.keys(citizenEventTypes) as CitizenEvent['type'][];
