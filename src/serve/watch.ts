import * as fs from 'fs';
import * as path from 'path';

/**
 * What `serve` watches, on fs.watch (inotify, FSEvents, ReadDirectoryChangesW): no polling, no dependency.
 *
 * Folders are watched, never single files: editors save by writing a temporary file and renaming it over
 * the original, which ends a watch on the file itself (its inode is gone) but shows in its folder as an
 * event with the file's name. The collection is watched folder by folder rather than with
 * `{ recursive: true }`, which Node 20 implements on Linux by polling every file.
 */

type OnChange = (file: string) => void;

/** The folders of a collection (recursively, as src/collection walks them), reporting files `accept` takes. */
export class TreeWatcher {
  private readonly watchers = new Map<string, fs.FSWatcher>();

  constructor(
    private readonly root: string,
    private readonly accept: (file: string) => boolean,
    private readonly onChange: OnChange,
    /** Folders never watched (the output folder and the cache, when they lie inside the collection). */
    private readonly ignored: (dir: string) => boolean = () => false,
  ) {
    this.add(path.resolve(root));
  }

  private skipped(dir: string): boolean {
    const name = path.basename(dir);
    // As src/collection skips them: hidden folders and node_modules hold tooling, not documents.
    if (dir !== path.resolve(this.root) && (name.startsWith('.') || name === 'node_modules')) return true;
    return this.ignored(dir);
  }

  private add(dir: string): void {
    if (this.watchers.has(dir) || this.skipped(dir)) return;
    let watcher: fs.FSWatcher;
    try {
      watcher = fs.watch(dir, { persistent: false }, (_event, name) => this.changed(dir, name));
    } catch {
      return; // gone already, or not readable: nothing to watch there
    }
    watcher.on('error', () => this.remove(dir));
    this.watchers.set(dir, watcher);
    let entries: fs.Dirent[] = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      // unreadable: the watch on it is all there is
    }
    for (const entry of entries) if (entry.isDirectory()) this.add(path.join(dir, entry.name));
  }

  private remove(dir: string): void {
    for (const [watched, watcher] of this.watchers) {
      if (watched === dir || watched.startsWith(dir + path.sep)) {
        watcher.close();
        this.watchers.delete(watched);
      }
    }
  }

  private changed(dir: string, name: string | Buffer | null): void {
    if (name === null) {
      this.onChange(dir);
      return;
    }
    const file = path.join(dir, name.toString());
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat?.isDirectory()) {
      // A folder created or moved in: watch it, and build, since it may bring documents.
      if (!this.watchers.has(file) && !this.skipped(file)) {
        this.add(file);
        this.onChange(file);
      }
      return;
    }
    if (!stat && this.watchers.has(file)) {
      this.remove(file); // a folder deleted or moved away, with its documents
      this.onChange(file);
      return;
    }
    // A dangling link (Emacs's `.#name.xml` lock) is no document: validate skips it too.
    if (!stat && fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink()) return;
    if (this.accept(file)) this.onChange(file);
  }

  close(): void {
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }
}

/** Single files (the edition configuration, the schemas), through their folders; the set can change. */
export class FilesWatcher {
  private readonly watchers = new Map<string, { watcher: fs.FSWatcher; names: Set<string> }>();

  constructor(private readonly onChange: OnChange) {}

  /** Watches exactly `files` from now on. */
  set(files: Iterable<string>): void {
    const wanted = new Map<string, Set<string>>();
    for (const file of files) {
      const absolute = path.resolve(file);
      const dir = path.dirname(absolute);
      if (!wanted.has(dir)) wanted.set(dir, new Set());
      wanted.get(dir)!.add(path.basename(absolute));
    }
    for (const [dir, entry] of this.watchers) {
      if (!wanted.has(dir)) {
        entry.watcher.close();
        this.watchers.delete(dir);
      }
    }
    for (const [dir, names] of wanted) {
      const existing = this.watchers.get(dir);
      if (existing) {
        existing.names = names;
        continue;
      }
      try {
        const watcher = fs.watch(dir, { persistent: false }, (_event, name) => {
          const current = this.watchers.get(dir)?.names;
          if (name === null || current?.has(name.toString())) this.onChange(path.join(dir, name?.toString() ?? ''));
        });
        watcher.on('error', () => {
          watcher.close();
          this.watchers.delete(dir);
        });
        this.watchers.set(dir, { watcher, names });
      } catch {
        // The folder does not exist (a schema that is not there yet): the next build reports it.
      }
    }
  }

  close(): void {
    for (const { watcher } of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }
}

/** Calls `fire` once, `ms` after the last of a burst of calls (an editor's save is several events). */
export function debounce(ms: number, fire: () => void): { trigger: () => void; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  return {
    trigger: () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        fire();
      }, ms);
    },
    cancel: () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
