import { contentHash, ResultCache } from '../cache';
import { gitCommit } from '../collection/git-commit';
import type { OutputStamp } from './atomic-output';
import type { EditionConfig } from '../config/edition-config';
import type { EditionInfo } from './transform';
import { packageVersion } from '../package-files';

/**
 * The package version, the collection's commit (when it is in git) and the build date. `pinned` values are
 * taken as they are (tests pin the commit: git is not asked then). `cache` keeps git's answer per state of
 * the repository's HEAD (gitCommit), so that a build does not start git while HEAD has not moved.
 */
export function editionInfo(srcDir: string, pinned: Partial<EditionInfo> = {}, cache?: ResultCache): EditionInfo {
  const version = packageVersion();
  // Not a git checkout (a downloaded archive): the pages say "unknown".
  const commit = pinned.commit ?? gitCommit(srcDir, cache) ?? 'unknown';
  // SOURCE_DATE_EPOCH (reproducible-builds.org) lets packagers and tests pin the date.
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  const date = Number.isFinite(epoch) && process.env.SOURCE_DATE_EPOCH ? new Date(epoch * 1000) : new Date();
  return { version, commit, 'build-date': date.toISOString().slice(0, 10) };
}

/** The edition configuration as the stylesheets take it: its keys as they are, and the languages' names to show. */
export function configParameters(config: EditionConfig): Partial<EditionInfo> {
  if (!config.languages) return { ...config };
  const names = new Intl.DisplayNames(['en'], { type: 'language' });
  return { ...config, 'language-names': config.languages.map((code) => names.of(code) ?? code) };
}

/**
 * The build's date and commit, put into the pages as they are written rather than when they are rendered.
 * Every page shows them (html.xsl's footer, edition.txt's heading), so rendered with the real values a
 * page's cache key would change every day and with every commit, and the first build after midnight or
 * after `git commit` would render every document again. The stylesheets get placeholders instead
 * (the same every build), the cached pages hold them, and the output folder puts the values in
 * (OutputFolder) while it writes or links each page.
 */
export class Stamp implements OutputStamp {
  /** The placeholders: private-use characters, which no stylesheet or edition text makes of its own. */
  static readonly PLACEHOLDERS: Readonly<Record<StampedField, string>> = { 'build-date': '\uE000build-date\uE001', commit: '\uE000commit\uE001' };
  private static readonly FIELDS = Object.keys(Stamp.PLACEHOLDERS) as StampedField[];
  private readonly pairs: Array<[placeholder: Buffer, value: Buffer]>;
  /** Names the values: an output file keeps its content key with it, so a page stamped with other values is written anew. */
  readonly id: string;

  private constructor(values: Record<StampedField, string>) {
    this.pairs = Stamp.FIELDS.map((field) => [Buffer.from(Stamp.PLACEHOLDERS[field]), Buffer.from(values[field])]);
    this.id = contentHash('stamp', ...Stamp.FIELDS.map((field) => values[field])).slice(0, 16);
  }

  /** The edition the stylesheets and cache keys see (placeholders), and the stamp that puts the values back. */
  static split(edition: EditionInfo): { edition: EditionInfo; stamp: Stamp } {
    return { edition: { ...edition, ...Stamp.PLACEHOLDERS }, stamp: new Stamp(edition) };
  }

  /** Whether a file at this output path may hold placeholders: pages and texts (never a TEI copy or a search piece). */
  applies(relative: string): boolean {
    return relative.endsWith('.html') || relative.endsWith('.txt');
  }

  /** The content with every placeholder replaced by its value. */
  apply(content: Buffer): Buffer {
    let result = content;
    for (const [placeholder, value] of this.pairs) {
      let at = result.indexOf(placeholder);
      if (at < 0) continue;
      const parts: Buffer[] = [];
      let from = 0;
      while (at >= 0) {
        parts.push(result.subarray(from, at), value);
        from = at + placeholder.length;
        at = result.indexOf(placeholder, from);
      }
      parts.push(result.subarray(from));
      result = Buffer.concat(parts);
    }
    return result;
  }
}

type StampedField = 'build-date' | 'commit';
