import * as path from 'path';
import { OutputError } from './atomic-output';
import type { BuildResult } from './build';
import { collectAfterStage, heapInUse } from './garbage';
import { entryKey, keyOf, RegisterIndex, STANDARD_REGISTERS } from './registers';
import { BuildContext, withEdition } from './stages/context';
import { collectionPages } from './stages/collection-pages';
import { titleOf } from './stages/edition-title';
import { read } from './stages/read';
import { publishMedia } from './stages/media';
import { publicationForecast, RenderedDocuments, renderDocuments, samePublication } from './stages/render-documents';
import { searchData } from './stages/search';
import { summaryWork } from './stages/summarise';
import { validate } from './stages/validate';
import { write } from './stages/write';
import { errorMessage } from './transform';

/**
 * At most this many documents to summarize (not in the cache) is an editor's save, whose stages the pipeline overlaps
 * when it has worker threads to run their jobs (serve keeps them started for 16 documents or more), so that both cores work: the summaries
 * while the collection is validated, the search index while the documents render. Not more: an invalid collection
 * of thousands of documents is told so in seconds, not after minutes of summaries it will never use, and a build
 * from nothing holds one stage's memory at a time.
 */
const OVERLAPPED_CHANGES = 8;

/**
 * `tei-edition build` as a pipeline of named stages, each a module of ./stages with its inputs (its
 * arguments) and its outputs (its return value):
 *
 *   read → validate → summarise → render-documents → search → collection-pages → write
 *
 * (search only without `--no-search`: it writes the index and gives collection-pages its three pages).
 * After an editor's save, on worker threads (OVERLAPPED_CHANGES), two pairs of stages overlap, each the same work as in that order:
 * summarise runs while the collection is validated, and search while the documents render.
 *
 * To add a stage (search data, say): a module in ./stages that takes what it needs of the earlier
 * stages' outputs, writes its files with `context.output.write`, reports with `context.problems` and
 * `context.timer`; then one call here. See docs/publish.md.
 *
 * Failure policy (documented in README.md): an invalid collection is never published. With
 * `--no-validate`, a document that cannot be parsed or transformed is left out of the edition with
 * an error naming the file (and the element, where the stylesheet can tell); every other document is
 * still published, and the build exits non-zero so CI notices. Per-document isolation is what makes
 * previews of foreign TEI useful: one bad file does not hide a thousand good ones.
 */
