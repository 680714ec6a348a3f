import type { CampaignView } from '@goodpay/campaign';

/**
 * The marker an export of this campaign carries above everything else, or null: the one place
 * that decides it (Sheet.marker is where both writers put it). A rehearsal campaign (issue 16,
 * item 7) is marked so its figures are never taken for real ones.
 */
export function campaignMarker(campaign: Pick<CampaignView, 'isRehearsal'> | null): string | null {
  return campaign?.isRehearsal ? '[리허설] 연습용 캠페인 — 실제 실적이 아닙니다' : null;
}
