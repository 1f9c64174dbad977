/**
 * One build at a time: saves that arrive while a build runs are gathered, and when it ends exactly one more
 * build runs for all of them (never one per save, never two at once). `request` is called once a burst of
 * file events has settled (see debounce in watch.ts).
 */
export class Rebuilder {
  private running: Promise<void> | undefined;
  private again = false;
  private readonly pending = new Set<string>();
  private closed = false;

  /** `build` reports its own failures; a rejection is handed to `onError`, and the next save builds again. */
  constructor(private readonly build: (changed: string[]) => Promise<void>, private readonly onError: (error: unknown) => void) {}

  get building(): boolean {
    return this.running !== undefined;
  }

  /** Asks for a build because `changed` (absolute paths) changed; runs it now, or after the current one. */
  request(changed: Iterable<string> = []): void {
    for (const file of changed) this.pending.add(file);
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run();
  }

  private async run(): Promise<void> {
    try {
      do {
        this.again = false;
        const changed = [...this.pending];
        this.pending.clear();
        try {
          await this.build(changed);
        } catch (error) {
          this.onError(error);
        }
      } while (this.again && !this.closed);
    } finally {
      this.running = undefined;
    }
  }

  /** Resolves once no build is running (the one in progress, and the one it may have queued, are done). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** No more builds start; the one running, if any, finishes. */
  close(): void {
    this.closed = true;
  }
}
