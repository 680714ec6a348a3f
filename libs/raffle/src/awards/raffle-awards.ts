import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventStore, type Sql, sqlOn } from '@goodpay/event-store';
import { maskName, PersonalDataVault } from '@goodpay/personal-data';
import { type Actor, SYSTEM_ACTOR } from '@goodpay/shared';
import type { RaffleCertificationSubmitted } from '../certification/events';
import { raffleCertificationStream } from '../certification/events';
import type { Voucher } from '../places/events';
import { rafflePlacesDecider, rafflePlacesStream } from '../places/places';
import { type Award, type AwardStatus, isActive, type RafflePlaces } from '../places/state';
import { RoundContext } from '../round/handlers/round-context';

/** One line of a round's public winner list: never a phone, never a full name. */
export interface PublicWinner {
  entryId: string;
  /** Place in the round's ranking: above the round's places means moved up from the waiting list. */
  rank: number;
  /** 홍*동; null once the person's data was erased. */
  maskedName: string | null;
  status: Exclude<AwardStatus, 'forfeited'>;
}

export interface WinnerList {
  campaignId: string;
  round: number;
  places: number;
  winners: PublicWinner[];
}

export interface MyAward {
  campaignId: string;
  round: number;
  entryId: string;
  amount: number;
  status: AwardStatus;
  confirmBy: string;
  /** Shown once confirmed. */
  voucher: Voucher | null;
}

/** Reads of awards, straight from the places stream (small: one event per prize at most a few times). */
@Injectable()
export class RaffleAwards {
  private readonly sql: Sql;

  constructor(
    private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
    private readonly rounds: RoundContext,
    dataSource: DataSource,
  ) {
    this.sql = sqlOn(dataSource);
  }

  private async places(campaignId: string): Promise<RafflePlaces> {
    return (await this.store.aggregate(rafflePlacesStream(campaignId), rafflePlacesDecider)).state;
  }

  /** The round's prizes held now (awarded or confirmed), in ranking order, names masked. */
  async winners(campaignId: string, round: number): Promise<WinnerList> {
    await this.rounds.requireRound(campaignId, round);
    const state = await this.places(campaignId);
    const held = Object.values(state.awards)
      .filter((a) => a.round === round && isActive(a))
      .sort((a, b) => a.rank - b.rank);
    const winners = await Promise.all(
      held.map(async (award): Promise<PublicWinner> => ({
        entryId: award.entryId,
        rank: award.rank,
        maskedName: await this.maskedName(award),
        status: award.status as PublicWinner['status'],
      })),
    );
    return { campaignId, round, places: state.byRound[round] ?? 0, winners };
  }

  /** The citizen's own prizes in a campaign (through the entries of their certifications). */
  async mine(citizen: Actor, campaignId: string): Promise<MyAward[]> {
    const { rows } = await this.sql.query<{ entry_id: string }>(
      `SELECT DISTINCT entry_id FROM raffle_certifications WHERE citizen_id = $1 AND campaign_id = $2 AND entry_id IS NOT NULL`,
      [citizen.id, campaignId],
    );
    const entries = new Set(rows.map((r) => r.entry_id));
    const state = await this.places(campaignId);
    return Object.values(state.awards)
      .filter((a) => entries.has(a.entryId))
      .map((a) => ({
        campaignId,
        round: a.round,
        entryId: a.entryId,
        amount: a.amount,
        status: a.status,
        confirmBy: a.confirmBy,
        voucher: a.status === 'confirmed' ? a.voucher : null,
      }));
  }

  /** Opened by the system for a public list (not a staff read); the certification's own event holds the sealed name. */
  private async maskedName(award: Award): Promise<string | null> {
    const { events } = await this.store.readStream(raffleCertificationStream(award.certificationId));
    const submitted = events.find((e) => e.type === 'RaffleCertificationSubmitted')?.data as
      RaffleCertificationSubmitted['data'] | undefined;
    if (!submitted) return null;
    const fields = await this.vault.open(submitted.personId, submitted.contact, {
      actor: SYSTEM_ACTOR,
      purpose: 'public raffle winner list',
    });
    return fields ? maskName(fields.name) : null;
  }
}
