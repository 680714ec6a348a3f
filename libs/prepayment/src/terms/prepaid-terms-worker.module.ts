import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { CampaignClocks } from '@goodpay/campaign';
import { EventStoreModule } from '@goodpay/event-store';
import { EXPIRY_SWEEP_QUEUE } from './expiry-sweep/expiry-sweep-queue';
import { CampaignEndSweep } from './expiry-sweep/campaign-end-sweep';
import { ExpirySweep } from './expiry-sweep/expiry-sweep';
import { ExpirySweepProcessor } from './expiry-sweep/expiry-sweep.processor';
import { ExpirySweepScheduler } from './expiry-sweep/expiry-sweep.scheduler';

/**
 * The worker side of the prepaid-certificate terms: the daily sweep (expiry notices, and the
 * end-of-campaign offer for campaigns past their last day). The terms' consumers
 * (the expiry watch, the prepaid-terms process manager) are in prepaymentConsumers().
 */
@Module({
  imports: [EventStoreModule, BullModule.registerQueue({ name: EXPIRY_SWEEP_QUEUE })],
  providers: [CampaignClocks, ExpirySweep, CampaignEndSweep, ExpirySweepProcessor, ExpirySweepScheduler],
  exports: [ExpirySweep, CampaignEndSweep],
})
export class PrepaidTermsWorkerModule {}
