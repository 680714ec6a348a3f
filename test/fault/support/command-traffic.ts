import { randomUUID } from 'node:crypto';
import type { HttpAnswer, RunningSystem } from '../../support/system';
import type { OpenShop } from '../../support/open-shop';

/** What the clients were told: the commands the system accepted, and those whose fate is unknown. */
export interface AcceptedCommands {
  prepayments: Set<string>;
  redemptions: Map<string, string>;
  cancellations: Set<string>;
  /** Commands where no attempt got an answer (5xx, connection cut): they may or may not have happened. */
  unknown: { prepayments: number; redemptions: number; cancellations: number };
  /** Twin requests with one Idempotency-Key that were answered with different results. */
  disagreeingTwins: string[];
  /** The highest position any accepted command answered with. */
  lastPosition: bigint;
  statuses: Record<string, number>;
}

type Outcome = { accepted: true; body: any } | { accepted: false };

/**
 * Clients doing what shops do, in a few parallel loops, until stopped: record a prepayment at
 * the counter, redeem it a few times, sometimes cancel a redemption. Every creating command is
 * sent twice at once with the same Idempotency-Key (a client that retried at once), so a
 * doubled command would show as twins answered differently.
 */
export class CommandTraffic {
  readonly accepted: AcceptedCommands = {
    prepayments: new Set(),
    redemptions: new Map(),
    cancellations: new Set(),
    unknown: { prepayments: 0, redemptions: 0, cancellations: 0 },
    disagreeingTwins: [],
    lastPosition: 0n,
    statuses: {},
  };
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly system: RunningSystem,
    private readonly shop: OpenShop,
  ) {}

  start(loops = 4): void {
    this.running = true;
    this.loops = Array.from({ length: loops }, () => this.loop());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  /** How many commands were accepted so far. */
  get acceptedCount(): number {
    return this.accepted.prepayments.size + this.accepted.redemptions.size + this.accepted.cancellations.size;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const made = await this.twice('/prepayments', 'prepaymentId', {
        campaignId: this.shop.campaignId,
        merchantId: this.shop.merchantId,
        amount: 300_000,
        channel: 'at_shop',
        payer: { id: `citizen-${randomUUID()}`, kind: 'citizen' },
      });
      if (!made.accepted) {
        this.accepted.unknown.prepayments += 1;
        continue;
      }
      const prepaymentId: string = made.body.prepaymentId;
      this.accepted.prepayments.add(prepaymentId);
      let lastRedemption: string | undefined;
      for (let visit = 0; visit < 3 && this.running; visit += 1) {
        const redeemed = await this.twice(`/prepayments/${prepaymentId}/redemptions`, 'redemptionId', { amount: 1_000 + visit });
        if (!redeemed.accepted) {
          this.accepted.unknown.redemptions += 1;
          continue;
        }
        lastRedemption = redeemed.body.redemptionId;
        this.accepted.redemptions.set(redeemed.body.redemptionId, prepaymentId);
      }
      if (lastRedemption && Math.random() < 0.3) {
        const cancelled = await this.send('POST', `/prepayments/${prepaymentId}/redemptions/${lastRedemption}/cancel`);
        if (cancelled?.status === 200) this.accept(cancelled.body, () => this.accepted.cancellations.add(lastRedemption!));
        else if (!cancelled || cancelled.status >= 500) this.accepted.unknown.cancellations += 1;
      }
    }
  }

  /** Sends a creating command twice at once with one key; both answers must name the same result. */
  private async twice(path: string, resultField: string, body: unknown): Promise<Outcome> {
    const key = randomUUID();
    const answers = (await Promise.all([this.send('POST', path, body, key), this.send('POST', path, body, key)])).filter(
      (answer): answer is HttpAnswer => answer !== undefined && answer.status === 201,
    );
    if (answers.length === 0) return { accepted: false };
    if (new Set(answers.map((answer) => answer.body[resultField])).size > 1) this.accepted.disagreeingTwins.push(key);
    for (const answer of answers) this.accept(answer.body, () => undefined);
    return { accepted: true, body: answers[0].body };
  }

  private accept(body: { position: string }, record: () => void): void {
    record();
    if (BigInt(body.position) > this.accepted.lastPosition) this.accepted.lastPosition = BigInt(body.position);
  }

  private async send(method: string, path: string, body?: unknown, idempotencyKey?: string): Promise<HttpAnswer | undefined> {
    let answer: HttpAnswer | undefined;
    try {
      answer = await this.system.request(method, path, { token: this.shop.owner, body, idempotencyKey });
    } catch {
      answer = undefined; // the connection itself failed
    }
    const status = String(answer?.status ?? 'no answer');
    this.accepted.statuses[status] = (this.accepted.statuses[status] ?? 0) + 1;
    return answer;
  }
}
