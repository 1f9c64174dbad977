import * as path from 'path';
import { contentHash } from '../../cache';
import { includeElements, includeFact, MAX_INCLUDE_DEPTH, resolveInclude, XINCLUDE_NS } from '../../validation/xinclude';
import { parseXmlTree, XmlElement } from '../../xml/tree';
import { GarbageWatch } from '../garbage';
import type { JobFile } from '../jobs';
import { summaryEdition } from '../transform';
import type { MentionSummary, SearchSummary, Summary } from '../transform';
import type { Executor } from '../workers';
import type { BuildContext } from './context';
import { addJobTimes, failureReport, jobFile, largestFirst, runBounded } from './jobs';
import type { SourceFile } from './read';

/**
 * Stage `summarise`: what the build and the collection pages need of each file (mode ed:summary in
 * xslt/common.xsl: its pointers' targets, publishers, chronological key, what the home page shows of
 * it, its mentions and its register entries), taken from the cache by the file's bytes or computed.
 * A file that cannot be parsed is left out of the edition here.
 *
 * A summary is kept in the cache twice: whole, and as a digest without the mentions, whose place the
 * hash of each entry's list of them takes (SummaryDigest). A build works from the digests (a few KB a
 * file) and reads whole summaries only for the files that changed (and the search's documents): an incremental build of
 * 2,000 documents reads 2,000 digests, not 50 MB of mentions.
 *
 * What an entry page shows of a file's mentions of one target (mentionsOf) is kept a third time, on its own,
 * under the hash the digest gives it, in a blob pack (ResultCache.blobs('mentions'): one file for some ten lists
 * a document, not a file each): the collection pages read the lists of the pages they render, a few documents at
 * a time, and never hold the mentions of the whole collection.
 *
 * A document kept in several files (XInclude: a book and its chapters) is summarised with the files its header's and
 * texts' includes may name, and those they name in turn (includedFiles): what a chapter says is counted as written
 * where it is included (its mentions and speeches, numbered as the page numbers them, its search blocks). Its digest
 * says which files those were, with their hashes (SummaryDigest.includes): a digest whose included files changed is
 * summarised again, and its whole summary is kept under a key that holds them (summaryHash).
 */

/** A summary without its mentions (SummaryDigest.targets stands for them). */
export interface SummaryDigest extends Omit<Summary, 'mentions' | 'search'> {
  /** The search record without its blocks (the search stage reads the whole summary of a document it indexes). */
  search: Omit<SearchSummary, 'blocks'>;
  /**
   * Per entry target the file's mentions point to (MentionSummary.targets): how many (mention, target)
   * pairs, and the hash of what an entry page shows of them (mentionsOf); and how many of those pairs are
   * speeches (MentionSummary.speech), where there are any (most collections have none: their digests stay as small).
   */
  targets: Record<string, [count: number, hash: string, speeches?: number]>;
  /**
   * The files of the collection its includes may name (includedFiles), by collection path, with the hash of their
   * bytes when it was summarised ('' for a file named that the collection did not have); absent when there are none.
   */
  includes?: Record<string, string>;
}

/**
 * What a file's summary is made from, as its cache keys take it: its bytes, and those of the files it includes
 * (SummaryDigest.includes).
 */
export function summaryHash(source: SourceFile, digest: Pick<SummaryDigest, 'includes'> | undefined): string {
  return digest?.includes ? contentHash('with includes', source.hash, JSON.stringify(digest.includes)) : source.hash;
}

/**
 * The files of the collection a file's includes may name (`sources` by collection path), and those its g elements
 * point into (glyphDeclarationFiles: its character declarations), read for its summary, and what they are
 * (SummaryDigest.includes): of the file itself, the xi:include elements of its header and texts (not a
 * teiCorpus's members, which are documents of their own); of an included file, all, to MAX_INCLUDE_DEPTH. An include
 * is followed by the rules the validator follows it by (resolveInclude: never a URL, an absolute path or a file
 * outside the collection folder by its path as written), and only to a file the build read; each file once. Which of
 * them the summary takes in is the stylesheets' to say (ed:included): they are given no other file.
 */
