import type { Actor } from '@goodpay/shared';

/** A citizen registers themself: the acting user becomes the citizen. */
export interface RegisterCitizen {
  type: 'RegisterCitizen';
  actor: Actor;
  /** The nickname as the vault sealed it (checked before sealing), or null without one. */
  sealedDisplayName: string | null;
  now: string;
}

export type CitizenCommand = RegisterCitizen;
