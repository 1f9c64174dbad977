import * as fs from 'fs';
import * as path from 'path';
import { readSource, toCollectionFile } from '../collection';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { contentHash, defaultCacheDir, ResultCache, toolFingerprint } from '../cache';
import { OutputContent, writeFolderAtomically } from './atomic-output';
import { discoverCollection } from './discover';
import { configParameters, editionInfo } from './edition-info';
import { loadEditionConfig } from '../config/edition-config';
import { loadStylesheets } from './stylesheets';
import { DocumentResult, JobFailure, JobFile, SummaryResult, Timed } from './jobs';
import {
  CollectionPages, collectionUri, EditionInfo, editionTitle, EntryPage, EntrySummary, errorMessage, renderEditionText, Summary,
} from './transform';
import { collectionValidator, CollectionValidator } from './validation-gate';
import { availableThreads, Executor, InlineExecutor, WorkerPool } from './workers';
import { checkWellFormed } from '../xml/wellformed';
import { ASSETS_DIR } from '../package-files';

/**
 * `tei-edition build`: validate, transform, write atomically.
 *
 * Failure policy (documented in README.md): an invalid collection is never published. With
 * `--no-validate`, a document that cannot be parsed or transformed is left out of the edition with
 * an error naming the file (and the element, where the stylesheet can tell); every other document is
 * still published, and the build exits non-zero so CI notices. Per-document isolation is what makes
 * previews of foreign TEI useful: one bad file does not hide a thousand good ones.
 */

export interface BuildOptions {
  src: string;
  out: string;
  validate: boolean;
  schema?: string;
  /** Schematron rules for every document (`--rules FILE`), as `validate --rules` (see rulesFor in src/validation/associations.ts). */
  rules?: string;
  /** Validate without the rules layer (`--no-rules`). */
  skipRules?: boolean;
  /** Overrides for the edition metadata (tests pin the build date and commit). */
  edition?: Partial<EditionInfo>;
  /**
   * The edition configuration file (edition.yml; the CLI passes editionConfigFile(--config)). Default: none, the
   * title and description come from the documents' headers. Its keys reach the stylesheets in `edition`.
   */
  config?: string;
  /** Explicit file list instead of discovering `src` (the corpus fidelity test). */
  files?: string[];
  /** Defaults to the validator wired in validation-gate.ts. */
  validator?: CollectionValidator;
  /** Reuse what earlier builds rendered (the persistent cache, src/cache); default true, `--no-cache` turns it off. */
  cache?: boolean;
  /** The cache's folder (default: defaultCacheDir(), `.cache/tei-edition/`). */
  cacheDir?: string;
  /** Called with each stage's total time at the end of the run (`--timings`). */
  onStage?: (event: BuildStageEvent) => void;
  /**
   * Worker threads to render with (0 or 1: all on the main thread). Default: one per core
   * (os.availableParallelism(), or TEI_EDITION_WORKERS), started only when there are at least
   * WORKER_MIN_JOBS files to summarize or documents to render.
   */
  workers?: number;
}

/** Below this many jobs, starting the threads (each loads SaxonJS and both stylesheets) costs more than it saves. */
export const WORKER_MIN_JOBS = 16;

export type BuildStageName = 'read' | 'validate' | 'html-transform' | 'text-transform' | 'registers' | 'write' | 'cache';

/** The same shape as the validator's StageEvent, so `--timings` prints both alike. */
export interface BuildStageEvent {
  stage: BuildStageName;
  /** Wall-clock milliseconds spent in the stage over the whole run. */
  ms: number;
  files: number;
  detail?: string;
}

export interface BuildResult {
  /** True when a new output folder was swapped into place. */
  published: boolean;
  diagnostics: Diagnostic[];
  /** Collection paths of the documents published. */
  documents: string[];
  /** Collection path → the name a published document has in the edition (documents/<name>.html, <name>.txt). */
  names: Record<string, string>;
  /** Collection paths of the files that could not be published. */
  failed: string[];
  /** Number of files written. */
  files: number;
  /** What this run rendered rather than took from the cache. */
  rendered: RenderStats;
}

