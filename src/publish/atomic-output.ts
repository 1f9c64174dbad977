import * as fs from 'fs';
import * as path from 'path';

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
 * What the last build wrote into an output folder, kept in the cache: for each file, a key of its
 * content (the blob key of a page, the hash of a TEI copy) and the file's identity when written (device,
 * inode, size, modification time). A file of the previous output that still has that identity still has
 * that content, so the next build hard-links it into its temporary folder instead of copying it: an
 * incremental build of 2,000 documents writes the few pages that changed and links the 6,000 others.
 * A file edited in place since has another modification time (or size), and is written anew; a file
 * replaced has another inode. Outputs are ours, so a file's identity is not expected to be forged.
 */
export class OutputManifest {
  private readonly previous: Map<string, ManifestEntry>;
  private readonly next = new Map<string, ManifestEntry>();

  /** @param file where the manifest of this output folder is kept (in the cache) */
  constructor(private readonly file: string) {
    this.previous = new Map();
    try {
      const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { format: number; files: Record<string, ManifestEntry> };
      if (stored.format === 1) for (const [name, entry] of Object.entries(stored.files)) if (Array.isArray(entry) && entry.length === 5) this.previous.set(name, entry);
    } catch {
      // no manifest: every file is written
    }
  }

  /** Whether the previous output's file `relative` (at `file`) still holds the content `key`. */
  holds(relative: string, file: string, key: string): ManifestEntry | undefined {
    const entry = this.previous.get(relative);
    if (!entry || entry[0] !== key) return undefined;
    let stat: fs.BigIntStats | undefined;
    try {
      stat = fs.lstatSync(file, { bigint: true });
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

  /** Keeps what this build wrote, for the next one (after the swap); a cache that cannot be written is skipped. */
  save(): void {
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.writeFileSync(temporary, JSON.stringify({ format: 1, files: Object.fromEntries(this.next) }));
      fs.renameSync(temporary, this.file);
    } catch {
      fs.rmSync(temporary, { force: true });
    }
  }
}

/**
 * The next output, being written: files go into the temporary folder as they are finished, and
 * `commit` swaps the folder into place (or `discard` removes it, leaving the previous output as it was).
 */
export class OutputFolder {
  readonly target: string;
  readonly temporary: string;
  private readonly made = new Set<string>();
  private readonly written = new Set<string>();
  private closed = false;
  /** Milliseconds spent writing files (reported as the `write` stage). */
  ms = 0;
  /** Files hard-linked from the previous output rather than written. */
  linked = 0;

  /**
   * @param manifest what the previous build wrote into this folder (files it can link), and where to note what this one writes
   * @param stamp values put into the files it applies to as they are written
   */
  constructor(outDir: string, private readonly manifest?: OutputManifest, private readonly stamp?: OutputStamp) {
    this.target = path.resolve(outDir);
    this.temporary = `${this.target}.tmp-${process.pid}`;
    onOutput(() => {
      recoverInterruptedRuns(this.target);
      fs.rmSync(this.temporary, { recursive: true, force: true });
      fs.mkdirSync(this.temporary, { recursive: true });
    });
  }

  private prepare(relative: string): string {
    if (this.closed) throw new Error('the output folder was already committed or discarded');
    const file = this.fileOf(relative);
    const dir = path.dirname(file);
    if (!this.made.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      this.made.add(dir);
    }
    // Written before in this run: removed first, for it may be a link to the previous output, which must not change.
    if (this.written.has(relative)) fs.rmSync(file, { force: true });
    this.written.add(relative);
    return file;
  }

