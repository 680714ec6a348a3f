import { randomUUID } from 'node:crypto';
import { addDays, seoulDate } from '@goodpay/shared';
import type { Role } from '@goodpay/shared';
import { aBusinessRegistrationNumber } from '../../libs/merchant/src/test/business-registration-numbers';

export interface OpenShop {
  campaignId: string;
  merchantId: string;
  /** The owner's token: records prepayments at the counter, redeems and cancels. */
  owner: string;
  staff: string;
}

/** What opening a shop needs of a running product: tokens and requests (RunningSystem, the bench's system). */
export interface ProductClient {
  token(subject: string, role: Role): Promise<string>;
  request(
    method: string,
    path: string,
    options?: { body?: unknown; token?: string; idempotencyKey?: string },
  ): Promise<{ status: number; body: any }>;
}

/** A campaign open today and an approved shop, made over HTTP; `label` names them (and their users). */
export async function openShop(system: ProductClient, label: string): Promise<OpenShop> {
  const user = label.toLowerCase();
  const [staff, owner] = await Promise.all([system.token(`${user}-staff`, 'staff'), system.token(`${user}-owner`, 'merchant')]);
  const today = seoulDate(new Date().toISOString());
  const created = async (path: string, token: string, body: unknown) => {
    const answer = await system.request('POST', path, { token, body, idempotencyKey: randomUUID() });
    if (answer.status !== 201) throw new Error(`POST ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const { campaignId } = await created('/campaigns', staff, {
    name: `${label} campaign`,
    region: { kind: 'province', name: 'Jeonbuk' },
    startsOn: addDays(today, -1),
    endsOn: addDays(today, 30),
    raffle: { rounds: [{ number: 1, startsOn: addDays(today, -1), endsOn: addDays(today, 30) }] },
    participationTarget: { participants: 50_000, amount: 5_000_000_000 },
  });
  const { merchantId } = await created('/merchants', owner, {
    name: `${label} Noodles`,
    category: 'restaurant',
    district: 'Wansan-gu',
    businessRegistrationNumber: aBusinessRegistrationNumber(),
  });
  const approved = await system.request('POST', `/merchants/${merchantId}/approve`, { token: staff });
  if (approved.status !== 200) throw new Error(`approve: ${approved.status} ${JSON.stringify(approved.body)}`);
  return { campaignId, merchantId, owner, staff };
}
