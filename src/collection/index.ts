import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from '../diagnostics/errors';

export { changedFiles } from './git';
export { readSource, readSourceSync } from './read';
export type { Source, ReadResult } from './read';

/** A file of the collection, as the user sees it and as the file system finds it. */
export interface CollectionFile {
  /** Path relative to the working directory, with forward slashes: what every report shows. */
  path: string;
  /** Absolute path. */
  absolutePath: string;
  /** The path with every symbolic link resolved, when discovery found it already (discoverFiles). */
  realPath?: string;
}

export interface DiscoverOptions {
  /** Where relative paths start; defaults to process.cwd(). */
  cwd?: string;
  /** Used when no paths are given; defaults to ['tei']. */
  defaultPaths?: string[];
}

/** The folder a collection lives in when no path is given. */
export const DEFAULT_COLLECTION_DIR = 'tei';

/** Folders never searched: they hold tooling, not documents. */
const SKIPPED_DIRS = new Set(['node_modules']);

/**
 * The XML files named by `paths`: files as given (whatever their extension), folders searched
 * recursively for `*.xml` (skipping hidden folders and node_modules). Sorted and without duplicates.
 * A path that does not exist is a usage error.
 */
export function discoverFiles(paths: string[], options: DiscoverOptions = {}): CollectionFile[] {
  const cwd = options.cwd ?? process.cwd();
  const given = paths.length > 0 ? paths : options.defaultPaths ?? [DEFAULT_COLLECTION_DIR];
  const seen = new Set<string>();
  const files: CollectionFile[] = [];
  const add = (absolutePath: string, known?: string): void => {
    let real = known;
    if (real === undefined) {
      try {
        real = fs.realpathSync.native(absolutePath);
      } catch {
        real = absolutePath;
      }
    }
    if (seen.has(real)) return;
    seen.add(real);
    // A file the walk found is absolute and normal already (its folder's path and its name): not resolved again.
    files.push({ path: displayPath(absolutePath, cwd), absolutePath: known === undefined ? path.resolve(absolutePath) : absolutePath, realPath: real });
  };

  for (const entry of given) {
    const absolutePath = path.resolve(cwd, entry);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolutePath);
    } catch {
      throw new UsageError(
        paths.length > 0
          ? `no such file or folder: ${entry}`
          : `no paths were given and there is no ${entry}/ folder in ${cwd}; name the files or folders to validate`,
      );
    }
    if (stat.isDirectory()) walk(absolutePath, add, new Set());
    else add(absolutePath);
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function walk(dir: string, add: (file: string, realPath?: string) => void, visited: Set<string>): void {
  let real: string;
  try {
    real = fs.realpathSync.native(dir);
  } catch {
    return;
  }
  if (visited.has(real)) return; // a symbolic link loop
  visited.add(real);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw new UsageError(`cannot read the folder ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  // Joined by hand (a collection's thousands of files): `dir` and `real` are absolute and normal, a name has no separator.
  const join = (folder: string, name: string): string => (folder.endsWith(path.sep) ? `${folder}${name}` : `${folder}${path.sep}${name}`);
  for (const entry of entries) {
    const full = join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = fs.statSync(full);
        isDir = target.isDirectory();
        isFile = target.isFile();
      } catch {
        continue; // a dangling link
      }
    }
    if (isDir) {
      if (!entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name)) walk(full, add, visited);
    } else if (isFile && entry.name.toLowerCase().endsWith('.xml')) {
      // A file that is no link is where its folder really is: no need to resolve it again.
      add(full, entry.isSymbolicLink() ? undefined : join(real, entry.name));
    }
  }
}

export function toCollectionFile(absolutePath: string, cwd = process.cwd()): CollectionFile {
  return { path: displayPath(absolutePath, cwd), absolutePath: path.resolve(absolutePath) };
}

/** Relative to `cwd` when inside it, absolute otherwise; always with forward slashes. */
export function displayPath(absolutePath: string, cwd = process.cwd()): string {
  // The common cases, a file inside the working folder or outside it, without path.relative (thousands
  // of files a run): both paths absolute and normalised (no `.` or `..` segment, no doubled or trailing slash).
  if (path.sep === '/' && isNormalAbsolute(absolutePath) && isNormalAbsolute(cwd) && absolutePath !== cwd) {
    const inside = absolutePath.startsWith(cwd) && (absolutePath[cwd.length] === '/' || cwd === '/') ? absolutePath.slice(cwd === '/' ? 1 : cwd.length + 1) : undefined;
    // As below, a relative path starting with `..` (a folder named `..x`) is shown absolute.
    return inside === undefined || inside.startsWith('..') ? absolutePath : inside;
  }
  const relative = path.relative(cwd, absolutePath);
  const shown = relative === '' ? path.basename(absolutePath) : relative.startsWith('..') || path.isAbsolute(relative) ? absolutePath : relative;
  return shown.split(path.sep).join('/');
}

/** An absolute POSIX path as path.resolve gives it: no `.` or `..` segment, no doubled slash, no trailing slash but the root's. */
function isNormalAbsolute(file: string): boolean {
  return file.startsWith('/') && (file === '/' || !file.endsWith('/')) && !file.includes('//') && !/\/\.\.?(?:\/|$)/.test(file);
}
