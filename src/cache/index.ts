import { createHash, Hash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { PACKAGE_ROOT } from '../package-files';
import { BlobPack } from './blob-pack';
import { makeFolders } from '../make-folders';

export { BlobPack } from './blob-pack';

/**
 * A persistent, content-addressed result cache shared by `validate` and `build`.
 *
 * Keys are hashes of everything a result depends on (document bytes, schema bytes and the files it
 * includes, stylesheet, register, options, and the tool's own code), so an entry can never be stale:
 * a changed input is a different key. There is no invalidation step to get wrong, and deleting the
 * cache folder at any time is always safe. Entries are written atomically (temporary file + rename),
 * so an interrupted run or two runs at once never leave a half-written entry; an unreadable or corrupt
 * entry is a miss, never an error.
 */

export const CACHE_FORMAT = 1;

/** Where the cache lives unless told otherwise: `.cache/tei-edition/` under the working folder (Eleventy's convention). */
export function defaultCacheDir(cwd: string = process.cwd()): string {
  return process.env.TEI_EDITION_CACHE_DIR ? path.resolve(cwd, process.env.TEI_EDITION_CACHE_DIR) : path.join(cwd, '.cache', 'tei-edition');
}

/** A hash of the given parts; each part is length-prefixed so ("ab","c") and ("a","bc") differ. */
export function contentHash(...parts: Array<string | Buffer | Uint8Array>): string {
  const hash = createHash('sha256');
  addParts(hash, parts);
  return hash.digest('hex');
}

/**
 * contentHash(...prefix, parts.join('')) without the joined string: a page of megabytes made of sections (an entry
 * page's mentions) is hashed section by section, never copied whole. The same bytes are hashed: the joined text's
 * UTF-8 length, then each part's UTF-8 bytes (whole strings, so no character is split between two parts).
 */
export function contentHashOfJoined(prefix: ReadonlyArray<string | Buffer | Uint8Array>, parts: readonly string[]): string {
  const hash = createHash('sha256');
  addParts(hash, prefix);
  hash.update(`${partsByteLength(parts)}:`);
  for (const part of parts) hash.update(part, 'utf8');
  return hash.digest('hex');
}

/** The UTF-8 length of the parts joined. */
export function partsByteLength(parts: readonly string[]): number {
  let bytes = 0;
  for (const part of parts) bytes += Buffer.byteLength(part, 'utf8');
  return bytes;
}

/**
 * Parts up to this many characters are joined, with their length prefixes, into one string and hashed with one
 * update: the same bytes as an update per prefix and part, a fraction of the calls (a run's keys have thousands of
 * short parts: a collection key hashes four per file, 8,000 at 2,000 documents).
 */
const JOINED_PART = 4096;

/** The parts, each length-prefixed: a string is hashed as its UTF-8 bytes, without copying it into a Buffer first (keys of megabytes). */
function addParts(hash: Hash, parts: ReadonlyArray<string | Buffer | Uint8Array>): void {
  let joined = '';
  for (const part of parts) {
    if (typeof part === 'string' && part.length <= JOINED_PART) {
      joined += `${Buffer.byteLength(part, 'utf8')}:${part}`;
      continue;
    }
    if (joined !== '') {
      hash.update(joined, 'utf8');
      joined = '';
    }
    if (typeof part === 'string') {
      hash.update(`${Buffer.byteLength(part, 'utf8')}:`);
      hash.update(part, 'utf8');
    } else {
      hash.update(`${part.length}:`);
      hash.update(part);
    }
  }
  if (joined !== '') hash.update(joined, 'utf8');
}

/**
 * contentHash(...prefix, ...parts) for many keys that share a prefix (the tool's fingerprint): the prefix is
 * hashed once, and each key only adds its parts. The same hashes as contentHash.
 */
export function prefixedHash(...prefix: Array<string | Buffer | Uint8Array>): (...parts: Array<string | Buffer | Uint8Array>) => string {
  const base = createHash('sha256');
  addParts(base, prefix);
  return (...parts) => {
    const hash = base.copy();
    addParts(hash, parts);
    return hash.digest('hex');
  };
}

let fingerprint: string | undefined;

/** The edition's compiled stylesheets, by path in the package (see toolFingerprint). */
const EDITION_SEF = new Set([path.join('lib', 'xslt', 'html.sef.json'), path.join('lib', 'xslt', 'text.sef.json')]);

/**
 * Identifies the tool's own code: the package version plus the size and modification time of every
 * compiled module and stylesheet (but the edition's two, whose hash every key of the build has: stylesheetHash).
 * A rebuilt tool (a release, or `npm run compile` during development)
 * therefore never reuses results produced by different code.
 */
export function toolFingerprint(): string {
  if (fingerprint) return fingerprint;
  const root = PACKAGE_ROOT;
  const parts: string[] = [`format ${CACHE_FORMAT}`];
  try {
    parts.push(`version ${JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version}`);
  } catch {
    parts.push('version unknown');
  }
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      // Not the edition's compiled stylesheets: every key of the build has their hash (stylesheetHash), without the
      // checkout's location, which their size has.
      else if (/\.(js|json)$/.test(entry.name) && !EDITION_SEF.has(path.relative(root, full))) {
        const stat = fs.statSync(full);
        parts.push(`${path.relative(root, full)} ${stat.size} ${stat.mtimeMs}`);
      }
    }
  };
  walk(path.join(root, 'lib'));
  fingerprint = contentHash(...parts);
  return fingerprint;
}

