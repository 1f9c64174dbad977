import * as fs from 'fs';
import * as path from 'path';
import { DeferredWrites, writeCacheFile } from '../cache/deferred-writes';
import { makeFolders } from '../make-folders';

/**
 * Writes a whole output folder so that readers only ever see the previous complete output or the new
 * complete output: everything is written into `<out>.tmp-<pid>` beside `<out>`, then swapped in with two
 * renames (old aside to `<out>.old-<pid>`, new into place), and the old one is renamed to
 * `<out>.trash-<pid>-<n>` and removed in the background (thousands of files: `serve` does not wait for
 * it before the page reloads). Leftovers of a killed run are cleaned up, or restored when the kill fell
 * between the two renames, by the next run.
 *
 * The build streams into the temporary folder (OutputFolder): each page is written as soon as it is
 * rendered, and nothing of the edition is held in memory to be written at the end. A page that is the
 * same as in the previous output is not written again but hard-linked from it (see OutputManifest).
 *
 * The output a build swaps out is not removed but kept in the cache (beside the output's manifest, when that is on
 * the output's file system), as the next build's temporary folder: that build takes it by one rename and brings it
 * up to date by difference (OutputManifest.spare), which at 2,000 documents means replacing the twenty files that
 * changed rather than linking 6,000 into a new folder and removing 6,000 from the old one. The swap is the same two
 * renames; no reader ever sees the folder being brought up to date. A spare that is not as it was left (a file added,
 * removed or replaced in any of its folders) is removed, and the build starts from an empty folder as before.
 *
 * `serve` owns its output folder and publishes on every save: it updates the folder in place (OutputFolder's
 * `inPlace`), file by file. The temporary folder then holds only the files whose content changed, and the
 * commit renames each over its old version (a reader gets the old file or the new one, never part of one)
 * and removes the files the new output no longer has. A file that is the same is left where it is: at 2,000
 * documents a save renames a handful of files instead of linking 6,000 into a new tree.
 */

const LEFTOVER = /^(.*)\.(tmp|old|trash)-(\d+)(?:-\d+)?$/;

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temporary folders of dead runs; puts back an old output a run was killed while swapping. */
export function recoverInterruptedRuns(outDir: string): void {
  const parent = path.dirname(path.resolve(outDir));
  const base = path.basename(path.resolve(outDir));
  if (!fs.existsSync(parent)) return;
  for (const name of fs.readdirSync(parent)) {
    const match = LEFTOVER.exec(name);
    if (!match || match[1] !== base || isAlive(Number(match[3]))) continue;
    const leftover = path.join(parent, name);
    if (match[2] === 'old' && !fs.existsSync(path.resolve(outDir))) {
      fs.renameSync(leftover, path.resolve(outDir));
    } else {
      fs.rmSync(leftover, { recursive: true, force: true });
    }
  }
}

/** Old outputs swapped out by this process, and their removals in progress. */
let trashed = 0;
const removals = new Set<Promise<void>>();

/** Waits until the old outputs this process swapped out are removed (tests; a process exits only then anyway). */
export async function oldOutputsRemoved(): Promise<void> {
  while (removals.size > 0) await Promise.all([...removals]);
}

/** A file copied from elsewhere (a cached page) rather than held in memory. */
export interface CopyOf {
  copyOf: string;
}

export type OutputContent = string | Buffer | CopyOf;

/** A part of a file made of parts (OutputFolder.writeParts): the content of a file of the same output, as this run wrote or kept it. */
export interface OutputPart {
  output: string;
}

/** Values put into output files as they are written (the build's date and commit: edition-info.ts's Stamp). */
export interface OutputStamp {
  /** Names the values: kept with each stamped file's content key, so that a file stamped otherwise is not linked. */
  readonly id: string;
  applies(relative: string): boolean;
  apply(content: Buffer): Buffer;
}

/** The output folder could not be written (a read-only or full disk): nothing is published. */
export class OutputError extends Error {}

/** Runs a file-system operation on the output, turning its failure into an OutputError. */
function onOutput<T>(body: () => T): T {
  try {
    return body();
  } catch (error) {
    if (error instanceof OutputError) throw error;
    throw new OutputError(error instanceof Error ? error.message : String(error));
  }
}

/** What the manifest knows of an output file: what it holds (a key of its content), and its identity when written. */
type ManifestEntry = [key: string, dev: string, ino: string, size: string, mtimeNs: string];

