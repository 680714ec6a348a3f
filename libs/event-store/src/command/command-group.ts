import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'pg';
import type { DomainEvent, ExpectedVersion, RecordedEvent } from '../events/event';
import type { EventSchemas } from '../events/event-schemas';
import { appendCommands, type CommandWrite, KeyStoredMeanwhile, type StreamWrite, type Written } from '../append/append-in-one-statement';
import type { AppendRequest } from '../append/append-to-stream';
import { IdempotencyKeyReusedError, WrongExpectedVersionError } from '../append/errors';
import { type IdempotencyKey, requestHash } from '../idempotency/idempotency';
import { recallEachAndRead, type SnapshotRead, type StreamToRead } from '../read/recall-and-read';
import type { StreamRead } from '../read/read-stream';
import type { CommandPlan, CommandResult, ExecuteOptions, Folding, ReadAhead, StreamReader } from './command';
import type { KeyedQueue } from './keyed-queue';

/** The most commands one statement takes: a bound on its size and on a turn's latency. */
export const GROUP_CAP = 64;

/** What a group needs of the store. */
export interface GroupHost {
  pool: () => Pool;
  schemas: EventSchemas;
  store: StreamReader;
  toRead: (ahead: ReadAhead) => StreamToRead;
  fold: <S, E extends DomainEvent>(streamId: string, read: SnapshotRead, decider: Folding<S, E>) => Promise<{ state: S; version: number }>;
  /** The command alone, as a command that does not group runs (its turn already taken). */
  alone: <R>(decide: Decide<R>, options: ExecuteOptions) => Promise<CommandResult<R>>;
  notify: (events: readonly RecordedEvent[]) => void;
}

type Decide<R> = (read: StreamReader) => Promise<CommandPlan<R>>;

interface Waiting {
  decide: Decide<unknown>;
  options: ExecuteOptions;
  resolve: (result: CommandResult<unknown>) => void;
  reject: (error: unknown) => void;
  /** Version conflicts lost so far, against its maxAttempts. */
  conflicts: number;
}

/** How one command of a group ended its decision. */
type Decision =
  | { kind: 'planned'; answer: CommandResult<unknown>; write: number; appends: boolean }
  | { kind: 'refused'; refusal: unknown }
  /** Its key is stored by the command `of` before it in the group: that answer, replayed. */
  | { kind: 'twin'; of: number }
  /** Answered from what the group read (a stored answer): nothing to store. */
  | { kind: 'settled' };

/**
 * Group commit for a hot stream. Commands of this process that serialise on one key (their
 * stream, see KeyedQueue) and opt in with `group` do not each take a turn of three round trips:
 * the next turn takes all of them waiting (up to GROUP_CAP), reads their streams and every
 * key's answer in one round trip, decides them one after another in arrival order, each on
 * the state the events of those before it make (kept in memory, not yet stored), and stores all
 * their events and keys, each key with its own answer, in one statement (append_commands).
 * 32 tills redeeming from one prepayment then cost a few round trips per turn, not per till.
 *
 * The outcome is that of running them one after another: a refused command (insufficient
 * balance) adds nothing and the next decides without it; a key with a stored answer replays
 * it, and a key a command before it in the group stores replays that command's answer; a
 * refusal or answer is given only once the statement has committed, since it may rest on the
 * events of those before it. The statement is all or nothing: when it fails, every command of
 * the group fails with its error and none is stored; when another process's writer moved the
 * stream first (version conflict) the whole group reads and decides again, each command
 * within its own maxAttempts, as a command alone would.
 *
 * A command groups only while it reads through its reader and appends nothing but the streams
 * of `reads` (other streams it reads are read once for the group, as of its read, and must not
 * be appended to: none of them is version-checked, alone or in a group), reads events of a stream before the group's own (`readStream`) only when there are
 * none, and answers without the append's result. One that does not closes the group before
 * it: the group commits, and it runs alone (or starts the next group).
 */
export class CommandGroups {
  /** Per key, the group still taking commands: its turn has not begun. */
  private readonly open = new Map<string, Waiting[]>();

  constructor(
    private readonly turns: KeyedQueue,
    private readonly host: GroupHost,
    private readonly cap = GROUP_CAP,
  ) {}

