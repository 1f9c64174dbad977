import { contentHash } from '../../cache';
import { sortChronologically } from '../../chronology';
import { BuildKeys } from '../cache-keys';
import { GarbageWatch } from '../garbage';
import { RegisterIndex, REGISTERS, STANDARD_REGISTERS } from '../registers';
import { CollectionPages, EntryPage, MentionSummary, RegisterListEntry, renderEditionText } from '../transform';
import type { BuildContext } from './context';
import { titleOf } from './edition-title';
import { addJobTimes, runBounded } from './jobs';
import { CachedOutputs, PageStore } from './page-store';
import type { SourceFile } from './read';
import type { Mentioning, MentionJoin } from './mention-join';
import type { PublishedDocument, RenderedDocuments } from './render-documents';
import type { SearchPage } from './search';
import type { Summarised, SummaryDigest } from './summarise';

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

/**
 * @param searchPages the pages of the search stage (search.html, timeline.html, map.html), rendered here with
 *   the other collection pages, each from its data
 */
export async function collectionPages(
  context: BuildContext, summarised: Summarised, { published }: RenderedDocuments, title: string, publishers: string[], projectDescriptions: string[],
  searchPages: SearchPage[] = [],
): Promise<CollectionPagesResult> {
  const { keys, timer, output, edition } = context;
  const cache = context.cache?.kind('page');
  const { readable, digests } = summarised;
  const store = cache ? new PageStore(cache, (page, blob) => context.output.holds(page, blob)) : undefined;
  const failed = new Set(context.problems.failed);
  const members = readable.filter((source) => !failed.has(source.path));
  const rendered: string[] = [];
  let reused = 0;

  // Joining the mentions to their entries, for the pages' keys: no rendering, so counted with the cache.
  // The standard registers' lists always (every page links to them), the others' when the collection has entries of them.
  const shown = REGISTERS.filter((register) => STANDARD_REGISTERS.includes(register) || edition.registers?.includes(register));
  const pages = timer.time('cache', 0, () => collectionPagesOf(members.map((source) => ({ source, digest: digests.get(source.path)! })), shown, context.kept.mentions));
  for (const page of searchPages) pages.push({ ...page, keyText: JSON.stringify(page.data), weight: 1, key: '' });
  // The collection pages show the edition title and purpose of the collection's members.
  const memberPublishers = members.flatMap((source) => digests.get(source.path)!.publishers);
  const memberDescriptions = members.flatMap((source) => digests.get(source.path)!['project-descriptions']);
  const pagesTitle = titleOf(context, memberPublishers);
  const stale: CollectionPage[] = [];
  let done = 0;
  for (const page of pages) {
    const files = store ? timer.time('cache', 1, () => {
      page.key = keys.collectionPage(pagesTitle, page.kind === 'index' ? memberDescriptions[0] ?? '' : '', page.keyText);
      // Only the key needed it, not the rendering.
      page.keyText = '';
      return store.files(cache!.get<CachedOutputs>(page.key));
    }) : undefined;
    if (files) {
      reused++;
      for (const { output: path, file, blob } of files) output.write(path, { copyOf: file }, blob);
      timer.progress('collection-pages', ++done, pages.length);
    } else {
      stale.push(page);
    }
  }

  const rendering = timer.timeAsync('collection-pages', stale.length, async () => {
    const jobs = batches(renderUnits(stale, digests));
    const executor = context.executorFor(jobs.length);
    /** Output → the page it is, until it is written; an entry page rendered in parts gathers them here. */
    const expected = new Map(stale.map((page) => [page.output, { page, frame: undefined as string[] | undefined, sections: [] as string[], missing: 0 }]));
    for (const job of jobs) {
      for (const unit of job) if (unit.section !== undefined) expected.get(unit.page.output)!.missing++;
    }
    /**
     * Writes a page, given whole or (an entry page rendered in parts) as its frame's two halves around its sections:
     * never joined into one string, which at 2,000 documents is up to 12 MB for one page, copied again to be hashed and written.
     */
    const finish = async (path: string, content: string | string[]): Promise<void> => {
      const { page } = expected.get(path)!;
      expected.delete(path);
      if (typeof content === 'string') {
        const stored = store ? timer.time('cache', 0, () => store.storeAll([[path, content]])) : undefined;
        if (stored) cache!.set(page.key, { outputs: stored } satisfies CachedOutputs);
        output.write(path, content, stored?.[0][1]);
      } else {
        const kept = store ? timer.time('cache', 0, () => store.storeParts(path, content)) : undefined;
        if (kept) cache!.set(page.key, { outputs: [kept.stored] } satisfies CachedOutputs);
        // Copied from its blob, as a page the cache held would be; without one, written a part at a time.
        if (kept?.file) output.write(path, { copyOf: kept.file }, kept.stored[1]);
        else await output.writeParts(path, content, kept?.stored[1]);
      }
      rendered.push(path);
      timer.progress('collection-pages', ++done, pages.length);
    };
    // The pages' texts come to this thread as strings, are written and dropped: garbage that V8 leaves in the old
    // generation until it has doubled (garbage.ts). Collected after a job once it is worth it, it does not add up to
    // the build's peak (at 2,000 documents the heap in use grew from 160 to 360 MB over this stage, nearly all garbage).
    const garbage = new GarbageWatch(timer);
    // Jobs are made (their mentions read from the cache) as threads are free for them: only the jobs under way hold their data.
    await runBounded(jobs, jobs.map((_job, index) => index), executor, async (batch) => {
      const sections = new Map<string, { page: string; section: number }>();
      const data = await pagesData(batch, summarised, sections);
      const result = await executor.run({ kind: 'pages', pages: data, edition, publishers: memberPublishers, projectDescriptions: memberDescriptions });
      addJobTimes(context, result.ms, 0);
      if (!result.ok) throw new Error(result.error);
      for (const [path, content] of result.outputs) {
        const part = sections.get(path);
        const waiting = expected.get(part?.page ?? path);
        if (!waiting || (part === undefined && waiting.frame !== undefined)) throw new Error(`the stylesheet wrote ${path}, which was not asked for`);
        if (part) {
          sections.delete(path);
          waiting.sections[part.section] = content;
          waiting.missing--;
        } else if (waiting.page.kind === 'entry' && waiting.page.entry!.mentioning.length > 0) {
          // The page with its mentions' place marked: they are put there when every section is rendered.
          const frame = content.split(MENTIONS_PLACE);
          if (frame.length !== 2) throw new Error(`html.xsl did not mark the place of the mentions in ${path} once`);
          waiting.frame = frame;
        } else {
          await finish(path, content);
          continue;
        }
        if (waiting.frame && waiting.missing === 0) await finish(waiting.page.output, [waiting.frame[0], ...waiting.sections, waiting.frame[1]]);
      }
      if (sections.size > 0) throw new Error(`the stylesheet did not write ${[...sections.keys()].join(', ')}`);
      garbage.poll();
    });
    if (expected.size > 0) throw new Error(`the stylesheet did not write ${[...expected.keys()].join(', ')}`);
  });

  // edition.txt is put together on this thread while the threads render the pages (on this thread alone, after them).
  let assembled = false;
  try {
    const started = performance.now();
    assembled = await editionText(context, summarised, published, title, publishers, projectDescriptions);
    timer.add('collection-pages', performance.now() - started, assembled ? 1 : 0);
  } finally {
    // Nothing of the stage runs on after it, whether or not edition.txt could be written.
    await rendering;
  }
  if (assembled) rendered.push('text/edition.txt');
  else reused++;
  return { rendered: rendered.sort(), total: pages.length + 1, reused };
}

