import type * as SaxonTypes from 'saxon-js';
import type { EditionConfig } from '../config/edition-config';
import { forgetKeyIndexes, keepKeyIndexes, loadSaxonJS } from '../saxon';

/**
 * The contract between TypeScript and the stylesheets (xslt/html.xsl, xslt/text.xsl):
 *
 * - parameters: `collection` (parsed files: { path, document }), `source-path` (per document),
 *   `edition` (EditionInfo: { version, commit, 'build-date' } and the keys edition.yml sets);
 * - per-document entry point: the document node is the context item; the stylesheet writes its pages
 *   with xsl:result-document (hrefs relative to its output folder) and returns a JSON manifest;
 * - summary: mode ed:summary on one file alone (what the build and the collection pages need of it);
 * - collection entry point: the initial template `xsl:initial-template`, with the data of the pages to
 *   render (CollectionPages, from the summaries) or, in text.xsl, the rendered texts (edition.txt).
 *
 * Result documents are collected in memory (never written by SaxonJS) and handed to the atomic writer.
 */

export interface CollectionEntry {
  /** Path relative to the collection folder, forward slashes: the base for relative pointers. */
  path: string;
  document: SaxonTypes.XdmNode;
}

/** The stylesheets' `edition` parameter: the build's metadata and the edition configuration (edition.yml). */
export interface EditionInfo extends EditionConfig {
  version: string;
  commit: string;
  'build-date': string;
  /** False for `build --no-search`: no search records, block anchors, search box, search/timeline/map pages. */
  search?: boolean;
  /** The names of the configuration's languages, in English (the site's own language), in the same order. */
  'language-names'?: string[];
  /** The registers beyond persons, places and organisations the collection has entries of (works, events): every page's navigation names them. */
  registers?: string[];
}

