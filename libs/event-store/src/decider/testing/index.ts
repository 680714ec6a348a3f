/**
 * Test helpers shared by the domain libraries' specs. tsconfig maps only exact
 * @goodpay/<name> aliases, so other libraries' specs import this folder by relative path
 * (test code may; production code never imports a test/ folder).
 */
export * from './given-when-then';
export * from './actors';
