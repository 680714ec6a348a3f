/**
 * A local server that `npm start` needs and cannot provide: printed as its message alone (one
 * line that says what to do), not as a stack, by runMain.
 */
export class LocalServerUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalServerUnavailableError';
  }
}
