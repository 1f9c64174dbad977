import { deflateRawSync } from 'zlib';
import { contentHash } from '../cache';
import { sortChronologically } from '../chronology';
import { core, EntityColumns } from './core';
import { IndexedDocument, termOf } from './document';
import { stemmerScript, useStemmer } from './stemmers';

/**
 * The collection's search index, assembled from its documents' IndexedDocument (src/search/document.ts) and
 * its register entries: pieces that the search page loads with <script> elements, only when a query needs them
 * (the page may be opened from the file system, where a script may not fetch files).
 *
 * - manifest.js: what every query needs first (small): the pieces' ranges, the languages, the facet values;
 * - docs.js: each document's name, title, date, facets and length (results, facet counts, ranking);
 * - entities.js: the register entries, with every form of their names (name search, facet labels);
 * - t<N>.js: the terms (stems per language, and one per register entry: its mentions) with the documents that
 *   have them and how often, in ranges of terms: a word needs the one piece its terms fall in;
 * - v<N>.js: the words as written (folded) with their terms, in ranges: prefix queries (a word whose term is
 *   the one its form gives in the manifest's formStemmer is the form alone);
 * - p<N>.js: the words as written (folded) with the documents that have them and where (word numbers), in
 *   ranges: exact phrases, found and counted without the texts (a phrase needs the pieces of its words alone);
 *   written only when the texts are many pieces (positionsPay: else a phrase is found in the texts);
 * - x<N>.js: the documents' texts by block, with the anchors of the blocks, in ranges of documents: the snippets
 *   and the paragraph a result links to (the results shown need them, nothing else does);
 * - s<N>: with each t<N> (the same range of terms), in t<N>.js's script (no file of its own: one load brings
 *   both), for each term the blocks that hold it in its first documents (SNIPPETS): a one-word query reads them
 *   with its term piece, and its first results are shown with their snippets and the links to their paragraphs
 *   after one round of script loads, not two (the x pieces of its results come after the terms); made only when
 *   the texts are many pieces (snippetsPay: else the texts themselves are loaded with the terms). It also carries
 *   the terms (postings and snippets) of the register entries that a word of its range names (carriedTerms): a
 *   pasted name's entry came in a second script, from the entries' own range of terms;
 * - stem-<id>.js: the stemmer of each language of the collection (src/search/stemmers.ts).
 *
 * Documents are ordered chronologically (as the edition orders them), so a range of dates is a range of
 * documents. Every piece but the manifest is JSON compressed with raw deflate, its bytes written one for one in
 * a string of a script (`teiSearch.piece(name, "…")`, pieceBytesScript) that the browser reads as windows-1252
 * (the script element's charset: every byte is a character) and inflates as the script runs (search-core.js,
 * inflateRaw: no stream, no task to wait for). No base64
 * (a third more), and no byte of the data can end the string or form markup: the few that could are escaped.
 * Compression makes the index small and costs the build little: a piece is compressed again only when its
 * content changed.
 */

/** A register entry as the search shows it (one per group: register and xml:id). */
export interface SearchEntity {
  group: string;
  register: string;
  id: string;
  label: string;
  /** What tells it from entries of the same label ("Othello" for one of the collection's Biancas), as its page shows it after the label; '' when nothing need. */
  qualifier: string;
  /** Its page, relative to the site root. */
  page: string;
  /** Every form of its names. */
  names: string[];
  /** Its coordinates as encoded, '' when none. */
  geo: string;
}

export interface SearchIndexInput {
  documents: IndexedDocument[];
  entities: SearchEntity[];
  /** The group a mention's target reaches (the register join), if any. */
  groupOf(target: string): string | undefined;
}

export interface SearchIndex {
  /** Output path (relative to the site root: search/…) → script (a compressed piece's script is bytes: pieceBytesScript). */
  files: Map<string, string | Buffer>;
  /** Documents mentioning each entity (by group): the map's counts. */
  documentsByGroup: Map<string, number>;
  stats: { documents: number; terms: number; forms: number; pieces: number; bytes: number };
}

/** How large a piece grows before the next one starts (characters of JSON before compression; PieceCutter cuts at three quarters to twice this). */
export const PIECE_SIZES = { terms: 48 * 1024, forms: 32 * 1024, positions: 128 * 1024, texts: 96 * 1024 };

/**
 * The positions (p pieces) are written only when the documents' texts are more than `fromTextPieces` pieces.
 * Below that, a phrase loads every texts piece (one round of script loads, as the p pieces of its words would
 * be) and is found in the texts themselves (search.js); the positions, a number for every word of the
 * collection, would add more to the index than the loads they spare: Schnitzler's 17 letters, one texts piece,
 * had p pieces of 37 % of their edition.txt. The generated 2,000 have 124 texts pieces: a phrase there loads
 * the p pieces of its words and the texts of the results shown alone. (An object, so that tests can build both.)
 */
export const POSITIONS = { fromTextPieces: 4 };

/** Whether an index whose texts are `textPieces` pieces has p pieces. */
export function positionsPay(textPieces: number): boolean {
  return textPieces > POSITIONS.fromTextPieces;
}

/**
 * The snippet pieces (s<N>.js): for each term of a t piece, its first `perTerm` documents by occurrences (then in
 * document order: what a build from nothing and an update by difference agree on without the collection's
 * average length), each with the blocks of its text that hold the term; at most `size` characters of JSON a
 * piece (terms after that have none: their results wait for the texts). Written only when the texts are more
 * than `fromTextPieces` pieces: below that, a query loads every texts piece with its terms (search.js). (An
 * object, so that tests can build both.)
 */
export const SNIPPETS = { fromTextPieces: 4, perTerm: 5, size: 96 * 1024 };

/** Whether an index whose texts are `textPieces` pieces has s pieces. */
export function snippetsPay(textPieces: number): boolean {
  return textPieces > SNIPPETS.fromTextPieces;
}

/** A document's entry in a texts piece: its blocks ([anchor, stemmer, text]) and mentions ([block, start, end, entity]). */
export type TextEntry = [Array<[string, string, string]>, Array<[number, number, number, number]>];