  run<R>(key: string, decide: Decide<R>, options: ExecuteOptions): Promise<CommandResult<R>> {
    return new Promise<CommandResult<R>>((resolve, reject) => {
      let waiting = this.open.get(key);
      if (!waiting || waiting.length >= this.cap) {
        const fresh: Waiting[] = [];
        waiting = fresh;
        this.open.set(key, fresh);
        // Its turn comes after the commands queued before it on the key; from then on it takes no more.
        void this.turns.run(key, () => {
          if (this.open.get(key) === fresh) this.open.delete(key);
          return this.take(fresh);
        });
      }
      waiting.push({ decide: decide as Decide<unknown>, options, resolve: resolve as Waiting['resolve'], reject, conflicts: 0 });
    });
  }

  /** Work on the key that does not group: after the commands queued before it, and no command after it joins a group before it. */
  runAlone<T>(key: string, work: () => Promise<T>): Promise<T> {
    this.open.delete(key);
    return this.turns.run(key, work);
  }

  /** Groups from the head of `waiting` until each command is answered. Never fails: each command gets its own outcome. */
  private async take(waiting: Waiting[]): Promise<void> {
    while (waiting.length > 0) {
      if (waiting.length === 1) {
        await this.alone(waiting.shift()!);
        continue;
      }
      try {
        await this.turn(waiting);
      } catch (error) {
        // The group's read failed (a broken connection): every command waiting would have read too.
        for (const command of waiting.splice(0)) command.reject(error);
      }
    }
  }

  private async alone(command: Waiting): Promise<void> {
    // With the attempts its groups left it, after conflicts lost in them.
    const maxAttempts = Math.max(1, (command.options.maxAttempts ?? 1) - command.conflicts);
    try {
      command.resolve(await this.host.alone(command.decide, { ...command.options, maxAttempts }));
    } catch (error) {
      command.reject(error);
    }
  }

  /** One group from the head of `waiting`: read, decide, store, answer; answered commands leave `waiting`. */
  private async turn(waiting: Waiting[]): Promise<void> {
    const keys = waiting.flatMap((command) => (command.options.idempotency ? [command.options.idempotency] : []));
    const reads = new Map<string, StreamToRead>();
    for (const ahead of waiting.flatMap((command) => command.options.reads ?? [])) {
      const read = this.host.toRead(ahead);
      if (!reads.has(read.streamId)) reads.set(read.streamId, read);
    }
    const { earlier, streams } = await recallEachAndRead<CommandResult<unknown>>(this.host.pool(), this.host.schemas, keys, [
      ...reads.values(),
    ]);
    const group = new GroupRead(streams, this.host);
    const decisions: Decision[] = [];
    const writes: CommandWrite[] = [];
    const storing = new Map<string, number>(); // a key the group stores: the decision storing it
    let k = 0;
    for (const command of waiting) {
      const key = command.options.idempotency;
      const id = key && keyId(key);
      if (key) {
        const stored = earlier[k++];
        if (stored) {
          // Answered before the group: whatever it stores, this answer stands.
          if (stored instanceof Error) command.reject(stored);
          else command.resolve({ ...stored, replayed: true });
          decisions.push({ kind: 'settled' });
          continue;
        }
        const twin = storing.get(id!);
        if (twin !== undefined) {
          decisions.push({ kind: 'twin', of: twin });
          continue;
        }
      }
      const reader = group.reader();
      let plan: CommandPlan<unknown>;
      try {
        plan = await command.decide(reader.read);
      } catch (refusal) {
        if (reader.outside()) break;
        decisions.push({ kind: 'refused', refusal });
        continue;
      }
      if (reader.outside() || plan.respond.length > 0) break;
      let response: unknown;
      try {
        response = (plan.respond as () => unknown)();
      } catch (failure) {
        // As alone: the command fails and stores nothing; the group goes on without it.
        decisions.push({ kind: 'refused', refusal: failure });
        continue;
      }
      const write = writes.length;
      if (!group.accept(plan.appends, write)) break;
      const answer: CommandResult<unknown> = { response, position: '0', replayed: false };
      writes.push({ metadata: command.options.metadata, remember: key && { idempotency: key, answer } });
      if (id) storing.set(id, decisions.length);
      decisions.push({ kind: 'planned', answer, write, appends: plan.appends.some((a) => a.events.length > 0) });
    }
    const members = waiting.splice(0, decisions.length);
    if (members.length === 0) {
      // The first command does not group: it runs alone.
      await this.alone(waiting.shift()!);
      return;
    }
    waiting.unshift(...(await this.commit(members, decisions, group, writes, storing)));
  }