/**
 * The output a build swapped out, kept as the next build's temporary folder (OutputFolder: `build`, not in place), as
 * the manifest notes it: where its files differ from the output's (`delta`: output path → its entry there, null where
 * it has none), the files it has that no entry names (written without a content key), and each of its folders'
 * identities (folderIdentity, by path in it, '' for itself) when it was put aside: while they are the same, no file
 * was added, removed or replaced in it since.
 */
interface SpareState {
  delta: Map<string, ManifestEntry | null>;
  keyless: string[];
  folders: Record<string, string>;
}

/** The output as the last build that swapped it in left it: its files written without a content key, its folders' identities. */
interface LiveState {
  keyless: string[];
  folders: Record<string, string>;
}

/** An output manifest as its file holds it. */
interface StoredManifest {
  format: number;
  files: Record<string, ManifestEntry>;
  live?: LiveState;
  spare?: { delta: Record<string, ManifestEntry | null>; keyless: string[]; folders: Record<string, string> };
}

function sameEntry(a: ManifestEntry, b: ManifestEntry): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3] && a[4] === b[4];
}

/**
 * What the last build wrote into an output folder, kept in the cache: for each file, a key of its
 * content (the blob key of a page, the hash of a TEI copy) and the file's identity when written (device,
 * inode, size, modification time). A file of the previous output that still has that identity still has
 * that content, so the next build hard-links it into its temporary folder instead of copying it: an
 * incremental build of 2,000 documents writes the few pages that changed and links the 6,000 others.
 * A file edited in place since has another modification time (or size), and is written anew; a file
 * replaced has another inode. Outputs are ours, so a file's identity is not expected to be forged.
 */
export class OutputManifest {
  private previous: Map<string, ManifestEntry>;
  private next = new Map<string, ManifestEntry>();
  /**
   * In place (`serve`): the contents of the previous output's files that the last build read as parts of a larger
   * file (the documents' texts in edition.txt), by the manifest entry of the file (its identity: dev, inode, size,
   * modification time; a file kept in place keeps its entry object from build to build): the next build copies an
   * unchanged text from here instead of opening 2,000 files again. Only the last build's.
   */
  parts = new Map<ManifestEntry, Buffer>();
  /**
   * In place (`serve`): each folder of the output, with its identity, as the last build left it. While every one
   * is unchanged (no file added, removed, renamed or replaced in any of them since: each of those changes its
   * folder's modification time), each file is the one the manifest notes, and holds() need not look at 6,000 files
   * on every save. A file's content edited in place is not noticed then: the folder is `serve`'s own.
   */
  folders: Map<string, string> | undefined;
  /** In place (`serve`): the output paths the last build left in the output (with `folders`). */
  paths: Set<string> | undefined;
  private trusted = false;
  /** The last build's folders and paths, when begin() found every folder unchanged since. */
  private unchanged: { folders: Map<string, string>; paths: Set<string> } | undefined;

  /**
   * The output the last build swapped out, kept for the next build to update (see SpareState); undefined when there is
   * none. Like `live`, it describes the folders as the last build (`previous`) left them: a build in place forgets both.
   */
  spare: SpareState | undefined;
  /** The output as the last build that swapped it in left it (see LiveState). */
  live: LiveState | undefined;
  /** Where the spare output is kept: beside the manifest, in the cache (on the output's file system, or there is none). */
  readonly spareFolder: string;

  /** @param file where the manifest of this output folder is kept (in the cache) */
  constructor(private readonly file: string) {
    this.previous = new Map();
    this.spareFolder = `${file.replace(/\.json$/, '')}.spare`;
    try {
      const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as StoredManifest;
      if (stored.format === 1) {
        for (const [name, entry] of Object.entries(stored.files)) if (Array.isArray(entry) && entry.length === 5) this.previous.set(name, entry);
        if (stored.live && Array.isArray(stored.live.keyless) && typeof stored.live.folders === 'object') this.live = stored.live;
        if (this.live && stored.spare && Array.isArray(stored.spare.keyless) && typeof stored.spare.folders === 'object' && typeof stored.spare.delta === 'object') {
          this.spare = { delta: new Map(Object.entries(stored.spare.delta)), keyless: stored.spare.keyless, folders: stored.spare.folders };
        }
      }
    } catch {
      // no manifest: every file is written
    }
  }

  /** The output paths the last build noted an entry for. */
  notedPaths(): IterableIterator<string> {
    return this.previous.keys();
  }

  /** Whether this build noted an entry for an output path. */
  recorded(relative: string): boolean {
    return this.next.has(relative);
  }

