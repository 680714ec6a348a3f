/**
 * The time, as the application sees it. Injected everywhere instead of `new Date()`, so
 * tests and demos can move it (a settlement day, the end of a round) without waiting.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that stands still until told to move: for tests. */
export class FixedClock extends Clock {
  constructor(private current: Date) {
    super();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string): void {
    this.current = new Date(to);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * Another clock moved by a fixed offset: a rehearsal campaign's time (its own "now", ahead of or
 * behind the real one by what staff set), read through the same Clock every rule already uses.
 */
export class OffsetClock extends Clock {
  constructor(
    private readonly base: Clock,
    readonly offsetMs: number,
  ) {
    super();
  }
  now(): Date {
    return new Date(this.base.now().getTime() + this.offsetMs);
  }
}
