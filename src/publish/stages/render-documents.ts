import type { OutputContent } from '../atomic-output';
import type { DocumentResult } from '../jobs';
import type { RegisterIndex } from '../registers';
import { collectionUri } from '../transform';
import type { BuildContext } from './context';
import { addJobTimes, failureReport, jobFile, largestFirst, runBounded } from './jobs';
import { CachedOutputs, PageStore } from './page-store';
import type { SourceFile } from './read';
import type { Summarised, SummaryDigest } from './summarise';

/**
 * Stage `render-documents`: each edition document's pages (documents/<name>.html, its TEI copy
 * documents/<name>.xml, text/<name>.txt), copied from the cache when its inputs are unchanged, else
 * rendered (spread over the threads). Pages go to the output as each document is finished; none are
 * kept. Of two documents that would publish under the same name, the first in collection order is
 * published, whichever finished first.
 */

/** A published document, as the collection pages need it. */
export interface PublishedDocument {
  source: SourceFile;
  name: string;
  /** Its text edition in the output (text/<name>.txt), for edition.txt. */
  textOutput: string;
  /** Blob key of its text edition, for edition.txt's cache key (with the cache only). */
  textBlob?: string;
  /** The collection's image and media files its pages show (stages/media.ts publishes them). */
  images: string[];
}

export interface RenderedDocuments {
  /** In collection order. */
  published: PublishedDocument[];
  /** How many documents were rendered rather than copied from the cache. */
  rendered: number;
  /** How many were copied from the cache. */
  reused: number;
}

interface CachedDocument extends CachedOutputs {
  name: string;
  teiCopy: string;
  /** What makes the TEI copy unsafe to publish (XHTML, SVG… markup), if anything: the copy is then withheld. */
  active?: string;
  /** Blob key of the document's text edition, for edition.txt. */
  text?: string;
  /** The collection's image and media files its pages show. */
  images?: string[];
}

/** A document's pages, ready to be written: from the cache or from its job; each with its content key, when known (OutputFolder.write). */
interface Pages {
  name: string;
  teiCopy: string;
  active?: string;
  outputs: Map<string, { content: OutputContent; key?: string }>;
  textBlob?: string;
  images: string[];
}

/**
 * What renderDocuments will publish, as the summaries tell it before anything is rendered: each edition document
 * under the name its summary gives (the stylesheets' ed:document-name), the first in collection order keeping a
 * name two would publish under. The same as the stage's `published`, unless a document fails to render
 * (samePublication): the pipeline builds the search index from it while the documents render.
 */
export function publicationForecast({ readable, digests }: Summarised): PublishedDocument[] {
  const names = new Set<string>();
  const published: PublishedDocument[] = [];
  for (const source of readable) {
    const { document, 'edition-document': edition } = digests.get(source.path)!;
    if (!edition || names.has(document.name)) continue;
    names.add(document.name);
    published.push({ source, name: document.name, textOutput: `text/${document.name}.txt`, images: [] });
  }
  return published;
}

/** Whether two lists publish the same documents under the same names, in the same order. */
export function samePublication(a: PublishedDocument[], b: PublishedDocument[]): boolean {
  return a.length === b.length && a.every((document, index) => document.source.path === b[index].source.path && document.name === b[index].name);
}

