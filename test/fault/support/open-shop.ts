import { randomUUID } from 'node:crypto';
import { addDays, seoulDate } from '@goodpay/campaign';
import { aBusinessRegistrationNumber } from '../../../libs/merchant/src/test/business-registration-numbers';
import type { RunningSystem } from '../../support/system';

export interface OpenShop {
  campaignId: string;
  merchantId: string;
  /** The owner's token: records prepayments at the counter, redeems and cancels. */
  owner: string;
  staff: string;
}

/** A campaign open today and an approved shop, made over HTTP. */
export async function openShop(system: RunningSystem): Promise<OpenShop> {
  const [staff, owner] = await Promise.all([system.token('fault-staff', 'staff'), system.token('fault-owner', 'merchant')]);
  const today = seoulDate(new Date().toISOString());
  const created = async (path: string, token: string, body: unknown) => {
    const answer = await system.request('POST', path, { token, body, idempotencyKey: randomUUID() });
    if (answer.status !== 201) throw new Error(`POST ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const { campaignId } = await created('/campaigns', staff, {
    name: 'Fault campaign',
    region: { kind: 'province', name: 'Jeonbuk' },
    startsOn: addDays(today, -1),
    endsOn: addDays(today, 30),
    raffle: { rounds: [{ number: 1, startsOn: addDays(today, -1), endsOn: addDays(today, 30) }] },
    participationTarget: { participants: 1_000, amount: 100_000_000 },
  });
  const { merchantId } = await created('/merchants', owner, {
    name: 'Fault Tolerant Noodles',
    category: 'restaurant',
    district: 'Wansan-gu',
    businessRegistrationNumber: aBusinessRegistrationNumber(),
  });
  const approved = await system.request('POST', `/merchants/${merchantId}/approve`, { token: staff });
  if (approved.status !== 200) throw new Error(`approve: ${approved.status}`);
  return { campaignId, merchantId, owner, staff };
}
