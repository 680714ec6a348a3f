/**
 * PortOne's credentials (PORTONE_* in the app's configuration): the V2 API secret, sent as
 * `Authorization: PortOne <secret>`; the API's origin (https://api.portone.io; tests point it at
 * their own server); the store whose payments these are; and the webhook secret (`whsec_...`)
 * that signs the webhooks PortOne sends (Standard Webhooks).
 */
export interface PortOneOptions {
  apiSecret: string;
  apiBase: string;
  storeId: string;
  webhookSecret: string;
}

/** The provider name of PortOne's payments in a prepayment's payment reference. */
export const PORTONE_PROVIDER = 'portone';