export interface RenderStats {
  /** Files summarized (mode ed:summary). */
  summaries: number;
  /** Documents whose pages were rendered. */
  documents: number;
  /** Collection pages rendered (html/index.html, html/persons/<id>.html, text/edition.txt ...), sorted. */
  pages: string[];
}

function relativeToCwd(file: string): string {
  return path.relative(process.cwd(), file).split(path.sep).join('/');
}

function buildError(file: string, rule: string, message: string, position: { line?: number; column?: number } = {}): Diagnostic {
  return { file: relativeToCwd(file), line: position.line ?? 0, column: position.column ?? 0, severity: 'error', rule, layer: 'build', message };
}

/** "line 12, column 5" style positions in parser messages. */
function positionIn(message: string): { line?: number; column?: number } {
  const line = /line[:\s]+(\d+)/i.exec(message);
  const column = /col(?:umn)?[:\s]+(\d+)/i.exec(message);
  return { line: line ? Number(line[1]) : undefined, column: column ? Number(column[1]) : undefined };
}

function readAssets(): Map<string, Buffer> {
  const assets = new Map<string, Buffer>();
  const walk = (dir: string, prefix: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name), `${prefix}${entry.name}/`);
      else assets.set(`assets/${prefix}${entry.name}`, fs.readFileSync(path.join(dir, entry.name)));
    }
  };
  walk(ASSETS_DIR, '');
  return assets;
}

/** Stage totals of one run, reported at its end (`--timings`). */
class Stages {
  private readonly totals = new Map<BuildStageName, { ms: number; files: number; detail?: string }>();

  add(stage: BuildStageName, ms: number, files: number): void {
    const total = this.totals.get(stage) ?? { ms: 0, files: 0 };
    total.ms += ms;
    total.files += files;
    this.totals.set(stage, total);
  }

  time<T>(stage: BuildStageName, files: number, body: () => T): T {
    const started = performance.now();
    try {
      return body();
    } finally {
      this.add(stage, performance.now() - started, files);
    }
  }

  detail(stage: BuildStageName, detail: string): void {
    const total = this.totals.get(stage) ?? { ms: 0, files: 0 };
    this.totals.set(stage, { ...total, detail });
  }

  emit(onStage: BuildOptions['onStage']): void {
    if (!onStage) return;
    for (const [stage, total] of this.totals) onStage({ stage, ms: total.ms, files: total.files, ...(total.detail ? { detail: total.detail } : {}) });
  }
}

/** One file of the collection, read once. */
interface SourceFile {
  file: string;
  /** Path relative to the collection folder, forward slashes. */
  path: string;
  bytes: Buffer;
  /** The text, decoded as validate decodes it. */
  text: string;
  hash: string;
}

/** A cached rendering: output path (html/…, text/…), blob key of its content, and its size in bytes. */
interface CachedOutputs {
  outputs: Array<[string, string, number]>;
}

interface CachedDocument extends CachedOutputs {
  name: string;
  teiCopy: string;
  /** What makes the TEI copy unsafe to publish (XHTML, SVG… markup), if anything: the copy is then withheld. */
  active?: string;
  /** Blob key of the document's text edition, for edition.txt. */
  text?: string;
}

/** A rendered document as the ordered pass takes it: left out, a register (no pages), or its pages. */
type Settled = { failure: JobFailure } | { register: true } | { outputs: Map<string, OutputContent>; name: string; teiCopy: string; active?: string };

/**
 * The order to start jobs in: on threads, the largest files first, so that a long document does not start
 * last while the other threads sit idle (a multi-megabyte novel takes seconds); on the main thread, collection
 * order. Results are taken in collection order either way.
 */
function largestFirst(sources: SourceFile[], executor: Executor): number[] {
  const indices = sources.map((_source, index) => index);
  return executor.threads > 1 ? indices.sort((a, b) => sources[b].text.length - sources[a].text.length || a - b) : indices;
}

export async function buildEdition(options: BuildOptions): Promise<BuildResult> {
  const stages = new Stages();
  try {
    return await build(options, stages);
  } finally {
    stages.emit(options.onStage);
  }
}