/**
 * text/edition.txt: every published document's text edition, as written, in chronological order, under
 * the edition's title block. text.xsl puts it together (order, title block, separators) from the
 * documents' summaries, each text standing in as a placeholder that cannot occur in XML text; the texts
 * are then copied from the output one by one, so that the whole edition is never one string in memory.
 * Kept from the previous output when its key (BuildKeys.editionText) is unchanged. Returns whether it was
 * assembled (not kept).
 */
async function editionText(context: BuildContext, { digests }: Summarised, published: PublishedDocument[], title: string, publishers: string[], projectDescriptions: string[]): Promise<boolean> {
  const { keys, output, stylesheets, edition, cache } = context;
  const key = cache ? keys.editionText(title, projectDescriptions[0], published.map(({ source, textBlob, textOutput }) =>
    BuildKeys.editionTextLine(source.path, digests.get(source.path)!, textBlob ?? BuildKeys.blob(output.read(textOutput))))) : undefined;
  if (key !== undefined && output.reuse('text/edition.txt', key)) return false;
  const placeholder = (index: number): string => `${PLACEHOLDER}${index}${PLACEHOLDER}`;
  // text.xsl reads a document's path, chronological key and title (renderEditionText), which the digest has too.
  const documents = published.map(({ source }) => {
    const digest = digests.get(source.path)!;
    return { path: source.path, summary: { 'date-key': digest['date-key'], title: digest.title } };
  });
  // What text.xsl makes of them (the title block, the order, the separators, a placeholder for each text) depends on
  // nothing else: kept in the cache, so that a changed text is only copied in again, without a transformation.
  const pages = cache?.kind('page');
  const skeletonKey = contentHash('edition text skeleton', keys.base, JSON.stringify([publishers, projectDescriptions, documents]));
  let outputs = pages?.get<Array<[string, string]>>(skeletonKey, (value) => Array.isArray(value));
  if (!outputs) {
    const texts = Object.fromEntries(published.map(({ source }, index) => [source.path, placeholder(index)]));
    outputs = [...renderEditionText(stylesheets.text, documents, publishers, projectDescriptions, edition, texts).outputs];
    pages?.set(skeletonKey, outputs);
  }
  for (const [path, content] of outputs) {
    const pieces = content.split(PLACEHOLDER);
    // Text, placeholder number, text, …: each document exactly once, or the stylesheet did something else with the texts.
    const order = pieces.filter((_piece, i) => i % 2 === 1).map(Number);
    const whole = order.length === published.length && new Set(order).size === order.length && order.every((i) => Number.isInteger(i) && i >= 0 && i < published.length);
    if (!whole) throw new Error(`text.xsl did not place each document's text in ${path} once`);
    const parts = pieces.map((piece, i) => (i % 2 === 0 ? piece : { output: published[Number(piece)].textOutput }));
    await output.writeParts(`text/${path}`, parts, path === 'edition.txt' ? key : undefined);
  }
  return true;
}

