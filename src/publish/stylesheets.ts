import * as fs from 'fs';
import * as path from 'path';
import { contentHash } from '../cache';
import type { FileIndex } from '../cache/file-index';
import { isDevelopmentCheckout, PACKAGE_ROOT, SEF_DIR } from '../package-files';
import { stylesheetConstants } from './transform';

/** The property of a parsed SEF that tells SaxonJS (as src/saxon edits it) that its checksum was verified before. */
const VERIFIED = '__teiEditionVerified';

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

/** The compiled stylesheets, by name (lib/xslt/<name>.sef.json). */
const NAMES = ['html', 'text'] as const;

/**
 * The hash of a compiled stylesheet, for the cache's keys: of its text with the checkout's location and the time of
 * its compilation taken out. A SEF names the modules it was compiled from by their absolute URIs (the base URI of the
 * trees it makes, `"base":"file:///…/xslt/html.xsl"`), which nothing it outputs shows (the stylesheets never resolve a
 * URI against their own: every resolve-uri has its base): so a checkout moved or cloned elsewhere, compiled there or
 * not, has the same keys and keeps its cache. It also says when it was compiled (`"buildDateTime"`) and ends with a
 * checksum of its whole text (`"Σ"`, which SaxonJS checks when it loads it), so the same stylesheets compiled again
 * (`npm run compile`, a fresh clone's install) would otherwise have other keys, and the next build render everything.
 */
export function stylesheetHash(sef: string): string {
  return contentHash('compiled stylesheet', sef
    .replace(/"base":"file:\/\/[^"]*\/(xslt\/[^"/]+)"/g, '"base":"file:///tei-edition/$1"')
    .replace(/"buildDateTime":"[^"]*"/, '"buildDateTime":""')
    .replace(/,"\u03a3":"[0-9a-f]*"\}\s*$/, '}'));
}

/**
 * @param previous what the session's last build loaded: returned as it is while the SEF files are the same files, of the
 *   same size and modification time (a save in `serve` does not read and hash some megabytes of SEF again)
 * @param index the cache's file index: each SEF's hash is taken from it while the file is unchanged (FileIndex), and the
 *   SEF texts are read only when something is rendered (a build whose pages all come from the cache reads no 3 MB of them)
 */
export function loadStylesheets(previous?: Stylesheets, index?: FileIndex): Stylesheets {
  // In a development checkout, a SEF older than its XSLT (a developer editing stylesheets) is recompiled before
  // use, never published stale, by scripts/compile-xslt.js (plain JavaScript run by `npm run compile`). The
  // package ships the SEF without the sources and without that script: what it ships is what it uses.
  if (isDevelopmentCheckout()) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    (require(path.join(PACKAGE_ROOT, 'scripts', 'compile-xslt.js')) as Compiler).compileIfStale();
  }
  const files = sefIdentities();
  if (previous?.files !== undefined && previous.files === files) return previous;
  const file = (name: string): string => path.join(SEF_DIR, `${name}.sef.json`);
  let texts: { html: string; text: string } | undefined;
  let readAt = 0;
  const read = (): { html: string; text: string } => {
    if (texts) return texts;
    readAt = Date.now();
    const read = { html: fs.readFileSync(file('html'), 'utf8'), text: fs.readFileSync(file('text'), 'utf8') };
    // Read after the hash was taken: a SEF compiled again meanwhile would be used under the other one's hash.
    if (files !== undefined && sefIdentities() !== files) throw new Error('the compiled stylesheets (lib/xslt) changed during the build: build again');
    return (texts = read);
  };
  const stats: Partial<Record<(typeof NAMES)[number], fs.Stats>> = {};
  const hashes = NAMES.map((name) => {
    const stat = index ? fileStat(file(name)) : undefined;
    if (stat) stats[name] = stat;
    // Under a name of its own: the index's entry holds the file's stylesheetHash, not the hash of its bytes.
    const known = stat ? index!.hashOf(`${file(name)} (stylesheet)`, stat) : undefined;
    if (known !== undefined) return known;
    const readAt = Date.now();
    const hash = stylesheetHash(read()[name]);
    if (stat) index!.record(`${file(name)} (stylesheet)`, stat, hash, readAt);
    return hash;
  });
  /**
   * A SEF parsed for SaxonJS. SaxonJS checks a compiled stylesheet's checksum on its first transformation in each process
   * (src/saxon: a walk over every node, 60-90 ms of CPU for both, measured in fresh processes): a SEF file on which an earlier run's check passed
   * and which is unchanged since, by its identity and times (FileIndex: as unchanged documents' hashes are trusted), is
   * marked as verified and not checked again. A file not known so is checked here, at once (its first transformation,
   * whose constants every later one uses), and known so from then on; a SEF that fails the check fails here, as it would
   * have failed its first transformation.
   */
  const parse = (name: (typeof NAMES)[number], hash: string): object => {
    const stylesheet = JSON.parse(read()[name]) as Record<string, unknown>;
    const stat = stats[name];
    if (!stat) return stylesheet;
    const key = `${file(name)} (checksum verified)`;
    if (index!.hashOf(key, stat) === hash) {
      stylesheet[VERIFIED] = true;
    } else {
      stylesheetConstants(stylesheet);
      index!.record(key, stat, hash, readAt);
    }
    return stylesheet;
  };
  // Parsed on first use: a build whose pages all come from the cache never needs them.
  let parsed: { html: object; text: object } | undefined;
  const sef = (): { html: object; text: object } => (parsed ??= { html: parse('html', hashes[0]), text: parse('text', hashes[1]) });
  return {
    get html() {
      return sef().html;
    },
    get text() {
      return sef().text;
    },
    hash: contentHash('stylesheets', ...hashes),
    get sef() {
      return read();
    },
    files,
  };
}

function fileStat(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

/** Both SEF files' identities (device, inode, size, modification time), read before their contents; undefined when one cannot be looked at. */
function sefIdentities(): string | undefined {
  try {
    return NAMES.map((name) => {
      const stat = fs.statSync(path.join(SEF_DIR, `${name}.sef.json`), { bigint: true });
      return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}`;
    }).join(' ');
  } catch {
    return undefined;
  }
}
