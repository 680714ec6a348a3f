/** BullMQ queue on which the worker freezes rounds at their declared time. */
export const RAFFLE_FREEZE_QUEUE = 'raffle-freezes';
export const RAFFLE_FREEZE_SCHEDULER_ID = 'raffle-freeze-check';
export const RAFFLE_FREEZE_JOB = 'freeze-due-rounds';

/** Looked at every minute: a round is frozen at most a minute after its declared time. */
export const RAFFLE_FREEZE_EVERY_MS = 60_000;
