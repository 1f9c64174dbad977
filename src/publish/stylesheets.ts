import * as fs from 'fs';
import * as path from 'path';
import { contentHash } from '../cache';
import { isDevelopmentCheckout, PACKAGE_ROOT, SEF_DIR } from '../package-files';

/** The compiled stylesheets, loaded once per run and shared by every transformation of the run. */
export interface Stylesheets {
  html: object;
  text: object;
  /** A hash of both compiled stylesheets (SEF), for the build cache's keys. */
  hash: string;
  /** The SEF texts, for worker threads to load their own copies (absent: the build renders on the main thread). */
  sef?: { html: string; text: string };
  /** The SEF files' identities when they were read (loadStylesheets: a session's next build reads them again only if they changed). */
  files?: string;
}

interface Compiler {
  compileIfStale(): string[];
}

/**
 * @param previous what the session's last build loaded: returned as it is while the SEF files are the same files, of the
 *   same size and modification time (a save in `serve` does not read and hash some megabytes of SEF again)
 */
export function loadStylesheets(previous?: Stylesheets): Stylesheets {
  // In a development checkout, a SEF older than its XSLT (a developer editing stylesheets) is recompiled before
  // use, never published stale, by scripts/compile-xslt.js (plain JavaScript run by `npm run compile`). The
  // package ships the SEF without the sources and without that script: what it ships is what it uses.
  if (isDevelopmentCheckout()) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    (require(path.join(PACKAGE_ROOT, 'scripts', 'compile-xslt.js')) as Compiler).compileIfStale();
  }
  const files = sefIdentities();
  if (previous?.files !== undefined && previous.files === files) return previous;
  const html = fs.readFileSync(path.join(SEF_DIR, 'html.sef.json'), 'utf8');
  const text = fs.readFileSync(path.join(SEF_DIR, 'text.sef.json'), 'utf8');
  // Parsed on first use: a build whose pages all come from the cache never needs them.
  let parsed: { html: object; text: object } | undefined;
  const sef = (): { html: object; text: object } => (parsed ??= { html: JSON.parse(html) as object, text: JSON.parse(text) as object });
  return {
    get html() {
      return sef().html;
    },
    get text() {
      return sef().text;
    },
    hash: contentHash(html, text),
    sef: { html, text },
    files,
  };
}

/** Both SEF files' identities (device, inode, size, modification time), read before their contents; undefined when one cannot be looked at. */
function sefIdentities(): string | undefined {
  try {
    return ['html.sef.json', 'text.sef.json'].map((name) => {
      const stat = fs.statSync(path.join(SEF_DIR, name), { bigint: true });
      return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}`;
    }).join(' ');
  } catch {
    return undefined;
  }
}
