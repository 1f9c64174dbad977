import * as fs from 'fs';
import * as path from 'path';
import { readSource, toCollectionFile } from '../collection';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { writeFolderAtomically } from './atomic-output';
import { discoverCollection } from './discover';
import { editionInfo } from './edition-info';
import { loadStylesheets } from './stylesheets';
import { activeContent, CollectionEntry, EditionInfo, errorMessage, parseDocument, renderCollection, renderDocument } from './transform';
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

export async function buildEdition(options: BuildOptions): Promise<BuildResult> {
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
    const report = await validator(paths, { schema: options.schema });
    diagnostics.push(...report.diagnostics);
    if (report.diagnostics.some((d) => d.severity === 'error')) return result(false);
  }

  const stylesheets = loadStylesheets();
  const edition: EditionInfo = { ...editionInfo(srcDir), ...options.edition };

  // Parse every file once; the parsed documents are shared by every transformation of the run.
  const sources = new Map<string, { file: string; bytes: Buffer }>();
  let collection: CollectionEntry[] = [];
  for (const file of paths) {
    const collectionPath = path.relative(srcDir, file).split(path.sep).join('/');
    // Decoded as validate decodes it (BOM, UTF-16, the declared encoding): never as UTF-8 regardless.
    const read = await readSource(toCollectionFile(file));
    if (!read.ok) {
      diagnostics.push(buildError(file, read.rule, `cannot be read, so it is not published: ${read.message}`, read));
      failed.push(collectionPath);
      continue;
    }
    try {
      const bytes = Buffer.from(read.source.bytes);
      collection.push({ path: collectionPath, document: await parseDocument(read.source.text) });
      sources.set(collectionPath, { file, bytes });
    } catch (error) {
      // Reported as validate reports it (same rule, message and position), where our parser agrees;
      // else SaxonJS's own message (it names no file, and counts lines from 0).
      const verdict = checkWellFormed(read.source.text);
      if (!verdict.ok) {
        diagnostics.push(buildError(file, verdict.rule, `cannot be parsed, so it is not published: ${verdict.message}`, verdict));
      } else {
        const message = errorMessage(error).replace(/ in undefined:/, ':');
        const position = positionIn(message);
        diagnostics.push(buildError(file, 'xml-malformed', `cannot be parsed, so it is not published: ${message}`, { ...position, line: position.line === undefined ? undefined : position.line + 1 }));
      }
      failed.push(collectionPath);
    }
  }

  const files = new Map<string, string | Buffer>();
  const writtenBy = new Map<string, string>();
  const published: string[] = [];
  const renderedTexts: Record<string, string> = {};
  const collectionForDocuments = collection;
  for (const entry of collectionForDocuments) {
    const source = sources.get(entry.path)!;
    try {
      const html = renderDocument(stylesheets.html, entry, collectionForDocuments, edition);
      if (html.manifest.kind !== 'document') continue;
      const text = renderDocument(stylesheets.text, entry, collectionForDocuments, edition);
      const outputs = new Map<string, string | Buffer>([
        ...[...html.outputs].map(([key, value]) => [`html/${key}`, value] as const),
        ...[...text.outputs].map(([key, value]) => [`text/${key}`, value] as const),
      ]);
      // The TEI copy is served as XML, where XHTML and SVG markup runs: published only when inert.
      const active = activeContent(entry.document);
      if (active) {
        diagnostics.push({ ...buildError(source.file, 'tei-copy-withheld', `the TEI source is not published beside the edition (html/${html.manifest['tei-copy']}): it contains ${active}, which a browser would run when opening it; the HTML and text editions are published`), severity: 'warning' });
      } else {
        outputs.set(`html/${html.manifest['tei-copy']}`, source.bytes);
      }
      const clash = [...outputs.keys()].find((key) => writtenBy.has(key));
      if (clash) {
        throw Object.assign(new Error(
          `publishes as ${clash}, like ${writtenBy.get(clash)}: give the <TEI> element a unique xml:id (document names come from TEI/@xml:id, else the file name)`,
        ), { rule: 'document-name-duplicate' });
      }
      for (const [key, value] of outputs) {
        files.set(key, value);
        writtenBy.set(key, entry.path);
      }
      published.push(entry.path);
      names[entry.path] = html.manifest.name!;
      const textEdition = [...text.outputs.values()][0];
      if (textEdition !== undefined) renderedTexts[entry.path] = textEdition;
    } catch (error) {
      const rule = (error as { rule?: string }).rule ?? 'transform-failed';
      if (error instanceof RangeError) {
        // JavaScript's stack, not the stylesheet: thousands of nested elements.
        error.message = `the document nests elements too deeply to be transformed (${error.message})`;
      }
      diagnostics.push(buildError(source.file, rule, rule === 'transform-failed' ? `cannot be transformed, so it is not published: ${errorMessage(error)}` : errorMessage(error)));
      failed.push(entry.path);
    }
  }

  // An edition without a single document is no preview of anything: keep the previous output.
  if (published.length === 0) return result(false);

  // Collection pages link only to what was published.
  collection = collection.filter((entry) => !failed.includes(entry.path));
  try {
    for (const [key, value] of renderCollection(stylesheets.html, collection, edition).outputs) files.set(`html/${key}`, value);
    for (const [key, value] of renderCollection(stylesheets.text, collection, edition, renderedTexts).outputs) files.set(`text/${key}`, value);
  } catch (error) {
    diagnostics.push(buildError(srcDir, 'transform-failed', `the collection pages cannot be built, so nothing is published: ${errorMessage(error)}`));
    return result(false, published);
  }
  for (const [key, value] of readAssets()) files.set(`html/${key}`, value);

  try {
    writeFolderAtomically(options.out, files);
  } catch (error) {
    diagnostics.push({ file: relativeToCwd(path.resolve(options.out)), line: 0, column: 0, severity: 'error', rule: 'output-unwritable', layer: 'io', message: `cannot write the edition: ${errorMessage(error)}` });
    return result(false, published);
  }
  return result(true, published, files.size);
}