export interface CacheStats {
  hits: number;
  misses: number;
  writes: number;
}

/**
 * The entries one run of a collection used, in one file (`<namespace>/packs/<scope>.jsonl`): the next run
 * of the same collection reads that one file instead of thousands of small ones (an incremental run of
 * 2,000 documents looks up some 6,000 entries). Every entry is still a file of its own as well: a pack is
 * only a faster way to the same content-addressed entries, never stale. Packs are kept in memory between
 * the runs of one process (`serve`); their values are shared, and are never modified.
 *
 * A pack is one `[format, key, value]` JSON line per entry, read and written a piece at a time: a pack of
 * 2,000 documents is some 150 MB, and one of 10,000 would be longer than the longest string V8 can make,
 * so it could be neither serialized nor parsed whole.
 *
 * A run that used entries the pack does not hold (those of the document that changed) appends them to the
 * pack's journal (`<scope>.jsonl.add`, lines of the same form) rather than writing the whole pack again
 * (tens of megabytes at 2,000 documents, for a few new entries). The pack is written anew, with only what
 * the run used, when it holds too many entries the run did not use (left from earlier versions of the
 * documents). A damaged line (a run killed while appending) is a miss, never an error.
 */
class Pack {
  /** What the pack file and its journal hold: read on the first look-up (a run that only stores entries of a kind never reads its pack). */
  private held: Map<string, unknown> | undefined;
  /** What this run used (looked up or stored), to be written back. */
  used = new Map<string, unknown>();
  /**
   * The JSON of the values this run stored (ResultCache.set made it for the entry's file): a pack line is made from
   * it rather than by serializing the value again (on ../shared/corpus a cold validate stores 14 MB of it).
   */
  texts = new Map<string, string>();
  private readonly journal: string;

  constructor(readonly file: string) {
    this.journal = `${file}.add`;
  }

  get stored(): Map<string, unknown> {
    if (this.held) return this.held;
    const held = new Map<string, unknown>();
    for (const source of [this.file, this.journal]) {
      forEachLine(source, (line) => {
        try {
          const [format, key, value] = JSON.parse(line) as [number, string, unknown];
          if (format === CACHE_FORMAT && typeof key === 'string') held.set(key, value);
        } catch {
          // an empty or damaged line: its entry's own file answers
        }
      });
    }
    return (this.held = held);
  }

