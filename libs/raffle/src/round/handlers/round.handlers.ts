import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Queue } from 'bullmq';
import { campaignStream, isRehearsal, type RaffleRoundDrawn, type RaffleRoundTimelineFixed } from '@goodpay/campaign';
import { type CommandContext, decideOnStream, EventStore, executeOnStream, idempotencyOf, metadataOf } from '@goodpay/event-store';
import { PersonalDataVault } from '@goodpay/personal-data';
import { Clock, newId } from '@goodpay/shared';
import { RAFFLE_DRAW_QUEUE, type RaffleDrawJob, raffleDrawJobId } from '../../draw-job/raffle-draw-queue';
import { rafflePlacesDecider, rafflePlacesStream } from '../../places/places';
import { rafflePolicyOf } from '../../policy/raffle-policy';
import { roundQuota, totalPlaces } from '../../quota/quota';
import type { RaffleRoundCommand } from '../commands';
import { raffleRoundDecider } from '../decider';
import { raffleRoundStream } from '../events';
import { QUICKNET } from '../../sources/drand';
import { publishedRound, type RoundPublication } from '../published-round';
import { evolveRound } from '../state';
import {
  DeclareRaffleRandomnessCommand,
  EnterRaffleRoundCommand,
  FreezeRaffleEntriesCommand,
  RecordRaffleDrandBeaconsCommand,
  RunRaffleDrawCommand,
  TriggerRaffleDrawCommand,
} from './round-commands';
import { refundedPrepayments } from './refunded-prepayments';
import { RoundContext } from './round-context';

/** Commands on a round race with certifications entering it: decide again after a conflict. */
const ROUND_ATTEMPTS = 20;

@Injectable()
abstract class RoundHandler {
  constructor(
    protected readonly store: EventStore,
    protected readonly rounds: RoundContext,
    protected readonly clock: Clock,
  ) {}

  /** The fields every round command shares, read fresh for each attempt. */
  protected async base(context: CommandContext, campaignId: string, round: number) {
    const { campaign } = await this.rounds.campaign(campaignId);
    return {
      actor: context.actor,
      campaignId,
      round,
      now: this.rounds.clockOf(campaign).now().toISOString(),
      period: this.rounds.periodOf(campaign, round),
    };
  }

  /** What the round document shows besides the round's own stream: its dates and the campaign's rules. */
  protected async publication(campaignId: string, round: number): Promise<RoundPublication> {
    const { campaign } = await this.rounds.campaign(campaignId);
    return { period: this.rounds.periodOf(campaign, round), policy: rafflePolicyOf(campaign), isRehearsal: isRehearsal(campaign) };
  }

  protected onRound(
    context: CommandContext,
    campaignId: string,
    round: number,
    name: string,
    input: unknown,
    build: () => Promise<RaffleRoundCommand>,
  ) {
    return executeOnStream(this.store, context, raffleRoundStream(campaignId, round), raffleRoundDecider, build, {
      name,
      input: { campaignId, round, ...(input as object) },
      respond: () => ({ campaignId, round }),
      maxAttempts: ROUND_ATTEMPTS,
    });
  }
}

/**
 * Declares the round's sources and timeline and tells the campaign, in one atomic append over
 * both streams at the versions read: from then on no extension moves the round's dates (a
 * concurrent extension makes one of the two decide again).
 */
@CommandHandler(DeclareRaffleRandomnessCommand)
export class DeclareRaffleRandomnessHandler extends RoundHandler implements ICommandHandler<DeclareRaffleRandomnessCommand> {
  execute({ context, campaignId, round, sources, freezeAt }: DeclareRaffleRandomnessCommand) {
    return this.store.execute(
      async () => {
        const { campaign, version: campaignVersion } = await this.rounds.campaign(campaignId);
        const declared = await decideOnStream(this.store, raffleRoundStream(campaignId, round), raffleRoundDecider, {
          actor: context.actor,
          campaignId,
          round,
          // The campaign's clock: a rehearsal declares before its own round opens.
          now: this.rounds.clockOf(campaign).now().toISOString(),
          period: this.rounds.periodOf(campaign, round),
          type: 'DeclareRandomness',
          sources,
          freezeAt,
          // The League of Entropy's quicknet: a public chain, not a setting staff could point elsewhere.
          drandChain: QUICKNET,
        });
        const respond = () => ({ campaignId, round });
        if (declared.events.length === 0) return { appends: [], respond };
        const fixed: RaffleRoundTimelineFixed = { type: 'RaffleRoundTimelineFixed', data: { campaignId, round } };
        return {
          appends: [declared.append, { streamId: campaignStream(campaignId), expectedVersion: campaignVersion, events: [fixed] }],
          respond,
        };
      },
      {
        metadata: metadataOf(context),
        idempotency: idempotencyOf(context, 'DeclareRaffleRandomness', { campaignId, round, sources, freezeAt }),
        maxAttempts: ROUND_ATTEMPTS,
      },
    );
  }
}

