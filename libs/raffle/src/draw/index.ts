export * from './rfc3797';
export * from './entry-list';
export * from './ranking';
export * from './verify-draw';
export * from './merkle';
