export { PERSONAL_DATA_KEYS, type PersonalDataKeys } from './keys/personal-data-keys';
export * from './phone/korean-mobile';
export {
  paymentCardIdentity,
  phoneIdentity,
  verifiedIdentity,
  type IdentityScheme,
  type PersonIdentity,
} from './subject-index/person-identity';
export * from './masking/masking';
export * from './errors';
export type { AccessLogEntry, PersonalDataAccess } from './access-log/access-log';
export type { PersonalFields } from './vault/sealed-fields';
export * from './vault/personal-data-vault';
export * from './photos/photo-type';
export * from './photos/photo-store';
export * from './schema/migrations';
export * from './personal-data.module';
