import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { PACKAGE_ROOT } from '../package-files';

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
  for (const part of parts) {
    const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
    hash.update(`${bytes.length}:`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}

let fingerprint: string | undefined;

/**
 * Identifies the tool's own code: the package version plus the size and modification time of every
 * compiled module and stylesheet. A rebuilt tool (a release, or `npm run compile` during development)
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
      else if (/\.(js|json)$/.test(entry.name)) {
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

export class ResultCache {
  readonly stats: CacheStats = { hits: 0, misses: 0, writes: 0 };
  private readonly folder: string;

  /**
   * @param dir the cache root (see `defaultCacheDir`)
   * @param namespace one folder per kind of result ("validate", "build"), so each can be cleared alone
   */
  constructor(dir: string, namespace: string) {
    this.folder = path.join(dir, namespace);
  }

  private entryPath(key: string): string {
    return path.join(this.folder, key.slice(0, 2), key);
  }

  /** The file holding an entry, when there is one (the build copies cached pages straight from it). */
  entryFile(key: string): string | undefined {
    const file = this.entryPath(key);
    return fs.existsSync(file) ? file : undefined;
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
    const data = this.getBuffer(key);
    if (data === undefined) return undefined;
    try {
      const value = JSON.parse(data.toString('utf8')) as T;
      if (!usable || usable(value)) return value;
    } catch {
      // corrupt, or not of the shape `usable` expects
    }
    this.stats.hits--;
    this.stats.misses++;
    return undefined;
  }

  /** Stores an entry; a cache that cannot be written (read-only disk, full disk) is silently skipped. */
  setBuffer(key: string, data: Buffer | string): void {
    const target = this.entryPath(key);
    const temporary = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(temporary, data);
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
    this.setBuffer(key, JSON.stringify(value));
  }
}