  /** Where what this build noted differs from what the last one did: output path → the last build's entry (null: none). */
  differences(): Map<string, ManifestEntry | null> {
    const delta = new Map<string, ManifestEntry | null>();
    for (const [relative, entry] of this.next) {
      const before = this.previous.get(relative);
      if (before !== entry && (!before || !sameEntry(before, entry))) delta.set(relative, before ?? null);
    }
    for (const [relative, before] of this.previous) if (!this.next.has(relative)) delta.set(relative, before);
    return delta;
  }

  /**
   * A new build of the same output folder starts (a session that keeps its manifest between builds: `serve`):
   * what the last build that published wrote is the previous output; what a discarded build noted is forgotten.
   */
  begin(): void {
    this.next = new Map();
    this.trusted = this.folders !== undefined && [...this.folders].every(([folder, identity]) => folderIdentity(folder) === identity);
    this.unchanged = this.trusted && this.paths ? { folders: this.folders!, paths: this.paths } : undefined;
    this.folders = undefined;
    this.paths = undefined;
  }

  /** In place: what the output held when this build began (the last build's folders and paths), when no folder of it changed since. */
  get unchangedOutput(): { folders: Map<string, string>; paths: Set<string> } | undefined {
    return this.unchanged;
  }

  /** Whether the previous output's file `relative` (in the folder `outDir`) still holds the content `key`. */
  holds(relative: string, outDir: string, key: string): ManifestEntry | undefined {
    const entry = this.previous.get(relative);
    if (!entry || entry[0] !== key) return undefined;
    if (this.trusted) return entry;
    let stat: fs.BigIntStats | undefined;
    try {
      stat = fs.lstatSync(path.join(outDir, relative), { bigint: true });
    } catch {
      return undefined;
    }
    return stat.isFile() && entry[1] === String(stat.dev) && entry[2] === String(stat.ino) && entry[3] === String(stat.size) && entry[4] === String(stat.mtimeNs) ? entry : undefined;
  }

  record(relative: string, entry: ManifestEntry | undefined): void {
    if (entry) this.next.set(relative, entry);
    else this.next.delete(relative);
  }

  static entry(key: string, stat: fs.BigIntStats): ManifestEntry {
    return [key, String(stat.dev), String(stat.ino), String(stat.size), String(stat.mtimeNs)];
  }

  /**
   * Keeps what this build wrote, for the next one (after the swap): in memory (begin) and in the cache (with
   * `deferred`, when that is flushed); a cache that cannot be written is skipped.
   */
  save(deferred?: DeferredWrites): void {
    this.previous = this.next;
    this.next = new Map();
    writeCacheFile(deferred, this.file, () => this.write());
  }

  /** Writes what the last build that published wrote (`previous`) to the manifest's file. */
  private write(): void {
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      makeFolders(path.dirname(this.file));
      const stored: StoredManifest = { format: 1, files: Object.fromEntries(this.previous) };
      if (this.live) stored.live = this.live;
      if (this.live && this.spare) stored.spare = { ...this.spare, delta: Object.fromEntries(this.spare.delta) };
      fs.writeFileSync(temporary, JSON.stringify(stored));
      fs.renameSync(temporary, this.file);
    } catch {
      fs.rmSync(temporary, { force: true });
    }
  }
}

/**
 * The next output, being written: files go into the temporary folder as they are finished, and
 * `commit` swaps the folder into place (or `discard` removes it, leaving the previous output as it was).
 * In place (`serve`): only the files whose content changed go into the temporary folder, and `commit` moves
 * them into the output one by one (see the top of this file).
 */
export class OutputFolder {
  readonly target: string;
  readonly temporary: string;
  private readonly made = new Set<string>();
  /** Every output path of this run (written, linked or kept). */
  private readonly written = new Set<string>();
  /** In place: the output paths the previous output holds as they must be (left where they are). */
  private readonly kept = new Set<string>();
  /** Output path → the manifest entry of the previous output's file, known to hold that content (holds). */
  private readonly held = new Map<string, { key: string; entry: ManifestEntry }>();
  private closed = false;
  /** In place, after the commit: the output's folders and their identities (OutputManifest.folders). */
  private folders: Map<string, string> | undefined;
  /**
   * Not in place: the spare output this run took as its temporary folder (the output the last build swapped out, see
   * OutputManifest.spare), which it brings up to date file by file; undefined when it started from an empty folder.
   */
  private spare: SpareState | undefined;
  /** Milliseconds spent writing files (reported as the `write` stage). */
  ms = 0;
  /** Files hard-linked from the previous output, or in place kept as they were, rather than written. */
  linked = 0;