export interface Manifest {
  kind: 'document' | 'register' | 'collection';
  name?: string;
  'tei-copy'?: string;
  /** The collection's image and media files the document's pages show (ed:local-images). */
  images?: string[];
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

const CONSTANTS_TEMPLATE = 'Q{urn:tei-edition}constants';
const constantsOf = new WeakMap<object, Record<string, unknown>>();

/**
 * A stylesheet's constants: global parameters whose default value the stylesheet computes from its own text
 * alone, the same in every transformation, which its named template ed:constants returns (a map: parameter
 * EQName → value). The reading model's maps (element name → kind, kind → layout, boundary, text) are built
 * from the table in xslt/common.xsl: ≈8 ms of every HTML and text transformation, more than the page of a short
 * document. They are computed once per compiled stylesheet (per thread) by the stylesheet itself, and given
 * to each transformation as the XDM values they are (immutable, not converted), so the result cannot differ
 * from the default's. A stylesheet without the template (or another XSLT processor) computes them as before.
 */
export function stylesheetConstants(stylesheet: object): Record<string, unknown> {
  let constants = constantsOf.get(stylesheet);
  if (constants !== undefined) return constants;
  constants = {};
  if (declaresTemplate(stylesheet, CONSTANTS_TEMPLATE)) {
    type XdmMap = { forAllPairs(visit: (pair: { k: { toString(): string }; v: unknown }) => void): void };
    const result = loadSaxonJS<typeof SaxonTypes>().transform(
      { stylesheetInternal: stylesheet, initialTemplate: CONSTANTS_TEMPLATE, destination: 'raw', resultForm: 'xdm' } as unknown as SaxonTypes.TransformOptions,
      'sync',
    ) as unknown as { principalResult: XdmMap[] };
    const found: Record<string, unknown> = {};
    result.principalResult[0].forAllPairs(({ k, v }) => {
      found[k.toString()] = v;
    });
    constants = found;
  }
  constantsOf.set(stylesheet, constants);
  return constants;
}

/** Whether a compiled stylesheet (SEF) has a named template of this EQName (named templates are its components). */
function declaresTemplate(stylesheet: object, name: string): boolean {
  type Node = { N?: string; name?: string; C?: Node[] };
  return ((stylesheet as Node).C ?? []).some((component) => component.N === 'co' && (component.C ?? []).some((child) => child.N === 'template' && child.name === name));
}

function runRaw(stylesheet: object, options: Partial<SaxonTypes.TransformOptions>): { principal: unknown; outputs: Map<string, string> } {
  const outputs = new Map<string, string>();
  const constants = stylesheetConstants(stylesheet);
  // The stylesheets' keys depend on the document alone (xslt/common.xsl, KEY INDEXES): a register file a worker keeps
  // parsed (jobs.ts) is indexed once per stylesheet, not once per page that names its entries.
  keepKeyIndexes(stylesheet);
  let result: { principalResult: string };
  try {
    result = loadSaxonJS<typeof SaxonTypes>().transform(
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
        stylesheetParams: { ...constants, ...options.stylesheetParams },
      } as SaxonTypes.TransformOptions,
      'sync',
    ) as unknown as { principalResult: string };
  } catch (error) {
    // Indexes a failed transformation left half built on the documents it was given, which may be given again.
    for (const entry of (options.stylesheetParams?.collection ?? []) as CollectionEntry[]) forgetKeyIndexes(entry.document);
    throw error;
  }
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
 * edition.txt from the documents' summaries and their text editions already rendered (`texts`: collection
 * path → text edition): no parsed document needed (text.xsl's collection entry point with $summaries).
 */
export function renderEditionText(
  stylesheet: object, documents: Array<{ path: string; summary: Pick<Summary, 'date-key' | 'title'> }>, publishers: string[], projectDescriptions: string[],
  edition: EditionInfo, texts: Record<string, string>,
): Rendered {
  const summaries = documents.map(({ path, summary }) => ({ path, 'date-key': summary['date-key'], title: summary.title, text: texts[path] ?? '' }));
  return run(stylesheet, {
    initialTemplate: INITIAL_TEMPLATE,
    stylesheetParams: { collection: [], summaries, publishers, 'project-descriptions': projectDescriptions, edition },
  });
}

/** What the build needs to know about one file (mode ed:summary in xslt/common.xsl), cached by its bytes. */
export interface Summary {
  'edition-document': boolean;
  publishers: string[];
  'project-descriptions': string[];
  /** The chronological sort key's parts (ed:chronological-key); '' for a register. */
  'date-key': string;
  title: string;
  /** Absolute collection URIs (see collectionUri) this file's pointers could reach. */
  references: string[];
  /**
   * The "#id" and URI pointers (@ref, @key: ed:pointers; a URI as RegisterIndex joins it) of the names in its header (a catalogue record's provenance, a
   * letter's correspondents), which are not mentions: the register files whose entries they reach are read with it
   * (RegisterIndex.registerFilesFor), so that they link to their entry pages as the text's names do.
   */
  'header-pointers': string[];
  /** What the home page shows of an edition document (empty for a register). */
  document: DocumentSummary;
  /**
   * The mentions that may point to a register entry, in document order, then the speeches ascribed to one (`speech`),
   * in document order (none for a register).
   */
  mentions: MentionSummary[];
  /** The file's register entries, in document order. */
  entries: EntrySummary[];
  /** Its relations of which a party may be a register entry (ed:relation-summaries), in document order. */
  relations: RelationSummary[];
  /** What the search needs of the file (xslt/search.xsl; src/search/). */
  search: SearchSummary;
}

/** A file as the search sees it (ed:search-record in xslt/search.xsl). */
export interface SearchSummary {
  /** The document's type ('' when the encoding does not say); '' for a register. */
  type: string;
  /** The date range as encoded (@when, else @notBefore/@from; @when, else @notAfter/@to); '' when undated. */
  from: string;
  to: string;
  /** The search blocks of the text, in document order (none for a register). */
  blocks: SearchBlock[];
  /** The file's register entries (same 'group' as EntrySummary), with every form of their names. */
  entries: SearchEntry[];
}

export interface SearchBlock {
  /** Its anchor on the document page. */
  id: string;
  lang: string;
  /** Its reading-view text (whitespace normalised). */
  text: string;
  /** The ids (MentionSummary.id) of the mentions in it. */
  mentions: string[];
}

export interface SearchEntry {
  group: string;
  id: string;
  /** Its main name (ed:entry-name). */
  label: string;
  /** Every name it has, as written (main and variant forms). */
  names: string[];
  /** Its coordinates as encoded (the first geo), '' when it has none. */
  geo: string;
}

export interface DocumentSummary {
  path: string;
  name: string;
  'date-key': string;
  'date-label': string;
  title: string;
  lang: string;
  source: string;
  summary: string;
}

export interface MentionSummary {
  /**
   * The entries it may point to (EntrySummary.target, or "#id": see src/publish/registers.ts), one per pointer, in the order
   * of its @ref; a speech's, one per distinct speaker of its @who.
   */
  targets: string[];
  /** A speech ascribed to its targets (sp, said, u or q with @who: ed:speech-summaries), not a mention of them: `label` is its first words. */
  speech?: boolean;
  /** A speech's place: the headings of the divisions it stands in. */
  where?: string;
  id: string;
  label: string;
  before: string;
  after: string;
  lang: string;
  /** The number of the note it stands in, or ''. */
  note: string;
  metonym: boolean;
}

export interface EntrySummary {
  /** Register and xml:id, or register and URI for an entry known by one and without an xml:id (ed:entry-key): one page per group (src/publish/registers.ts chooses the entry it shows). */
  group: string;
  register: string;
  /** Its page, relative to the site root. */
  page: string;
  /** What pointers to it resolve to (MentionSummary.targets); '' when none can reach it. */
  target: string;
  /** The entry's element, serialized. */
  xml: string;
  /** Its xml:id ('' where it has none): what a "#id" target whose own file has no such element reaches. */
  id: string;
  /** Its name as registers list it (ed:entry-name): entries of one name are told apart by their documents. */
  label: string;
  /** In a register file or a standOff (not repeated in a document's back matter or header): the entry a group's page prefers. */
  'in-register': boolean;
  /** How many elements and attributes it has: among equals, the fullest entry is shown. */
  size: number;
  /**
   * The targets (as MentionSummary.targets) of the pointers inside it (an affiliation's organisation, a birthplace),
   * which its XML gives as @ed:targets (ed:entry-record): its page names and links the entries they reach (EntryPage.links).
   * Absent when it has none.
   */
  links?: string[];
  /** The absolute URIs it is known by (its idno: ed:entry-uris, as ed:uri-key writes them), which a pointer may reach it by; absent when none. */
  uris?: string[];
  /** Its @n as a @key looks it up (ed:entry-n-key: "@" and the code, ed:key-pointer); absent when it has none. */
  n?: string;
  /** The values of its idno elements as a @key looks them up (ed:entry-idno-keys); absent when none. */
  idnos?: string[];
  /**
   * What its record states of the entries its pointers reach (ed:entry-statements: an affiliation, a birth, a death,
   * a residence, an education), which their pages state from their side (EntryPage.statements); absent when none.
   */
  statements?: Array<{ target: string; xml: string }>;
}

/** A relation (relation, Guidelines 13.3.2.3) of which a party may be a register entry (ed:relation-summaries). */
export interface RelationSummary {
  /** The relation element, serialized: its name, dates and desc, which its parties' pages word (ed:relation-label). */
  xml: string;
  /** Its pointers in the encoder's order: its side, as written, and where it may lead ('' where nowhere in the collection). */
  parties: Array<{ side: RelationSide; pointer: string; target: string }>;
}

export type RelationSide = 'active' | 'passive' | 'mutual';

/** A register entry another names, as its page links it: its name (EntrySummary.label), what tells it apart (RegisterListEntry.qualifier), its page. */
export interface EntryLink {
  label: string;
  qualifier?: string;
  page: string;
}

/** What another entry's record states of an entry (an affiliation to it, a birth in it), as that entry's page shows it: the element, and the entry it is of. */
export interface PageStatement {
  xml: string;
  of: EntryLink;
}

/** A relation as the page of one of its parties shows it: the relation, that party's side, and its other parties. */
export interface PageRelation {
  xml: string;
  side: RelationSide;
  /** The other parties in the encoder's order: the entry each reaches, else its pointer as written. */
  others: Array<EntryLink | { pointer: string }>;
}

/** The collection pages to render, each with the data it shows (html.xsl's xsl:initial-template). */
export interface CollectionPages {
  index?: { documents: DocumentSummary[]; entries: Record<string, number> };
  registers?: Array<{ register: string; entries: RegisterListEntry[] }>;
  'entry-pages'?: EntryPage[];
  /** Entry pages' mentions rendered apart from their pages (EntryPage['mentions-elsewhere']), a few documents at a time. */
  'mention-sections'?: Array<{ href: string; documents: EntryPage['documents'] }>;
  /** The pages of search and discovery (xslt/search-pages.xsl), with their data (src/publish/stages/search.ts). */
  'search-page'?: object;
  'timeline-page'?: object;
  'map-page'?: object;
}

/** An entry as its register's list shows it. */
export interface RegisterListEntry {
  xml: string;
  /** How many mentions name it, and how many speeches are ascribed to it. */
  mentions: number;
  speeches: number;
  /** What tells it from the register's other entries of the same name: the title of the document that defines it (else absent). */
  qualifier?: string;
}

export interface EntryPage {
  xml: string;
  /** Where the page goes, where not where its entry's own is (ed:entry-page): the page of a copy of it (RegisterGroup.pages). */
  page?: string;
  /** As the register list's (RegisterListEntry): the page's title shows it. */
  qualifier?: string;
  /** How many mentions and speeches the page lists, in all its documents. */
  mentions: number;
  speeches: number;
  /** The page marks the place of its mentions (<tei-edition-mentions/>) instead of showing `documents`: they are rendered apart ('mention-sections'). */
  'mentions-elsewhere'?: boolean;
  /** The documents that mention the entry, in collection order, with their mentions of it and speeches ascribed to it. */
  documents: Array<{ path: string; name: string; title: string; 'date-key': string; mentions: MentionSummary[] }>;
  /** The relations it is a party to, in collection and document order (RegisterIndex.relationsOf); absent when none. */
  relations?: PageRelation[];
  /** Where the pointers inside it lead (EntrySummary.links): target → the entry it reaches, for those that reach one; absent when none. */
  links?: Record<string, EntryLink>;
  /** What other entries' records state of it (RegisterIndex.statementsOf: its members, who was born there), in collection order; absent when none. */
  statements?: PageStatement[];
}

/** What of the edition a file's summary depends on (and its cache key with it): `--no-search`, and the languages (ed:language's fallback). */
export type SummaryEdition = Pick<EditionInfo, 'search' | 'languages'>;

export function summaryEdition(edition: EditionInfo): SummaryEdition {
  return { ...(edition.search === false ? { search: false } : {}), ...(edition.languages ? { languages: edition.languages } : {}) };
}

/** `collection`: the file, then the files its includes may name (SummaryJob.includes); only those. */
export function summarizeDocument(stylesheet: object, entry: CollectionEntry, edition: SummaryEdition = {}, collection: CollectionEntry[] = [entry]): Summary {
  return runRaw(stylesheet, {
    sourceNode: entry.document,
    initialMode: 'Q{urn:tei-edition}summary',
    stylesheetParams: { collection, 'source-path': entry.path, ...(Object.keys(edition).length > 0 ? { edition } : {}) },
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
 * Collection pages (home page, register lists, entry pages) from the data the files' summaries hold: no
 * parsed document needed. `publishers` and `projectDescriptions` are those of the collection's members.
 */
export function renderCollectionPages(stylesheet: object, pages: CollectionPages, edition: EditionInfo, publishers: string[], projectDescriptions: string[]): Rendered {
  return run(stylesheet, {
    initialTemplate: INITIAL_TEMPLATE,
    stylesheetParams: { ...pages, edition, publishers, 'project-descriptions': projectDescriptions },
  });
}

/** Parses a file's text into a SaxonJS document. Entities are not expanded from outside the text. */
export async function parseDocument(text: string): Promise<SaxonTypes.XdmNode> {
  return loadSaxonJS<typeof SaxonTypes>().getResource({ text, type: 'xml' });
}

/** What a text must contain for it to hold such markup: one of the namespaces, or the instruction, or a character or entity reference that could spell them. */
const MAYBE_ACTIVE = /http:\/\/www\.w3\.org\/(?:1999\/xhtml|2000\/svg|1998\/Math\/MathML)|xml-stylesheet|&#|<!ENTITY/;

/**
 * Markup a browser would run if it opened the document's TEI copy (documents/<name>.xml is served as
 * XML, where XHTML and SVG elements are live: <h:script>, <svg:svg onload>, <h:img onerror>), or an
 * xml-stylesheet instruction that would restyle or transform it. Returns the first such node, or null.
 * A text (the document's, when given) that cannot spell any of them is not searched: the search costs SaxonJS
 * as much as a small transformation (≈3 ms for a 30 KB document), and nearly every TEI file is plain TEI.
 */
export function activeContent(document: SaxonTypes.XdmNode, text?: string): string | null {
  if (text !== undefined && !MAYBE_ACTIVE.test(text)) return null;
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
