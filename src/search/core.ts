import * as path from 'path';

/**
 * The search's shared core (assets/search-core.js): the reader's browser runs the same file, so the build
 * and the queries cut words, fold and stem them, and read queries alike. Typed here for the build.
 */
export interface QueryUnit {
  kind: 'word' | 'prefix' | 'phrase';
  /** The words as typed, and folded. */
  words: string[];
  folded: string[];
  text: string;
}

/** The register entries as a query reads them, column by column (index i: one entry). */
export interface EntityColumns {
  group: string[];
  register: string[];
  id: string[];
  label: string[];
  /** What tells it from entries of the same label, '' where nothing need (index-builder.ts, SearchEntity.qualifier). */
  qualifier: string[];
  page: string[];
  /** The folded words of all its names, space-separated. */
  words: string[];
  /** How many documents mention it. */
  documents: number[];
}

export interface SearchCore {
  /** The piece of a key, in pieces cut in ranges of keys (`firsts`: each piece's first key). */
  pieceOf(firsts: string[], key: string): number;
  /** How many mentioned entries a word of their names may name and still carry their mentions. */
  CARRIED_PER_WORD: number;
  /** The words of mentioned entries' names that carry their entries (word → entry indexes, ascending): see search-core.js. */
  carryingWords(entities: Pick<EntityColumns, 'words' | 'documents'>): Map<string, number[]>;
  /** The folded words of a name, each once, in order. */
  nameWords(name: string): string[];
  /** The entities piece (index-builder.ts, entitiesPiece) → its columns. */
  entityColumns(piece: unknown): EntityColumns;
  /** The charset a piece's script is read in (one character a byte). */
  PIECE_CHARSET: string;
  /** The bytes of a compressed piece's string, as its script read in PIECE_CHARSET gives it. */
  pieceBytes(text: string): Uint8Array;
  /** Raw deflate inflated (synchronously; throws on data that is not deflate); `length`: the output's, if known. */
  inflateRaw(input: Uint8Array, length?: number): Uint8Array;
  /** A compressed piece's data: its string's bytes, inflated, parsed as JSON. */
  pieceData(text: string): unknown;
  fold(word: string): string;
  words(text: string): Array<{ start: number; end: number; word: string }>;
  /** The words of a text as written, without offsets (faster: the index's pass). */
  wordList(text: string): string[];
  /** BCP 47 tag → stemmer id ('' when the language has none: words are only folded). */
  stemmerId(lang: string): string;
  /** Stemmer id → algorithm name in the snowball-stemmers package (Latin is the core's own). */
  SNOWBALL_NAMES: Record<string, string>;
  latinStem(word: string): string;
  registerStemmer(id: string, stem: (word: string) => string): void;
  hasStemmer(id: string): boolean;
  /** A word's index term in a language: "negoti|en". */
  term(id: string, word: string): string;
  /** What a folded word must contain to have this term (the beginning of its stem); null: any word may. */
  termClue(term: string): string | null;
  queryTerms(ids: string[], word: string): string[];
  /** The term of every mention of a register entry group ("@persons/brezhnev"). */
  entityTerm(group: string): string;
  parseQuery(query: string): QueryUnit[];
  phraseOccurrences(text: string, phrase: string[]): Array<{ start: number; end: number }>;
  /** phraseOccurrences on a text already cut: its words folded, and their offsets. */
  phraseAt(forms: string[], starts: ArrayLike<number>, ends: ArrayLike<number>, phrase: string[]): Array<{ start: number; end: number }>;
  /**
   * The documents where these words follow one another within a block: document → occurrences. Each list is
   * a word's positions as the p pieces hold them (per document: document gap, occurrences, first word number,
   * gaps…); a missing list: no document.
   */
  phraseDocuments(lists: Array<number[] | undefined>): Map<number, number>;
  /** year * 10000 + month * 100 + day; a partial date widened to the start (or end) of its period; null if not a date. */
  dateNumber(iso: string, end?: boolean): number | null;
}

export const CORE_FILE = path.resolve(__dirname, '..', '..', 'assets', 'search-core.js');

// eslint-disable-next-line @typescript-eslint/no-var-requires
export const core: SearchCore = require(CORE_FILE);
