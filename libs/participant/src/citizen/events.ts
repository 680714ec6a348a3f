import type { DomainEvent } from '@goodpay/event-store';

/** One stream per citizen, keyed by their user id (the bearer token's subject). */
export const citizenStream = (citizenId: string): string => `citizen-${citizenId}`;

/**
 * `displayName` is an optional nickname shown in the app, not a legal name: real names,
 * phones and photos are personal data kept encrypted outside the stream (DESIGN.md).
 */
export type CitizenRegistered = DomainEvent<
  'CitizenRegistered',
  { citizenId: string; displayName: string | null; registeredAt: string }
>;

export type CitizenEvent = CitizenRegistered;

// A record rather than a list, so the compiler checks it names every event exactly once.
const citizenEventTypes: Record<CitizenEvent['type'], true> = { CitizenRegistered: true };
export const CITIZEN_EVENT_TYPES = Object.keys(citizenEventTypes) as CitizenEvent['type'][];
