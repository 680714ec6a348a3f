import type { CampaignView } from '@goodpay/campaign';
import type { Sql } from '@goodpay/event-store';
import type { WinnerList } from '@goodpay/raffle';

/** What the sheets are built from: the contexts' own export queries and reads, never their tables. */
export interface ExportSources {
  sql: Sql;
  /** The campaign's read model, or null when it does not exist. */
  campaign(campaignId: string): Promise<CampaignView | null>;
  /** A drawn round's winners, names masked (홍*동). */
  winners(campaignId: string, round: number): Promise<WinnerList>;
}
