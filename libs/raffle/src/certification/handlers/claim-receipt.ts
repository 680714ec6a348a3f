import type { AppendRequest, EventStore } from '@goodpay/event-store';
import {
  type ClaimReceiptPhoto,
  certificationsToCheck,
  citizenReceiptsStream,
  receiptClaimsDecider,
  receiptPhotoStream,
  type StatusOf,
  type SubmitReceipt,
} from '../../receipts/receipts';
import { raffleCertificationDecider } from '../decider';
import { raffleCertificationStream } from '../events';

/**
 * A receipt certification's claims on its photo and on a review place of its round (see
 * receipts.ts), as appends to go with the certification in the same transaction. Each is
 * appended at the version whose earlier certifications were looked at; a review committing
 * meanwhile only makes this answer stricter (pending read as pending), never looser.
 */
export async function claimReceipt(
  store: EventStore,
  receipt: { campaignId: string; certificationId: string; citizenId: string; round: number; photoSha256: string },
): Promise<AppendRequest[]> {
  const { campaignId, certificationId, citizenId, round, photoSha256 } = receipt;
  const onPhoto = (statusOf: StatusOf): ClaimReceiptPhoto => ({
    type: 'ClaimReceiptPhoto',
    campaignId,
    certificationId,
    citizenId,
    statusOf,
  });
  const onCitizen = (statusOf: StatusOf): SubmitReceipt => ({ type: 'SubmitReceipt', campaignId, certificationId, round, statusOf });
  return [
    await decideOnClaims(store, receiptPhotoStream(campaignId, photoSha256), undefined, onPhoto),
    await decideOnClaims(store, citizenReceiptsStream(campaignId, citizenId), round, onCitizen),
  ];
}

async function decideOnClaims(
  store: EventStore,
  streamId: string,
  round: number | undefined,
  command: (statusOf: StatusOf) => ClaimReceiptPhoto | SubmitReceipt,
): Promise<AppendRequest> {
  const { state, version } = await store.aggregate(streamId, receiptClaimsDecider);
  const statusOf: StatusOf = {};
  for (const certificationId of certificationsToCheck(state, round)) {
    const { state: certification } = await store.aggregate(raffleCertificationStream(certificationId), raffleCertificationDecider);
    if (certification.status !== 'none') statusOf[certificationId] = certification.status;
  }
  return { streamId, expectedVersion: version, events: receiptClaimsDecider.decide(command(statusOf), state) };
}
