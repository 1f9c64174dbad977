/** Exit statuses of every command (DEVELOPERS.md, "Settled interfaces"). */
export const EXIT = {
  /** No errors (warnings allowed unless --max-warnings is exceeded). */
  ok: 0,
  /** The documents have errors. */
  errors: 1,
  /** A usage error (bad option, path that does not exist) or an internal failure. */
  usage: 2,
} as const;

/** Prints a failure of the tool itself as one line, never a stack trace, and exits 2. */
export function exitOnInternalError(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`tei-edition: internal error: ${message.split('\n')[0]}\n`);
  if (process.env.TEI_EDITION_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(EXIT.usage);
}