async function build(options: BuildOptions, stages: Stages): Promise<BuildResult> {
  const srcDir = path.resolve(options.src);
  const diagnostics: Diagnostic[] = [];
  const failed: string[] = [];
  const names: Record<string, string> = {};
  const stats: RenderStats = { summaries: 0, documents: 0, pages: [] };
  const result = (published: boolean, documents: string[] = [], files = 0): BuildResult => ({ published, diagnostics, documents, names, failed, files, rendered: stats });

  // Before any work: a mistake in edition.yml is reported at once, and nothing is published with a wrong title.
  const config = loadEditionConfig(options.config, process.cwd(), options.cache === false ? undefined : new ResultCache(options.cacheDir ?? defaultCacheDir(), 'build'));
  if (!config.ok) {
    diagnostics.push(...config.diagnostics);
    return result(false);
  }

  if (!fs.existsSync(srcDir) || !fs.statSync(srcDir).isDirectory()) {
    diagnostics.push({ file: relativeToCwd(srcDir), line: 0, column: 0, severity: 'error', rule: 'src-missing', layer: 'io', message: 'the collection folder does not exist' });
    return result(false);
  }
  const paths = options.files ?? discoverCollection(srcDir);
  if (paths.length === 0) {
    diagnostics.push({ file: relativeToCwd(srcDir), line: 0, column: 0, severity: 'error', rule: 'collection-empty', layer: 'io', message: 'no .xml files to publish' });
    return result(false);
  }

  if (options.validate) {
    const validator = options.validator ?? collectionValidator;
    if (!validator) {
      diagnostics.push({
        file: relativeToCwd(srcDir), line: 0, column: 0, severity: 'error', rule: 'validation-unavailable', layer: 'build',
        message: 'validation is not available in this build of tei-edition, and an unchecked collection is never published; use --no-validate for a preview',
      });
      return result(false);
    }
    // Always validated, cache or not: the validator keeps its own cache (keyed on the schema too).
    const started = performance.now();
    const report = await validator(paths, { schema: options.schema, rules: options.rules, skipRules: options.skipRules, cache: options.cache, cacheDir: options.cacheDir });
    stages.add('validate', performance.now() - started, paths.length);
    diagnostics.push(...report.diagnostics);
    if (report.diagnostics.some((d) => d.severity === 'error')) return result(false);
  }

  // Read every file once; parse a file only when something has to be summarized or rendered from it.
  const sources: SourceFile[] = [];
  const readStarted = performance.now();
  for (const file of paths) {
    const collectionPath = path.relative(srcDir, file).split(path.sep).join('/');
    // Decoded as validate decodes it (BOM, UTF-16, the declared encoding): never as UTF-8 regardless.
    const read = await readSource(toCollectionFile(file));
    if (!read.ok) {
      diagnostics.push(buildError(file, read.rule, `cannot be read, so it is not published: ${read.message}`, read));
      failed.push(collectionPath);
      continue;
    }
    const bytes = Buffer.from(read.source.bytes);
    sources.push({ file, path: collectionPath, bytes, text: read.source.text, hash: contentHash(bytes) });
  }
  stages.add('read', performance.now() - readStarted, paths.length);
  const stylesheets = stages.time('read', 0, () => loadStylesheets());
  // Every cache key below includes it (base): a changed title or licence renders the pages again.
  const edition: EditionInfo = { ...editionInfo(srcDir), ...configParameters(config.config), ...options.edition };
  const cache = options.cache === false ? undefined : new ResultCache(options.cacheDir ?? defaultCacheDir(), 'build');
  // Every key starts with what every output depends on: the tool's code, the compiled stylesheets, the edition metadata.
  const base = contentHash('tei-edition build', toolFingerprint(), stylesheets.hash, JSON.stringify(edition));

  const threads = options.workers ?? availableThreads();
  let inline: InlineExecutor | undefined;
  let pool: WorkerPool | undefined;
  /** Jobs run on worker threads when there are enough of them to pay for starting the threads (SaxonJS and both stylesheets in each). */
  const executorFor = (jobs: number): Executor => {
    if (pool) return pool;
    const enough = options.workers === undefined ? jobs >= WORKER_MIN_JOBS : jobs > 0;
    if (threads > 1 && enough && stylesheets.sef) return (pool = new WorkerPool(stylesheets.sef, threads));
    return (inline ??= new InlineExecutor(stylesheets));
  };
  try {
    return await publish();
  } finally {
    await pool?.close();
  }

  async function publish(): Promise<BuildResult> {
    const parsedFiles = new Set<string>();
    const jobFile = (source: SourceFile): JobFile => {
      parsedFiles.add(source.path);
      return { path: source.path, text: source.text, hash: source.hash };
    };
    const addTimes = (ms: Timed['ms'], files: number): void => {
      stages.add('read', ms.read, 0);
      stages.add('cache', ms.summary, 0);
      if (ms.html) stages.add('html-transform', ms.html, files);
      if (ms.text) stages.add('text-transform', ms.text, files);
    };
    /** A file that could not be parsed or transformed is left out of the edition, with an error naming it. */
    const leaveOut = (source: SourceFile, failure: JobFailure): void => {
      if (failure.parseError !== undefined) {
        // Reported as validate reports it (same rule, message and position), where our parser agrees;
        // else SaxonJS's own message (it names no file, and counts lines from 0).
        const verdict = checkWellFormed(source.text);
        if (!verdict.ok) {
          diagnostics.push(buildError(source.file, verdict.rule, `cannot be parsed, so it is not published: ${verdict.message}`, verdict));
        } else {
          const message = failure.parseError.replace(/ in undefined:/, ':');
          const position = positionIn(message);
          diagnostics.push(buildError(source.file, 'xml-malformed', `cannot be parsed, so it is not published: ${message}`, { ...position, line: position.line === undefined ? undefined : position.line + 1 }));
        }
      } else {
        // JavaScript's stack, not the stylesheet: thousands of nested elements.
        const message = failure.tooDeep ? `the document nests elements too deeply to be transformed (${failure.error})` : failure.error;
        diagnostics.push(buildError(source.file, 'transform-failed', `cannot be transformed, so it is not published: ${message}`));
      }
      failed.push(source.path);
    };

    // What the build and the collection pages need of each file (mode ed:summary), cached by its bytes.
    const summaries = new Map<string, Summary>();
    const summaryKey = (source: SourceFile): string => contentHash('summary', toolFingerprint(), stylesheets.hash, source.path, source.hash);
    const unsummarized = sources.filter((source) => {
      const summary = cache ? stages.time('cache', 1, () => cache.get<Summary>(summaryKey(source))) : undefined;
      if (summary) summaries.set(source.path, summary);
      return !summary;
    });
    const summarizing = executorFor(unsummarized.length);
    const summaryJobs: Array<Promise<SummaryResult>> = [];
    for (const index of largestFirst(unsummarized, summarizing)) summaryJobs[index] = summarizing.run({ kind: 'summary', file: jobFile(unsummarized[index]) });
    const summaryResults = await Promise.all(summaryJobs);
    unsummarized.forEach((source, index) => {
      const result = summaryResults[index];
      addTimes(result.ms, 0);
      if (!result.ok) return leaveOut(source, result);
      summaries.set(source.path, result.summary);
      if (cache) stages.time('cache', 0, () => cache.set(summaryKey(source), result.summary));
    });
    const summarized = unsummarized.length;
    const readable = sources.filter((source) => summaries.has(source.path));
    const byUri = new Map(readable.map((source) => [collectionUri(source.path), source]));
    const publishers = readable.flatMap((source) => summaries.get(source.path)!.publishers);
    const title = titleOf(publishers);

    const files = new Map<string, OutputContent>();
    const writtenBy = new Map<string, string>();
    const published: string[] = [];
    /** Collection path → blob key of its text edition. */
    const textBlobs = new Map<string, string>();
    const renderedTexts: Record<string, string> = {};
    const order = new Map(readable.map((source, index) => [source.path, index]));
    let documentHits = 0;
    let documentsRendered = 0;
    const pagesRendered: string[] = [];

    /** A blob is there and whole (a damaged one, cut short, is written again or rendered again, never used). */
    const blobIntact = (key: string, size: number): string | undefined => {
      const file = cache?.entryFile(key);
      return file && fs.statSync(file, { throwIfNoEntry: false })?.size === size ? file : undefined;
    };
    /** Stores content under its own hash (once), so unchanged pages are copied from the cache, not rendered. */
    const storeBlob = (content: string): string => {
      const key = contentHash('blob', content);
      if (cache && !blobIntact(key, Buffer.byteLength(content))) cache.setBuffer(key, content);
      return key;
    };
    const blobsOf = (outputs: Iterable<readonly [string, OutputContent]>): CachedOutputs['outputs'] =>
      [...outputs].map(([output, value]) => [output, storeBlob(value as string), Buffer.byteLength(value as string)]);
    /**
     * Rendered pages as the write will take them: with a cache, copied from their blobs at write time rather than
     * held in memory (thousands of pages would otherwise sit in the heap until the end of the run).
     */
    const stored = (outputs: Map<string, OutputContent>, blobs: CachedOutputs['outputs'] | undefined): Map<string, OutputContent> => {
      for (const [output, blob, size] of blobs ?? []) {
        const file = blobIntact(blob, size);
        if (file) outputs.set(output, { copyOf: file });
      }
      return outputs;
    };
    /** The TEI copy is served as XML, where XHTML and SVG markup runs: it is published only when inert. */
    const withholdOrPublishCopy = (source: SourceFile, outputs: Map<string, OutputContent>, teiCopy: string, active: string | undefined): void => {
      if (active) {
        diagnostics.push({ ...buildError(source.file, 'tei-copy-withheld', `the TEI source is not published beside the edition (html/${teiCopy}): it contains ${active}, which a browser would run when opening it; the HTML and text editions are published`), severity: 'warning' });
      } else {
        outputs.set(`html/${teiCopy}`, source.bytes);
      }
    };
    /** The outputs of a cached entry, provided every blob is still there. */
    const cachedOutputs = (entry: CachedOutputs | undefined): Map<string, OutputContent> | undefined => {
      if (!cache || !entry) return undefined;
      const outputs = new Map<string, OutputContent>();
      for (const [output, blob, size] of entry.outputs) {
        // A missing or damaged (cut) page is a miss: the page is rendered again.
        const file = blobIntact(blob, size);
        if (!file) return undefined;
        outputs.set(output, { copyOf: file });
      }
      return outputs;
    };

    // Each document's pages: copied from the cache when its inputs are unchanged, else rendered (spread over
    // the threads); the results are taken in collection order, so the first of two documents that would
    // publish under the same name is the one published, whichever finished first.
    const planned = readable.filter((source) => summaries.get(source.path)!['edition-document']).map((source) => {
      const references = [...new Set(summaries.get(source.path)!.references.map((uri) => byUri.get(uri)).filter((reference): reference is SourceFile => reference !== undefined && reference !== source))]
        .sort((a, b) => order.get(a.path)! - order.get(b.path)!);
      const key = contentHash('document', base, title, source.path, source.hash, ...references.flatMap((reference) => [reference.path, reference.hash]));
      const hit = cache ? stages.time('cache', 1, () => {
        const entry = cache.get<CachedDocument>(key);
        const outputs = cachedOutputs(entry);
        return outputs && entry ? { entry, outputs } : undefined;
      }) : undefined;
      return { source, references, key, hit };
    });
    /** A rendered document's pages, stored in the cache as soon as they arrive (in whatever order the threads finish). */
    const settle = (source: SourceFile, key: string, result: DocumentResult): Settled => {
      addTimes(result.ms, 1);
      if (!result.ok) return { failure: result };
      if (result.kind !== 'document') return { register: true };
      documentsRendered++;
      const outputs = new Map<string, OutputContent>(result.outputs);
      if (result.text !== undefined) renderedTexts[source.path] = result.text;
      if (cache) {
        stages.time('cache', 0, () => {
          const blobs = blobsOf(outputs);
          const textBlob = result.text === undefined ? undefined : storeBlob(result.text);
          if (textBlob) textBlobs.set(source.path, textBlob);
          cache.set(key, { outputs: blobs, name: result.name, teiCopy: result.teiCopy, active: result.active, text: textBlob } satisfies CachedDocument);
          stored(outputs, blobs);
        });
      }
      return { outputs, name: result.name, teiCopy: result.teiCopy, active: result.active };
    };
    const rendering = executorFor(planned.filter(({ hit }) => !hit).length);
    const jobs: Array<Promise<Settled> | undefined> = [];
    for (const index of largestFirst(planned.map(({ source }) => source), rendering)) {
      const { source, references, key, hit } = planned[index];
      if (hit) continue;
      jobs[index] = rendering.run({ kind: 'document', file: jobFile(source), references: references.map(jobFile), edition, publishers })
        .then((result) => settle(source, key, result));
    }
    for (const [index, { source, hit }] of planned.entries()) {
      let outputs: Map<string, OutputContent>;
      let name: string;
      if (hit) {
        documentHits++;
        outputs = hit.outputs;
        withholdOrPublishCopy(source, outputs, hit.entry.teiCopy, hit.entry.active);
        name = hit.entry.name;
        if (hit.entry.text) textBlobs.set(source.path, hit.entry.text);
      } else {
        const settled = await jobs[index]!;
        jobs[index] = undefined;
        if ('failure' in settled) {
          leaveOut(source, settled.failure);
          continue;
        }
        if ('register' in settled) continue;
        outputs = settled.outputs;
        name = settled.name;
        withholdOrPublishCopy(source, outputs, settled.teiCopy, settled.active);
      }
      const clash = [...outputs.keys()].find((output) => writtenBy.has(output));
      if (clash) {
        diagnostics.push(buildError(source.file, 'document-name-duplicate',
          `publishes as ${clash}, like ${writtenBy.get(clash)}: give the <TEI> element a unique xml:id (document names come from TEI/@xml:id, else the file name)`));
        failed.push(source.path);
        continue;
      }
      for (const [output, value] of outputs) {
        files.set(output, value);
        writtenBy.set(output, source.path);
      }
      published.push(source.path);
      names[source.path] = name;
    }
    if (documentsRendered > 0) stages.detail('html-transform', `${rendering.threads} thread(s)`);

    // An edition without a single document is no preview of anything: keep the previous output.
    if (published.length === 0) return result(false);

    // Collection pages link only to what was published. Each is rendered again only when the data it shows
    // changed (its cache key is that data): the home page, a register's list, an entry's page with its mentions;
    // edition.txt, when a document's text edition or chronological key changed.
    const members = readable.filter((source) => !failed.includes(source.path));
    const documents = members.filter((source) => summaries.get(source.path)!['edition-document']).map((source) => ({ path: source.path, summary: summaries.get(source.path)! }));
    const projectDescriptions = readable.flatMap((source) => summaries.get(source.path)!['project-descriptions']);
    const textKey = contentHash('collection text', base, title, ...projectDescriptions.slice(0, 1), ...documents.flatMap(({ path: documentPath, summary }) => [
      documentPath, summary['date-key'], summary.title, textBlobs.get(documentPath) ?? contentHash('blob', renderedTexts[documentPath] ?? ''),
    ]));
    let reused = 0;
    let collectionPages = 1;
    try {
      // Joining the mentions to their entries, for the pages' keys: no rendering, so counted with the cache.
      const pages = stages.time('cache', 0, () => collectionPagesOf(members.map((source) => summaries.get(source.path)!)));
      collectionPages += pages.length;
      // The collection pages show the edition title and purpose of the collection's members.
      const memberPublishers = members.flatMap((source) => summaries.get(source.path)!.publishers);
      const memberDescriptions = members.flatMap((source) => summaries.get(source.path)!['project-descriptions']);
      const pagesTitle = titleOf(memberPublishers);
      const stale: CollectionPage[] = [];
      for (const page of pages) {
        const cached = cache ? stages.time('cache', 1, () => {
          page.key = contentHash('collection page', base, pagesTitle, page.kind === 'index' ? memberDescriptions[0] ?? '' : '', JSON.stringify(page.data));
          return cachedOutputs(cache.get<CachedOutputs>(page.key));
        }) : undefined;
        if (cached) {
          reused++;
          for (const [output, value] of cached) files.set(output, value);
        } else {
          stale.push(page);
        }
      }
      const pageBatches = batches(stale);
      const executor = executorFor(pageBatches.length);
      const pagesJobs = pageBatches.map((batch) => executor.run({
        kind: 'pages', pages: pagesData(batch), edition, publishers: memberPublishers, projectDescriptions: memberDescriptions,
      }));
      const expected = new Map(stale.map((page) => [page.output, page]));
      for (const job of pagesJobs) {
        const rendered = await job;
        stages.add('registers', rendered.ms.pages, 0);
        if (!rendered.ok) throw new Error(rendered.error);
        for (const [output, content] of rendered.outputs) {
          const page = expected.get(output);
          if (!page) throw new Error(`the stylesheet wrote ${output}, which was not asked for`);
          expected.delete(output);
          const outputs = new Map<string, OutputContent>([[output, content]]);
          if (cache) {
            stages.time('cache', 0, () => {
              const blobs = blobsOf(outputs);
              cache.set(page.key, { outputs: blobs } satisfies CachedOutputs);
              stored(outputs, blobs);
            });
          }
          files.set(output, outputs.get(output)!);
          pagesRendered.push(output);
          stages.add('registers', 0, 1);
        }
      }
      if (expected.size > 0) throw new Error(`the stylesheet did not write ${[...expected.keys()].join(', ')}`);

      const cachedText = cache ? stages.time('cache', 1, () => cachedOutputs(cache.get<CachedOutputs>(textKey))) : undefined;
      if (cachedText) {
        reused++;
        for (const [output, value] of cachedText) files.set(output, value);
      } else {
        for (const { path: documentPath } of documents) {
          if (renderedTexts[documentPath] === undefined && textBlobs.has(documentPath)) {
            renderedTexts[documentPath] = stages.time('cache', 0, () => cache!.getBuffer(textBlobs.get(documentPath)!)?.toString('utf8') ?? '');
          }
        }
        const outputs = stages.time('registers', 1, () =>
          [...renderEditionText(stylesheets.text, documents, publishers, projectDescriptions, edition, renderedTexts).outputs].map(([output, value]) => [`text/${output}`, value] as const));
        for (const [output, value] of outputs) {
          files.set(output, value);
          pagesRendered.push(output);
        }
        if (cache) stages.time('cache', 0, () => cache.set(textKey, { outputs: blobsOf(outputs) } satisfies CachedOutputs));
      }
    } catch (error) {
      diagnostics.push(buildError(srcDir, 'transform-failed', `the collection pages cannot be built, so nothing is published: ${errorMessage(error)}`));
      return result(false, published);
    }
    for (const [key, value] of readAssets()) files.set(`html/${key}`, value);
    if (cache) {
      const { hits, misses } = cache.stats;
      stages.detail('cache', `${hits} hit(s), ${misses} miss(es); ${documentHits} document(s) and ${reused} of ${collectionPages} collection pages reused, ${summarized} summarized`);
    }
    stages.detail('read', `${parsedFiles.size} parsed`);
    stats.summaries = summarized;
    stats.documents = documentsRendered;
    stats.pages = pagesRendered.sort();

    try {
      stages.time('write', files.size, () => writeFolderAtomically(options.out, files));
    } catch (error) {
      diagnostics.push({ file: relativeToCwd(path.resolve(options.out)), line: 0, column: 0, severity: 'error', rule: 'output-unwritable', layer: 'io', message: `cannot write the edition: ${errorMessage(error)}` });
      return result(false, published);
    }
    return result(true, published, files.size);
  }

  /** The edition title for these publishers (ed:edition-title); cached too, so that a build with nothing to render never loads SaxonJS. */
  function titleOf(publishers: string[]): string {
    const titleKey = contentHash('edition title', toolFingerprint(), stylesheets.hash, ...publishers);
    let title = cache ? stages.time('cache', 0, () => cache.get<string>(titleKey)) : undefined;
    if (title === undefined) {
      title = stages.time('cache', 0, () => editionTitle(stylesheets.html, publishers));
      cache?.set(titleKey, title);
    }
    return title;
  }
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
