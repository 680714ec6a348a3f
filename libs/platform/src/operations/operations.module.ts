import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { CommandMetrics } from './command-metrics';
import { HealthController } from './health.controller';
import { HttpMetrics } from './http-metrics';
import { MetricsController } from './metrics.controller';
import { QueueMetrics } from './queue-metrics';
import { RedisHealthIndicator } from './redis.health';

/**
 * What an orchestrator and Prometheus need from every goodpay process that serves HTTP (the api
 * and the worker): /health (liveness), /ready (PostgreSQL and Redis answer), /metrics (the app's
 * Registry: process, HTTP, commands, the queues this process registered, and whatever the
 * features add to the Registry, such as consumer lag and business gauges).
 */
@Module({
  imports: [DiscoveryModule, TerminusModule.forRoot({ errorLogStyle: 'json' })],
  controllers: [HealthController, MetricsController],
  providers: [RedisHealthIndicator, HttpMetrics, CommandMetrics, QueueMetrics],
  exports: [HttpMetrics, CommandMetrics],
})
export class OperationsModule {}
