import type { Actor } from '@goodpay/shared';

/** A citizen registers themself: the acting user becomes the citizen. */
export interface RegisterCitizen {
  type: 'RegisterCitizen';
  actor: Actor;
  displayName?: string;
  now: string;
}

export type CitizenCommand = RegisterCitizen;