  /**
   * @param manifest what the previous build wrote into this folder (files it can link), and where to note what this one writes
   * @param stamp values put into the files it applies to as they are written
   * @param inPlace update the output folder file by file (`serve`, which owns it) instead of swapping a whole new one in
   * @param deferred where the manifest's file is written from, when not at the commit (`serve`: DeferredWrites)
   */
  constructor(outDir: string, private readonly manifest?: OutputManifest, private readonly stamp?: OutputStamp, readonly inPlace = false, private readonly deferred?: DeferredWrites) {
    this.target = path.resolve(outDir);
    this.temporary = `${this.target}.tmp-${process.pid}`;
    manifest?.begin();
    onOutput(() => {
      recoverInterruptedRuns(this.target);
      fs.rmSync(this.temporary, { recursive: true, force: true });
      if (manifest && !inPlace) this.spare = this.claimSpare(manifest);
      if (!this.spare) makeFolders(this.temporary);
    });
  }

  /**
   * Takes the spare output (OutputManifest.spare) as this run's temporary folder, by one rename (of two runs at once,
   * one gets it), when its folders are as they were left; a spare that is not (or that the manifest does not describe)
   * is removed. Whatever happens, the manifest describes no spare any more: it is this run's, or gone.
   */
  private claimSpare(manifest: OutputManifest): SpareState | undefined {
    const state = manifest.spare;
    manifest.spare = undefined;
    const folder = manifest.spareFolder;
    if (!fs.lstatSync(folder, { throwIfNoEntry: false })) return undefined;
    if (state && Object.entries(state.folders).every(([dir, identity]) => folderIdentity(path.join(folder, dir)) === identity)) {
      try {
        fs.renameSync(folder, this.temporary);
        return state;
      } catch {
        // taken by another run, or not on the output's file system: this run starts from an empty folder
        return undefined;
      }
    }
    trashFolder(folder, this.target);
    return undefined;
  }

  /**
   * The entry of the spare's file `relative` when it holds the content `key` (spare: the temporary folder holds it
   * already). A file the spare shares with the output (no delta: the same inode, linked by the last build) holds
   * what the output's does (`live`: holds looked at it); one of its own is looked at.
   */
  private spareHolds(relative: string, key: string, live: ManifestEntry | undefined): ManifestEntry | undefined {
    const spare = this.spare!;
    if (!spare.delta.has(relative)) return live;
    const entry = spare.delta.get(relative);
    if (!entry || entry[0] !== key) return undefined;
    const stat = fs.lstatSync(this.staged(relative), { bigint: true, throwIfNoEntry: false });
    return stat?.isFile() && entry[1] === String(stat.dev) && entry[2] === String(stat.ino) && entry[3] === String(stat.size) && entry[4] === String(stat.mtimeNs) ? entry : undefined;
  }

  /** The output paths the spare holds files at (as its state says). */
  private sparePaths(): Set<string> {
    const spare = this.spare!;
    const paths = new Set<string>(spare.keyless);
    for (const relative of this.manifest!.notedPaths()) if (!spare.delta.has(relative)) paths.add(relative);
    for (const [relative, entry] of spare.delta) if (entry) paths.add(relative);
    return paths;
  }

  /** Makes ready to write an output path (`folder`: its folder in the temporary folder too). */
  private prepare(relative: string): string {
    const file = this.staged(relative);
    const dir = path.dirname(file);
    if (!this.made.has(dir)) {
      // The spare may hold a file where a folder now goes.
      if (this.spare) makeFolder(this.temporary, dir);
      else makeFolders(dir);
      this.made.add(dir);
    }
    this.note(relative);
    // The spare's file goes first, never written into: it may be a link to the output's.
    if (this.spare) fs.rmSync(file, { recursive: true, force: true });
    return file;
  }

  /** Notes an output path of this run (written, linked or kept). */
  private note(relative: string): void {
    if (this.closed) throw new Error('the output folder was already committed or discarded');
    // Written before in this run: removed first, for it may be a link to the previous output, which must not change.
    if (this.written.has(relative) && !this.kept.delete(relative)) fs.rmSync(this.staged(relative), { force: true });
    this.written.add(relative);
  }

  /**
   * Whether the previous output's file `relative` holds the content `contentKey` (OutputManifest), so that this run
   * need not write it: the page store asks before it looks for the page's blob in the cache (the blob is then not
   * needed). One look at the file per run: write uses the answer.
   */
  holds(relative: string, contentKey: string): boolean {
    return this.heldEntry(relative, this.fileKey(relative, contentKey) as string) !== undefined;
  }

  private heldEntry(relative: string, key: string): ManifestEntry | undefined {
    if (!this.manifest || this.closed) return undefined;
    const known = this.held.get(relative);
    if (known?.key === key) return known.entry;
    const entry = this.manifest.holds(relative, this.target, key);
    if (entry) this.held.set(relative, { key, entry });
    return entry;
  }

