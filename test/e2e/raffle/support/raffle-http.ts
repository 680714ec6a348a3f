import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { RunningSystem } from '../../../support/system';

/** The consent a citizen gives with a certification (every item, the current text). */
export const CONSENT = {
  version: 'raffle-consent-2025-01',
  purpose: true,
  itemsCollected: true,
  retentionPeriod: true,
  rightToRefuse: true,
};

/** A receipt certification's form fields, as the citizen's page sends them. */
export const receiptFields = (name: string, phone: string, paidOn: string) => ({
  name,
  phone,
  consentVersion: CONSENT.version,
  consentPurpose: 'true',
  consentItemsCollected: 'true',
  consentRetentionPeriod: 'true',
  consentRightToRefuse: 'true',
  amount: '120000',
  shopName: 'Jeonju market stall',
  paidOn,
});

/** A citizen sends a receipt photo (multipart) for the campaign's raffle. */
export async function uploadReceipt(
  system: RunningSystem,
  campaignId: string,
  token: string,
  fields: Record<string, string>,
  photo: Buffer | null,
): Promise<{ status: number; body: any }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (photo) form.append('photo', new Blob([photo]), 'receipt.png');
  const response = await fetch(`${system.baseUrl}/campaigns/${campaignId}/raffle/certifications/receipts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** The outsider's check: scripts/verify-draw.mjs in a process of its own, with no database or product setting. */
export async function outsiderChecks(document: unknown, proof?: unknown): Promise<{ code: number; report: any }> {
  const dir = await mkdtemp(join(tmpdir(), 'outsider-'));
  try {
    await writeFile(join(dir, 'round.json'), JSON.stringify(document));
    const args = [resolve(__dirname, '../../../../scripts/verify-draw.mjs'), join(dir, 'round.json')];
    if (proof) {
      await writeFile(join(dir, 'proof.json'), JSON.stringify(proof));
      args.push('--proof', join(dir, 'proof.json'));
    }
    const { stdout } = await promisify(execFile)(process.execPath, args, { env: { PATH: process.env.PATH ?? '' } });
    return { code: 0, report: JSON.parse(stdout) };
  } catch (error) {
    const failed = error as { code: number; stdout?: string };
    return { code: failed.code, report: failed.stdout ? JSON.parse(failed.stdout) : null };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
