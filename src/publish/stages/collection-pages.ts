import { BuildKeys } from '../cache-keys';
import { CollectionPages, EntryPage, EntrySummary, renderEditionText, Summary } from '../transform';
import type { BuildContext } from './context';
import { titleOf } from './edition-title';
import { addJobTimes } from './jobs';
import { CachedOutputs, PageStore } from './page-store';
import type { RenderedDocuments } from './render-documents';
import type { Summarised } from './summarise';

/**
 * Stage `collection-pages`: the pages made from the whole collection (html/index.html, the register
 * lists, one page per register entry, text/edition.txt), rendered from the files' summaries without
 * parsing any document. Each page is rendered again only when the data it shows changed (its cache key
 * is that data): the home page, a register's list, an entry's page with its mentions; edition.txt when
 * a document's text edition or chronological key changed. Collection pages link only to what was published.
 */

export interface CollectionPagesResult {
  /** Output paths of the pages rendered (not copied from the cache). */
  rendered: string[];
  /** How many there are, and how many came from the cache. */
  total: number;
  reused: number;
}

export async function collectionPages(
  context: BuildContext, { readable, summaries }: Summarised, { published }: RenderedDocuments, title: string, publishers: string[], projectDescriptions: string[],
): Promise<CollectionPagesResult> {
  const { cache, keys, timer, output, edition, stylesheets } = context;
  const store = cache ? new PageStore(cache) : undefined;
  const failed = new Set(context.problems.failed);
  const members = readable.filter((source) => !failed.has(source.path)).map((source) => summaries.get(source.path)!);
  const rendered: string[] = [];
  let reused = 0;

  // Joining the mentions to their entries, for the pages' keys: no rendering, so counted with the cache.
  const pages = timer.time('cache', 0, () => collectionPagesOf(members));
  // The collection pages show the edition title and purpose of the collection's members.
  const memberPublishers = members.flatMap((summary) => summary.publishers);
  const memberDescriptions = members.flatMap((summary) => summary['project-descriptions']);
  const pagesTitle = titleOf(context, memberPublishers);
  const stale: CollectionPage[] = [];
  for (const page of pages) {
    const files = store ? timer.time('cache', 1, () => {
      page.key = keys.collectionPage(pagesTitle, page.kind === 'index' ? memberDescriptions[0] ?? '' : '', page.data);
      return store.files(cache!.get<CachedOutputs>(page.key));
    }) : undefined;
    if (files) {
      reused++;
      for (const [path, file] of files) output.write(path, { copyOf: file });
    } else {
      stale.push(page);
    }
  }

  await timer.timeAsync('collection-pages', stale.length, async () => {
    const jobs = batches(stale);
    const executor = context.executorFor(jobs.length);
    const expected = new Map(stale.map((page) => [page.output, page]));
    let done = 0;
    // Every batch is sent at once: a batch holds only its pages' data, which the summaries hold already.
    await Promise.all(jobs.map(async (batch) => {
      const result = await executor.run({ kind: 'pages', pages: pagesData(batch), edition, publishers: memberPublishers, projectDescriptions: memberDescriptions });
      addJobTimes(context, result.ms, 0);
      if (!result.ok) throw new Error(result.error);
      for (const [path, content] of result.outputs) {
        const page = expected.get(path);
        if (!page) throw new Error(`the stylesheet wrote ${path}, which was not asked for`);
        expected.delete(path);
        if (store) timer.time('cache', 0, () => cache!.set(page.key, { outputs: store.storeAll([[path, content]]) } satisfies CachedOutputs));
        output.write(path, content);
        rendered.push(path);
        timer.progress('collection-pages', ++done, stale.length);
      }
    }));
    if (expected.size > 0) throw new Error(`the stylesheet did not write ${[...expected.keys()].join(', ')}`);
  });

  // edition.txt: every published document's text edition, as written, in chronological order.
  const documents = published.map(({ source }) => ({ path: source.path, summary: summaries.get(source.path)! }));
  const textKey = store ? keys.editionText(title, projectDescriptions[0], published.map((document) => {
    const summary = summaries.get(document.source.path)!;
    return { path: document.source.path, dateKey: summary['date-key'], title: summary.title, text: document.textBlob ?? BuildKeys.blob(output.read(document.textOutput)) };
  })) : undefined;
  const cachedText = store && textKey ? timer.time('cache', 1, () => store.files(cache!.get<CachedOutputs>(textKey))) : undefined;
  if (cachedText) {
    reused++;
    for (const [path, file] of cachedText) output.write(path, { copyOf: file });
  } else {
    const texts: Record<string, string> = {};
    for (const document of published) texts[document.source.path] = output.read(document.textOutput).toString('utf8');
    const outputs = timer.time('collection-pages', 1, () =>
      [...renderEditionText(stylesheets.text, documents, publishers, projectDescriptions, edition, texts).outputs].map(([path, value]) => [`text/${path}`, value] as const));
    for (const [path, content] of outputs) {
      output.write(path, content);
      rendered.push(path);
    }
    if (store && textKey) timer.time('cache', 0, () => cache!.set(textKey, { outputs: store.storeAll(outputs) } satisfies CachedOutputs));
  }
  return { rendered: rendered.sort(), total: pages.length + 1, reused };
}

