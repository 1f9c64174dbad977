import { contentHash, contentHashOfJoined, prefixedHash, toolFingerprint } from '../cache';
import { searchCodeKey } from '../search/document';
import { DocumentSummary, EditionInfo, summaryEdition } from './transform';

/**
 * Every rule of the build cache's keys, in one place (docs/publish.md, "Cache and incremental builds").
 * A key hashes everything its entry depends on, so an entry is never stale: a changed input is a
 * different key. Every key depends on the tool's own code (toolFingerprint) and on both compiled
 * stylesheets; those of rendered pages also on the edition metadata (shown in every page's footer).
 */
export class BuildKeys {
  /** What every rendered page depends on: the tool, the stylesheets, the edition metadata. */
  readonly base: string;

  // Keys of one kind share their first parts, hashed once (the same hashes as contentHash of all the parts).
  private readonly summaries: (...parts: string[]) => string;
  private readonly digests: (...parts: string[]) => string;
  private readonly documents: (...parts: string[]) => string;

  private readonly searchDocuments: (...parts: string[]) => string;
  private readonly pages: (...parts: string[]) => string;

  constructor(private readonly stylesheets: string, edition: EditionInfo) {
    this.base = contentHash('tei-edition build', toolFingerprint(), stylesheets, JSON.stringify(edition));
    // What of the edition a summary depends on (`--no-search`, the languages: SummaryJob.edition).
    const summaryEditionKey = JSON.stringify(summaryEdition(edition));
    this.summaries = prefixedHash('summary', toolFingerprint(), stylesheets, summaryEditionKey);
    this.digests = prefixedHash('summary digest', toolFingerprint(), stylesheets, summaryEditionKey);
    this.documents = prefixedHash('document', this.base);
    this.pages = prefixedHash('collection page', this.base);
    this.searchDocuments = (...parts) => contentHash('search document', searchCodeKey(), this.summary(parts[0], parts[1]), ...parts.slice(2));
  }

  /** A file's summary (mode ed:summary): its bytes and its path (pointers resolve against it). */
  summary(path: string, hash: string): string {
    return this.summaries(path, hash);
  }

  /** The digest of a file's summary (SummaryDigest): the same inputs. */
  summaryDigest(path: string, hash: string): string {
    return this.digests(path, hash);
  }

  /**
   * A document as the search indexes it (src/search/document.ts, IndexedDocument): its summary (the key of
   * that), the name it is published under, and the search's code (the build's and assets/search-core.js,
   * which cuts, folds and stems the words).
   */
  searchDocument(path: string, hash: string, name: string): string {
    return this.searchDocuments(path, hash, name);
  }

  /** A piece of the search index, compressed (index-builder.ts): its JSON. */
  static searchPiece(json: string): string {
    return contentHash('search piece', json);
  }

  /** The edition title the pages show (ed:edition-title): the publishers it is made from. */
  title(publishers: string[]): string {
    return contentHash('edition title', toolFingerprint(), this.stylesheets, ...publishers);
  }

  /**
   * A document's pages: its bytes and path, the edition title, and the bytes of every file its pointers
   * reach (the register, whose descriptions the pages show on hover), in collection order.
   */
  document(path: string, hash: string, title: string, references: Array<{ path: string; hash: string }>): string {
    return this.documents(title, path, hash, ...references.flatMap((reference) => [reference.path, reference.hash]));
  }

  /**
   * A collection page (home page, register list, entry page, search pages): what it shows, as the page's key text
   * (collection-pages.ts: CollectionPage.keyText, made of the parts below), the title of the edition, and for the
   * home page the collection's purpose (the first project description).
   */
  collectionPage(title: string, description: string, keyText: string): string {
    return this.pages(title, description, keyText);
  }

  /**
   * A document as the home page lists it (DocumentSummary, whole), as part of a page's key text: the hash of its
   * JSON, worked out once per summary object (a build holds one per document; serve's builds share the digests
   * of the unchanged ones). A page's key is then hashed from a few bytes per document rather than from its data.
   */
  static listedDocument(document: DocumentSummary): string {
    return memo(listedDocuments, document, () => JSON.stringify(document));
  }

  /** A document as an entry page names it beside its mentions (path, name, title, chronological key), as listedDocument. */
  static mentioningDocument(document: DocumentSummary): string {
    return memo(mentioningDocuments, document, () => JSON.stringify([document.path, document.name, document.title, document['date-key']]));
  }

  /**
   * edition.txt: the title and purpose, and per document (in collection order) its line (editionTextLine). It is
   * not stored in the cache: the key says whether the previous output's edition.txt can be kept, else it is
   * assembled again (cheaply).
   */
  editionText(title: string, description: string | undefined, lines: string[]): string {
    return contentHash('collection text', this.base, title, ...(description === undefined ? [] : [description]), lines.join('\n'));
  }

  /**
   * A document as edition.txt holds it, as part of that file's key: its path, chronological key, title and text
   * edition (the key of its blob), as one line of JSON; worked out once per summary object and text (serve's
   * builds share the digests of the unchanged documents).
   */
  static editionTextLine(path: string, digest: { 'date-key': string; title: string }, text: string): string {
    let known = editionTextLines.get(digest);
    if (known?.text !== text || known.path !== path) editionTextLines.set(digest, (known = { path, text, line: JSON.stringify([path, digest['date-key'], digest.title, text]) }));
    return known.line;
  }

  /** A rendered page's content: pages are stored once under their content, and entries name them. */
  static blob(content: string | Buffer): string {
    return contentHash('blob', content);
  }

  /** The blob key of a page made of parts (an entry page and its sections of mentions): blob(parts.join('')), never joined. */
  static blobOfParts(parts: readonly string[]): string {
    return contentHashOfJoined(['blob'], parts);
  }
}

/** Key text parts of documents (BuildKeys.listedDocument, mentioningDocument), by summary object. */
const listedDocuments = new WeakMap<DocumentSummary, string>();
/** edition.txt's key lines (BuildKeys.editionTextLine), by summary object, with the text they were made with. */
const editionTextLines = new WeakMap<object, { path: string; text: string; line: string }>();
const mentioningDocuments = new WeakMap<DocumentSummary, string>();

function memo(known: WeakMap<DocumentSummary, string>, document: DocumentSummary, json: () => string): string {
  let part = known.get(document);
  if (part === undefined) known.set(document, (part = contentHash(json()).slice(0, 32)));
  return part;
}
