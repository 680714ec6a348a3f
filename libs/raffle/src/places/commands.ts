import type { Actor, Krw } from '@goodpay/shared';

export interface AllotPlaces {
  type: 'AllotPlaces';
  campaignId: string;
  round: number;
  places: number;
  totalPlaces: number;
}

/** One entry of a drawn round, in ranking order, with who it is. */
export interface RankedEntry {
  entryId: string;
  personId: string;
  certificationId: string;
}

/** What the award decisions need of the campaign and its drawn rounds. */
export interface AwardTerms {
  campaignId: string;
  actor: Actor;
  /** ISO instant. */
  now: string;
  prize: Krw;
  budget: Krw;
  confirmationDeadlineDays: number;
  excludeEarlierWinners: boolean;
  /** Each drawn round's whole ranking (winners, then the waiting list). */
  drawnRounds: { round: number; ranking: RankedEntry[] }[];
}

export interface AddVouchers {
  type: 'AddVouchers';
  campaignId: string;
  actor: Actor;
  now: string;
  vouchers: unknown;
}

/** Forfeits what was not confirmed in time, then fills every drawn round's places down its ranking. */
export interface SettleAwards extends AwardTerms {
  type: 'SettleAwards';
}

export interface DisqualifyWinner extends AwardTerms {
  type: 'DisqualifyWinner';
  entryId: string;
  note: unknown;
}

export interface ConfirmAward {
  type: 'ConfirmAward';
  campaignId: string;
  actor: Actor;
  now: string;
  entryId: string;
  /** The citizen who submitted the certification behind the entry: the only one who confirms. */
  winnerCitizenId: string | null;
}

export type RafflePlacesCommand = AllotPlaces | AddVouchers | SettleAwards | DisqualifyWinner | ConfirmAward;