  /**
   * Writes (or overwrites) one output file. `key` identifies its content (a blob key, a source hash): the
   * previous output's file is linked (in place: kept) instead when it holds the same (OutputManifest).
   */
  write(relative: string, content: OutputContent, contentKey?: string): void {
    const started = performance.now();
    const stamped = this.stamped(relative);
    const key = this.fileKey(relative, contentKey);
    try {
      onOutput(() => {
        const entry = key === undefined ? undefined : this.heldEntry(relative, key);
        if (entry && this.inPlace) {
          // Kept where it is: a path the manifest noted, so one the last build wrote inside the output (staged).
          this.note(relative);
          this.kept.add(relative);
          this.manifest!.record(relative, entry);
          this.linked++;
          return;
        }
        const spared = this.spare && key !== undefined && !this.written.has(relative) ? this.spareHolds(relative, key, entry) : undefined;
        if (spared) {
          // Already in the temporary folder (the spare), as it must be.
          this.note(relative);
          this.manifest!.record(relative, spared);
          this.linked++;
          return;
        }
        const file = this.prepare(relative);
        if (entry) {
          const previous = path.join(this.target, relative);
          try {
            fs.linkSync(previous, file);
            this.manifest!.record(relative, entry);
            this.linked++;
            return;
          } catch {
            // another file system, or links refused: copied below, from the previous output (which holds the
            // content; the blob it would be copied from may not have been looked for: holds)
            content = { copyOf: previous };
          }
        }
        if (stamped) fs.writeFileSync(file, stamped.apply(typeof content === 'object' && 'copyOf' in content ? fs.readFileSync(content.copyOf) : Buffer.from(content)));
        else if (typeof content === 'object' && 'copyOf' in content) fs.copyFileSync(content.copyOf, file);
        else fs.writeFileSync(file, content);
        this.manifest?.record(relative, key === undefined ? undefined : OutputManifest.entry(key, fs.statSync(file, { bigint: true })));
      });
    } finally {
      this.ms += performance.now() - started;
    }
  }

  /** Links (in place: keeps) the previous output's file when it holds the content `key` (OutputManifest); false when it must be written. */
  reuse(relative: string, key: string): boolean {
    if (!this.holds(relative, key)) return false;
    const before = this.linked;
    this.write(relative, { copyOf: path.join(this.target, relative) }, key);
    return this.linked > before;
  }

  /**
   * Writes a file made of parts, strings and other files' contents, one part at a time: a file as large
   * as the whole collection (edition.txt) is never held in memory. The writes go through the thread pool: this
   * thread gathers the parts while the system copies the last batch (30 MB at 2,000 documents).
   */
  async writeParts(relative: string, parts: Array<string | CopyOf | OutputPart>, contentKey?: string): Promise<void> {
    const started = performance.now();
    const stamped = this.stamped(relative);
    const key = this.fileKey(relative, contentKey);
    try {
      const file = onOutput(() => this.prepare(relative));
      let handle: fs.promises.FileHandle | undefined;
      try {
        handle = await fs.promises.open(file, 'w');
        // In place, the parts that are unchanged files of the previous output are kept in memory for the next build.
        const kept = this.inPlace && this.manifest ? new Map<ManifestEntry, Buffer>() : undefined;
        // Written a batch of parts at a time (one system call for many documents' texts), the next gathered meanwhile.
        let writing: Promise<void> = Promise.resolve();
        let batch: Buffer[] = [];
        let size = 0;
        for (const part of parts) {
          const read = typeof part === 'string' ? Buffer.from(part, 'utf8') : 'output' in part ? this.outputPart(part.output, kept) : fs.readFileSync(part.copyOf);
          // A file of this output is stamped already (its manifest key names the stamp): 30 MB not searched again at 2,000 documents.
          const bytes = stamped && (typeof part === 'string' || !('output' in part)) ? stamped.apply(read) : read;
          batch.push(bytes);
          size += bytes.length;
          if (size >= WRITE_BATCH || batch.length >= 512) {
            // The last batch written first: one batch is written while the next is gathered, never the whole file held
            // (this loop reads synchronously, so batches merely chained would all be read before the first was written).
            await writing;
            writing = writeAll(handle, batch);
            // Awaited at the next batch or at the end; meanwhile a failure is not an unhandled rejection (a read that fails first throws).
            writing.catch(() => undefined);
            batch = [];
            size = 0;
          }
        }
        await writing;
        await writeAll(handle, batch);
        if (kept) this.manifest!.parts = kept;
        const stat = await handle.stat({ bigint: true });
        this.manifest?.record(relative, key === undefined ? undefined : OutputManifest.entry(key, stat));
      } catch (error) {
        throw error instanceof OutputError ? error : new OutputError(error instanceof Error ? error.message : String(error));
      } finally {
        await handle?.close();
      }
    } finally {
      this.ms += performance.now() - started;
    }
  }

