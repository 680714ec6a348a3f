export * from './money/krw';
export * from './money/limits';
export * from './json/exact-json';
export * from './errors/domain-error';
export * from './auth/actor';
export * from './ids/ids';
export * from './clock/clock';
export * from './errors/messages';
