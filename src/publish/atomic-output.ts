import * as fs from 'fs';
import * as path from 'path';

/**
 * Writes a whole output folder so that readers only ever see the previous complete output or the new
 * complete output: everything is written into `<out>.tmp-<pid>` beside `<out>`, then swapped in with two
 * renames (old aside to `<out>.old-<pid>`, new into place) and the old one removed. Leftovers of a
 * killed run are cleaned up, or restored when the kill fell between the two renames, by the next run.
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

export function writeFolderAtomically(outDir: string, files: Map<string, OutputContent>): void {
  const target = path.resolve(outDir);
  recoverInterruptedRuns(target);
  const temporary = `${target}.tmp-${process.pid}`;
  const old = `${target}.old-${process.pid}`;
  fs.rmSync(temporary, { recursive: true, force: true });
  try {
    const made = new Set<string>();
    for (const [relative, content] of files) {
      const file = path.join(temporary, relative);
      if (!file.startsWith(temporary + path.sep)) throw new Error(`refusing to write outside the output folder: ${relative}`);
      if (!made.has(path.dirname(file))) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        made.add(path.dirname(file));
      }
      if (typeof content === 'object' && 'copyOf' in content) fs.copyFileSync(content.copyOf, file);
      else fs.writeFileSync(file, content);
    }
    fs.mkdirSync(temporary, { recursive: true });
  } catch (error) {
    fs.rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
  const hadOutput = fs.existsSync(target);
  if (hadOutput) fs.renameSync(target, old);
  fs.renameSync(temporary, target);
  if (hadOutput) fs.rmSync(old, { recursive: true, force: true });
}