/** One collection page of html/ to render or take from the cache: its output, and the data it shows (its cache key). */
interface CollectionPage {
  output: string;
  kind: 'index' | 'register' | 'entry';
  data: NonNullable<CollectionPages['index']> | NonNullable<CollectionPages['registers']>[number] | EntryPage;
  /** Roughly how much there is to render, to share the pages among threads. */
  weight: number;
  key: string;
}

const REGISTERS = ['persons', 'places', 'organisations'];

/** About how many mentions (or documents, or entries in a list) one collection-pages job renders. */
const BATCH_WEIGHT = 5000;

/**
 * The HTML collection pages and their data, from the summaries of the collection's members (collection order):
 * the mentions are joined to the entries they point to (MentionSummary.targets → EntrySummary.target); each
 * group of entries (register and xml:id) has one page, its first entry's, which lists only the mentions of
 * that entry.
 */
function collectionPagesOf(summaries: Summary[]): CollectionPage[] {
  const byTarget = new Map<string, EntrySummary>();
  const groups = new Map<string, { entry: EntrySummary; documents: EntryPage['documents']; mentions: number }>();
  for (const summary of summaries) {
    for (const entry of summary.entries) {
      if (entry.target && !byTarget.has(entry.target)) byTarget.set(entry.target, entry);
      if (!groups.has(entry.group)) groups.set(entry.group, { entry, documents: [], mentions: 0 });
    }
  }
  for (const summary of summaries) {
    if (!summary['edition-document']) continue;
    const document = summary.document;
    for (const mention of summary.mentions) {
      for (const target of mention.targets) {
        const entry = byTarget.get(target);
        const group = entry && groups.get(entry.group);
        if (!group || group.entry !== entry) continue;
        let shown = group.documents[group.documents.length - 1];
        if (shown?.path !== document.path) {
          shown = { path: document.path, name: document.name, title: document.title, 'date-key': document['date-key'], mentions: [] };
          group.documents.push(shown);
        }
        // What the page shows of the mention: its targets are not shown (and would only widen the page's key).
        shown.mentions.push({ ...mention, targets: [] });
        group.mentions++;
      }
    }
  }
  const winners = [...groups.values()];
  const pages: CollectionPage[] = [];
  const documents = summaries.filter((summary) => summary['edition-document']).map((summary) => summary.document);
  const counts = Object.fromEntries(REGISTERS.map((register) => [register, winners.filter(({ entry }) => entry.register === register).length]));
  pages.push({ output: 'html/index.html', kind: 'index', data: { documents, entries: counts }, weight: documents.length, key: '' });
  for (const register of REGISTERS) {
    const entries = winners.filter(({ entry }) => entry.register === register).map(({ entry, mentions }) => ({ xml: entry.xml, mentions }));
    pages.push({ output: `html/${register}.html`, kind: 'register', data: { register, entries }, weight: entries.length, key: '' });
  }
  const outputs = new Set(pages.map((page) => page.output));
  for (const { entry, documents: mentioning, mentions } of winners) {
    const output = `html/${entry.page}`;
    // As when one pass wrote every page: two entries whose ids differ only in characters a file name cannot have.
    if (outputs.has(output)) throw new Error(`the stylesheet wrote ${entry.page} twice`);
    outputs.add(output);
    pages.push({ output, kind: 'entry', data: { xml: entry.xml, documents: mentioning }, weight: 1 + mentions, key: '' });
  }
  return pages;
}

/** The parameters of html.xsl's collection entry point for these pages. */
function pagesData(batch: CollectionPage[]): CollectionPages {
  const pages: CollectionPages = {};
  for (const page of batch) {
    if (page.kind === 'index') pages.index = page.data as CollectionPages['index'];
    else if (page.kind === 'register') (pages.registers ??= []).push(page.data as NonNullable<CollectionPages['registers']>[number]);
    else (pages['entry-pages'] ??= []).push(page.data as EntryPage);
  }
  return pages;
}

/**
 * Pages grouped into jobs of about BATCH_WEIGHT (a page heavier than that is a job of its own), heaviest first:
 * few transformations (each costs a few milliseconds to start), none holding the data of thousands of mentions
 * beyond its own page, and the threads evenly loaded.
 */
function batches(pages: CollectionPage[]): CollectionPage[][] {
  const jobs: Array<{ pages: CollectionPage[]; weight: number }> = [];
  for (const page of [...pages].sort((a, b) => b.weight - a.weight)) {
    const last = jobs[jobs.length - 1];
    if (last && last.weight + page.weight <= BATCH_WEIGHT) {
      last.pages.push(page);
      last.weight += page.weight;
    } else {
      jobs.push({ pages: [page], weight: page.weight });
    }
  }
  return jobs.map((job) => job.pages);
}
