import { randomUUID } from 'node:crypto';
import { TEST_IDENTITY } from '../../support/identity';
import { ProjectionWorkerModule } from '@goodpay/event-store';
import { campaignMigrations, CampaignModule, CreateCampaignCommand, jeonbukPreset } from '@goodpay/campaign';
import { personalDataMigrations, PersonalDataModule, PersonalDataVault, PhotoStore } from '@goodpay/personal-data';
import { prepaymentStream } from '@goodpay/prepayment';
import { RaffleCertifications, raffleMigrations, RaffleModule, RaffleReadModule, RaffleWorkerModule } from '@goodpay/raffle';
import { type Actor, type Krw } from '@goodpay/shared';
import { type CatalogueModule, contextFor, startCatalogueModule } from '../campaign/catalogue-module';
import { KEYS } from '../personal-data/vault-module';

export { contextFor, refusal } from '../campaign/catalogue-module';
export { JPEG, PNG } from '../personal-data/vault-module';

export const staff: Actor = { id: 'staff-1', role: 'staff' };
export const citizen = (id: string): Actor => ({ id, role: 'citizen' });
export const CONSENT = {
  version: 'raffle-consent-2025-01',
  purpose: true,
  itemsCollected: true,
  retentionPeriod: true,
  rightToRefuse: true,
};

export interface RaffleWorld extends CatalogueModule {
  vault: PersonalDataVault;
  photos: PhotoStore;
  certifications: RaffleCertifications;
  campaignId: string;
  /** A platform prepayment of `amount` by `payerId`, as the prepayment context records it. */
  prepay(payerId: string, amount: Krw, paidAt: string): Promise<string>;
}

/**
 * The raffle with its campaign, the personal-data vault and its worker side (draws and the
 * certifications projection) on its own database, queue prefix and standing clock; one
 * Jeonbuk 2025 campaign created (rounds Jan 13-Feb 2, Feb 3-16, Feb 17-27) with `budget`.
 */
export async function startRaffleWorld(budget = 3_000_000): Promise<RaffleWorld> {
  const m = await startCatalogueModule(
    [
      CampaignModule,
      RaffleModule,
      RaffleReadModule,
      RaffleWorkerModule,
      ProjectionWorkerModule,
      PersonalDataModule.forRoot(KEYS),
      TEST_IDENTITY,
    ],
    [...campaignMigrations, ...personalDataMigrations, ...raffleMigrations],
    '2025-01-10T03:00:00Z',
  );
  const { startsOn, endsOn, raffle } = jeonbukPreset(2025);
  const created = await m.commands.execute(
    new CreateCampaignCommand(contextFor(staff, randomUUID()), {
      name: 'Jeonbuk raffle',
      region: { kind: 'province', name: 'Jeonbuk' },
      startsOn,
      endsOn,
      raffle: { ...raffle, budget },
      participationTarget: { participants: 1_000, amount: 100_000_000 },
    }),
  );
  const campaignId = created.response.campaignId;
  return {
    ...m,
    vault: m.app.get(PersonalDataVault),
    photos: m.app.get(PhotoStore),
    certifications: m.app.get(RaffleCertifications),
    campaignId,
    async prepay(payerId, amount, paidAt) {
      const prepaymentId = randomUUID();
      await m.store.append(
        [
          {
            streamId: prepaymentStream(prepaymentId),
            expectedVersion: 'no_stream',
            events: [
              {
                type: 'PrepaymentMade',
                data: {
                  prepaymentId,
                  code: prepaymentId.slice(0, 8).toUpperCase(),
                  payer: { id: payerId, kind: 'citizen' },
                  merchantId: randomUUID(),
                  campaignId,
                  amount,
                  channel: 'platform',
                  paymentConfirmation: { provider: 'toss', externalReference: prepaymentId },
                  merchantCategory: 'restaurant',
                  merchantDistrict: 'Wansan-gu',
                  paidAt,
                },
              },
            ],
          },
        ],
        { correlationId: randomUUID(), causationId: null, actor: { id: payerId, role: 'citizen' } },
      );
      return prepaymentId;
    },
  };
}
