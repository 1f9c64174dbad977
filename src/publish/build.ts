import * as fs from 'fs';
import * as path from 'path';
import { readSource, toCollectionFile } from '../collection';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { contentHash, defaultCacheDir, ResultCache, toolFingerprint } from '../cache';
import { OutputContent, writeFolderAtomically } from './atomic-output';
import { discoverCollection } from './discover';
import { editionInfo } from './edition-info';
import { loadStylesheets } from './stylesheets';
import {
  activeContent, CollectionEntry, collectionUri, EditionInfo, editionTitle, errorMessage, parseDocument, renderCollection, renderDocument, renderEditionText, summarizeDocument, Summary,
} from './transform';
import { collectionValidator, CollectionValidator } from './validation-gate';
import { checkWellFormed } from '../xml/wellformed';

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
  /** Overrides for the edition metadata (tests pin the build date and commit). */
  edition?: Partial<EditionInfo>;
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
}

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
}

const ASSETS_DIR = path.resolve(__dirname, '..', '..', 'assets');

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
  const result = (published: boolean, documents: string[] = [], files = 0): BuildResult => ({ published, diagnostics, documents, names, failed, files });

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
    const report = await validator(paths, { schema: options.schema, cache: options.cache, cacheDir: options.cacheDir });
    stages.add('validate', performance.now() - started, paths.length);
    diagnostics.push(...report.diagnostics);
    if (report.diagnostics.some((d) => d.severity === 'error')) return result(false);
  }

  // Read every file once; parse a file only when something has to be rendered from it.
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
  const edition: EditionInfo = { ...editionInfo(srcDir), ...options.edition };
  const cache = options.cache === false ? undefined : new ResultCache(options.cacheDir ?? defaultCacheDir(), 'build');
  // Every key starts with what every output depends on: the tool's code, the compiled stylesheets, the edition metadata.
  const base = contentHash('tei-edition build', toolFingerprint(), stylesheets.hash, JSON.stringify(edition));

  const parsed = new Map<string, CollectionEntry | null>();
  let parsedCount = 0;
  const parse = async (source: SourceFile): Promise<CollectionEntry | null> => {
    if (parsed.has(source.path)) return parsed.get(source.path)!;
    const started = performance.now();
    let entry: CollectionEntry | null = null;
    try {
      entry = { path: source.path, document: await parseDocument(source.text) };
      parsedCount++;
    } catch (error) {
      // Reported as validate reports it (same rule, message and position), where our parser agrees;
      // else SaxonJS's own message (it names no file, and counts lines from 0).
      const verdict = checkWellFormed(source.text);
      if (!verdict.ok) {
        diagnostics.push(buildError(source.file, verdict.rule, `cannot be parsed, so it is not published: ${verdict.message}`, verdict));
      } else {
        const message = errorMessage(error).replace(/ in undefined:/, ':');
        const position = positionIn(message);
        diagnostics.push(buildError(source.file, 'xml-malformed', `cannot be parsed, so it is not published: ${message}`, { ...position, line: position.line === undefined ? undefined : position.line + 1 }));
      }
      failed.push(source.path);
    }
    stages.add('read', performance.now() - started, 0);
    parsed.set(source.path, entry);
    return entry;
  };

  // What each file's outputs depend on besides itself (mode ed:summary), cached by its bytes.
  const summaries = new Map<string, Summary>();
  let summarized = 0;
  for (const source of sources) {
    const key = contentHash('summary', toolFingerprint(), stylesheets.hash, source.path, source.hash);
    let summary = cache ? stages.time('cache', 1, () => cache.get<Summary>(key)) : undefined;
    if (!summary) {
      const entry = await parse(source);
      if (!entry) continue;
      // Without a cache the digest is not needed, only the references and publishers.
      summary = stages.time(cache ? 'cache' : 'read', 0, () => summarizeDocument(stylesheets.html, entry, cache !== undefined));
      summarized++;
      cache?.set(key, summary);
    }
    summaries.set(source.path, summary);
  }
  const readable = sources.filter((source) => summaries.has(source.path));
  const byUri = new Map(readable.map((source) => [collectionUri(source.path), source]));
  const publishers = readable.flatMap((source) => summaries.get(source.path)!.publishers);
  // Every page shows the edition title; cached too, so that a build with nothing to render never loads SaxonJS.
  const titleKey = contentHash('edition title', toolFingerprint(), stylesheets.hash, ...publishers);
  let title = cache ? stages.time('cache', 0, () => cache.get<string>(titleKey)) : undefined;
  if (title === undefined) {
    title = stages.time('cache', 0, () => editionTitle(stylesheets.html, publishers));
    cache?.set(titleKey, title);
  }

  const files = new Map<string, OutputContent>();
  const writtenBy = new Map<string, string>();
  const published: string[] = [];
  /** Collection path → blob key of its text edition. */
  const textBlobs = new Map<string, string>();
  const renderedTexts: Record<string, string> = {};
  const order = new Map(readable.map((source, index) => [source.path, index]));
  let documentHits = 0;

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

  for (const source of readable) {
    const summary = summaries.get(source.path)!;
    // A register has no pages of its own: the collection pages show it (the stylesheets decide it the same way).
    if (!summary['edition-document']) continue;
    const references = [...new Set(summary.references.map((uri) => byUri.get(uri)).filter((reference): reference is SourceFile => reference !== undefined && reference !== source))]
      .sort((a, b) => order.get(a.path)! - order.get(b.path)!);
    const key = contentHash('document', base, title, source.path, source.hash, ...references.flatMap((reference) => [reference.path, reference.hash]));
    try {
      let outputs: Map<string, OutputContent>;
      let name: string;
      const hit = cache ? stages.time('cache', 1, () => {
        const entry = cache.get<CachedDocument>(key);
        const outputs = cachedOutputs(entry);
        return outputs && entry ? { entry, outputs } : undefined;
      }) : undefined;
      if (hit) {
        documentHits++;
        outputs = hit.outputs;
        withholdOrPublishCopy(source, outputs, hit.entry.teiCopy, hit.entry.active);
        name = hit.entry.name;
        if (hit.entry.text) textBlobs.set(source.path, hit.entry.text);
      } else {
        const entry = (await parse(source))!;
        const collection: CollectionEntry[] = [entry];
        for (const reference of references) {
          const referenced = await parse(reference);
          if (referenced) collection.push(referenced);
        }
        const active = activeContent(entry.document) ?? undefined;
        const html = stages.time('html-transform', 1, () => renderDocument(stylesheets.html, entry, collection, edition, publishers, active !== undefined));
        if (html.manifest.kind !== 'document') continue;
        const text = stages.time('text-transform', 1, () => renderDocument(stylesheets.text, entry, collection, edition, publishers));
        outputs = new Map<string, OutputContent>([
          ...[...html.outputs].map(([output, value]) => [`html/${output}`, value] as const),
          ...[...text.outputs].map(([output, value]) => [`text/${output}`, value] as const),
        ]);
        name = html.manifest.name!;
        const textEdition = [...text.outputs.values()][0];
        if (textEdition !== undefined) renderedTexts[source.path] = textEdition;
        if (cache) {
          stages.time('cache', 0, () => {
            const blobs = blobsOf(outputs);
            const textBlob = textEdition === undefined ? undefined : storeBlob(textEdition);
            if (textBlob) textBlobs.set(source.path, textBlob);
            cache.set(key, { outputs: blobs, name, teiCopy: html.manifest['tei-copy']!, active, text: textBlob } satisfies CachedDocument);
            // Copied from the cache at write time rather than held in memory: thousands of pages would
            // otherwise sit in the heap until the end of the run.
            for (const [output, blob, size] of blobs) {
              const file = blobIntact(blob, size);
              if (file) outputs.set(output, { copyOf: file });
            }
          });
        }
        withholdOrPublishCopy(source, outputs, html.manifest['tei-copy']!, active);
      }
      const clash = [...outputs.keys()].find((output) => writtenBy.has(output));
      if (clash) {
        throw Object.assign(new Error(
          `publishes as ${clash}, like ${writtenBy.get(clash)}: give the <TEI> element a unique xml:id (document names come from TEI/@xml:id, else the file name)`,
        ), { rule: 'document-name-duplicate' });
      }
      for (const [output, value] of outputs) {
        files.set(output, value);
        writtenBy.set(output, source.path);
      }
      published.push(source.path);
      names[source.path] = name;
    } catch (error) {
      const rule = (error as { rule?: string }).rule ?? 'transform-failed';
      if (error instanceof RangeError) {
        // JavaScript's stack, not the stylesheet: thousands of nested elements.
        error.message = `the document nests elements too deeply to be transformed (${error.message})`;
      }
      diagnostics.push(buildError(source.file, rule, rule === 'transform-failed' ? `cannot be transformed, so it is not published: ${errorMessage(error)}` : errorMessage(error)));
      failed.push(source.path);
    }
  }

  // An edition without a single document is no preview of anything: keep the previous output.
  if (published.length === 0) return result(false);

  // Collection pages link only to what was published. They are rendered again only when something they
  // show changed: for the HTML pages, a register's bytes or a document's digest (header facts, standOff
  // entries, mentions in context); for edition.txt, a document's text edition or chronological key.
  const members = readable.filter((source) => !failed.includes(source.path));
  const documents = members.filter((source) => summaries.get(source.path)!['edition-document']).map((source) => ({ path: source.path, summary: summaries.get(source.path)! }));
  const projectDescriptions = readable.flatMap((source) => summaries.get(source.path)!['project-descriptions']);
  const htmlKey = contentHash('collection html', base, title, ...members.flatMap((source) => {
    const summary = summaries.get(source.path)!;
    return summary['edition-document'] ? [source.path, 'document', summary.digest] : [source.path, 'register', source.hash];
  }));
  const textKey = contentHash('collection text', base, title, ...projectDescriptions.slice(0, 1), ...documents.flatMap(({ path: documentPath, summary }) => [
    documentPath, summary['date-key'], summary.title, textBlobs.get(documentPath) ?? contentHash('blob', renderedTexts[documentPath] ?? ''),
  ]));
  let reused = 0;
  try {
    const cachedHtml = cache ? stages.time('cache', 1, () => cachedOutputs(cache.get<CachedOutputs>(htmlKey))) : undefined;
    if (cachedHtml) {
      reused++;
      for (const [output, value] of cachedHtml) files.set(output, value);
    } else {
      const collection: CollectionEntry[] = [];
      for (const source of members) {
        const entry = await parse(source);
        if (entry) collection.push(entry);
      }
      const outputs = stages.time('registers', collection.length, () =>
        [...renderCollection(stylesheets.html, collection, edition).outputs].map(([output, value]) => [`html/${output}`, value] as const));
      for (const [output, value] of outputs) files.set(output, value);
      if (cache) stages.time('cache', 0, () => cache.set(htmlKey, { outputs: blobsOf(outputs) } satisfies CachedOutputs));
    }
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
      const outputs = stages.time('registers', documents.length, () =>
        [...renderEditionText(stylesheets.text, documents, publishers, projectDescriptions, edition, renderedTexts).outputs].map(([output, value]) => [`text/${output}`, value] as const));
      for (const [output, value] of outputs) files.set(output, value);
      if (cache) stages.time('cache', 0, () => cache.set(textKey, { outputs: blobsOf(outputs) } satisfies CachedOutputs));
    }
  } catch (error) {
    diagnostics.push(buildError(srcDir, 'transform-failed', `the collection pages cannot be built, so nothing is published: ${errorMessage(error)}`));
    return result(false, published);
  }
  for (const [key, value] of readAssets()) files.set(`html/${key}`, value);
  if (cache) {
    const { hits, misses } = cache.stats;
    stages.detail('cache', `${hits} hit(s), ${misses} miss(es); ${documentHits} document(s) and ${reused} of 2 collection passes reused, ${summarized} summarized`);
  }
  stages.detail('read', `${parsedCount} parsed`);

  try {
    stages.time('write', files.size, () => writeFolderAtomically(options.out, files));
  } catch (error) {
    diagnostics.push({ file: relativeToCwd(path.resolve(options.out)), line: 0, column: 0, severity: 'error', rule: 'output-unwritable', layer: 'io', message: `cannot write the edition: ${errorMessage(error)}` });
    return result(false, published);
  }
  return result(true, published, files.size);
}
