/**
 * Cache files that a process which builds again (`serve`) writes once the build is published and the open
 * pages have reloaded, rather than before it announces the build: the validation state, the file index, the
 * output manifest. Each is the whole of an object the process keeps in memory and uses itself for its next build;
 * the file is only for the next process. At 2,000 documents they are megabytes, written on every save, on the
 * path between the save and the page showing it.
 *
 * A file's write is its latest state: a write asked for again before the last was done replaces it (saves in
 * quick succession write each file once). A process that ends without flushing (killed) leaves the files of an
 * earlier build: a cache that knows less, never a wrong one (each file says what it was made from).
 */
export class DeferredWrites {
  private readonly pending = new Map<string, () => void>();

  /** Writes `file` with `write` when flushed (the latest `write` for a file wins). */
  write(file: string, write: () => void): void {
    this.pending.delete(file);
    this.pending.set(file, write);
  }

  get size(): number {
    return this.pending.size;
  }

  /** Writes every file asked for, in the order they were last asked for. */
  flush(): void {
    const writes = [...this.pending.values()];
    this.pending.clear();
    for (const write of writes) write();
  }
}

/** Runs `write` now, or when `deferred` is flushed. */
export function writeCacheFile(deferred: DeferredWrites | undefined, file: string, write: () => void): void {
  if (deferred) deferred.write(file, write);
  else write();
}
