import * as fs from 'fs';
import * as path from 'path';

/**
 * Which file of the served folder a request names, refusing everything that could reach outside it.
 *
 * The request target is taken apart by hand, never by `new URL()`: a target such as `//etc/passwd` would
 * be read as a host, and URL normalisation would silently resolve `..` (and `%2e%2e`) before any check
 * could see it. Each `/`-separated segment is percent-decoded on its own, and refused when the decoded
 * text could change the path's shape: `.`/`..`, a slash or backslash (`%2f`, `%5c`), a NUL byte. The
 * joined path must then lie inside the folder, and so must its real path (symbolic links resolved), so a
 * link inside the output that leads out of it is refused too.
 */

export type StaticTarget =
  | { kind: 'file'; file: string; size: number }
  | { kind: 'redirect'; location: string }
  | { kind: 'forbidden'; reason: string }
  | { kind: 'not-found' };

/** The path part of a request target (`/a/b.html?x#y` → `/a/b.html`), undecoded. */
export function targetPath(target: string): string {
  const end = target.search(/[?#]/);
  return end < 0 ? target : target.slice(0, end);
}

/**
 * The decoded segments of a request target's path, or why it is refused. Only origin-form targets
 * (starting with a single `/`) are accepted: no absolute-form (`http://host/…`), no `//host/…`, no `*`.
 */
export function pathSegments(target: string): { segments: string[] } | { refused: string } {
  const raw = targetPath(target);
  if (!raw.startsWith('/') || raw.startsWith('//')) return { refused: 'not a path on this server' };
  if (raw.includes('\\')) return { refused: 'backslash in path' };
  const segments: string[] = [];
  const parts = raw.slice(1).split('/');
  for (const [index, part] of parts.entries()) {
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      return { refused: 'malformed percent-encoding' };
    }
    if (segment === '..' || segment === '.') return { refused: 'dot segment' };
    if (/[/\\\0]/.test(segment)) return { refused: 'encoded separator or NUL byte' };
    // An empty segment is only allowed last (`/documents/` names the folder); `a//b` is not a path we write.
    if (segment === '') {
      if (index !== parts.length - 1) return { refused: 'empty path segment' };
      continue;
    }
    segments.push(segment);
  }
  return { segments };
}

/** Whether `child` is `parent` or lies inside it (both absolute and normalised). */
function inside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * The file `target` names under `root`: a folder is served as its index.html (a folder named without
 * its trailing slash is redirected to it first, so that the pages' relative links resolve).
 */
export function resolveStatic(root: string, target: string): StaticTarget {
  const parsed = pathSegments(target);
  if ('refused' in parsed) return { kind: 'forbidden', reason: parsed.refused };
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    return { kind: 'not-found' };
  }
  const joined = path.join(realRoot, ...parsed.segments);
  if (!inside(realRoot, joined)) return { kind: 'forbidden', reason: 'outside the served folder' };
  let real: string;
  try {
    real = fs.realpathSync(joined);
  } catch {
    return { kind: 'not-found' };
  }
  // A symbolic link that leads out of the output folder.
  if (!inside(realRoot, real)) return { kind: 'forbidden', reason: 'a link that leads outside the served folder' };
  let stat = fs.statSync(real, { throwIfNoEntry: false });
  if (!stat) return { kind: 'not-found' };
  if (stat.isDirectory()) {
    const raw = targetPath(target);
    if (!raw.endsWith('/')) return { kind: 'redirect', location: `${raw}/${target.slice(raw.length)}` };
    const index = path.join(real, 'index.html');
    try {
      real = fs.realpathSync(index);
    } catch {
      return { kind: 'not-found' };
    }
    if (!inside(realRoot, real)) return { kind: 'forbidden', reason: 'a link that leads outside the served folder' };
    stat = fs.statSync(real, { throwIfNoEntry: false });
    if (!stat) return { kind: 'not-found' };
  }
  if (!stat.isFile()) return { kind: 'not-found' };
  return { kind: 'file', file: real, size: stat.size };
}

/** Content types of what a build publishes (html/: pages, assets, TEI copies); anything else is bytes. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pdf': 'application/pdf',
  '.map': 'application/json; charset=utf-8',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export function isHtml(file: string): boolean {
  return /\.html?$/i.test(file);
}
