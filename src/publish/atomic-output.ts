import * as fs from 'fs';
import * as path from 'path';

/**
 * Writes a whole output folder so that readers only ever see the previous complete output or the new
 * complete output: everything is written into `<out>.tmp-<pid>` beside `<out>`, then swapped in with two
 * renames (old aside to `<out>.old-<pid>`, new into place) and the old one removed. Leftovers of a
 * killed run are cleaned up, or restored when the kill fell between the two renames, by the next run.
 *
 * The build streams into the temporary folder (OutputFolder): each page is written as soon as it is
 * rendered, and nothing of the edition is held in memory to be written at the end.
 */

const LEFTOVER = /^(.*)\.(tmp|old)-(\d+)$/;

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

/** A file copied from elsewhere (a cached page) rather than held in memory. */
export interface CopyOf {
  copyOf: string;
}

export type OutputContent = string | Buffer | CopyOf;

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

  constructor(outDir: string) {
    this.target = path.resolve(outDir);
    this.temporary = `${this.target}.tmp-${process.pid}`;
    onOutput(() => {
      recoverInterruptedRuns(this.target);
      fs.rmSync(this.temporary, { recursive: true, force: true });
      fs.mkdirSync(this.temporary, { recursive: true });
    });
  }

  /** The file in the temporary folder for an output path (html/…, text/…), refusing any path that leads outside. */
  private fileOf(relative: string): string {
    const file = path.join(this.temporary, relative);
    if (!file.startsWith(this.temporary + path.sep)) throw new OutputError(`refusing to write outside the output folder: ${relative}`);
    return file;
  }

  private prepare(relative: string): string {
    if (this.closed) throw new Error('the output folder was already committed or discarded');
    const file = this.fileOf(relative);
    const dir = path.dirname(file);
    if (!this.made.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      this.made.add(dir);
    }
    this.written.add(relative);
    return file;
  }

  /** Writes (or overwrites) one output file. */
  write(relative: string, content: OutputContent): void {
    const started = performance.now();
    try {
      onOutput(() => {
        const file = this.prepare(relative);
        if (typeof content === 'object' && 'copyOf' in content) fs.copyFileSync(content.copyOf, file);
        else fs.writeFileSync(file, content);
      });
    } finally {
      this.ms += performance.now() - started;
    }
  }

  /** Removes an output file written earlier in this run (a document that lost its name to an earlier one). */
  remove(relative: string): void {
    if (!this.written.delete(relative)) return;
    fs.rmSync(this.fileOf(relative), { force: true });
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
      if (hadOutput) fs.rmSync(old, { recursive: true, force: true });
    });
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