export async function includedFiles(
  main: JobFile, sources: ReadonlyMap<string, SourceFile>,
): Promise<{ files: JobFile[]; includes: Record<string, string> }> {
  const files: JobFile[] = [];
  const includes: Record<string, string> = {};
  const seen = new Set([main.path]);
  // A file of the collection taken in once: its hash in the digest (empty when the build has no such file), its text given to the job.
  const take = async (collectionPath: string): Promise<JobFile | undefined> => {
    if (seen.has(collectionPath)) return undefined;
    seen.add(collectionPath);
    const source = sources.get(collectionPath);
    includes[collectionPath] = source?.hash ?? '';
    if (!source) return undefined;
    const loaded = await jobFile(source);
    // Unreadable, or changed since it was read: not taken in (the document's pages, which need it too, say so).
    if (!('file' in loaded)) return undefined;
    files.push(loaded.file);
    return loaded.file;
  };
  let level: JobFile[] = [main];
  for (let depth = 0; depth < MAX_INCLUDE_DEPTH && level.length > 0; depth++) {
    const next: JobFile[] = [];
    for (const file of level) {
      // The character declarations its g elements point to in another file (chars.xml#ct): read as its pages read them.
      for (const declared of glyphDeclarationFiles(file)) await take(declared);
      if (!file.text.includes(XINCLUDE_NS)) continue;
      let elements: XmlElement[];
      try {
        elements = includeElements(parseXmlTree(file.text));
      } catch {
        // Not well-formed: the job says so (or, for an included file, the include falls back).
        continue;
      }
      const folder = path.posix.dirname(file.path);
      for (const element of elements) {
        if (file === main && !inHeaderOrText(element)) continue;
        const [href, parse, xpointer] = includeFact(element);
        // Resolved in the collection folder (a stand-in for it: only the collection path is used).
        const resolved = resolveInclude({ path: file.path, folder: path.posix.join('/', folder) }, href, parse, xpointer);
        if (!('file' in resolved)) continue;
        const included = await take(resolved.file.slice(1).split(path.sep).join('/'));
        if (included) next.push(included);
      }
    }
    level = next;
  }
  return { files, includes };
}

/** A g element's @ref, as written (the start tag of a g of any prefix: TEI's is the only g with a @ref). */
const GLYPH_REF = /<(?:[A-Za-z_][\w.-]*:)?g\s[^>]*?\bref\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const PREFIX_DEF = /<(?:[A-Za-z_][\w.-]*:)?prefixDef\s([^>]*)>/g;
const ATTRIBUTE = /([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function unescapeXml(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|apos|#x[0-9a-fA-F]+|#\d+);/g, (_, e: string) => (e[0] === '#'
    ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))
    : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e]));
}

/**
 * The files of the collection (collection paths) that a file's g elements point into: character declarations kept in a
 * file of their own (Guidelines 5: <g ref="chars.xml#ct"/>, or a prefix its prefixDef expands to one), as the
 * stylesheets resolve them (ed:glyph-reference). Read from the text, without parsing it: most files have no g.
 */
export function glyphDeclarationFiles(file: JobFile): string[] {
  if (!/<(?:[\w.-]+:)?g\s/.test(file.text)) return [];
  const refs = new Set<string>();
  for (const match of file.text.matchAll(GLYPH_REF)) {
    const token = unescapeXml(match[1] ?? match[2] ?? '').trim().split(/\s+/)[0];
    if (token) refs.add(token);
  }
  let prefixes: Array<Record<string, string>> | undefined;
  const found = new Set<string>();
  for (const token of refs) {
    let pointer = token;
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/.exec(token);
    if (scheme) {
      prefixes ??= [...file.text.matchAll(PREFIX_DEF)].map((m) => Object.fromEntries([...m[1].matchAll(ATTRIBUTE)].map((a) => [a[1], unescapeXml(a[2] ?? a[3] ?? '')])));
      const definition = prefixes.find((d) => d.ident === scheme[1] && (() => {
        try { return new RegExp(`^(?:${d.matchPattern ?? ''})$`, 'u').test(scheme[2]); } catch { return false; }
      })());
      if (!definition) continue;
      pointer = scheme[2].replace(new RegExp(`^(?:${definition.matchPattern ?? ''})$`, 'u'), definition.replacementPattern ?? '');
    }
    const hash = pointer.indexOf('#');
    const target = hash > 0 ? pointer.slice(0, hash) : '';
    // Relative paths only: no scheme, no path from the root.
    if (!target || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(target) || target.startsWith('/') || target.includes('\\')) continue;
    let decoded = target;
    try {
      decoded = decodeURIComponent(target);
    } catch {
      continue;
    }
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file.path), decoded));
    if (resolved.startsWith('../') || resolved === '..' || resolved === file.path) continue;
    found.add(resolved);
  }
  return [...found];
}

/**
 * Whether an include stands in a header, a text or a transcription of the source's pages (sourceDoc, read in place of a
 * text: ed:texts), not among a teiCorpus's members.
 */
function inHeaderOrText(element: XmlElement): boolean {
  for (let parent = element.parent; parent; parent = parent.parent) {
    if (parent.ns === 'http://www.tei-c.org/ns/1.0' && (parent.local === 'teiHeader' || parent.local === 'text' || parent.local === 'sourceDoc')) return true;
  }
  return false;
}