  /** Stores the group's writes and answers its commands; returns those to decide again (after a conflict). */
  private async commit(
    members: Waiting[],
    decisions: Decision[],
    group: GroupRead,
    writes: CommandWrite[],
    storing: ReadonlyMap<string, number>,
  ): Promise<Waiting[]> {
    let written: Written;
    try {
      written = await appendCommands(this.host.pool(), this.host.schemas, group.writes(), writes);
    } catch (error) {
      const open = members.filter((_, i) => decisions[i].kind !== 'settled');
      // A key stored meanwhile by a twin in another process: the next read answers with it.
      if (error instanceof KeyStoredMeanwhile) return open;
      if (!(error instanceof WrongExpectedVersionError)) {
        for (const command of open) command.reject(error);
        return [];
      }
      const again = open.filter((command) => {
        const decision = decisions[members.indexOf(command)];
        if (decision.kind !== 'planned' || !decision.appends) return true;
        command.conflicts += 1;
        if (command.conflicts < (command.options.maxAttempts ?? 1)) return true;
        command.reject(error);
        return false;
      });
      // Losers of a race retry at random moments, so they do not collide again in step.
      const conflicts = Math.max(0, ...again.map((command) => command.conflicts));
      if (again.length > 0) await sleep(Math.random() * Math.min(2 ** conflicts, 50));
      return again;
    }
    const last = writes.map(() => 0n);
    written.events.forEach((event, i) => {
      const position = BigInt(event.globalPosition);
      if (position > last[written.commandOf[i]]) last[written.commandOf[i]] = position;
    });
    const refused: { command: Waiting; refusal: unknown }[] = [];
    members.forEach((command, i) => {
      const decision = decisions[i];
      if (decision.kind === 'planned') {
        decision.answer.position = String(last[decision.write]);
        command.resolve(decision.answer);
      } else if (decision.kind === 'twin') {
        try {
          command.resolve(this.twinAnswer(command, members[decision.of], decisions[decision.of]));
        } catch (reused) {
          command.reject(reused);
        }
      } else if (decision.kind === 'refused') {
        refused.push({ command, refusal: decision.refusal });
      }
    });
    this.host.notify(written.events);
    await this.refuse(refused, storing);
    return [];
  }

  /** What a twin gets: the stored answer of the command before it with the same key, as a repeat would read it. */
  private twinAnswer(command: Waiting, first: Waiting, decision: Decision): CommandResult<unknown> {
    const key = command.options.idempotency!;
    if (requestHash(first.options.idempotency!.request) !== requestHash(key.request)) throw new IdempotencyKeyReusedError(key.key);
    const { answer } = decision as Extract<Decision, { kind: 'planned' }>;
    return { ...(JSON.parse(JSON.stringify(answer)) as CommandResult<unknown>), replayed: true };
  }

  /**
   * The refusals, once the group has committed. As for a command alone, a twin with the same
   * key may have committed while the group decided, and its answer wins over the refusal; but
   * not a command after it in the group (`storing`), which a command alone would not have seen.
   */
  private async refuse(refused: { command: Waiting; refusal: unknown }[], storing: ReadonlyMap<string, number>): Promise<void> {
    const keyed = refused.filter(({ command }) => {
      const key = command.options.idempotency;
      return key && !storing.has(keyId(key));
    });
    let earlier: (CommandResult<unknown> | Error | null)[] = [];
    try {
      if (keyed.length > 0) {
        ({ earlier } = await recallEachAndRead<CommandResult<unknown>>(
          this.host.pool(),
          this.host.schemas,
          keyed.map(({ command }) => command.options.idempotency!),
          [],
        ));
      }
    } catch {
      // The refusal stands: the recall only looks for a better answer.
    }
    for (const { command, refusal } of refused) {
      const stored = earlier[keyed.findIndex((r) => r.command === command)];
      if (stored instanceof Error) command.reject(stored);
      else if (stored) command.resolve({ ...stored, replayed: true });
      else command.reject(refusal);
    }
  }
}

/** A command read outside what a group can give it: the group closes before it. */
class OutsideGroup extends Error {
  constructor() {
    super('the command reads a stream of its group that the commands before it changed: it runs after the group');
  }
}

interface Fold {
  base: Promise<{ state: unknown; version: number }>;
  state: unknown;
  /** Events of the group folded into `state`; -1 before the base is. */
  applied: number;
}

/**
 * The streams as a group's commands see them: what the group read, then the events the
 * commands before decided, folded on in memory; streams it did not read ahead are read once.
 */
class GroupRead {
  private readonly pending = new Map<string, { event: DomainEvent; command: number }[]>();
  /** Streams some command appends to at a version (not 'any'): the statement expects the version read. */
  private readonly exact = new Set<string>();
  private readonly folds = new Map<string, Map<unknown, Fold>>();
  private readonly elsewhere = new Map<string, Promise<unknown>>();
  private readonly deciders = new Map<unknown, number>();

