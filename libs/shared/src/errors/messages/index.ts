export * from './problem-messages';
export * from './problem-text';
export { MESSAGE_FILES, PROBLEM_MESSAGES } from './catalogue';