export interface Summarised {
  /** The files summarized, in collection order: the edition's readable files. */
  readable: SourceFile[];
  /** Collection path → digest. */
  digests: Map<string, SummaryDigest>;
  /** A readable file's whole summary: computed in this run, else from the cache, else summarized again. */
  full(source: SourceFile): Promise<Summary | undefined>;
  /** How many were computed rather than taken from the cache. */
  computed: number;
  /**
   * What an entry page shows of a readable file's mentions of one target (mentionsOf), by the hash its digest gives
   * it (SummaryDigest.targets): from the cache, else from its whole summary (then kept in the cache again).
   */
  mentions(source: SourceFile, target: string): Promise<MentionSummary[]>;
  /**
   * Reports the files that could not be summarized, which are left out of the edition (in collection order). Not
   * done by the stage itself: the pipeline may summarize while the collection is validated (SummaryWork), and a
   * collection that fails validation reports its validation errors alone.
   */
  reportLeftOut(): void;
}

/**
 * What the stage has to do: the files' digests looked up in the cache, and `run` to summarize the files that
 * have none (`missing` of them). Runs once however often it is asked for.
 */
export interface SummaryWork {
  readonly missing: number;
  run(): Promise<Summarised>;
}

/** What an entry page shows of a file's mentions, per target: each mention once per time it names the target, without its targets. */
export function mentionsOf(summary: Summary): Map<string, MentionSummary[]> {
  const byTarget = new Map<string, MentionSummary[]>();
  for (const mention of summary.mentions) {
    for (const target of mention.targets) {
      let list = byTarget.get(target);
      if (!list) byTarget.set(target, (list = []));
      // What the page shows of the mention: its targets are not shown (and would only widen the page's key).
      list.push({ ...mention, targets: [] });
    }
  }
  return byTarget;
}

type MentionList = { count: number; speeches: number; json: string; hash: string };

/** A file's mentions per target (mentionsOf), each list as JSON with its hash (SummaryDigest.targets). */
function mentionLists(summary: Summary): Map<string, MentionList> {
  const lists = new Map<string, MentionList>();
  for (const [target, mentions] of mentionsOf(summary)) {
    const json = JSON.stringify(mentions);
    const speeches = mentions.reduce((total, mention) => total + (mention.speech ? 1 : 0), 0);
    lists.set(target, { count: mentions.length, speeches, json, hash: contentHash(json).slice(0, 32) });
  }
  return lists;
}

export function digestOf(summary: Summary, lists = mentionLists(summary)): SummaryDigest {
  const targets: SummaryDigest['targets'] = {};
  for (const [target, { count, speeches, hash }] of lists) targets[target] = speeches > 0 ? [count, hash, speeches] : [count, hash];
  const { mentions: _mentions, search: { blocks: _blocks, ...search }, ...head } = summary;
  return { ...head, search, targets };
}

