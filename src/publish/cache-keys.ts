import { contentHash, toolFingerprint } from '../cache';
import type { EditionInfo } from './transform';

/**
 * Every rule of the build cache's keys, in one place (docs/publish.md, "Cache and incremental builds").
 * A key hashes everything its entry depends on, so an entry is never stale: a changed input is a
 * different key. Every key depends on the tool's own code (toolFingerprint) and on both compiled
 * stylesheets; those of rendered pages also on the edition metadata (shown in every page's footer).
 */
export class BuildKeys {
  /** What every rendered page depends on: the tool, the stylesheets, the edition metadata. */
  readonly base: string;

  constructor(private readonly stylesheets: string, edition: EditionInfo) {
    this.base = contentHash('tei-edition build', toolFingerprint(), stylesheets, JSON.stringify(edition));
  }

  /** A file's summary (mode ed:summary): its bytes and its path (pointers resolve against it). */
  summary(path: string, hash: string): string {
    return contentHash('summary', toolFingerprint(), this.stylesheets, path, hash);
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
    return contentHash('document', this.base, title, path, hash, ...references.flatMap((reference) => [reference.path, reference.hash]));
  }

  /**
   * A collection page (home page, register list, entry page): the data it shows, the title of the
   * edition, and for the home page the collection's purpose (the first project description).
   */
  collectionPage(title: string, description: string, data: unknown): string {
    return contentHash('collection page', this.base, title, description, JSON.stringify(data));
  }

  /**
   * edition.txt: the title and purpose, and per document (in collection order) its path, chronological
   * key, title and text edition (the key of its blob).
   */
  editionText(title: string, description: string | undefined, documents: Array<{ path: string; dateKey: string; title: string; text: string }>): string {
    return contentHash('collection text', this.base, title, ...(description === undefined ? [] : [description]),
      ...documents.flatMap((document) => [document.path, document.dateKey, document.title, document.text]));
  }

  /** A rendered page's content: pages are stored once under their content, and entries name them. */
  static blob(content: string | Buffer): string {
    return contentHash('blob', content);
  }
}