  /** Keeps what the run used for the next run (appended, or the pack written anew); then starts the next run afresh. */
  save(): void {
    const used = this.used;
    const texts = this.texts;
    this.used = new Map();
    this.texts = new Map();
    const line = (entry: [string, unknown]): string => packLine(entry, texts.get(entry[0]));
    if (used.size === 0) return;
    const added = [...used].filter(([key]) => !this.stored.has(key));
    const unused = this.stored.size + added.length - used.size;
    // Entries no run uses any more cost only reading time: the pack is written anew when they are a quarter of it.
    if (this.stored.size > 0 && unused <= STALE_SHARE * used.size) {
      if (added.length === 0) return;
      try {
        makeFolders(path.dirname(this.file));
        // One write (O_APPEND) for all the lines: runs appending at once do not interleave within it.
        fs.appendFileSync(this.journal, added.map(line).join(''));
        for (const [key, value] of added) this.stored.set(key, value);
      } catch {
        // a cache that cannot be written is skipped
      }
      return;
    }
    this.stored.clear();
    for (const [key, value] of used) this.stored.set(key, value);
    const temporary = `${this.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      makeFolders(path.dirname(this.file));
      const fd = fs.openSync(temporary, 'w');
      try {
        let batch = '';
        for (const entry of used) {
          batch += line(entry);
          if (batch.length >= WRITE_BATCH) {
            fs.writeSync(fd, batch);
            batch = '';
          }
        }
        fs.writeSync(fd, batch);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(temporary, this.file);
      // The journal's entries are in the pack now, or no longer used (a run killed here leaves them: harmless).
      fs.rmSync(this.journal, { force: true });
      // A pack of the earlier format (one JSON object, `.json`) is never read again.
      const earlier = this.file.replace(/\.jsonl$/, '.json');
      for (const stale of [earlier, `${earlier}.add`]) fs.rmSync(stale, { force: true });
    } catch {
      fs.rmSync(temporary, { force: true });
    }
  }
}

/** One entry of a pack or its journal, as a line. */
function packLine([key, value]: [string, unknown], json?: string): string {
  // `json`, the value's JSON made before: the same line as the array's (JSON.stringify puts no space between elements).
  if (json !== undefined) return `[${CACHE_FORMAT},${JSON.stringify(key)},${json}]\n`;
  return `${JSON.stringify([CACHE_FORMAT, key, value])}\n`;
}

/** How many characters of lines a pack is written in at a time. */
const WRITE_BATCH = 1 << 22;

/**
 * Calls `onLine` with each non-empty line of a file, read a piece at a time; a file that cannot be read has no lines.
 * Each line is decoded from its own bytes (a newline byte is never part of a UTF-8 sequence, so this is the text a
 * decoder of the whole file would give): no string of a whole piece is made and then split, which took twice as
 * long on the 10 MB digest pack of 2,000 documents (fresh processes, alternated: 44-84 ms against 71-239 ms).
 */
function forEachLine(file: string, onLine: (line: string) => void): void {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return;
  }
  try {
    let buffer = Buffer.allocUnsafe(1 << 22);
    /** Bytes at the start of `buffer`: the line the last piece ended in, not yet whole. */
    let held = 0;
    for (;;) {
      // A line longer than the buffer: a buffer twice as long.
      if (held === buffer.length) {
        const longer = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(longer, 0, 0, held);
        buffer = longer;
      }
      const read = fs.readSync(fd, buffer, held, buffer.length - held, null);
      const end = held + read;
      let start = 0;
      for (let newline = buffer.indexOf(10, held); newline >= 0 && newline < end; newline = buffer.indexOf(10, start)) {
        if (newline > start) onLine(buffer.toString('utf8', start, newline));
        start = newline + 1;
      }
      if (read === 0) {
        if (start < end) onLine(buffer.toString('utf8', start, end));
        return;
      }
      buffer.copy(buffer, 0, start, end);
      held = end - start;
    }
  } catch {
    // a pack damaged or too large to read is read no further: the entries' own files answer
  } finally {
    fs.closeSync(fd);
  }
}

/** The share of a pack's entries that the run did not use beyond which the pack is written anew (see Pack). */
const STALE_SHARE = 0.25;

const packs = new Map<string, Pack>();

/**
 * Values read from their own entry files (not from a pack), kept in memory by a process that builds again (`serve`,
 * ResultCache.keepValues): the next build's look-up of the same key gets the same value without reading and parsing
 * its file again (a save at 2,000 documents looks up some 200 indexed documents of the search this way). Keys are
 * content-addressed, so a kept value is never stale; like a pack's, the values are shared and never modified. The
 * least recently used go first beyond `limit` bytes of their files.
 */
class ValueMemo {
  private readonly values = new Map<string, { value: unknown; bytes: number }>();
  private bytes = 0;

  constructor(private readonly limit: number) {}

  get(key: string): unknown {
    const kept = this.values.get(key);
    if (kept === undefined) return undefined;
    this.values.delete(key);
    this.values.set(key, kept);
    return kept.value;
  }

  set(key: string, value: unknown, bytes: number): void {
    if (bytes > this.limit / 4 || this.values.has(key)) return;
    this.values.set(key, { value, bytes });
    this.bytes += bytes;
    for (const [oldest, { bytes: size }] of this.values) {
      if (this.bytes <= this.limit) break;
      this.values.delete(oldest);
      this.bytes -= size;
    }
  }
}

const memos = new Map<string, ValueMemo>();

/** How a kind of entries is kept (ResultCache.kind). */
export interface KindOptions {
  /**
   * Whether a run's entries of this kind go into a pack (default true). Entries looked up only for the few
   * files that changed (a document's whole summary) are better read from their own files: a pack of them
   * would be read whole on every run for one or two entries.
   */
  pack?: boolean;
}

export class ResultCache {
  readonly stats: CacheStats;
  private readonly folder: string;
  private readonly pack: Pack | undefined;
  /** The views of this cache by kind of entry (shared by all of them), the default kind included. */
  private readonly kinds: Map<string, ResultCache>;
  /** The blob packs of this cache by kind (shared by all of its views). */
  private readonly blobPacks: Map<string, BlobPack>;
  /** What all views of this cache share: the values kept in memory, if they are (keepValues), and the entry files being written (writeInBackground). */
  private readonly shared: { memo?: ValueMemo; background?: BackgroundWrites };

  /**
   * @param dir the cache root (see `defaultCacheDir`)
   * @param namespace one folder per kind of result ("validate", "build"), so each can be cleared alone
   * @param scope what the run works on (the collection folder, say): runs of the same scope share a pack
   *   of the entries they use (see Pack); without one, every entry is read from its own file
   */
  constructor(dir: string, namespace: string, scope?: string);
  /** @internal a view of `root` for one kind of entries (ResultCache.kind) */
  constructor(dir: string, namespace: string, scope: string | undefined, kind: string, root: ResultCache, options: KindOptions);
  constructor(private readonly dir: string, private readonly namespace: string, private readonly scope?: string, kind?: string, root?: ResultCache, options: KindOptions = {}) {
    this.folder = path.join(dir, namespace);
    this.stats = root?.stats ?? { hits: 0, misses: 0, writes: 0 };
    this.kinds = root?.kinds ?? new Map();
    this.blobPacks = root?.blobPacks ?? new Map();
    this.shared = root?.shared ?? {};
    if (!root) this.kinds.set('', this);
    if (scope !== undefined && options.pack !== false) {
      // One pack per scope and kind: a run reads the packs of the kinds it looks up, and no other.
      const file = path.join(this.folder, 'packs', `${contentHash(scope).slice(0, 32)}${kind ? `.${kind}` : ''}.jsonl`);
      let pack = packs.get(file);
      if (!pack) packs.set(file, (pack = new Pack(file)));
      this.pack = pack;
    }
  }

  /**
   * The same cache for one kind of entries (the build's summary digests, its documents' pages…): the same
   * folder and statistics, and a pack of its own (`<scope>.<kind>.jsonl`), read only when an entry of the kind
   * is first looked up. So a run reads what it looks up and no more: an incremental build of 2,000 documents
   * reads their digests and page lists (a few megabytes), not the search's documents (tens of megabytes).
   */
  kind(name: string, options: KindOptions = {}): ResultCache {
    let view = this.kinds.get(name);
    if (!view) this.kinds.set(name, (view = new ResultCache(this.dir, this.namespace, this.scope, name, this, options)));
    return view;
  }

  /**
   * Small texts of one kind, many of them, each read alone (BlobPack): `<scope>.<kind>.blobs` beside the packs,
   * one per cache (a new cache, a new run: its index is read again on its first look-up).
   */
  blobs(kind: string): BlobPack {
    let pack = this.blobPacks.get(kind);
    if (!pack) this.blobPacks.set(kind, (pack = new BlobPack(path.join(this.folder, 'packs', `${this.scope === undefined ? 'unscoped' : contentHash(this.scope).slice(0, 32)}.${kind}.blobs`))));
    return pack;
  }

  /**
   * Keeps the values this process reads from their own entry files in memory (at most `limit` bytes of files, for
   * this cache folder and every later ResultCache of it): for a process that builds again (serve).
   */
  keepValues(limit: number): void {
    let memo = memos.get(this.folder);
    if (!memo) memos.set(this.folder, (memo = new ValueMemo(limit)));
    this.shared.memo = memo;
  }

  /**
   * Has this cache (every view of it) write its entry files on libuv's threads rather than this one, until `flush`: a
   * run that computes while it stores (validate: the rules of one document while the last one's results are written)
   * keeps the writing off its own thread. An entry being written is looked up from memory meanwhile.
   */
  writeInBackground(): void {
    this.shared.background ??= new BackgroundWrites();
  }

  /** Waits for the entry files being written in the background (writeInBackground), then writes on this thread again. */
  async flush(): Promise<void> {
    const background = this.shared.background;
    if (!background) return;
    await background.done();
    if (this.shared.background === background) this.shared.background = undefined;
  }

  /** Writes the pack of the entries this run used, for the next run of the same scope (at the end of a run). */
  savePack(): void {
    for (const view of this.kinds.values()) view.pack?.save();
    for (const pack of this.blobPacks.values()) pack.save();
  }

  /** Where the entry under `key` is (or would be) kept. */
  entryPath(key: string): string {
    return path.join(this.folder, key.slice(0, 2), key);
  }

  /** The file holding an entry, when there is one (the build copies cached pages straight from it). */
  entryFile(key: string): string | undefined {
    const file = this.entryPath(key);
    return fs.existsSync(file) ? file : undefined;
  }

  /** The file holding an entry and its size, when there is one: one system call (the build checks 6,000 pages' blobs per run). */
  entrySize(key: string): { file: string; size: number } | undefined {
    const file = this.entryPath(key);
    try {
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      return stat?.isFile() ? { file, size: stat.size } : undefined;
    } catch {
      return undefined;
    }
  }

  getBuffer(key: string): Buffer | undefined {
    try {
      const data = fs.readFileSync(this.entryPath(key));
      this.stats.hits++;
      return data;
    } catch {
      this.stats.misses++;
      return undefined;
    }
  }

  /**
   * The entry stored under `key`. `usable`, when given, decides whether it still holds, for an entry that
   * depends on more than its key can say (the files a document's rules happened to read); an entry it
   * rejects, like a corrupt one, is a miss.
   */
  get<T>(key: string, usable?: (value: T) => boolean): T | undefined {
    if (this.pack?.stored.has(key)) {
      const value = this.pack.stored.get(key) as T;
      if (!usable || usable(value)) {
        this.stats.hits++;
        this.pack.used.set(key, value);
        return value;
      }
    }
    const writing = this.shared.background?.values.get(key) as T | undefined;
    if (writing !== undefined && (!usable || usable(writing))) {
      this.stats.hits++;
      this.pack?.used.set(key, writing);
      return writing;
    }
    const memo = this.shared.memo;
    const kept = memo?.get(key) as T | undefined;
    if (kept !== undefined && (!usable || usable(kept))) {
      this.stats.hits++;
      this.pack?.used.set(key, kept);
      return kept;
    }
    const data = this.getBuffer(key);
    if (data === undefined) return undefined;
    try {
      const value = JSON.parse(data.toString('utf8')) as T;
      if (!usable || usable(value)) {
        this.pack?.used.set(key, value);
        memo?.set(key, value, data.length);
        return value;
      }
    } catch {
      // corrupt, or not of the shape `usable` expects
    }
    this.stats.hits--;
    this.stats.misses++;
    return undefined;
  }

  /**
   * Stores an entry (given as parts: their texts one after the other, each written as it is, never joined); a cache
   * that cannot be written (read-only disk, full disk) is silently skipped.
   */
  setBuffer(key: string, data: Buffer | string | readonly string[]): void {
    const target = this.entryPath(key);
    const background = this.shared.background;
    if (background && (typeof data === 'string' || Buffer.isBuffer(data)) && background.write(target, data, () => this.stats.writes++)) return;
    const temporary = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      makeFolders(path.dirname(target));
      if (typeof data === 'string' || Buffer.isBuffer(data)) fs.writeFileSync(temporary, data);
      else writePartsSync(temporary, data);
      fs.renameSync(temporary, target);
      this.stats.writes++;
    } catch {
      try {
        fs.rmSync(temporary, { force: true });
      } catch {
        // nothing to clean up
      }
    }
  }

  set(key: string, value: unknown): void {
    const json = JSON.stringify(value);
    // Looked up from memory until its file is written (a background write).
    this.shared.background?.values.set(key, value);
    this.setBuffer(key, json);
    this.pack?.used.set(key, value);
    if (json !== undefined) this.pack?.texts.set(key, json);
  }
}

/**
 * Entry files written on libuv's threads (ResultCache.writeInBackground), each atomically as on this thread (a temporary
 * file, then a rename), a few at a time (a cold run of 2,000 documents stores 6,000 entries: not 6,000 files open at
 * once). A file that cannot be written is skipped, as on this thread.
 */
class BackgroundWrites {
  /** The values of the entries being written, by key. */
  readonly values = new Map<string, unknown>();
  private readonly queue: Array<() => Promise<void>> = [];
  private running = 0;
  private readonly folders = new Set<string>();
  private idle: Array<() => void> = [];
  /** Characters (or bytes) of the files asked for and not yet written. */
  private pending = 0;

  /** Writes `target` in the background; false (nothing done) when the files not yet written are already BACKGROUND_CHARS: the caller writes it. */
  write(target: string, data: string | Buffer, written: () => void): boolean {
    if (this.pending + data.length > BACKGROUND_CHARS && this.pending > 0) return false;
    this.pending += data.length;
    this.queue.push(async () => {
      const temporary = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      try {
        const folder = path.dirname(target);
        if (!this.folders.has(folder)) {
          makeFolders(folder);
          this.folders.add(folder);
        }
        await fs.promises.writeFile(temporary, data);
        await fs.promises.rename(temporary, target);
        written();
      } catch {
        await fs.promises.rm(temporary, { force: true }).catch(() => undefined);
      } finally {
        this.pending -= data.length;
      }
    });
    this.next();
    return true;
  }

  private next(): void {
    while (this.running < BACKGROUND_WRITES && this.queue.length > 0) {
      const write = this.queue.shift()!;
      this.running += 1;
      void write().then(() => {
        this.running -= 1;
        this.next();
      });
    }
    if (this.running === 0 && this.queue.length === 0) {
      this.values.clear();
      for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  /** Resolves when every file asked for is written (or skipped). */
  done(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }
}

/** Entry files written at once in the background: libuv has four threads. */
const BACKGROUND_WRITES = 8;

/**
 * Characters of entry files waiting to be written in the background, at most: beyond them (the threads fall behind on
 * a busy machine) an entry is written on the calling thread, so that the texts waiting never hold much memory.
 */
const BACKGROUND_CHARS = 8 * 1024 * 1024;

/** Writes texts into a file one after the other (each whole: writeFileSync on a descriptor writes all of it). */
function writePartsSync(file: string, parts: readonly string[]): void {
  const fd = fs.openSync(file, 'w');
  try {
    for (const part of parts) fs.writeFileSync(fd, part);
  } finally {
    fs.closeSync(fd);
  }
}