/** The documents of a postings list ([Δdocument, count, …]) a term's snippets hold: the first `count` by occurrences, then by number. */
export function snippetDocuments(postings: number[], count: number): number[] {
  // The first `count` kept in order while the list is read once (a common term's list is the whole collection; count is 5).
  const documents: number[] = [];
  const counts: number[] = [];
  let document = 0;
  for (let at = 0; at < postings.length; at += 2) {
    document += postings[at];
    const occurrences = postings[at + 1];
    // Documents come in ascending order: a later one goes before those with fewer occurrences only.
    let place = documents.length;
    while (place > 0 && counts[place - 1] < occurrences) place--;
    if (place >= count) continue;
    documents.splice(place, 0, document);
    counts.splice(place, 0, occurrences);
    if (documents.length > count) {
      documents.pop();
      counts.pop();
    }
  }
  return documents;
}

/**
 * Each postings list's snippet documents (snippetDocuments, SNIPPETS.perTerm), kept with the list: a list is not
 * changed once made (an update makes a new one: withPosting), and a process that builds again (serve) keeps the
 * lists of the terms a save did not change, so the snippet pieces it makes again read none of them (a piece's terms'
 * lists: the whole collection's for its common terms).
 */
const rankedDocuments = new WeakMap<number[], { count: number; documents: number[] }>();

/** snippetDocuments(postings, SNIPPETS.perTerm), computed once per list. */
export function snippetRanking(postings: number[]): number[] {
  const known = rankedDocuments.get(postings);
  if (known?.count === SNIPPETS.perTerm) return known.documents;
  const documents = snippetDocuments(postings, SNIPPETS.perTerm);
  rankedDocuments.set(postings, { count: SNIPPETS.perTerm, documents });
  return documents;
}

/** The terms of each block of a texts entry (blockTermsOf), kept with the entry. */
const blockTerms = new WeakMap<TextEntry, Array<Set<string>>>();

/**
 * The terms of each block of a document's texts entry, computed once per entry object: the snippet pieces of a
 * collection read the same first documents again and again (snippetPiece), and an update by difference that keeps
 * the entries (index-update.ts) keeps these with them.
 */
/** The terms of each block of an entry, if computed (or given: keepBlockTerms) in this process. */
export function knownBlockTerms(entry: TextEntry): Array<Set<string>> | undefined {
  return blockTerms.get(entry);
}

/** Gives an entry its blocks' terms as computed by an earlier process (kept in a cache): blockTermsOf then stems nothing. */
export function keepBlockTerms(entry: TextEntry, terms: Array<Set<string>>): void {
  if (terms.length === entry[0].length) blockTerms.set(entry, terms);
}

export function blockTermsOf(entry: TextEntry): Array<Set<string>> {
  let terms = blockTerms.get(entry);
  if (!terms) {
    terms = entry[0].map(termsOfBlock);
    blockTerms.set(entry, terms);
  }
  return terms;
}

/** The terms of one block of an entry: those blockTermsOf gives, without computing the other blocks' when they are not known. */
export function blockTermsAt(entry: TextEntry, block: number): Set<string> {
  return blockTerms.get(entry)?.[block] ?? termsOfBlock(entry[0][block]);
}

function termsOfBlock([, stemmer, text]: [string, string, string]): Set<string> {
  if (stemmer !== '' && stemmer !== 'la') useStemmer(stemmer);
  return new Set(core.wordList(text).map((word) => termOf(stemmer, word)));
}

/**
 * A snippet piece (s<N>.js) for the terms of a t piece (key order, with their postings): JSON
 * `[{term: [documents]}, [[document, [[block, anchor, stemmer, text], …], [[block, start, end, entity], …]], …]]`,
 * each document's blocks (in order, by their number in its text) those that hold one of the piece's terms it is
 * listed for (a word whose term it is; for an entity's term, a mention of the entity), with their mentions. A
 * term's documents are taken a rank at a time over all the terms (every term's first document, then every
 * second, …) until the piece reaches SNIPPETS.size. The page shows a result from these blocks alone when every
 * term of its query that the document has lists it (search.js, partialText): its snippet, paragraph and count of
 * passages are then those its whole text gives. `entryOf` gives a document's texts entry (textEntry);
 * `entityTerms` the term of each entity (core.entityTerm) → its number. `carried`: the terms of register entries
 * from other t pieces that this one carries (carriedTerms), with their postings: the piece lists their first
 * documents' blocks as it does its own terms' (after them), and holds their postings whole, a third member of its
 * JSON `[…, …, {term: postings}]`: a query of a word that names an entry finds the entry's mentions in the script
 * of the word's terms. Returns the JSON and the documents it holds (an update by difference makes the piece again
 * when one of them changed: index-update.ts).
 */
export function snippetPiece(
  own: Array<[string, number[]]>, entryOf: (document: number) => TextEntry, entityTerms: Map<string, number>, carried: Array<[string, number[]]> = [],
): { json: string; refs: number[] } {
  const terms = [...own, ...carried];
  const ranked = terms.map(([, postings]) => snippetRanking(postings));
  const listed = new Map<string, number[]>();
  const documents = new Map<number, { entry: TextEntry; blocks: Set<number> }>();
  const documentOf = (number: number): { entry: TextEntry; blocks: Set<number> } => {
    let found = documents.get(number);
    if (!found) documents.set(number, (found = { entry: entryOf(number), blocks: new Set() }));
    return found;
  };
  let size = 0;
  const deepest = Math.max(0, ...ranked.map((list) => list.length));
  full: for (let rank = 0; rank < deepest; rank++) {
    for (let t = 0; t < terms.length; t++) {
      const number = ranked[t][rank];
      if (number === undefined) continue;
      const term = terms[t][0];
      const document = documentOf(number);
      const [blocks, mentions] = document.entry;
      const entity = entityTerms.get(term);
      const holding: number[] = [];
      if (entity !== undefined) {
        for (const [block, , , mentioned] of mentions) if (mentioned === entity && !holding.includes(block)) holding.push(block);
      } else {
        blockTermsOf(document.entry).forEach((held, block) => { if (held.has(term)) holding.push(block); });
      }
      const added = holding.filter((block) => !document.blocks.has(block));
      const length = 12 + added.reduce((total, block) => total + blocks[block][0].length + blocks[block][2].length + 16, 0);
      if (size + length > SNIPPETS.size) break full;
      size += length;
      for (const block of added) document.blocks.add(block);
      let list = listed.get(term);
      if (!list) listed.set(term, (list = []));
      list.push(number);
    }
  }
  const shown = new Set([...listed.values()].flat());
  const entries = [...shown].sort((a, b) => a - b).map((number) => {
    const { entry: [blocks, mentions], blocks: kept } = documents.get(number)!;
    const numbers = [...kept].sort((a, b) => a - b);
    return [number, numbers.map((block) => [block, ...blocks[block]]), mentions.filter(([block]) => kept.has(block))];
  });
  // Every document read, listed or not: the one that would have passed the size decides where the piece ends.
  return { json: JSON.stringify([Object.fromEntries(listed), entries, Object.fromEntries(carried)]), refs: [...documents.keys()].sort((a, b) => a - b) };
}