  /**
   * A part of a file being written (writeParts): an output file of this run. In place, a file of the previous output this run
   * keeps is taken from what the last build read of it (OutputManifest.parts), and noted in `kept`.
   */
  private outputPart(relative: string, kept: Map<ManifestEntry, Buffer> | undefined): Buffer {
    const entry = kept && this.kept.has(relative) ? this.held.get(relative)?.entry : undefined;
    if (!entry) return fs.readFileSync(this.fileOf(relative));
    const content = this.manifest!.parts.get(entry) ?? fs.readFileSync(path.join(this.target, relative));
    kept!.set(entry, content);
    return content;
  }

  /** The stamp, when it applies to this output path. */
  private stamped(relative: string): OutputStamp | undefined {
    return this.stamp?.applies(relative) ? this.stamp : undefined;
  }

  /** What the manifest keeps of a file's content: the content's key, and the stamp's when the file is stamped. */
  private fileKey(relative: string, contentKey: string | undefined): string | undefined {
    return contentKey === undefined || !this.stamped(relative) ? contentKey : `${contentKey} ${this.stamp?.id}`;
  }

  /** Where an output path is written to, in the temporary folder. */
  private staged(relative: string): string {
    const file = path.join(this.temporary, relative);
    if (!file.startsWith(this.temporary + path.sep)) throw new OutputError(`refusing to write outside the output folder: ${relative}`);
    return file;
  }

  /** The file that holds an output file of this run, as written: in the temporary folder, or in place the previous output's file it keeps. */
  fileOf(relative: string): string {
    const file = this.staged(relative);
    return this.kept.has(relative) ? path.join(this.target, relative) : file;
  }

  /** Removes an output file written earlier in this run (a document that lost its name to an earlier one). */
  remove(relative: string): void {
    if (!this.written.delete(relative)) return;
    // Kept in place: not written, and the commit removes it from the output (no longer one of this run's files).
    if (!this.kept.delete(relative)) fs.rmSync(this.staged(relative), { force: true });
    this.manifest?.record(relative, undefined);
  }

  /** An output file of this run, as written. */
  read(relative: string): Buffer {
    return fs.readFileSync(this.fileOf(relative));
  }

  has(relative: string): boolean {
    return this.written.has(relative);
  }

  /** How many files the output holds. */
  get files(): number {
    return this.written.size;
  }

  /** Swaps the new output into place: two renames, then the old output is removed. In place: see updateInPlace. */
  commit(): void {
    if (this.closed) throw new Error('the output folder was already committed or discarded');
    const started = performance.now();
    onOutput(() => {
      // In place, the output is not left as a build by difference notes it: its spare's differences and its folders no longer hold.
      if (this.inPlace && this.manifest) this.manifest.spare = this.manifest.live = undefined;
      if (this.inPlace && fs.lstatSync(this.target, { throwIfNoEntry: false })?.isDirectory()) {
        this.updateInPlace();
        this.closed = true;
        return;
      }
      this.folders = undefined;
      if (this.spare) this.removeFromSpare();
      const old = `${this.target}.old-${process.pid}`;
      const hadOutput = fs.existsSync(this.target);
      // The output as the last build left it (no file added, removed or replaced since): it can be the next one's spare.
      const live = this.manifest?.live;
      const spareable = hadOutput && this.manifest !== undefined && !this.inPlace && live !== undefined
        && Object.entries(live.folders).every(([dir, identity]) => folderIdentity(path.join(this.target, dir)) === identity);
      if (hadOutput) fs.renameSync(this.target, old);
      try {
        fs.renameSync(this.temporary, this.target);
      } catch (error) {
        if (hadOutput) fs.renameSync(old, this.target);
        throw error;
      }
      this.closed = true;
      if (this.manifest && !this.inPlace) this.keepSpare(hadOutput ? old : undefined, spareable ? live : undefined);
      else if (hadOutput) trashFolder(old, this.target);
    });
    this.manifest?.save(this.deferred);
    if (this.manifest) {
      this.manifest.folders = this.folders;
      this.manifest.paths = this.folders ? new Set(this.written) : undefined;
    }
    this.ms += performance.now() - started;
  }

