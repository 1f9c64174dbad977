import type * as SaxonTypes from 'saxon-js';
import { loadSaxonJS } from '../saxon';

/**
 * The contract between TypeScript and the stylesheets (xslt/html.xsl, xslt/text.xsl):
 *
 * - parameters: `collection` (every parsed file: { path, document }), `source-path` (per document),
 *   `edition` ({ version, commit, 'build-date' });
 * - per-document entry point: the document node is the context item; the stylesheet writes its pages
 *   with xsl:result-document (hrefs relative to its output folder) and returns a JSON manifest;
 * - collection entry point: the initial template `xsl:initial-template`.
 *
 * Result documents are collected in memory (never written by SaxonJS) and handed to the atomic writer.
 */

export interface CollectionEntry {
  /** Path relative to the collection folder, forward slashes: the base for relative pointers. */
  path: string;
  document: SaxonTypes.XdmNode;
}

export interface EditionInfo {
  version: string;
  commit: string;
  'build-date': string;
}

export interface Manifest {
  kind: 'document' | 'register' | 'collection';
  name?: string;
  'tei-copy'?: string;
}

export interface Rendered {
  manifest: Manifest;
  /** Output path (relative to the stylesheet's output folder) → content. */
  outputs: Map<string, string>;
}

const VIRTUAL_OUTPUT = 'file:///tei-edition-output/';
const INITIAL_TEMPLATE = 'Q{http://www.w3.org/1999/XSL/Transform}initial-template';

/** An output href must stay inside the output folder. */
function outputPath(location: unknown): string {
  const uri = String(location);
  if (!uri.startsWith(VIRTUAL_OUTPUT)) throw new Error(`the stylesheet wrote outside its output folder: ${uri}`);
  const relative = decodeURIComponent(uri.slice(VIRTUAL_OUTPUT.length));
  if (relative === '' || relative.split('/').some((segment) => segment === '..' || segment === '')) {
    throw new Error(`the stylesheet wrote an unsafe output path: ${relative}`);
  }
  return relative;
}

function run(stylesheet: object, options: Partial<SaxonTypes.TransformOptions>): Rendered {
  const { principal, outputs } = runRaw(stylesheet, options);
  return { manifest: principal as Manifest, outputs };
}

function runRaw(stylesheet: object, options: Partial<SaxonTypes.TransformOptions>): { principal: unknown; outputs: Map<string, string> } {
  const outputs = new Map<string, string>();
  const result = loadSaxonJS<typeof SaxonTypes>().transform(
    {
      stylesheetInternal: stylesheet,
      destination: 'serialized',
      baseOutputURI: VIRTUAL_OUTPUT,
      deliverResultDocument: () => ({
        destination: 'serialized',
        save: (uri: string, value: string) => {
          const key = outputPath(uri);
          if (outputs.has(key)) throw new Error(`the stylesheet wrote ${key} twice`);
          outputs.set(key, value);
        },
      }),
      // xsl:message output is diagnostic noise for readers of the build log; the stylesheets do not use it.
      deliverMessage: () => undefined,
      // No collection() over the file system or the network.
      collectionFinder: () => [],
      ...options,
    } as SaxonTypes.TransformOptions,
    'sync',
  );
  return { principal: JSON.parse(result.principalResult) as unknown, outputs };
}

/**
 * `collection` needs to hold only the document and the files its pointers reach (Summary.references);
 * `publishers` (every document's, in collection order) then stands in for the rest of the collection.
 */
export function renderDocument(
  stylesheet: object, entry: CollectionEntry, collection: CollectionEntry[], edition: EditionInfo, publishers?: string[], teiCopyWithheld = false,
): Rendered {
  return run(stylesheet, {
    sourceNode: entry.document,
    stylesheetParams: { collection, 'source-path': entry.path, edition, ...(publishers ? { publishers } : {}), 'tei-copy-withheld': teiCopyWithheld },
  });
}

