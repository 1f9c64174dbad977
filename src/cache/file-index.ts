import * as fs from 'fs';
import * as path from 'path';
import { DeferredWrites, writeCacheFile } from './deferred-writes';
import { makeFolders } from '../make-folders';

/**
 * What earlier runs learnt about each file: the hash of its bytes, with the file's identity and times
 * (device, inode, size, modification and change times) when they were read. A file whose identity and
 * times are still the same has the same bytes, so a run need not read and hash it again: an incremental
 * run of a 2,000-document collection stats 2,000 files instead of reading 50 MB (git's index works so).
 *
 * The change time (ctime) cannot be set by any program: every write, rename onto the path, or change of
 * owner or mode updates it. A file is recorded only when its last change is older than the read by a
 * margin: a write in the same clock tick as the read, which could leave the times unchanged, is then
 * impossible, and such a file is simply hashed again next time ("racily clean" files, in git's words).
 *
 * Kept in `<cache>/files.json`; an unreadable or corrupt index is an empty one. Shared by every run
 * of this process with the same cache folder (`serve` keeps it in memory between builds).
 */

const FORMAT = 2;
const FILE = 'files.json';

/** A change newer than this, before the file was read, is not trusted to show in the times. */
const RACY_MARGIN_MS = 2000;

/** Files remembered beyond those of the last run (other collections validated with the same cache). */
const REMEMBERED = 50_000;

/** Times in milliseconds with their fraction (to the microsecond or better: what a double holds of a nanosecond clock). */
type Entry = [dev: number, ino: number, size: number, mtimeMs: number, ctimeMs: number, hash: string];

const indexes = new Map<string, FileIndex>();

export class FileIndex {
  private readonly entries: Map<string, Entry>;
  private readonly seen = new Set<string>();
  private changed = false;

  private constructor(private readonly file: string) {
    this.entries = new Map();
    try {
      const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { format: number; files: Record<string, Entry> };
      // Not Object.entries: an array per file, destructured, in a loop too short-lived to be optimised.
      if (stored.format === FORMAT) {
        for (const name in stored.files) {
          const entry = stored.files[name];
          if (Array.isArray(entry) && entry.length === 6) this.entries.set(name, entry);
        }
      }
    } catch {
      // no index yet, or a damaged one: every file is read
    }
  }

  /** The index of a cache folder, loaded once per process. */
  static of(cacheDir: string): FileIndex {
    const file = path.join(path.resolve(cacheDir), FILE);
    let index = indexes.get(file);
    if (!index) indexes.set(file, (index = new FileIndex(file)));
    return index;
  }

  /** The file's identity and times, for hashOf and record; undefined when it cannot be stat'ed. */
  static stat(file: string): fs.Stats | undefined {
    try {
      return fs.statSync(file, { throwIfNoEntry: false });
    } catch {
      return undefined;
    }
  }

  /** The hash of the file's bytes, when the file is as it was when they were hashed. */
  hashOf(file: string, stat: fs.Stats): string | undefined {
    const entry = this.entries.get(file);
    if (!entry || !matches(entry, stat)) return undefined;
    this.seen.add(file);
    return entry[5];
  }

  /**
   * Records the hash of a file's bytes, read just after `stat` was taken, at `readAt` (ms since the epoch).
   * A file changed too shortly before it was read is not recorded (see RACY_MARGIN_MS).
   */
  record(file: string, stat: fs.Stats, hash: string, readAt = Date.now()): void {
    this.seen.add(file);
    if (Math.max(stat.ctimeMs, stat.mtimeMs) > readAt - RACY_MARGIN_MS) {
      this.changed ||= this.entries.delete(file);
      return;
    }
    const entry: Entry = [stat.dev, stat.ino, stat.size, stat.mtimeMs, stat.ctimeMs, hash];
    const known = this.entries.get(file);
    if (known && known.every((value, i) => value === entry[i])) return;
    this.entries.set(file, entry);
    this.changed = true;
  }

  /**
   * Writes the index (atomically), when this process learnt something; a cache that cannot be written is skipped.
   * With `deferred`, when that is flushed (what the index holds then).
   */
  save(deferred?: DeferredWrites): void {
    if (!this.changed) return;
    this.changed = false;
    writeCacheFile(deferred, this.file, () => this.write());
  }

  private write(): void {
    const files: Record<string, Entry> = {};
    let kept = 0;
    for (const name of this.seen) {
      const entry = this.entries.get(name);
      if (entry) files[name] = entry;
    }
    for (const name of this.entries.keys()) {
      if (kept >= REMEMBERED) break;
      if (this.seen.has(name)) continue;
      files[name] = this.entries.get(name)!;
      kept++;
    }
    const temporary = `${this.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      makeFolders(path.dirname(this.file));
      fs.writeFileSync(temporary, JSON.stringify({ format: FORMAT, files }));
      fs.renameSync(temporary, this.file);
    } catch {
      fs.rmSync(temporary, { force: true });
      this.changed = true;
    }
  }
}

function matches(entry: Entry, stat: fs.Stats): boolean {
  return entry[0] === stat.dev && entry[1] === stat.ino && entry[2] === stat.size && entry[3] === stat.mtimeMs && entry[4] === stat.ctimeMs;
}
