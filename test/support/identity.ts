import { IdentityModule } from '@goodpay/identity';

/** Verified identity for test worlds built from single modules: the recording verifier, unverified citizens keyed by phone. */
export const TEST_IDENTITY = IdentityModule.forRootAsync({
  useFactory: () => ({
    verifiedIdentityRequired: false,
    verifications: { kind: 'recording' },
    phoneCodeChannel: { send: () => Promise.reject(new Error('no SMS in this test world')) },
  }),
});