export async function renderDocuments(context: BuildContext, { readable, digests }: Summarised, registers: RegisterIndex, title: string, publishers: string[]): Promise<RenderedDocuments> {
  const { keys, timer, problems, output, edition } = context;
  const cache = context.cache?.kind('document');
  const store = cache ? new PageStore(cache, (page, blob) => context.output.holds(page, blob)) : undefined;
  const order = new Map(readable.map((source, index) => [source.path, index]));
  const byUri = new Map(readable.map((source) => [collectionUri(source.path), source]));
  const documents = readable.filter((source) => digests.get(source.path)!['edition-document']);

  // What each document's pages depend on: itself and the files its pointers reach (by name, or by the
  // xml:id of a register entry kept elsewhere: RegisterIndex.registerFilesFor), in collection order.
  // Without intermediate arrays: it runs for every document of every build (2,000 on a save in serve).
  const references = (source: SourceFile, summary: SummaryDigest): SourceFile[] => {
    const found = new Set<SourceFile>();
    for (const uri of summary.references) {
      const reference = byUri.get(uri);
      if (reference !== undefined && reference !== source) found.add(reference);
    }
    for (const reference of registers.registerFilesFor(source, summary)) found.add(reference);
    const list = [...found];
    return list.length > 1 ? list.sort((a, b) => order.get(a.path)! - order.get(b.path)!) : list;
  };

  /** Per document (index in `documents`), what it reports, in collection order at the end. */
  const reports: Array<Array<() => void>> = documents.map(() => []);
  /** Name → the document (index) whose pages the output holds under it. */
  const owners = new Map<string, number>();
  /**
   * Index → what it published and the outputs it wrote (to take them back if an earlier document claims the name).
   * Not the pages' contents: they are in the output folder, and at 2,000 documents they would be 150 MB held here.
   */
  const written = new Map<number, { pages: Pick<Pages, 'name' | 'textBlob' | 'images'>; outputs: string[] }>();
  /** Index → the earlier document it lost its name to. */
  const lost = new Map<number, number>();

  /** Writes a document's pages, unless an earlier document publishes under the same name. */
  const settle = (index: number, pages: Pages): void => {
    const source = documents[index];
    if (pages.active) {
      reports[index].push(() => problems.warning(source.file, 'tei-copy-withheld',
        `the TEI source is not published beside the edition (html/${pages.teiCopy}): it contains ${pages.active}, which a browser would run when opening it; the HTML and text editions are published`));
    } else {
      pages.outputs.set(`html/${pages.teiCopy}`, { content: { copyOf: source.file }, key: `source ${source.hash}` });
    }
    const owner = owners.get(pages.name);
    if (owner !== undefined && owner < index) {
      lost.set(index, owner);
      return;
    }
    if (owner !== undefined) {
      for (const path of written.get(owner)!.outputs) output.remove(path);
      written.delete(owner);
      lost.set(owner, index);
    }
    owners.set(pages.name, index);
    for (const [path, { content, key }] of pages.outputs) output.write(path, content, key);
    written.set(index, { pages: { name: pages.name, textBlob: pages.textBlob, images: pages.images }, outputs: [...pages.outputs.keys()] });
  };

  let reused = 0;
  let rendered = 0;
  let done = 0;
  const misses: Array<{ index: number; key: string; references: SourceFile[] }> = [];
  documents.forEach((source, index) => {
    const refs = references(source, digests.get(source.path)!);
    const key = keys.document(source.path, source.hash, title, refs);
    const hit = store ? timer.time('cache', 1, () => {
      const entry = cache!.get<CachedDocument>(key);
      const files = store.files(entry);
      return entry && files ? { entry, files } : undefined;
    }) : undefined;
    if (!hit) {
      misses.push({ index, key, references: refs });
      return;
    }
    reused++;
    settle(index, {
      name: hit.entry.name, teiCopy: hit.entry.teiCopy, active: hit.entry.active, textBlob: hit.entry.text, images: hit.entry.images ?? [],
      outputs: new Map(hit.files.map((page) => [page.output, { content: { copyOf: page.file }, key: page.blob }])),
    });
    timer.progress('render-documents', ++done, documents.length);
  });

  const executor = context.executorFor(misses.length);
  await timer.timeAsync('render-documents', misses.length, () => runBounded(misses, largestFirst(misses.map(({ index }) => documents[index]), executor), executor, async ({ index, key, references: refs }) => {
    const source = documents[index];
    const loaded = await jobFile(source);
    if (!('file' in loaded)) {
      reports[index].push(() => problems.leaveOut(source, loaded.rule, loaded.message, loaded));
      return;
    }
    const referenced = [];
    for (const reference of refs) {
      const file = await jobFile(reference);
      if (!('file' in file)) {
        reports[index].push(() => problems.leaveOut(source, 'transform-failed', `cannot be transformed, so it is not published: ${reference.path}, which it points to, ${file.message}`));
        return;
      }
      referenced.push(file.file);
    }
    const result: DocumentResult = await executor.run({ kind: 'document', file: loaded.file, references: referenced, edition, publishers });
    addJobTimes(context, result.ms, 1);
    timer.progress('render-documents', ++done, documents.length);
    if (!result.ok) {
      const { rule, message, position } = failureReport(loaded.file.text, result);
      reports[index].push(() => problems.leaveOut(source, rule, message, position));
      return;
    }
    if (result.kind !== 'document') return;
    rendered++;
    let textBlob: string | undefined;
    const outputs: Pages['outputs'] = new Map(result.outputs.map(([path, content]) => [path, { content }]));
    if (store) {
      timer.time('cache', 0, () => {
        textBlob = result.text === undefined ? undefined : store.store(result.text);
        const stored = store.storeAll(result.outputs);
        for (const [path, blob] of stored) outputs.get(path)!.key = blob;
        const entry: CachedDocument = { outputs: stored, name: result.name, teiCopy: result.teiCopy, active: result.active, text: textBlob, ...(result.images.length > 0 ? { images: result.images } : {}) };
        cache!.set(key, entry);
      });
    }
    settle(index, { name: result.name, teiCopy: result.teiCopy, active: result.active, textBlob, images: result.images, outputs });
  }));
  if (rendered > 0) timer.detail('render-documents', `${rendered} rendered on ${executor.threads} thread(s), ${reused} from the cache`);

  const published: PublishedDocument[] = [];
  documents.forEach((source, index) => {
    for (const report of reports[index]) report();
    // The document that holds the name now: the one this lost it to may have lost it in turn.
    let owner = lost.get(index);
    while (owner !== undefined && lost.has(owner)) owner = lost.get(owner);
    if (owner !== undefined) {
      problems.leaveOut(source, 'document-name-duplicate',
        `publishes as html/documents/${written.get(owner)!.pages.name}.html, like ${documents[owner].path}: give the <TEI> element a unique xml:id (document names come from TEI/@xml:id, else the file name)`);
      return;
    }
    const pages = written.get(index)?.pages;
    if (!pages) return;
    published.push({ source, name: pages.name, textOutput: `text/${pages.name}.txt`, textBlob: pages.textBlob, images: pages.images });
  });
  return { published, rendered, reused };
}
