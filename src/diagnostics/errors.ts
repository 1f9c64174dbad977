/**
 * A problem with how the tool was called (a path that does not exist, an unknown format, a git ref
 * that cannot be resolved): the CLI prints the message without a trace and exits with status 2.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