/**
 * edition.txt from the documents' summaries and their text editions already rendered: no parsed document
 * needed (text.xsl's collection entry point with $summaries).
 */
export function renderEditionText(
  stylesheet: object, documents: Array<{ path: string; summary: Summary }>, publishers: string[], projectDescriptions: string[],
  edition: EditionInfo, renderedTexts: Record<string, string>,
): Rendered {
  const summaries = documents.map(({ path, summary }) => ({ path, 'date-key': summary['date-key'], title: summary.title }));
  return run(stylesheet, {
    initialTemplate: INITIAL_TEMPLATE,
    stylesheetParams: { collection: [], summaries, publishers, 'project-descriptions': projectDescriptions, edition, 'rendered-texts': renderedTexts },
  });
}

/** What the build's cache needs to know about one file (mode ed:summary in xslt/common.xsl). */
export interface Summary {
  'edition-document': boolean;
  publishers: string[];
  'project-descriptions': string[];
  /** The chronological sort key's parts (ed:chronological-key); '' for a register. */
  'date-key': string;
  title: string;
  /** Absolute collection URIs (see collectionUri) this file's pointers could reach. */
  references: string[];
  /** Everything the collection pages read from this document ('' for a register). */
  digest: string;
}

export function summarizeDocument(stylesheet: object, entry: CollectionEntry, withDigest = true): Summary {
  return runRaw(stylesheet, {
    sourceNode: entry.document,
    initialMode: 'Q{urn:tei-edition}summary',
    stylesheetParams: { collection: [entry], 'source-path': entry.path, 'with-digest': withDigest },
  }).principal as Summary;
}

/** The edition title the pages show, from every document's publishers (ed:edition-title). */
export function editionTitle(stylesheet: object, publishers: string[]): string {
  return runRaw(stylesheet, { initialTemplate: 'Q{urn:tei-edition}edition-title', stylesheetParams: { publishers } }).principal as string;
}

/** The URI the stylesheets give a collection path (ed:uri-of: each segment through fn:encode-for-uri). */
export function collectionUri(collectionPath: string): string {
  const encodeForUri = (segment: string): string =>
    encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `file:///collection/${collectionPath.split('/').map(encodeForUri).join('/')}`;
}

/**
 * `renderedTexts` (collection path → the document's text edition from this run) lets text.xsl assemble
 * edition.txt without rendering every document again; html.xsl ignores it.
 */
export function renderCollection(stylesheet: object, collection: CollectionEntry[], edition: EditionInfo, renderedTexts: Record<string, string> = {}): Rendered {
  return run(stylesheet, {
    initialTemplate: INITIAL_TEMPLATE,
    stylesheetParams: { collection, edition, 'rendered-texts': renderedTexts },
  });
}

/** Parses a file's text into a SaxonJS document. Entities are not expanded from outside the text. */
export async function parseDocument(text: string): Promise<SaxonTypes.XdmNode> {
  return loadSaxonJS<typeof SaxonTypes>().getResource({ text, type: 'xml' });
}

/**
 * Markup a browser would run if it opened the document's TEI copy (documents/<name>.xml is served as
 * XML, where XHTML and SVG elements are live: <h:script>, <svg:svg onload>, <h:img onerror>), or an
 * xml-stylesheet instruction that would restyle or transform it. Returns the first such node, or null.
 */
export function activeContent(document: SaxonTypes.XdmNode): string | null {
  const found = loadSaxonJS<typeof SaxonTypes>().XPath.evaluate(
    `(//*[namespace-uri() = ('http://www.w3.org/1999/xhtml', 'http://www.w3.org/2000/svg', 'http://www.w3.org/1998/Math/MathML')] ! ('<' || name() || '> in the namespace ' || namespace-uri()),
      //processing-instruction("xml-stylesheet") ! '<?xml-stylesheet?>')[1]`,
    document,
  );
  return typeof found === 'string' ? found : null;
}

/** A SaxonJS error's message, without the JavaScript stack. */
export function errorMessage(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}