  /**
   * Writes (or overwrites) one output file. `key` identifies its content (a blob key, a source hash): the
   * previous output's file is linked instead when it holds the same (OutputManifest).
   */
  write(relative: string, content: OutputContent, contentKey?: string): void {
    const started = performance.now();
    const stamped = this.stamped(relative);
    const key = this.fileKey(relative, contentKey);
    try {
      onOutput(() => {
        const file = this.prepare(relative);
        if (key !== undefined && this.manifest) {
          const previous = path.join(this.target, relative);
          const entry = this.manifest.holds(relative, previous, key);
          if (entry) {
            try {
              fs.linkSync(previous, file);
              this.manifest.record(relative, entry);
              this.linked++;
              return;
            } catch {
              // another file system, or links refused: written below
            }
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

  /** Links the previous output's file when it holds the content `key` (OutputManifest); false when it must be written. */
  reuse(relative: string, key: string): boolean {
    if (!this.manifest) return false;
    const previous = path.join(this.target, relative);
    if (!this.manifest.holds(relative, previous, this.fileKey(relative, key) as string)) return false;
    const before = this.linked;
    this.write(relative, { copyOf: previous }, key);
    return this.linked > before;
  }

  /**
   * Writes a file made of parts, strings and other files' contents, one part at a time: a file as large
   * as the whole collection (edition.txt) is never held in memory.
   */
  writeParts(relative: string, parts: Array<string | CopyOf>, contentKey?: string): void {
    const started = performance.now();
    const stamped = this.stamped(relative);
    const key = this.fileKey(relative, contentKey);
    try {
      onOutput(() => {
        const file = this.prepare(relative);
        const fd = fs.openSync(file, 'w');
        try {
          for (const part of parts) {
            const read = typeof part === 'string' ? Buffer.from(part, 'utf8') : fs.readFileSync(part.copyOf);
            const bytes = stamped ? stamped.apply(read) : read;
            for (let at = 0; at < bytes.length;) at += fs.writeSync(fd, bytes, at, bytes.length - at);
          }
        } finally {
          fs.closeSync(fd);
        }
        this.manifest?.record(relative, key === undefined ? undefined : OutputManifest.entry(key, fs.statSync(file, { bigint: true })));
      });
    } finally {
      this.ms += performance.now() - started;
    }
  }

  /** The stamp, when it applies to this output path. */
  private stamped(relative: string): OutputStamp | undefined {
    return this.stamp?.applies(relative) ? this.stamp : undefined;
  }

  /** What the manifest keeps of a file's content: the content's key, and the stamp's when the file is stamped. */
  private fileKey(relative: string, contentKey: string | undefined): string | undefined {
    return contentKey === undefined || !this.stamped(relative) ? contentKey : `${contentKey} ${this.stamp?.id}`;
  }

  /** The file an output path is written to, in the temporary folder. */
  fileOf(relative: string): string {
    const file = path.join(this.temporary, relative);
    if (!file.startsWith(this.temporary + path.sep)) throw new OutputError(`refusing to write outside the output folder: ${relative}`);
    return file;
  }

  /** Removes an output file written earlier in this run (a document that lost its name to an earlier one). */
  remove(relative: string): void {
    if (!this.written.delete(relative)) return;
    fs.rmSync(this.fileOf(relative), { force: true });
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

  /** Swaps the new output into place: two renames, then the old output is removed. */
  commit(): void {
    if (this.closed) throw new Error('the output folder was already committed or discarded');
    const started = performance.now();
    onOutput(() => {
      const old = `${this.target}.old-${process.pid}`;
      const hadOutput = fs.existsSync(this.target);
      if (hadOutput) fs.renameSync(this.target, old);
      try {
        fs.renameSync(this.temporary, this.target);
      } catch (error) {
        if (hadOutput) fs.renameSync(old, this.target);
        throw error;
      }
      this.closed = true;
      if (hadOutput) {
        // A name of its own: the next build of this process may swap again before this one is gone.
        const trash = `${this.target}.trash-${process.pid}-${++trashed}`;
        fs.renameSync(old, trash);
        const removal: Promise<void> = fs.promises.rm(trash, { recursive: true, force: true }).catch(() => undefined).then(() => {
          removals.delete(removal);
        });
        removals.add(removal);
      }
    });
    this.manifest?.save();
    this.ms += performance.now() - started;
  }

  /** Removes the temporary folder: the previous output stays as it was. */
  discard(): void {
    if (this.closed) return;
    this.closed = true;
    fs.rmSync(this.temporary, { recursive: true, force: true });
  }
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