  constructor(
    private readonly streams: ReadonlyMap<string, SnapshotRead>,
    private readonly host: GroupHost,
  ) {}

  /** A command's reader, and whether it read what the group cannot give it. */
  reader(): { read: StreamReader; outside: () => boolean } {
    let outside = false;
    const read: StreamReader = {
      readStream: (streamId, fromVersion = 1) => {
        const read = this.streams.get(streamId);
        if (!read)
          return this.once(`readStream:${fromVersion}:${streamId}`, () => this.host.store.readStream(streamId, fromVersion)).then(copy);
        if ((this.pending.get(streamId)?.length ?? 0) > 0) {
          outside = true;
          return Promise.reject(new OutsideGroup());
        }
        if (read.snapshot || fromVersion !== 1) return this.host.store.readStream(streamId, fromVersion);
        return Promise.resolve({ version: read.version, events: [...read.events] });
      },
      aggregate: (streamId, decider) => this.aggregate(streamId, decider),
      readStreamWhere: (streamId, where) => {
        // The events of the commands before it are not stored yet: the store cannot find them.
        if ((this.pending.get(streamId)?.length ?? 0) > 0) {
          outside = true;
          return Promise.reject(new OutsideGroup());
        }
        return this.host.store.readStreamWhere(streamId, where);
      },
    };
    return { read, outside: () => outside };
  }

  private async aggregate<S, E extends DomainEvent>(streamId: string, decider: Folding<S, E>): Promise<{ state: S; version: number }> {
    const read = this.streams.get(streamId);
    if (!read) return this.once(`aggregate:${this.idOf(decider)}:${streamId}`, () => this.host.store.aggregate(streamId, decider));
    const byDecider = this.folds.get(streamId) ?? new Map<unknown, Fold>();
    this.folds.set(streamId, byDecider);
    let fold = byDecider.get(decider);
    if (!fold) {
      fold = { base: this.host.fold(streamId, read, decider), state: undefined, applied: -1 };
      byDecider.set(decider, fold);
    }
    const base = await fold.base;
    if (fold.applied < 0) [fold.state, fold.applied] = [base.state, 0];
    const pending = this.pending.get(streamId) ?? [];
    for (; fold.applied < pending.length; fold.applied += 1) fold.state = decider.evolve(fold.state as S, pending[fold.applied].event as E);
    return { state: fold.state as S, version: base.version + pending.length };
  }

  /** A stream the group did not read ahead: read once, the same for every command of the group. */
  private once<T>(id: string, read: () => Promise<T>): Promise<T> {
    if (!this.elsewhere.has(id)) this.elsewhere.set(id, read());
    return this.elsewhere.get(id) as Promise<T>;
  }

  private idOf(decider: unknown): number {
    if (!this.deciders.has(decider)) this.deciders.set(decider, this.deciders.size);
    return this.deciders.get(decider)!;
  }

  /**
   * Takes a command's appends into the group when each is to a stream the group read, at the
   * version the events before make it; otherwise takes nothing and says no.
   */
  accept(appends: readonly AppendRequest[], command: number): boolean {
    const staged = new Map<string, number>();
    for (const { streamId, expectedVersion, events } of appends) {
      if (events.length === 0) continue;
      const read = this.streams.get(streamId);
      if (!read) return false;
      const version = staged.get(streamId) ?? read.version + (this.pending.get(streamId)?.length ?? 0);
      if (!holds(expectedVersion, version)) return false;
      staged.set(streamId, version + events.length);
    }
    for (const { streamId, expectedVersion, events } of appends) {
      if (events.length === 0) continue;
      const pending = this.pending.get(streamId) ?? [];
      pending.push(...events.map((event) => ({ event, command })));
      this.pending.set(streamId, pending);
      if (expectedVersion !== 'any') this.exact.add(streamId);
    }
    return true;
  }

  /** The statement's streams: each at the version read (or any, when every command said any), with the group's events. */
  writes(): StreamWrite[] {
    return [...this.pending].map(([streamId, events]) => {
      const version = this.streams.get(streamId)!.version;
      return { streamId, expectedVersion: !this.exact.has(streamId) ? 'any' : version === 0 ? 'no_stream' : version, events };
    });
  }
}

const keyId = (key: IdempotencyKey): string => `${key.scope}\u0000${key.key}`;

const holds = (expected: ExpectedVersion, version: number): boolean =>
  expected === 'any' || (expected === 'no_stream' ? version === 0 : expected === version);

const copy = (read: StreamRead): StreamRead => ({ version: read.version, events: [...read.events] });