/** A piece's JSON compressed (raw deflate), in base64; `compress` may take it from a cache (same JSON, same bytes). */
export type Compressor = (json: string) => string;

/**
 * How the pieces are compressed (a cache of compressed pieces keys on it beside their JSON). Level 6, zlib's
 * default, not 9: measured on the pieces of 500 generated documents, 1.4-2.5x less time (every p piece is
 * compressed again when a document's words move: the largest cost of an update by difference) for 0.3 % more bytes.
 */
export const PIECE_COMPRESSION = { level: 6 };

export const compressPiece = (json: string | Buffer): string => deflateRawSync(typeof json === 'string' ? Buffer.from(json, 'utf8') : json, PIECE_COMPRESSION).toString('base64');

/**
 * Bytes that may not stand for themselves inside a double-quoted string of a script: the quote, the backslash,
 * the line ends, NUL (kept out of the file), and `<` (no markup, not even a closing script tag, in any piece).
 * Every other byte is one character when the script is read as windows-1252 (search.js: `charset`).
 */
const ESCAPED_BYTES = new Map<number, string>([[0x00, '\\x00'], [0x0a, '\\n'], [0x0d, '\\r'], [0x22, '\\"'], [0x3c, '\\x3c'], [0x5c, '\\\\']]);
/** ESCAPED_BYTES by byte (1: escaped), for the scan of every piece's bytes. */
const ESCAPED = new Uint8Array(256);
for (const byte of ESCAPED_BYTES.keys()) ESCAPED[byte] = 1;

/**
 * `teiSearch.piece(name, "…")` with the bytes of a compressed piece in the string, one character each (escaped
 * where they must be); with `carried`, another piece in the same script, `teiSearch.piece(name, "…", carried
 * name, "…")` (a snippet piece in its term piece's: one script load for both).
 */
export function pieceBytesScript(name: string, bytes: Buffer, carried?: [string, Buffer]): Buffer {
  const parts: Buffer[] = [Buffer.from(`teiSearch.piece(${JSON.stringify(name)}, "`, 'latin1')];
  const addBytes = (content: Buffer): void => {
    let from = 0;
    for (let at = 0; at < content.length; at++) {
      if (ESCAPED[content[at]] === 0) continue;
      parts.push(content.subarray(from, at), Buffer.from(ESCAPED_BYTES.get(content[at])!, 'latin1'));
      from = at + 1;
    }
    parts.push(content.subarray(from));
  };
  addBytes(bytes);
  if (carried) {
    parts.push(Buffer.from(`", ${JSON.stringify(carried[0])}, "`, 'latin1'));
    addBytes(carried[1]);
  }
  parts.push(Buffer.from('");\n', 'latin1'));
  return Buffer.concat(parts);
}

/**
 * The last script made for each piece name, with the compressed content(s) it was made from (pieceBytesScript is
 * a function of the three): a process that builds again (serve) writes most pieces as they were, and their scripts
 * (1.6 MB at 2,000 documents) are then neither decoded nor escaped again, save after save.
 */
const lastScripts = new Map<string, { compressed: string; carried?: [string, string]; script: Buffer }>();

/** Lets go of the scripts kept for the next build (a process that builds once: they would stay through the rest of its build). */
export function forgetPieceScripts(): void {
  lastScripts.clear();
}

/** pieceBytesScript of a compressed piece (and the piece its script carries), as `compress` gives them (base64). */
function compressedScript(name: string, compressed: string, carried?: [string, string]): Buffer {
  const last = lastScripts.get(name);
  if (last && last.compressed === compressed && last.carried?.[0] === carried?.[0] && last.carried?.[1] === carried?.[1]) return last.script;
  const script = pieceBytesScript(name, Buffer.from(compressed, 'base64'), carried && [carried[0], Buffer.from(carried[1], 'base64')]);
  lastScripts.set(name, { compressed, carried, script });
  return script;
}

