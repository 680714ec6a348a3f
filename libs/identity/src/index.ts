export * from './verification/identity-verifications';
export * from './verification/recording-identity-verifications';
export * from './verification/portone-identity-verifications';
export * from './verified-identity/events';
export * from './verified-identity/decider';
export * from './verified-identity/bind-verified-identity.handler';
export * from './person-key/person-keys';
export * from './identity.module';