export async function runPipeline(built: BuildContext): Promise<BuildResult> {
  let context = built;
  const { problems } = context;
  const rendered: BuildResult['rendered'] = { summaries: 0, documents: 0, pages: [], indexed: 0 };
  let registerFiles: string[] = [];
  const result = (published: boolean, documents: Array<{ path: string; name: string }> = []): BuildResult => ({
    published, diagnostics: problems.diagnostics, documents: documents.map((document) => document.path),
    names: Object.fromEntries(documents.map((document) => [document.path, document.name])), registers: registerFiles, failed: problems.failed,
    files: published ? context.output.files : 0, rendered,
  });

  const files = await context.timer.timeAsync('read', 0, () => read(context));
  if (!files) return result(false);
  const summaries = summaryWork(context, files.sources);
  // An editor's save, with threads to run its jobs (serve's): the documents that changed are summarized while this
  // thread validates the collection; the build uses them only if it is valid. On this thread alone (a CLI build
  // after one change) the same work would only take turns.
  const overlapped = summaries.missing <= OVERLAPPED_CHANGES && context.executorFor(summaries.missing).threads > 1;
  const early = overlapped ? summaries.run() : undefined;
  // Awaited (and so settled) even when validation fails, so that nothing of this build runs on after it ends.
  const valid = await validate(context, files.paths, files.found).finally(() => early?.catch(() => undefined));
  if (!valid) return result(false);

  try {
    const summarised = await summaries.run();
    summarised.reportLeftOut();
    rendered.summaries = summarised.computed;
    // Files read as registers (ed:is-edition-document false: entries for the collection, no page of their own).
    registerFiles = summarised.readable.filter((source) => !summarised.digests.get(source.path)!['edition-document']).map((source) => source.path);
    // The edition title and purpose come from every readable file, in collection order.
    const publishers = summarised.readable.flatMap((source) => summarised.digests.get(source.path)!.publishers);
    const projectDescriptions = summarised.readable.flatMap((source) => summarised.digests.get(source.path)!['project-descriptions']);
    const title = titleOf(context, publishers);
    // The collection's register (every file's entries joined, one per register and xml:id); the registers
    // beyond the standard three it has entries of are named on every page.
    const registers = context.timer.time('cache', 0, () => RegisterIndex.of(summarised.readable.map((source) => ({ source, digest: summarised.digests.get(source.path)! }))));
    for (const { uri, reached, others } of registers.ambiguities()) {
      for (const { group, source } of others) {
        problems.warning(source.file, 'register-uri-ambiguous',
          `the entry "${entryKey(group.entry)}" (${group.entry.register}) is known by the URI ${JSON.stringify(uri)} (its idno), as the entry "${entryKey(reached.group.entry)}" (${reached.group.entry.register}) of ${reached.source.path} is: a pointer by this URI reaches "${entryKey(reached.group.entry)}" only`);
      }
    }
    // A key several entries share (by @n or idno) is reported only where a pointer uses it: a project may number every list's entries 1, 2, 3.
    const usedKeys = new Map<string, string>();
    for (const source of summarised.readable) {
      const digest = summarised.digests.get(source.path)!;
      const targets = [...Object.keys(digest.targets), ...(digest['header-pointers'] ?? []), ...digest.entries.flatMap((entry) => entry.links ?? [])];
      for (const target of targets) if (target.startsWith('@') && !usedKeys.has(target)) usedKeys.set(target, source.path);
    }
    for (const { key, reached, others } of registers.keyAmbiguities(usedKeys.keys())) {
      for (const { group, source } of others) {
        problems.warning(source.file, 'register-key-ambiguous',
          `the entry "${entryKey(group.entry)}" (${group.entry.register}) has the key ${JSON.stringify(keyOf(key))} (its @n or idno), as the entry "${entryKey(reached.group.entry)}" (${reached.group.entry.register}) of ${reached.source.path} has: a @key of this value (${usedKeys.get(key)} has one) reaches "${entryKey(reached.group.entry)}" only`);
      }
    }
    const extra = registers.registers().filter((register) => !STANDARD_REGISTERS.includes(register));
    if (extra.length > 0) context = withEdition(context, { ...context.edition, registers: extra });

    const leftOut = problems.failed.length;
    const rendering = renderDocuments(context, summarised, registers, title, publishers);
    // The search index is made from the summaries while the documents render (on serve's threads: an editor's save): it
    // needs only which documents are published, and under which names, which the summaries tell unless the rendering
    // leaves one out (it failed, or lost its name to another); then it is made again from what was published.
    const forecast = context.edition.search === false || !overlapped ? undefined : { published: publicationForecast(summarised), rendered: 0, reused: 0 };
    const searching = forecast && outcomeOf(searchData(context, summarised, forecast));
    let documents: RenderedDocuments;
    try {
      documents = await rendering;
    } finally {
      // Nothing of the build runs on after it (the search writes into the output).
      await searching;
    }
    rendered.documents = documents.rendered;
    publishMedia(context, documents);
    const published = documents.published.map(({ source, name }) => ({ path: source.path, name }));
    // An edition without a single document is no preview of anything: keep the previous output.
    if (published.length === 0) return result(false);

    try {
      const forecastHeld = forecast && problems.failed.length === leftOut && samePublication(forecast.published, documents.published) ? await searching : undefined;
      if (forecastHeld && 'error' in forecastHeld) throw forecastHeld.error;
      const beforeSearch = heapInUse();
      const search = context.edition.search === false ? undefined : forecastHeld ? forecastHeld.value : await searchData(context, summarised, documents);
      // The search's garbage (240 MB at 2,000 documents) collected before the collection pages add theirs (garbage.ts).
      const collecting = performance.now();
      if (collectAfterStage(beforeSearch)) context.timer.add('collect-garbage', performance.now() - collecting);
      rendered.indexed = search?.indexed ?? 0;
      const pages = await collectionPages(context, summarised, documents, title, publishers, projectDescriptions, search?.pages);
      rendered.pages = pages.rendered;
      context.timer.detail('cache', `${context.cache?.stats.hits ?? 0} hit(s), ${context.cache?.stats.misses ?? 0} miss(es); ${documents.reused} document(s) and ${pages.reused} of ${pages.total} collection pages reused, ${summarised.computed} summarized`);
    } catch (error) {
      if (error instanceof OutputError) throw error;
      problems.error(context.srcDir, 'transform-failed', `the collection pages cannot be built, so nothing is published: ${errorMessage(error)}`);
      return result(false, published);
    }
    return result(write(context), published);
  } catch (error) {
    if (!(error instanceof OutputError)) throw error;
    problems.io(path.resolve(context.options.out), 'output-unwritable', `cannot write the edition: ${error.message}`);
    return result(false);
  }
}

/** A promise's value or error, as a value: awaited later, it never rejects unobserved meanwhile. */
function outcomeOf<T>(promise: Promise<T>): Promise<{ value: T } | { error: unknown }> {
  return promise.then((value) => ({ value }), (error: unknown) => ({ error }));
}