/** A piece in plain JSON (the manifest), in ASCII: any charset reads it alike. */
function pieceScript(name: string, data: object): string {
  const json = JSON.stringify(data).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `teiSearch.piece(${JSON.stringify(name)}, ${json});\n`;
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A piece of keyed entries as cut (PieceCutter): its first key, its entries as the tables hold them, and its JSON. */
export interface CutPiece<V> {
  first: string;
  entries: Array<[string, V]>;
  json: string;
}

/**
 * One kind of pieces cut from a table of keyed entries, in ranges of keys (t, v and p pieces): how an entry's
 * value is written in the piece, how long it counts for the cut, and the piece's JSON. Both ways of making the
 * index (from every document, and by difference: index-update.ts) cut with these, so their pieces are the same.
 */
export interface KeyedKind<V, W> {
  name: 't' | 'v' | 'p';
  /** The table of SearchTables it is cut from. */
  table: 'postings' | 'forms' | 'positions';
  size: number;
  /** The value as the piece writes it; `formStemmer` is the manifest's (forms written as the form alone). */
  written(key: string, value: V, formStemmer: string): W;
  /** The value's length as the cut counts it (characters of JSON). */
  length(written: W): number;
  json(entries: Array<[string, W]>): string;
}

const jsonLength = (value: unknown): number => JSON.stringify(value).length;

/** Terms with their postings (t pieces). */
export const TERM_PIECES: KeyedKind<number[], number[]> = {
  name: 't', table: 'postings', size: PIECE_SIZES.terms,
  written: (_term, postings) => postings,
  length: jsonLength,
  json: (entries) => JSON.stringify(Object.fromEntries(entries)),
};

/**
 * Forms with their terms (v pieces). A form whose one term is the term the reader's browser computes from the
 * form itself in the collection's most used language (core.term: the same code) is written as the form alone:
 * most words of a collection.
 */
export const FORM_PIECES: KeyedKind<Map<string, number>, 0 | string[]> = {
  name: 'v', table: 'forms', size: PIECE_SIZES.forms,
  written: (form, terms, formStemmer) => {
    const sorted = [...terms.keys()].sort();
    return sorted.length === 1 && sorted[0] === core.term(formStemmer, form) ? 0 : sorted;
  },
  length: jsonLength,
  json: (entries) => JSON.stringify(entries.map(([form, terms]) => (terms === 0 ? form : [form, terms]))),
};

/**
 * Forms with where they occur (p pieces): the tables hold each form's positions as the piece writes them (per
 * document the gap from the previous document's number, then its occurrences and word numbers: KeyedTables.positions),
 * so a piece's JSON is the forms with their text as it is.
 */
export const POSITION_PIECES: KeyedKind<string, string> = {
  name: 'p', table: 'positions', size: PIECE_SIZES.positions,
  written: (_form, written) => written,
  length: (written) => written.length + 2,
  json: (entries) => `{${entries.map(([form, written]) => `${JSON.stringify(form)}:[${written}]`).join(',')}}`,
};

/**
 * Cuts entries, given in key order, into pieces of about `kind.size` characters of JSON. A piece ends after an
 * entry whose key is a boundary (boundaryKey: one key in eight) once it holds three quarters of the size, or
 * after the entry that brings it to twice the size. Where the cuts fall depends on the keys, not on the lengths
 * before them: an entry that grows or shrinks moves at most the cut of its own piece (one time in eight or so),
 * and the pieces after it are cut where they were. So an update by difference (index-update.ts) cuts again only
 * the pieces that changed: cut after the length alone, every cut after a changed piece moved, and a change of
 * one document remade a third of the pieces. `between` says whether the next entry starts a piece (an update
 * takes a piece of the previous build whole when it starts at a cut and none of it changed).
 */
export class PieceCutter<V, W> {
  private entries: Array<[string, V]> = [];
  private written: Array<[string, W]> = [];
  private length = 0;

  constructor(private readonly kind: KeyedKind<V, W>, private readonly formStemmer: string, private readonly onPiece: (piece: CutPiece<V>) => void) {}

  get between(): boolean {
    return this.entries.length === 0;
  }

  add(key: string, value: V): void {
    const written = this.kind.written(key, value, this.formStemmer);
    this.entries.push([key, value]);
    this.written.push([key, written]);
    this.length += key.length + this.kind.length(written) + 4;
    if (this.length >= this.kind.size * 2 || (this.length >= this.kind.size * 0.75 && boundaryKey(key))) this.cut();
  }

  /** Ends the last piece (after the last entry). */
  finish(): void {
    if (!this.between) this.cut();
  }

  private cut(): void {
    const { kind, written } = this;
    // Made when asked for: an update by difference may make a piece's bytes another way (index-update.ts, positions).
    this.onPiece({ first: this.entries[0][0], entries: this.entries, get json() { return kind.json(written); } });
    this.entries = [];
    this.written = [];
    this.length = 0;
  }
}

/** Whether a piece may end after this key (PieceCutter): one key in eight, by a hash of the key (FNV-1a). */
function boundaryKey(key: string): boolean {
  let hash = 0x811c9dc5;
  for (let at = 0; at < key.length; at++) hash = Math.imul(hash ^ key.charCodeAt(at), 0x01000193);
  return ((hash >>> 0) & 7) === 0;
}

/** A table's entries cut into pieces of its kind, from every entry (sorted here). */
export function cutTable<V, W>(table: Map<string, V>, kind: KeyedKind<V, W>, formStemmer: string): Array<CutPiece<V>> {
  const pieces: Array<CutPiece<V>> = [];
  const cutter = new PieceCutter(kind, formStemmer, (piece) => pieces.push(piece));
  for (const [key, value] of [...table].sort((a, b) => byString(a[0], b[0]))) cutter.add(key, value);
  cutter.finish();
  return pieces;
}

/** The pieces of one kind as the index writes them: each piece's first key and compressed content. */
export interface KeyedPieces {
  firsts: string[];
  compressed: string[];
}

/** Makes the pieces of a kind (from every entry of the tables, or by difference). */
export type KeyedPieceMaker = <V, W>(kind: KeyedKind<V, W>, formStemmer: string) => KeyedPieces;

/** The manifest's formStemmer: the stemmer of most blocks (ties: the first by id). */
export function formStemmerOf(stemmerUse: Map<string, number>): string {
  return [...stemmerUse].sort((a, b) => b[1] - a[1] || byString(a[0], b[0]))[0]?.[0] ?? '';
}

/**
 * The register entries, column by column, without what the reader's browser can say itself (core.entityColumns
 * makes the full columns again): a group and a page are written only where they are not
 * `register/id` and `register/id.html`, a qualifier only where there is one, the register as a number, and of the folded words of an entry's names
 * only those that its label's own words (core.nameWords, again in the browser) leave out. A collection's registers may hold
 * thousands of entries that its documents never mention (a bibliography): their names are still searched.
 */
function entitiesPiece(entities: SearchEntity[], documents: number[]): object {
  const registers: string[] = [];
  const group: Record<number, string> = {};
  const page: Record<number, string> = {};
  const qualifier: Record<number, string> = {};
  entities.forEach((e, index) => {
    if (!registers.includes(e.register)) registers.push(e.register);
    if (e.qualifier) qualifier[index] = e.qualifier;
    if (e.group !== `${e.register}/${e.id}`) group[index] = e.group;
    if (e.page !== `${e.register}/${e.id}.html`) page[index] = e.page;
  });
  return {
    registers,
    register: entities.map((e) => registers.indexOf(e.register)),
    id: entities.map((e) => e.id),
    label: entities.map((e) => e.label),
    qualifier,
    group,
    page,
    more: entities.map((e) => {
      const label = core.nameWords(e.label);
      return [...new Set(e.names.flatMap((name) => core.nameWords(name)))].filter((word) => !label.includes(word)).join(' ');
    }),
    documents,
  };
}

/** One document as the index's tables hold it (docs.js's columns, and the size of its entry in the texts' pieces). */
export interface SearchRow {
  name: string;
  title: string;
  dateLabel: string;
  from: number | null;
  to: number | null;
  type: string;
  lang: string;
  length: number;
  /** The entities it mentions (indexes in the entities' list), in ascending order. */
  entities: number[];
  /** What its entry adds to a texts piece's size (PIECE_SIZES.texts). */
  textSize: number;
}

/**
 * What the index is cut into pieces from: every document's row (chronological order), the postings of every
 * term, the forms with their terms, and how many blocks each stemmer has. buildSearchIndex makes them from
 * every document; an update by difference (src/search/index-update.ts) takes the previous build's and
 * applies the documents that changed. Counts (forms' documents) are kept so that a document can be taken out.
 */
export interface SearchTables extends KeyedTables {
  postings: Map<string, number[]>;
  forms: Map<string, Map<string, number>>;
  positions: Map<string, string>;
}

/** The part of a Map an update by difference uses of a table (index-update.ts keeps its tables in pieces). */
export interface KeyedTable<V> {
  readonly size: number;
  get(key: string): V | undefined;
  set(key: string, value: V): unknown;
  delete(key: string): boolean;
}

/** SearchTables, its keyed tables as an update by difference sees them. */
export interface KeyedTables {
  rows: SearchRow[];
  /** Term → [document number − the previous one, occurrences, …] in document order. */
  postings: KeyedTable<number[]>;
  /** Form → its terms → how many documents have the form with that term. */
  forms: KeyedTable<Map<string, number>>;
  /**
   * Form → where it occurs, as its p piece writes it: per document in document order "gap,occurrences,first,gap…",
   * the first number the document's number less the previous document's (the first document's: its number),
   * then IndexedDocument's positions. One text per form, not a list: at 2,000 documents close to a million
   * entries; and an update by difference puts a document's entry in its place in the text (withPositions) without
   * reading the list or writing it again.
   */
  positions: KeyedTable<string>;
  /** Stemmer id → how many blocks of the collection it stems. */
  stemmerUse: Map<string, number>;
}

/** The entities (indexes) a document mentions, with how often: its targets through the register join. */
export function mentionedEntities(document: Pick<IndexedDocument, 'targets'>, input: Pick<SearchIndexInput, 'groupOf'>, entityIndex: Map<string, number>): Map<number, number> {
  const mentioned = new Map<number, number>();
  for (const [target, count] of document.targets) {
    const group = input.groupOf(target);
    const entity = group === undefined ? undefined : entityIndex.get(group);
    if (entity !== undefined) mentioned.set(entity, (mentioned.get(entity) ?? 0) + count);
  }
  return mentioned;
}

/** A document's row in the tables. */
export function searchRow(document: IndexedDocument, entities: number[]): SearchRow {
  return {
    name: document.name, title: document.title, dateLabel: document.dateLabel, from: document.from, to: document.to,
    type: document.type, lang: document.lang, length: document.length, entities,
    textSize: document.blocks.reduce((total, [anchor, , text]) => total + anchor.length + text.length + 12, 0),
  };
}

/**
 * A document's entry in a texts piece: its blocks ([anchor, stemmer, text]) and mentions ([block, start, end, entity]).
 * A name that points to several entries (@ref="#hale #pole") is a mention of each: one tuple per entry it reaches.
 */
export function textEntry(document: IndexedDocument, input: Pick<SearchIndexInput, 'groupOf'>, entityIndex: Map<string, number>): TextEntry {
  const mentions = document.mentions.flatMap(([block, start, end, targets]): Array<[number, number, number, number]> => {
    const groups = targets.map((target) => input.groupOf(target)).filter((group): group is string => group !== undefined);
    return [...new Set(groups)].map((group) => [block, start, end, entityIndex.get(group)!]);
  });
  return [document.blocks, mentions];
}

/** A document's share of the tables (what it adds at its number): see replaceDocument. */
export interface DocumentShare {
  document: IndexedDocument;
  /** The entities it mentions, with how often (mentionedEntities). */
  entities: Map<number, number>;
}

/**
 * Puts a document's new version in the tables at `number` in place of its old one: the terms, forms, positions and
 * stemmers whose share the edit changed, and only those. Taking the old version out and putting the new one in
 * (both canonical: withPosting, withPositions) gives the same tables, but asks for and writes every term and form of
 * the document: at 2,000 documents each of a few hundred postings and positions copied twice (tens of megabytes a
 * save, most of the update's garbage), and in a new process every piece holding one of them read, for an edit of one
 * word. A table entry the edit leaves as it was is then not touched (PieceTable.touched) either way.
 */
export function replaceDocument(tables: KeyedTables, number: number, before: DocumentShare, after: DocumentShare, entityGroups: string[]): void {
  const termsBefore = documentTerms(before, entityGroups);
  const termsAfter = documentTerms(after, entityGroups);
  const setPosting = (term: string, count: number): void => {
    const updated = withPosting(tables.postings.get(term) ?? [], number, count);
    if (updated.length === 0) tables.postings.delete(term);
    else tables.postings.set(term, updated);
  };
  for (const [term, count] of termsAfter) if (termsBefore.get(term) !== count) setPosting(term, count);
  for (const term of termsBefore.keys()) if (!termsAfter.has(term)) setPosting(term, 0);

  const formsBefore = documentForms(before.document);
  const formsAfter = documentForms(after.document);
  const replaceForm = (form: string, was: [string, string] | undefined, is: [string, string] | undefined): void => {
    if (was?.[0] !== is?.[0]) {
      if (was) countForm(tables, form, was[0], -1);
      if (is) countForm(tables, form, is[0], 1);
    }
    if (was?.[1] !== is?.[1]) {
      const updated = withPositions(tables.positions.get(form) ?? '', number, is?.[1]);
      if (updated === '') tables.positions.delete(form);
      else tables.positions.set(form, updated);
    }
  };
  for (const [form, is] of formsAfter) replaceForm(form, formsBefore.get(form), is);
  for (const [form, was] of formsBefore) if (!formsAfter.has(form)) replaceForm(form, was, undefined);

  const stemmers = new Map<string, number>();
  for (const [, stemmer] of before.document.blocks) stemmers.set(stemmer, (stemmers.get(stemmer) ?? 0) - 1);
  for (const [, stemmer] of after.document.blocks) stemmers.set(stemmer, (stemmers.get(stemmer) ?? 0) + 1);
  for (const [stemmer, change] of stemmers) if (change !== 0) countStemmer(tables, stemmer, change);
}

/** A document's terms with their counts: its words' (IndexedDocument.terms), then its mentioned entities' (the later of a term given twice, as the postings take it). */
function documentTerms({ document, entities }: DocumentShare, entityGroups: string[]): Map<string, number> {
  const terms = new Map(document.terms);
  for (const entity of [...entities.keys()].sort((a, b) => a - b)) terms.set(core.entityTerm(entityGroups[entity]), entities.get(entity)!);
  return terms;
}

/** A document's forms, each with its term and its positions as written (IndexedDocument.positions). */
function documentForms(document: IndexedDocument): Map<string, [string, string]> {
  return new Map(document.forms.map(([form, term], index) => [form, [term, document.positions[index]]]));
}

/**
 * A form's positions as written (KeyedTables.positions) with document `number`'s entry ("occurrences,first,gap…")
 * put in its place (undefined: taken out), and the next document's gap adjusted. The text is scanned for the
 * numbers up to that document (gaps and occurrences, the word numbers skipped); nothing else is read or written.
 */
export function withPositions(written: string, number: number, entry: string | undefined): string {
  let document = 0;
  let at = 0;
  let next = 0;
  let gapEnd = 0;
  while (at < written.length) {
    gapEnd = written.indexOf(',', at);
    next = document + Number(written.slice(at, gapEnd));
    if (next >= number) break;
    at = positionsEntryEnd(written, gapEnd) + 1;
    document = next;
  }
  const own = entry === undefined ? '' : `${number - document},${entry}`;
  // No document from `number` on: appended.
  if (at >= written.length) return own === '' ? written : written === '' ? own : `${written},${own}`;
  const before = written.slice(0, at);
  if (next > number) return own === '' ? written : `${before}${own},${next - number}${written.slice(gapEnd)}`;
  const end = positionsEntryEnd(written, gapEnd);
  if (end >= written.length) return own === '' ? before.slice(0, -1) : `${before}${own}`;
  const followingGapEnd = written.indexOf(',', end + 1);
  const following = next + Number(written.slice(end + 1, followingGapEnd));
  const rest = written.slice(followingGapEnd);
  return own === '' ? `${before}${following - document}${rest}` : `${before}${own},${following - number}${rest}`;
}

/** Where a document's entry in a form's written positions ends (the comma after it, or the text's length); `gapEnd`: the comma after its gap. */
function positionsEntryEnd(written: string, gapEnd: number): number {
  const occurrencesEnd = written.indexOf(',', gapEnd + 1);
  const occurrences = Number(written.slice(gapEnd + 1, occurrencesEnd));
  let end = occurrencesEnd;
  for (let k = 0; k < occurrences; k++) {
    end = written.indexOf(',', end + 1);
    if (end < 0) return written.length;
  }
  return end;
}

/**
 * A postings list ([Δdocument, count, …], documents ascending) with document `number` given `count`
 * occurrences (0: none).
 */
function withPosting(list: number[], number: number, count: number): number[] {
  let document = 0;
  let at = 0;
  for (; at < list.length; at += 2) {
    const next = document + list[at];
    if (next >= number) break;
    document = next;
  }
  // A new list, never the one given: the previous build's tables stay as they were (a build that fails leaves them whole).
  if (at >= list.length) return count > 0 ? [...list, number - document, count] : list;
  const next = document + list[at];
  const updated = list.slice(0, at);
  if (next === number) {
    if (count > 0) updated.push(number - document, count);
    else if (at + 2 < list.length) updated.push(list[at + 2] + next - document, list[at + 3]);
    updated.push(...list.slice(count > 0 || at + 2 >= list.length ? at + 2 : at + 4));
  } else {
    if (count > 0) updated.push(number - document, count, next - number, list[at + 1]);
    else updated.push(list[at], list[at + 1]);
    updated.push(...list.slice(at + 2));
  }
  return updated;
}

/** The tables of a collection's documents (in chronological order). */
export function searchTables(documents: IndexedDocument[], input: SearchIndexInput): SearchTables {
  const accumulator = tablesAccumulator(input);
  for (const document of documents) accumulator.add(document);
  return accumulator.finish();
}

/**
 * Tables filled one document at a time, in chronological order (a build from nothing need not hold every
 * document at once); `add` returns the document's number, `finish` the tables once every document is in.
 */
export function tablesAccumulator(input: Pick<SearchIndexInput, 'entities' | 'groupOf'>): { rows: SearchRow[]; add(document: IndexedDocument): number; finish(): SearchTables } {
  const entityIndex = new Map(input.entities.map((entity, index) => [entity.group, index]));
  const entityGroups = input.entities.map((entity) => entity.group);
  const tables: SearchTables = { rows: [], postings: new Map(), forms: new Map(), positions: new Map(), stemmerUse: new Map() };
  // Documents come in ascending order: each posting is appended after the term's last document.
  const lastDocument = new Map<string, number>();
  const lastPositions = new Map<string, number>();
  // Each form's positions in parts (one per document), joined at the end: a text grown by a million appends would
  // be a deep rope, flattened again by every later operation on it.
  const positions = new Map<string, string[]>();
  const post = (term: string, document: number, count: number): void => {
    let list = tables.postings.get(term);
    if (!list) tables.postings.set(term, (list = []));
    list.push(document - (lastDocument.get(term) ?? 0), count);
    lastDocument.set(term, document);
  };
  const add = (document: IndexedDocument): number => {
    const number = tables.rows.length;
    for (const [term, count] of document.terms) post(term, number, count);
    const mentioned = mentionedEntities(document, input, entityIndex);
    const entities = [...mentioned.keys()].sort((a, b) => a - b);
    for (const entity of entities) post(core.entityTerm(entityGroups[entity]), number, mentioned.get(entity)!);
    addForms(tables, document);
    document.forms.forEach(([form], index) => {
      // Documents come in ascending order: each document's entry is appended after the gap from the form's last one.
      let parts = positions.get(form);
      if (!parts) positions.set(form, (parts = []));
      parts.push(`${number - (lastPositions.get(form) ?? 0)},${document.positions[index]}`);
      lastPositions.set(form, number);
    });
    tables.rows.push(searchRow(document, entities));
    return number;
  };
  const finish = (): SearchTables => {
    for (const [form, parts] of positions) tables.positions.set(form, parts.join(','));
    positions.clear();
    return tables;
  };
  return { rows: tables.rows, add, finish };
}

/** Counts a document's forms and its blocks' stemmers in the tables. */
function addForms(tables: KeyedTables, document: IndexedDocument): void {
  for (const [form, term] of document.forms) countForm(tables, form, term, 1);
  for (const [, stemmer] of document.blocks) countStemmer(tables, stemmer, 1);
}

/** Counts (1) or uncounts (−1) a document having `form` with `term`. */
function countForm(tables: KeyedTables, form: string, term: string, sign: 1 | -1): void {
  let terms = tables.forms.get(form);
  if (!terms) tables.forms.set(form, (terms = new Map()));
  const count = (terms.get(term) ?? 0) + sign;
  if (count > 0) terms.set(term, count);
  else terms.delete(term);
  if (terms.size === 0) tables.forms.delete(form);
}

/** Adds `change` blocks to a stemmer's use. */
function countStemmer(tables: KeyedTables, stemmer: string, change: number): void {
  const count = (tables.stemmerUse.get(stemmer) ?? 0) + change;
  if (count > 0) tables.stemmerUse.set(stemmer, count);
  else tables.stemmerUse.delete(stemmer);
}

/** A texts piece's documents (numbers, chronological): its content compressed (buildSearchIndex's `compress`). */
export type TextPieceMaker = (first: number, end: number) => string;

/**
 * The snippet piece (snippetPiece) of the t piece of this number, carrying these entries' terms (carriedTerms),
 * compressed; called only when snippets pay, after the t pieces were made.
 */
export type SnippetPieceMaker = (termPiece: number, carried: string[]) => string;

/**
 * The terms of the register entries each t piece's snippet piece carries (key order), by the words that carry
 * them (core.carryingWords): an entry goes with the piece where such a word's term falls in the collection's main
 * language (the manifest's formStemmer: a query of the word loads that piece), unless its own term is in that
 * piece already. The reader's browser finds them by the same rule (search.js, postingsOf).
 */
export function carriedTerms(columns: Pick<EntityColumns, 'group' | 'words' | 'documents'>, formStemmer: string, firsts: string[]): string[][] {
  const carried = firsts.map(() => new Set<string>());
  if (formStemmer !== '' && formStemmer !== 'la') useStemmer(formStemmer);
  for (const [word, entries] of core.carryingWords(columns)) {
    const piece = core.pieceOf(firsts, core.term(formStemmer, word));
    for (const entity of entries) {
      const term = core.entityTerm(columns.group[entity]);
      if (core.pieceOf(firsts, term) !== piece) carried[piece].add(term);
    }
  }
  return carried.map((terms) => [...terms].sort(byString));
}

/** Each entity's term (core.entityTerm) → its number in the entities' list (snippetPiece). */
export function entityTermsOf(entities: Array<Pick<SearchEntity, 'group'>>): Map<string, number> {
  return new Map(entities.map((entity, index) => [core.entityTerm(entity.group), index]));
}

export function buildSearchIndex(input: SearchIndexInput, compress: Compressor = compressPiece): SearchIndex {
  const documents = sortChronologically(input.documents, (document) => document);
  const entityIndex = new Map(input.entities.map((entity, index) => [entity.group, index]));
  const tables = searchTables(documents, input);
  const entryOf = (number: number): TextEntry => textEntry(documents[number], input, entityIndex);
  const termPieces: Array<CutPiece<number[]>> = [];
  const entityTerms = entityTermsOf(input.entities);
  return searchIndexOf(tables, input.entities, compress, (first, end) => compress(JSON.stringify(documents.slice(first, end).map((document) => textEntry(document, input, entityIndex)))),
    keyedPiecesOf(tables, compress, termPieces),
    (index, carried) => compress(snippetPiece(termPieces[index].entries, entryOf, entityTerms, carried.map((term) => [term, tables.postings.get(term)!])).json));
}

/** The keyed pieces (t, v, p) cut from every entry of the tables; the pieces of terms as cut go to `termPieces` (their snippets). */
export function keyedPiecesOf(tables: SearchTables, compress: Compressor, termPieces: Array<CutPiece<number[]>> = []): KeyedPieceMaker {
  return (kind, formStemmer) => {
    const pieces = cutTable(tables[kind.table] as unknown as Map<string, typeof kind extends KeyedKind<infer V, unknown> ? V : never>, kind, formStemmer);
    if (kind.table === 'postings') termPieces.splice(0, termPieces.length, ...(pieces as unknown as Array<CutPiece<number[]>>));
    return { firsts: pieces.map((piece) => piece.first), compressed: pieces.map((piece) => compress(piece.json)) };
  };
}

/**
 * The index's files, cut from its tables; `textPiece` gives each texts piece's compressed content, `keyed`
 * the pieces of terms, forms and positions (keyedPiecesOf: from every entry; or by difference).
 */
export function searchIndexOf(
  tables: Pick<KeyedTables, 'rows' | 'stemmerUse' | 'postings' | 'forms'>, entities: SearchEntity[], compress: Compressor, textPiece: TextPieceMaker, keyed: KeyedPieceMaker,
  snippets: SnippetPieceMaker,
): SearchIndex {
  const files = new Map<string, string | Buffer>();
  const addCompressed = (name: string, compressed: string, carried?: [string, string]): void => {
    files.set(`search/${name}.js`, compressedScript(name, compressed, carried));
  };
  const add = (name: string, data: object): void => addCompressed(name, compress(JSON.stringify(data)));
  const { rows } = tables;

  const entityDocuments = new Array<number>(entities.length).fill(0);
  for (const row of rows) for (const entity of row.entities) entityDocuments[entity]++;
  const types: string[] = [];
  const langs: string[] = [];
  const valueIndex = (values: string[], value: string): number => {
    let index = values.indexOf(value);
    if (index < 0) index = values.push(value) - 1;
    return index;
  };
  let totalLength = 0;
  for (const row of rows) totalLength += row.length;

  const docs = {
    name: rows.map((d) => d.name),
    title: rows.map((d) => d.title),
    date: rows.map((d) => d.dateLabel),
    from: rows.map((d) => d.from),
    to: rows.map((d) => d.to),
    type: rows.map((d) => valueIndex(types, d.type)),
    lang: rows.map((d) => valueIndex(langs, d.lang)),
    length: rows.map((d) => d.length),
    entities: rows.map((d) => d.entities),
  };
  add('docs', docs);
  const entitiesData = entitiesPiece(entities, entityDocuments);
  add('entities', entitiesData);

  const formStemmer = formStemmerOf(tables.stemmerUse);
  if (formStemmer !== '' && formStemmer !== 'la') useStemmer(formStemmer);
  const firstDocuments = textRanges(rows);
  const termPieces = keyed(TERM_PIECES, formStemmer);
  // Snippets with the terms when the texts are many pieces (snippetsPay): each s piece in its t piece's script, so
  // that a one-word query's terms and snippets come in one script load (two loads of a page's scripts, each a
  // request, a response and a task of its own, came apart by tens of milliseconds on a busy page). Else the page
  // loads the texts with the terms.
  const withSnippets = snippetsPay(firstDocuments.length);
  // The entries' terms each s piece carries, found as the reader's browser finds them: from the entities piece as it reads it.
  const carried = withSnippets ? carriedTerms(core.entityColumns(entitiesData), formStemmer, termPieces.firsts) : [];
  termPieces.compressed.forEach((compressed, index) => addCompressed(`t${index}`, compressed, withSnippets ? [`s${index}`, snippets(index, carried[index])] : undefined));
  const formPieces = keyed(FORM_PIECES, formStemmer);
  formPieces.compressed.forEach((compressed, index) => addCompressed(`v${index}`, compressed));
  // Positions are kept in pieces either way (an index updated by difference needs them once the collection
  // grows past the threshold), but written only when they pay (positionsPay): else a phrase is found in the texts.
  const positionPieces = keyed(POSITION_PIECES, formStemmer);
  const withPositions = positionsPay(firstDocuments.length);
  if (withPositions) positionPieces.compressed.forEach((compressed, index) => addCompressed(`p${index}`, compressed));

  // Texts: each document's blocks ([anchor, stemmer, text]) and mentions ([block, start, end, entity]), in ranges of documents.
  firstDocuments.forEach((first, index) => addCompressed(`x${index}`, textPiece(first, firstDocuments[index + 1] ?? rows.length)));

  const stemmers = [...tables.stemmerUse.keys()].sort();
  for (const stemmer of stemmers) {
    if (stemmer !== 'la' && stemmer !== '') files.set(`search/stem-${stemmer}.js`, stemmerScript(stemmer));
  }

  const manifest = {
    format: 6,
    documents: rows.length,
    averageLength: rows.length ? totalLength / rows.length : 0,
    stemmers,
    types,
    langs,
    terms: termPieces.firsts,
    forms: formPieces.firsts,
    // null: no p pieces (positionsPay); a phrase is then found in the texts, all of them loaded.
    positions: withPositions ? positionPieces.firsts : null,
    // true: an s piece with each t piece, in its script (snippetPiece), carrying entries' terms (carriedTerms); false: none (the texts are few pieces).
    snippets: withSnippets,
    formStemmer,
    texts: firstDocuments,
  };
  // The manifest is small and read first: plain, and versioned by the content of every other piece, so that a
  // reader's browser never mixes pieces of two builds (search.js asks for each piece with ?v=).
  const version = contentHash(...[...files.values()]).slice(0, 12);
  files.set('search/manifest.js', pieceScript('manifest', { ...manifest, version }));

  const documentsByGroup = new Map(entities.map((entity, index) => [entity.group, entityDocuments[index]]));
  let bytes = 0;
  for (const content of files.values()) bytes += Buffer.byteLength(content);
  return {
    files,
    documentsByGroup,
    stats: { documents: rows.length, terms: tables.postings.size, forms: tables.forms.size, pieces: files.size, bytes },
  };
}

/** The first document of each texts piece: a piece ends after the document that brings it to PIECE_SIZES.texts. */
export function textRanges(rows: Array<Pick<SearchRow, 'textSize'>>): number[] {
  const firstDocuments: number[] = [];
  let open = false;
  let size = 0;
  rows.forEach((row, number) => {
    if (!open) firstDocuments.push(number);
    open = true;
    size += row.textSize;
    if (size >= PIECE_SIZES.texts) {
      open = false;
      size = 0;
    }
  });
  return firstDocuments;
}