/** Cannot occur in XML text (U+FFFF is no XML character): stands for a document's text in edition.txt. */
const PLACEHOLDER = '\uffff';

/**
 * One collection page of html/ to render or take from the cache: its output, what its key is made of, and
 * (for the pages to render) the data it shows.
 */
interface CollectionPage {
  output: string;
  kind: 'index' | 'register' | 'entry' | SearchPage['kind'];
  /**
   * What the page shows, as its key takes it (BuildKeys.collectionPage): its data as JSON, but each document a page
   * lists stands as a hash of what the page shows of it (BuildKeys.listedDocument, mentioningDocument), and an entry
   * page's mentions as each document's hash of them (SummaryDigest.targets), hashed (MentionJoin). Dropped once the key is made.
   */
  keyText: string;
  /** The data html.xsl renders it from (but an entry page's: its mentions are read as its sections are rendered, RenderUnit). */
  data?: NonNullable<CollectionPages['index']> | NonNullable<CollectionPages['registers']>[number] | SearchPage['data'];
  /**
   * An entry page's entry and the files that mention it, in collection order, with the targets (of the entry's group) they
   * name; how many mentions and speeches they have; what tells the entry from others of its name (qualifiers).
   */
  entry?: { xml: string; mentioning: readonly Mentioning[]; mentions: number; speeches: number; qualifier?: string } & Pick<EntryPage, 'page' | 'relations' | 'links' | 'statements'>;
  /** Roughly how much there is to render, to share the pages among threads. */
  weight: number;
  key: string;
}

/**
 * About how many mentions (or documents, or entries in a list) one collection-pages job renders: small
 * enough that a job's data stays well inside a thread's heap limit (workers.ts), large enough that the
 * few milliseconds each transformation costs to start do not add up.
 */
const BATCH_WEIGHT = 1500;

/**
 * The HTML collection pages, from the digests of the collection's members (collection order): the mentions
 * are joined to the register's entries (RegisterIndex: one page per register and xml:id, whichever file or
 * files keep the entry, with every mention of any of them; MentionJoin, kept between a session's builds).
 */