export function summaryWork(context: BuildContext, sources: SourceFile[]): SummaryWork {
  const { keys, timer, problems } = context;
  // Digests are looked up for every file on every run (a pack of their own); whole summaries only for the files that
  // changed (each from its own file: no pack read whole for one of them).
  const digestCache = context.cache?.kind('digest');
  const summaryCache = context.cache?.kind('summary', { pack: false });
  // Keyed by their hash (the digest's): a list already there is the same list.
  const mentionPack = context.cache?.blobs('mentions');
  /** Keeps a summary's lists of mentions. */
  const keepMentions = (lists: ReturnType<typeof mentionLists>): void => {
    if (mentionPack) timer.time('cache', 0, () => mentionPack.add([...lists.values()].map(({ hash, json }) => [hash, json] as const)));
  };
  const digests = new Map<string, SummaryDigest>();
  /** Whole summaries computed in this run, when there is no cache to read them back from (the collection pages render from them). */
  const computed = new Map<string, Summary>();
  const byPath = new Map(sources.map((source) => [source.path, source]));
  /** Whether the files a digest was made with are as they are now (SummaryDigest.includes). */
  const current = (digest: SummaryDigest): boolean => {
    for (const included in digest.includes) if ((byPath.get(included)?.hash ?? '') !== digest.includes[included]) return false;
    return true;
  };
  const missing = sources.filter((source) => {
    const digest = digestCache ? timer.time('cache', 1, () => digestCache.get<SummaryDigest>(keys.summaryDigest(source.path, source.hash))) : undefined;
    const fresh = digest !== undefined && (digest.includes === undefined || current(digest));
    if (fresh) digests.set(source.path, digest);
    return !fresh;
  });

  /** Summarizes one file; undefined (with the reason) when it cannot be parsed. */
  const summarize = async (source: SourceFile, executor: Executor): Promise<{ summary: Summary; includes?: Record<string, string> } | { report: () => void }> => {
    const loaded = await jobFile(source);
    if (!('file' in loaded)) return { report: () => problems.leaveOut(source, loaded.rule, loaded.message, loaded) };
    const { files, includes } = await includedFiles(loaded.file, byPath);
    const result = await executor.run({ kind: 'summary', file: loaded.file, edition: summaryEdition(context.edition), ...(files.length > 0 ? { includes: files } : {}) });
    addJobTimes(context, result.ms, 0);
    if (!result.ok) {
      const { rule, message, position } = failureReport(loaded.file.text, result);
      return { report: () => problems.leaveOut(source, rule, message, position) };
    }
    const made = Object.keys(includes).length > 0 ? includes : undefined;
    if (summaryCache) timer.time('cache', 0, () => summaryCache.set(keys.summary(source.path, summaryHash(source, { includes: made })), result.summary));
    return { summary: result.summary, includes: made };
  };

  let running: Promise<Summarised> | undefined;
  return { missing: missing.length, run: () => (running ??= summariseMissing()) };

  async function summariseMissing(): Promise<Summarised> {
    const executor = context.executorFor(missing.length);
    // Reported in collection order, whichever thread finished first.
    const failures: Array<(() => void) | undefined> = [];
    let done = sources.length - missing.length;
    // Each summary comes to this thread whole (its mentions, its search blocks), is kept in the cache as its digest
    // and its lists, and dropped: garbage that would otherwise stay until V8's old generation doubles (garbage.ts).
    const garbage = new GarbageWatch(timer);
    await timer.timeAsync('summarise', missing.length, () => runBounded(missing, largestFirst(missing, executor), executor, async (source, index) => {
      const outcome = await summarize(source, executor);
      if ('report' in outcome) {
        failures[index] = outcome.report;
      } else {
        const lists = mentionLists(outcome.summary);
        const digest: SummaryDigest = outcome.includes ? { ...digestOf(outcome.summary, lists), includes: outcome.includes } : digestOf(outcome.summary, lists);
        keepMentions(lists);
        digests.set(source.path, digest);
        // With a cache, whole summaries are read back from it when a later stage needs them: none is held meanwhile.
        if (!summaryCache) computed.set(source.path, outcome.summary);
        if (digestCache) timer.time('cache', 0, () => digestCache.set(keys.summaryDigest(source.path, source.hash), digest));
      }
      timer.progress('summarise', ++done, sources.length);
      garbage.poll();
    }));
    // The lists of the collection as it is now: the pack drops the others when it is next written anew.
    mentionPack?.keepOnly(new Set([...digests.values()].flatMap((digest) => Object.values(digest.targets).map(([, hash]) => hash))));

    const full = async (source: SourceFile): Promise<Summary | undefined> => {
      const known = computed.get(source.path)
        ?? (summaryCache ? timer.time('cache', 1, () => summaryCache.get<Summary>(keys.summary(source.path, summaryHash(source, digests.get(source.path))))) : undefined);
      if (known) return known;
      // The digest was in the cache, the summary no longer is: summarized again (quietly: it was readable).
      const outcome = await summarize(source, context.executorFor(1));
      return 'summary' in outcome ? outcome.summary : undefined;
    };
    let last: { path: string; lists: ReturnType<typeof mentionLists> } | undefined;
    const mentions = async (source: SourceFile, target: string): Promise<MentionSummary[]> => {
      const hash = digests.get(source.path)?.targets[target]?.[1];
      if (hash === undefined) return [];
      const kept = mentionPack ? timer.time('cache', 1, () => mentionPack.get(hash)) : undefined;
      if (kept !== undefined) {
        try {
          return JSON.parse(kept) as MentionSummary[];
        } catch {
          // damaged: made again from the summary
        }
      }
      // Without a cache (or with one that lost the list), from the whole summary: the file's lists are made once for all its targets.
      if (last?.path !== source.path) {
        const summary = await full(source);
        if (!summary) throw new Error(`${source.path} could not be summarized again`);
        last = { path: source.path, lists: mentionLists(summary) };
        keepMentions(last.lists);
      }
      const list = last.lists.get(target);
      return list ? (JSON.parse(list.json) as MentionSummary[]) : [];
    };
    const reportLeftOut = (): void => {
      for (const report of failures) report?.();
    };
    return { readable: sources.filter((source) => digests.has(source.path)), digests, full, computed: missing.length, mentions, reportLeftOut };
  }
}