  /**
   * The spare's files this run did not write (pages of documents removed or renamed) are removed, with the folders
   * they leave empty: the temporary folder then holds this run's files and no other.
   */
  private removeFromSpare(): void {
    for (const relative of this.sparePaths()) {
      if (this.written.has(relative)) continue;
      const file = path.join(this.temporary, relative);
      try {
        if (fs.lstatSync(file).isDirectory()) continue;
        fs.unlinkSync(file);
      } catch {
        continue;
      }
      for (let dir = path.dirname(file); dir !== this.temporary && dir.startsWith(this.temporary); dir = path.dirname(dir)) {
        try {
          fs.rmdirSync(dir);
        } catch {
          break;
        }
      }
    }
  }

  /**
   * After the swap: the output swapped out (`old`) is kept as the next build's spare when it is as the last build left
   * it (`live`), else removed; the manifest notes the new output's state and the spare's (OutputManifest.live, spare).
   */
  private keepSpare(old: string | undefined, live: LiveState | undefined): void {
    const manifest = this.manifest!;
    const keyless = [...this.written].filter((relative) => !manifest.recorded(relative));
    const now: LiveState = { keyless, folders: folderIdentities(this.target, this.written) };
    manifest.spare = undefined;
    manifest.live = now;
    if (old === undefined) return;
    if (live !== undefined) {
      try {
        // Another run's spare, put there meanwhile: this one's is newer.
        if (fs.lstatSync(manifest.spareFolder, { throwIfNoEntry: false })) trashFolder(manifest.spareFolder, this.target);
        makeFolders(path.dirname(manifest.spareFolder));
        fs.renameSync(old, manifest.spareFolder);
        const paths = new Set<string>(live.keyless);
        for (const relative of manifest.notedPaths()) paths.add(relative);
        manifest.spare = { delta: manifest.differences(), keyless: live.keyless, folders: folderIdentities(manifest.spareFolder, paths) };
        return;
      } catch {
        // the cache is on another file system, or cannot be written: the old output goes
      }
    }
    trashFolder(old, this.target);
  }

  /**
   * The in-place commit: each file written by this run replaces its old version, then what the output holds beyond
   * this run's files (pages of documents removed or renamed, a stray file) is removed, then the temporary folder
   * (in the background, as the old outputs of `commit`). Killed half-way, the output is part old, part new, and the
   * next build (whose manifest is the last complete one) writes what does not match again.
   *
   * A file is replaced by two renames, the old one aside into the temporary folder, then the new one into its
   * place, rather than one rename over it: ext4 flushes a file renamed over another to disk at once (its
   * auto_da_alloc safeguard), which made each rename cost milliseconds (edition.txt, 30 MB at 2,000 documents,
   * far more). A page asked for between the two renames (microseconds) is not found, and reloads itself with the
   * others once the build is announced; no reader ever gets part of a file.
   */
  private updateInPlace(): void {
    const made = new Set<string>();
    const aside = path.join(this.temporary, '.replaced');
    makeFolders(aside);
    let replaced = 0;
    for (const relative of this.written) {
      if (this.kept.has(relative)) continue;
      const to = path.join(this.target, relative);
      const dir = path.dirname(to);
      if (!made.has(dir)) {
        makeFolder(this.target, dir);
        made.add(dir);
      }
      const old = fs.lstatSync(to, { throwIfNoEntry: false });
      // A folder where the file goes (an output of another shape) goes whole.
      if (old) fs.renameSync(to, path.join(aside, String(++replaced)));
      fs.renameSync(this.staged(relative), to);
    }
    // The output held exactly the last build's paths, in folders unchanged since (a save of a document): when this
    // run keeps every one of them, in the same folders, there is nothing to remove, and only the folders it wrote
    // into have new identities. Otherwise the output is listed, its 6,000 files at 2,000 documents, for what to remove.
    const before = this.manifest?.unchangedOutput;
    if (before && [...made].every((dir) => before.folders.has(dir)) && [...before.paths].every((relative) => this.written.has(relative))) {
      const folders = new Map(before.folders);
      for (const dir of made) folders.set(dir, folderIdentity(dir) ?? '');
      this.folders = folders;
    } else {
      const folders = new Map<string, string>();
      removeOthers(this.target, '', this.written, folders);
      this.folders = folders;
    }
    const trash = `${this.target}.trash-${process.pid}-${++trashed}`;
    fs.renameSync(this.temporary, trash);
    removeInBackground(trash);
  }

  /** Removes the temporary folder: the previous output stays as it was. */
  discard(): void {
    if (this.closed) return;
    this.closed = true;
    // A spare holds the whole output: removed in the background.
    if (this.spare) trashFolder(this.temporary, this.target);
    else fs.rmSync(this.temporary, { recursive: true, force: true });
  }