@CommandHandler(EnterRaffleRoundCommand)
export class EnterRaffleRoundHandler extends RoundHandler implements ICommandHandler<EnterRaffleRoundCommand> {
  execute({ context, campaignId, round, personId, certificationId }: EnterRaffleRoundCommand) {
    return this.store.execute(
      async () => {
        const command: RaffleRoundCommand = {
          ...(await this.base(context, campaignId, round)),
          type: 'EnterRound',
          entryId: newId(),
          personId,
          certificationId,
        };
        const { state, events, append } = await decideOnStream(
          this.store,
          raffleRoundStream(campaignId, round),
          raffleRoundDecider,
          command,
        );
        const entryId = state.entriesByPerson.get(personId) ?? command.entryId;
        return { appends: events.length > 0 ? [append] : [], respond: () => ({ campaignId, round, entryId, newEntry: events.length > 0 }) };
      },
      {
        metadata: metadataOf(context),
        idempotency: idempotencyOf(context, 'EnterRaffleRound', { campaignId, round, personId, certificationId }),
        maxAttempts: ROUND_ATTEMPTS,
      },
    );
  }
}

/**
 * Freezes the list, leaving out entries whose in-system prepayments are all refunded by now
 * (option (a) of the refund question: checked at the freeze, from the prepayment streams,
 * rather than by a subscriber on refunds, whose lag could let a refund made just before the
 * freeze slip into the list). The round is folded once: the refunds are checked for exactly
 * the entries of the version appended to, so an entry added meanwhile makes it decide again.
 * A refund committed after the prepayments were read is taken as after the freeze. The same
 * for persons whose personal data was erased: they leave the list (see RaffleEntryListFrozen).
 */
@CommandHandler(FreezeRaffleEntriesCommand)
export class FreezeRaffleEntriesHandler extends RoundHandler implements ICommandHandler<FreezeRaffleEntriesCommand> {
  constructor(
    store: EventStore,
    rounds: RoundContext,
    clock: Clock,
    private readonly vault: PersonalDataVault,
  ) {
    super(store, rounds, clock);
  }

  async execute({ context, campaignId, round }: FreezeRaffleEntriesCommand) {
    const result = await this.store.execute(
      async () => {
        const { state, version } = await this.rounds.round(campaignId, round);
        const earlier = await this.rounds.earlierRounds(campaignId, round);
        const { campaign } = await this.rounds.campaign(campaignId);
        const exclude = rafflePolicyOf(campaign).excludeEarlierWinners;
        const command: RaffleRoundCommand = {
          ...(await this.base(context, campaignId, round)),
          type: 'FreezeEntryList',
          earlierRoundsDrawn: earlier.allDrawn,
          excludedPersons: exclude ? earlier.winners : [],
          refundedPrepayments: state.frozen ? [] : await refundedPrepayments(this.store, state),
          // Like a refund: an erasure committed after this read is taken as after the freeze.
          erasedPersons: state.frozen ? [] : await this.vault.erasedAmong([...state.entriesByPerson.keys()]),
        };
        const events = raffleRoundDecider.decide(command, state);
        return {
          appends: [{ streamId: raffleRoundStream(campaignId, round), expectedVersion: version, events }],
          respond: () => ({ campaignId, round }),
        };
      },
      {
        metadata: metadataOf(context),
        idempotency: idempotencyOf(context, 'FreezeRaffleEntries', { campaignId, round }),
        maxAttempts: ROUND_ATTEMPTS,
      },
    );
    const { state } = await this.rounds.round(campaignId, round);
    const { campaign } = await this.rounds.campaign(campaignId);
    return {
      ...result,
      response: {
        campaignId,
        isRehearsal: isRehearsal(campaign),
        round,
        entryListHash: state.frozen?.entryListHash ?? '',
        entries: state.frozen?.entries.length ?? 0,
      },
    };
  }
}

@CommandHandler(TriggerRaffleDrawCommand)
export class TriggerRaffleDrawHandler extends RoundHandler implements ICommandHandler<TriggerRaffleDrawCommand> {
  constructor(
    store: EventStore,
    rounds: RoundContext,
    clock: Clock,
    @InjectQueue(RAFFLE_DRAW_QUEUE) private readonly queue: Queue<RaffleDrawJob>,
  ) {
    super(store, rounds, clock);
  }

