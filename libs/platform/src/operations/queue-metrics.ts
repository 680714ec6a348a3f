import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Queue } from 'bullmq';
import { Gauge, Registry } from 'prom-client';

/** The job states worth an alert: work piling up, in flight, given up on, or waiting for its time. */
const STATES = ['waiting', 'active', 'failed', 'delayed', 'prioritized'] as const;

/**
 * `goodpay_queue_jobs{queue, state}` and `goodpay_queue_oldest_waiting_seconds{queue}` for every
 * BullMQ queue this process registered, read from Redis when Prometheus scrapes (nothing runs
 * between scrapes). A queue Redis cannot answer for is left out of that scrape rather than
 * failing the whole /metrics answer.
 */
@Injectable()
export class QueueMetrics implements OnModuleInit {
  constructor(
    private readonly registry: Registry,
    private readonly discovery: DiscoveryService,
  ) {}

  onModuleInit(): void {
    const queues = () => [
      ...new Set(
        this.discovery
          .getProviders()
          .map((wrapper) => wrapper.instance as unknown)
          .filter((instance): instance is Queue => instance instanceof Queue),
      ),
    ];
    const counts = async () =>
      (
        await Promise.allSettled(
          queues().map(async (queue) => {
            const [jobCounts, oldest] = await Promise.all([queue.getJobCounts(...STATES), queue.getWaiting(0, 0)]);
            return { name: queue.name, jobCounts, oldestTimestamp: oldest[0]?.timestamp };
          }),
        )
      ).flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    let pending: Promise<Awaited<ReturnType<typeof counts>>> | undefined;
    // Both gauges are collected in one scrape: read Redis once for the two.
    const once = () => {
      pending ??= counts().finally(() => (pending = undefined));
      return pending;
    };
    new Gauge({
      name: 'goodpay_queue_jobs',
      help: 'BullMQ jobs by queue and state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const { name, jobCounts } of await once()) {
          for (const state of STATES) this.set({ queue: name, state }, jobCounts[state] ?? 0);
        }
      },
    });
    new Gauge({
      name: 'goodpay_queue_oldest_waiting_seconds',
      help: 'Age of the oldest job waiting in each BullMQ queue (0 when none waits)',
      labelNames: ['queue'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const { name, oldestTimestamp } of await once()) {
          this.set({ queue: name }, oldestTimestamp ? Math.max(0, (Date.now() - oldestTimestamp) / 1000) : 0);
        }
      },
    });
  }
}