function collectionPagesOf(members: Array<{ source: SourceFile; digest: SummaryDigest }>, shown: string[], join: MentionJoin): CollectionPage[] {
  const index = RegisterIndex.of(members);
  const joined = join.join(members, index);
  const groups = [...index.groups.values()];
  const pages: CollectionPage[] = [];
  const documents = members.filter(({ digest }) => digest['edition-document']).map(({ digest }) => digest.document);
  const counts = Object.fromEntries(shown.map((register) => [register, groups.filter(({ entry }) => entry.register === register).length]));
  const home = { documents, entries: counts };
  const homeKey = JSON.stringify([documents.map(BuildKeys.listedDocument), counts]);
  pages.push({ output: 'html/index.html', kind: 'index', keyText: homeKey, data: home, weight: documents.length, key: '' });
  const qualifier = index.qualifiers(members);
  for (const register of shown) {
    const entries = groups.filter(({ entry }) => entry.register === register).map(({ entry }): RegisterListEntry => {
      const { mentions, speeches } = joined.get(entry.group)!;
      const qualified = qualifier.get(entry.group);
      return { xml: entry.xml, mentions, speeches, ...(qualified === undefined ? {} : { qualifier: qualified }) };
    });
    const list = { register, entries };
    pages.push({ output: `html/${register}.html`, kind: 'register', keyText: JSON.stringify(list), data: list, weight: list.entries.length, key: '' });
  }
  const outputs = new Set(pages.map((page) => page.output));
  const relations = index.relationsOf(members, qualifier);
  const statements = index.statementsOf(qualifier);
  for (const group of groups) {
    const { entry } = group;
    const { documents: mentioning, mentions, speeches, key } = joined.get(entry.group)!;
    const output = `html/${entry.page}`;
    // As when one pass wrote every page: two entries whose ids differ only in characters a file name cannot have.
    if (outputs.has(output)) throw new Error(`the stylesheet wrote ${entry.page} twice`);
    outputs.add(output);
    const qualified = qualifier.get(entry.group);
    // What the page shows of other entries: the relations it is a party to, the entries its pointers reach (their names
    // and pages), and what other entries state of it (their affiliations to it, their births in it).
    const related = { relations: relations.get(entry.group), links: index.linksOf(entry, qualifier), statements: statements.get(entry.group) };
    // The key has the counts already (they are those of the lists whose hashes it has); the qualifier and the related entries are the page's own.
    let keyText = qualified === undefined ? key : `${key}\n${JSON.stringify(qualified)}`;
    if (related.relations || related.links || related.statements) keyText += `\n${JSON.stringify(related)}`;
    // The entry of a group of copies (known by its URIs in other orders: RegisterGroup.pages) may be one whose own page
    // (ed:entry-page) is not the group's: the page is written where the group's is, and again under each copy's name.
    const named = group.pages ? { page: entry.page } : {};
    pages.push({ output, kind: 'entry', keyText: group.pages ? `${keyText}\n${entry.page}` : keyText, entry: { xml: entry.xml, ...named, mentioning, mentions, speeches, qualifier: qualified, ...related }, weight: 1 + mentions + speeches, key: '' });
    for (const page of group.pages ?? []) {
      if (page === entry.page || outputs.has(`html/${page}`)) continue;
      outputs.add(`html/${page}`);
      pages.push({ output: `html/${page}`, kind: 'entry', keyText: `${keyText}\n${page}`, entry: { xml: entry.xml, page, mentioning, mentions, speeches, qualifier: qualified, ...related }, weight: 1 + mentions + speeches, key: '' });
    }
  }
  return pages;
}

/**
 * Where html.xsl marks the mentions of an entry page rendered in parts (the element tei-edition-mentions, empty, as
 * the HTML serializer writes it). Entry data cannot spell it: its text is escaped, and a page where it occurs more
 * than once is refused (an error, never a wrong page).
 */
const MENTIONS_PLACE = '<tei-edition-mentions></tei-edition-mentions>';

/**
 * What one job renders of a page: the whole page, or, for an entry page with mentions, its frame (the page with
 * the place of its mentions marked: `section` undefined) and its sections (a few of its documents' mentions each,
 * in chronological order).
 */
