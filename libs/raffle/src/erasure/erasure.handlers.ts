import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { requireStaff, seoulDate } from '@goodpay/shared';
import { EventStore, type Sql, sqlOn, Subscriptions } from '@goodpay/event-store';
import { PersonalDataVault } from '@goodpay/personal-data';
import { type Actor, Clock, ForbiddenError } from '@goodpay/shared';
import { RAFFLE_CERTIFICATIONS } from '../certification/read-model/certifications.projection';
import { rafflePlacesDecider, rafflePlacesStream } from '../places/places';
import { isActive } from '../places/state';
import { rafflePolicyOf } from '../policy/raffle-policy';
import { RoundContext } from '../round/handlers/round-context';
import { type ErasureAnswer, EraseMyRaffleDataCommand, SweepRafflePersonalDataCommand } from './erasure-commands';
import { personsToErase } from './retention';

/** Erasure changes no event: it deletes keys in the vault, so it answers with no position. */
const answer = <R>(response: R) => ({ response, position: '0', replayed: false });

async function eraseAll(vault: PersonalDataVault, erasures: { personId: string; reason: string }[], by: Actor): Promise<number> {
  let erased = 0;
  for (const { personId, reason } of erasures) {
    if (await vault.isErased(personId)) continue;
    await vault.erase(personId, reason, by);
    erased += 1;
  }
  return erased;
}

@CommandHandler(EraseMyRaffleDataCommand)
export class EraseMyRaffleDataHandler implements ICommandHandler<EraseMyRaffleDataCommand> {
  private readonly sql: Sql;

  constructor(
    dataSource: DataSource,
    private readonly subscriptions: Subscriptions,
    private readonly vault: PersonalDataVault,
  ) {
    this.sql = sqlOn(dataSource);
  }

  async execute({ context, afterPosition }: EraseMyRaffleDataCommand) {
    if (context.actor.role !== 'citizen') throw new ForbiddenError('citizens ask for their own erasure', 'citizens_only');
    if (afterPosition !== undefined) await this.subscriptions.waitFor(RAFFLE_CERTIFICATIONS, afterPosition);
    // Only the persons of the citizen's own certifications: a phone typed here could be anyone's.
    const { rows } = await this.sql.query<{ person_id: string }>(
      `SELECT DISTINCT person_id FROM raffle_certifications WHERE citizen_id = $1`,
      [context.actor.id],
    );
    const erased = await eraseAll(
      this.vault,
      rows.map((r) => ({ personId: r.person_id, reason: 'the person asked for erasure' })),
      context.actor,
    );
    return answer<ErasureAnswer>({ erased });
  }
}

@CommandHandler(SweepRafflePersonalDataCommand)
export class SweepRafflePersonalDataHandler implements ICommandHandler<SweepRafflePersonalDataCommand> {
  private readonly sql: Sql;

  constructor(
    dataSource: DataSource,
    private readonly store: EventStore,
    private readonly rounds: RoundContext,
    private readonly vault: PersonalDataVault,
    private readonly clock: Clock,
  ) {
    this.sql = sqlOn(dataSource);
  }

  async execute({ context, campaignId }: SweepRafflePersonalDataCommand) {
    if (context.actor.role !== 'system') requireStaff(context.actor, 'sweep raffle personal data');
    const { rows } = await this.sql.query<{ campaign_id: string }>(
      `SELECT DISTINCT campaign_id FROM raffle_certifications WHERE $1::text IS NULL OR campaign_id = $1`,
      [campaignId ?? null],
    );
    let erased = 0;
    for (const { campaign_id } of rows) erased += await this.sweep(campaign_id, context.actor);
    return answer({ erased, campaigns: rows.length });
  }

  private async sweep(campaignId: string, by: Actor): Promise<number> {
    const { campaign } = await this.rounds.campaign(campaignId);
    const { state: places } = await this.store.aggregate(rafflePlacesStream(campaignId), rafflePlacesDecider);
    const held = Object.values(places.awards).filter(isActive);
    const { rows } = await this.sql.query<{ person_id: string; rounds: number[] }>(
      `SELECT person_id, array_agg(DISTINCT round ORDER BY round) AS rounds FROM raffle_certifications WHERE campaign_id = $1 GROUP BY person_id ORDER BY person_id`,
      [campaignId],
    );
    const erasures = personsToErase({
      today: seoulDate(this.clock.now().toISOString()),
      rounds: campaign.raffle.rounds,
      drawnRounds: campaign.roundsDrawn,
      retentionDays: rafflePolicyOf(campaign).personalDataRetentionDays,
      persons: rows.map((r) => ({ personId: r.person_id, rounds: r.rounds })),
      prizeHolders: new Set(held.map((a) => a.personId)),
      prizesAwaitingConfirmation: held.some((a) => a.status === 'awarded'),
    });
    return eraseAll(this.vault, erasures, by);
  }
}

export const RAFFLE_ERASURE_HANDLERS = [EraseMyRaffleDataHandler, SweepRafflePersonalDataHandler];
