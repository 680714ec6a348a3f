import type { components } from '@goodpay/api-client';
import { createContext, useContext } from 'react';

export type Campaign = components['schemas']['CampaignResponse'];

/** The campaign chosen in the header; the pages about one campaign read it. */
export const CampaignContext = createContext<Campaign | null>(null);

export const useCampaign = (): Campaign | null => useContext(CampaignContext);
