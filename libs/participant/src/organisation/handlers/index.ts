export * from './register-organisation.handler';
export * from './sign-participation-agreement.handler';