interface RenderUnit {
  page: CollectionPage;
  /** The section's number in its page, and its documents. */
  section?: number;
  documents?: Mentioning[];
  weight: number;
}

/**
 * The units to render the pages in: an entry page with mentions as its frame and sections of about BATCH_WEIGHT
 * mentions (a document with more is a section alone), so that no job holds the mentions of thousands of documents,
 * however often the collection names an entry; every other page whole.
 */
function renderUnits(pages: CollectionPage[], digests: Map<string, SummaryDigest>): RenderUnit[] {
  const units: RenderUnit[] = [];
  for (const page of pages) {
    const mentioning = page.entry?.mentioning ?? [];
    if (mentioning.length === 0) {
      units.push({ page, weight: page.weight });
      continue;
    }
    units.push({ page, weight: 1 });
    // html.xsl's order (ed:sort-chronologically), which the sections keep.
    const ordered = sortChronologically(mentioning, ({ document }) => ({ dateKey: document['date-key'], title: document.title, path: document.path }));
    let section: RenderUnit | undefined;
    for (const document of ordered) {
      const targets = digests.get(document.source.path)!.targets;
      const weight = document.targets.reduce((total, target) => total + (targets[target]?.[0] ?? 0), 0);
      if (!section || section.weight + weight > BATCH_WEIGHT) units.push((section = { page, section: (section?.section ?? -1) + 1, documents: [], weight: 0 }));
      section.documents!.push(document);
      section.weight += weight;
    }
  }
  return units;
}

/**
 * The parameters of html.xsl's collection entry point for a job's units, the mentions of its sections read now
 * (Summarised.mentions); `sections` gets the output of each section (its href) → its page and number.
 */
async function pagesData(batch: RenderUnit[], summarised: Summarised, sections: Map<string, { page: string; section: number }>): Promise<CollectionPages> {
  const pages: CollectionPages = {};
  for (const { page, section, documents } of batch) {
    if (page.kind === 'index') pages.index = page.data as CollectionPages['index'];
    else if (page.kind === 'search' || page.kind === 'timeline' || page.kind === 'map') pages[`${page.kind}-page`] = page.data;
    else if (page.kind === 'register') (pages.registers ??= []).push(page.data as NonNullable<CollectionPages['registers']>[number]);
    else if (section === undefined) {
      const { xml, page: named, mentioning, mentions, speeches, qualifier, relations, links, statements } = page.entry!;
      const elsewhere = mentioning.length > 0;
      (pages['entry-pages'] ??= []).push({
        xml, ...(named === undefined ? {} : { page: named }), ...(qualifier === undefined ? {} : { qualifier }), mentions, speeches, ...(elsewhere ? { 'mentions-elsewhere': true } : {}), documents: [],
        ...(relations ? { relations } : {}), ...(links ? { links } : {}), ...(statements ? { statements } : {}),
      });
    } else {
      const href = `${page.output.slice('html/'.length)}.mentions-${section}`;
      sections.set(`html/${href}`, { page: page.output, section });
      const shown: EntryPage['documents'] = [];
      for (const { source, document, targets } of documents!) {
        const mentions: MentionSummary[] = [];
        for (const target of targets) mentions.push(...await summarised.mentions(source, target));
        shown.push({ path: document.path, name: document.name, title: document.title, 'date-key': document['date-key'], mentions });
      }
      (pages['mention-sections'] ??= []).push({ href, documents: shown });
    }
  }
  return pages;
}

/**
 * Units grouped into jobs of about BATCH_WEIGHT (a unit heavier than that is a job of its own), in order (an entry
 * page's parts one after the other, so that it is written soon): few transformations (each costs a few milliseconds
 * to start), none holding the data of thousands of mentions beyond its own share.
 */
function batches(units: RenderUnit[]): RenderUnit[][] {
  const jobs: Array<{ units: RenderUnit[]; weight: number }> = [];
  for (const unit of units) {
    const last = jobs[jobs.length - 1];
    if (last && last.weight + unit.weight <= BATCH_WEIGHT) {
      last.units.push(unit);
      last.weight += unit.weight;
    } else {
      jobs.push({ units: [unit], weight: unit.weight });
    }
  }
  return jobs.map((job) => job.units);
}