  /** Whether this run brings the output the last build swapped out up to date (OutputManifest.spare), rather than writing a new folder. */
  get byDifference(): boolean {
    return this.spare !== undefined;
  }
}

/** How many bytes of parts writeParts gathers before it writes them. */
const WRITE_BATCH = 1 << 22;

/** Writes buffers, one after the other, whole. */
async function writeAll(handle: fs.promises.FileHandle, buffers: Buffer[]): Promise<void> {
  if (buffers.length === 0) return;
  let { bytesWritten: written } = await handle.writev(buffers);
  for (const buffer of buffers) {
    if (written >= buffer.length) {
      written -= buffer.length;
      continue;
    }
    // A short write (rare, on a full disk it throws next): the rest one buffer at a time.
    for (let at = written; at < buffer.length;) at += (await handle.write(buffer, at, buffer.length - at)).bytesWritten;
    written = 0;
  }
}

/**
 * Renames a folder to a trash name of its own beside the output `target` (the next build of this process may swap
 * again before it is gone) and removes it in the background.
 */
function trashFolder(folder: string, target: string): void {
  // Named as the output's, so that the next run removes it if this one is killed first (recoverInterruptedRuns).
  const trash = `${target}.trash-${process.pid}-${++trashed}`;
  try {
    fs.renameSync(folder, trash);
  } catch {
    // not on the output's file system (a spare in the cache)
    removeInBackground(folder);
    return;
  }
  removeInBackground(trash);
}

/** The identities of a folder and of every folder the output paths `paths` lie in, by path in it ('' for itself). */
function folderIdentities(root: string, paths: Iterable<string>): Record<string, string> {
  const dirs = new Set<string>(['']);
  for (const relative of paths) {
    for (let end = relative.lastIndexOf('/'); end > 0; end = relative.lastIndexOf('/', end - 1)) {
      const dir = relative.slice(0, end);
      if (dirs.has(dir)) break;
      dirs.add(dir);
    }
  }
  const identities: Record<string, string> = {};
  for (const dir of dirs) identities[dir] = folderIdentity(dir === '' ? root : path.join(root, dir)) ?? '';
  return identities;
}

/** Removes a folder in the background (oldOutputsRemoved waits for it). */
function removeInBackground(folder: string): void {
  const removal: Promise<void> = fs.promises.rm(folder, { recursive: true, force: true }).catch(() => undefined).then(() => {
    removals.delete(removal);
  });
  removals.add(removal);
}

/** Makes `dir` (inside `root`), replacing a file that stands where one of its folders goes. */
function makeFolder(root: string, dir: string): void {
  try {
    makeFolders(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST' && (error as NodeJS.ErrnoException).code !== 'ENOTDIR') throw error;
    // A file (or a symbolic link) in the way: removed, from the top down, then the folders made.
    let at = root;
    for (const part of path.relative(root, dir).split(path.sep)) {
      at = path.join(at, part);
      const stat = fs.lstatSync(at, { throwIfNoEntry: false });
      if (stat && !stat.isDirectory()) fs.rmSync(at, { force: true });
    }
    makeFolders(dir);
  }
}

/**
 * Removes from `dir` (`prefix`: its output path) every file that is not one of `keep` (output paths), and the
 * folders left empty. Symbolic links are removed, never followed.
 */
function removeOthers(dir: string, prefix: string, keep: Set<string>, folders: Map<string, string>): boolean {
  let left = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const relative = `${prefix}${entry.name}`;
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (removeOthers(file, `${relative}/`, keep, folders)) fs.rmdirSync(file);
      else left++;
    } else if (keep.has(relative)) {
      left++;
    } else {
      fs.rmSync(file, { force: true });
    }
  }
  // Its identity once its entries are as the build leaves them (a folder removed as empty is not noted).
  if (left > 0 || prefix === '') folders.set(dir, folderIdentity(dir) ?? '');
  return left === 0;
}

/** A folder's identity and times: any entry added, removed or renamed in it changes them. */
function folderIdentity(folder: string): string | undefined {
  const stat = fs.lstatSync(folder, { bigint: true, throwIfNoEntry: false });
  return stat?.isDirectory() ? `${stat.dev}:${stat.ino}:${stat.mtimeNs}:${stat.ctimeNs}` : undefined;
}

export function writeFolderAtomically(outDir: string, files: Map<string, OutputContent>): void {
  const output = new OutputFolder(outDir);
  try {
    for (const [relative, content] of files) output.write(relative, content);
  } catch (error) {
    output.discard();
    throw error;
  }
  output.commit();
}
