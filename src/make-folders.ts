import * as fs from 'fs';
import * as path from 'path';

/**
 * Creates `folder` and its missing parents, outermost first, and returns those it created: what
 * `fs.mkdirSync(folder, { recursive: true })` does, except where a folder cannot be made at all. There
 * Node's own loops for ever: under a pseudo file system such as /proc, mkdir answers "no such file" although
 * the parent exists, and Node tries the parent and the folder again and again; a build told to write there hung
 * instead of saying so. Here that answer is the error. A folder another process makes meanwhile is fine.
 */
export function makeFolders(folder: string): string[] {
  const target = path.resolve(folder);
  const missing: string[] = [];
  for (let current = target; !fs.existsSync(current); current = path.dirname(current)) {
    missing.unshift(current);
    if (path.dirname(current) === current) break;
  }
  // A file where the folder goes: EEXIST, as Node's says (a file where a parent goes: ENOTDIR, from mkdir below).
  if (missing.length === 0 && !fs.statSync(target).isDirectory()) fs.mkdirSync(target);
  for (const created of missing) {
    try {
      fs.mkdirSync(created);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || fs.statSync(created, { throwIfNoEntry: false })?.isDirectory() !== true) throw error;
    }
  }
  return missing;
}