  async execute({ context, campaignId, round, numbers }: TriggerRaffleDrawCommand) {
    const result = await this.onRound(context, campaignId, round, 'TriggerRaffleDraw', { numbers }, async () => ({
      ...(await this.base(context, campaignId, round)),
      type: 'RequestDraw',
      numbers,
    }));
    const { state } = await this.rounds.round(campaignId, round);
    // The draw's job is not added here: the raffle-draws reactor turns RaffleDrawRequested into
    // it through the outbox. A job that used up its attempts stays in the failed set under its
    // id, where the outbox leaves it: a trigger again puts it back to wait, attempts reset.
    if (!state.draw) {
      const earlier = await this.queue.getJob(raffleDrawJobId(campaignId, round));
      if (earlier && (await earlier.isFailed())) await earlier.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    }
    return { ...result, response: publishedRound(campaignId, round, state, await this.publication(campaignId, round)) };
  }
}

/** The worker's fetched beacons, checked by the round decider before anything is recorded. */
@CommandHandler(RecordRaffleDrandBeaconsCommand)
export class RecordRaffleDrandBeaconsHandler extends RoundHandler implements ICommandHandler<RecordRaffleDrandBeaconsCommand> {
  execute({ context, campaignId, round, beacons }: RecordRaffleDrandBeaconsCommand) {
    return this.onRound(context, campaignId, round, 'RecordRaffleDrandBeacons', { beacons }, async () => ({
      ...(await this.base(context, campaignId, round)),
      type: 'RecordDrandBeacons',
      beacons,
    }));
  }
}

/**
 * Draws the round, takes its places from the campaign's places stream and tells the campaign
 * the round is drawn, in one atomic append over the three streams at the versions read: a
 * concurrent draw, allotment or campaign extension makes it decide again, and once the round
 * holds its draw, deciding again draws nothing.
 */
@CommandHandler(RunRaffleDrawCommand)
export class RunRaffleDrawHandler extends RoundHandler implements ICommandHandler<RunRaffleDrawCommand> {
  execute({ context, campaignId, round }: RunRaffleDrawCommand) {
    return this.store.execute(
      async () => {
        const { campaign, version: campaignVersion } = await this.rounds.campaign(campaignId);
        const period = this.rounds.periodOf(campaign, round);
        const places = await this.store.aggregate(rafflePlacesStream(campaignId), rafflePlacesDecider);
        const total = totalPlaces(campaign.raffle.budget, campaign.raffle.prize);
        const rounds = campaign.raffle.rounds.length;
        const quota = period ? roundQuota({ totalPlaces: total, placesAllotted: places.state.allotted, round, rounds }) : 0;
        const quotaDerivation = {
          budget: campaign.raffle.budget,
          prize: campaign.raffle.prize,
          totalPlaces: total,
          rounds,
          placesAllottedBefore: places.state.allotted,
        };
        const now = this.rounds.clockOf(campaign).now().toISOString();
        const policy = rafflePolicyOf(campaign);
        const { waitingListSize } = policy;
        const drawn = await decideOnStream(this.store, raffleRoundStream(campaignId, round), raffleRoundDecider, {
          type: 'RecordDraw',
          actor: context.actor,
          campaignId,
          round,
          now,
          period,
          quota,
          quotaDerivation,
          waitingListSize,
        });
        const state = drawn.events.reduce(evolveRound, drawn.state);
        const respond = () => publishedRound(campaignId, round, state, { period, policy, isRehearsal: isRehearsal(campaign) });
        const draw = state.draw;
        if (drawn.events.length === 0 || !draw) return { appends: [], respond };
        const allotted = await decideOnStream(this.store, rafflePlacesStream(campaignId), rafflePlacesDecider, {
          type: 'AllotPlaces',
          campaignId,
          round,
          places: draw.winners,
          totalPlaces: total,
        });
        const told: RaffleRoundDrawn & { data: { entryListHash: string; winners: number; drawnAt: string } } = {
          type: 'RaffleRoundDrawn',
          data: { campaignId, round, entryListHash: draw.entryListHash, winners: draw.winners, drawnAt: now },
        };
        return {
          appends: [
            drawn.append,
            allotted.append,
            { streamId: campaignStream(campaignId), expectedVersion: campaignVersion, events: [told] },
          ],
          respond,
        };
      },
      { metadata: metadataOf(context), maxAttempts: 5 },
    );
  }
}

export const RAFFLE_ROUND_HANDLERS = [
  DeclareRaffleRandomnessHandler,
  EnterRaffleRoundHandler,
  FreezeRaffleEntriesHandler,
  TriggerRaffleDrawHandler,
  RecordRaffleDrandBeaconsHandler,
  RunRaffleDrawHandler,
];
