import type { Actor } from '@goodpay/shared';

/** What a decision produces: a type and its data. The store adds the envelope. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

/** Who caused an event and why: carried from the HTTP request (or job) into every event. */
export interface EventMetadata {
  /** Shared by everything one user action caused, across commands and jobs. */
  correlationId: string;
  /** The id of the event or request that directly caused this one. */
  causationId: string | null;
  actor: Actor;
  /**
   * W3C trace context of the request that caused the event, when tracing is on: the consumer
   * that applies the event links its span to that trace.
   */
  traceparent?: string;
  tracestate?: string;
}

/** An event as stored: the envelope around the domain event. */
export interface RecordedEvent<E extends DomainEvent = DomainEvent> {
  id: string;
  streamId: string;
  /** 1-based position inside its stream. */
  streamVersion: number;
  /** Position in the whole log, as a decimal string (bigint). Increases with commit order only per transaction id; see read/read-all.ts. */
  globalPosition: string;
  /** The PostgreSQL transaction that wrote it (xid8, decimal string): part of the gap-safe global order. */
  transactionId: string;
  type: E['type'];
  /** The shape version of `data`, after upcasting: always the current one. */
  schemaVersion: number;
  data: E['data'];
  metadata: EventMetadata;
  recordedAt: Date;
}

/** Stream version a writer expects: an exact number, 'no_stream' (must not exist yet), or 'any'. */
export type ExpectedVersion = number | 'no_stream' | 'any';
