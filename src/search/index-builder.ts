import { deflateRawSync } from 'zlib';
import { contentHash } from '../cache';
import { core } from './core';
import type { IndexedDocument } from './document';
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
 * - x<N>.js: the documents' texts by block, with the anchors of the blocks, in ranges of documents: the snippets
 *   and the paragraph a result links to (the results shown need them, nothing else does);
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

/** How large a piece grows before the next one starts (characters of JSON before compression). */
export const PIECE_SIZES = { terms: 48 * 1024, forms: 32 * 1024, positions: 128 * 1024, texts: 96 * 1024 };

/** A piece's JSON compressed (raw deflate), in base64; `compress` may take it from a cache (same JSON, same bytes). */
export type Compressor = (json: string) => string;

export const compressPiece: Compressor = (json) => deflateRawSync(Buffer.from(json, 'utf8'), { level: 9 }).toString('base64');

/**
 * Bytes that may not stand for themselves inside a double-quoted string of a script: the quote, the backslash,
 * the line ends, NUL (kept out of the file), and `<` (no markup, not even a closing script tag, in any piece).
 * Every other byte is one character when the script is read as windows-1252 (search.js: `charset`).
 */
const ESCAPED_BYTES = new Map<number, string>([[0x00, '\\x00'], [0x0a, '\\n'], [0x0d, '\\r'], [0x22, '\\"'], [0x3c, '\\x3c'], [0x5c, '\\\\']]);

/** `teiSearch.piece(name, "…")` with the bytes of a compressed piece in the string, one character each (escaped where they must be). */
export function pieceBytesScript(name: string, bytes: Buffer): Buffer {
  const parts: Buffer[] = [Buffer.from(`teiSearch.piece(${JSON.stringify(name)}, "`, 'latin1')];
  let from = 0;
  for (let at = 0; at < bytes.length; at++) {
    const escaped = ESCAPED_BYTES.get(bytes[at]);
    if (escaped === undefined) continue;
    parts.push(bytes.subarray(from, at), Buffer.from(escaped, 'latin1'));
    from = at + 1;
  }
  parts.push(bytes.subarray(from), Buffer.from('");\n', 'latin1'));
  return Buffer.concat(parts);
}

/** A piece in plain JSON (the manifest), in ASCII: any charset reads it alike. */
function pieceScript(name: string, data: object): string {
  const json = JSON.stringify(data).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `teiSearch.piece(${JSON.stringify(name)}, ${json});\n`;
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Chronological order, as the edition's (ed:chronological-key): date, title, path. */
function chronologically(a: IndexedDocument, b: IndexedDocument): number {
  return byString(a.dateKey, b.dateKey) || byString(a.title, b.title) || byString(a.path, b.path);
}

/** Cuts sorted [key, value] entries into pieces of about `size` characters of JSON; returns each piece's first key too. */
function ranges<T>(entries: Array<[string, T]>, size: number, jsonLength = (value: T): number => JSON.stringify(value).length):
Array<{ first: string; entries: Array<[string, T]> }> {
  const pieces: Array<{ first: string; entries: Array<[string, T]> }> = [];
  let current: Array<[string, T]> = [];
  let length = 0;
  for (const entry of entries) {
    current.push(entry);
    length += entry[0].length + jsonLength(entry[1]) + 4;
    if (length >= size) {
      pieces.push({ first: current[0][0], entries: current });
      current = [];
      length = 0;
    }
  }
  if (current.length > 0) pieces.push({ first: current[0][0], entries: current });
  return pieces;
}

/**
 * The register entries, column by column, without what the reader's browser can say itself (core.entityColumns
 * makes the full columns again): a group and a page are written only where they are not
 * `register/id` and `register/id.html`, the register as a number, and of the folded words of an entry's names
 * only those that its label's own words (core.nameWords, again in the browser) leave out. A collection's registers may hold
 * thousands of entries that its documents never mention (a bibliography): their names are still searched.
 */
function entitiesPiece(entities: SearchEntity[], documents: number[]): object {
  const registers: string[] = [];
  const group: Record<number, string> = {};
  const page: Record<number, string> = {};
  entities.forEach((e, index) => {
    if (!registers.includes(e.register)) registers.push(e.register);
    if (e.group !== `${e.register}/${e.id}`) group[index] = e.group;
    if (e.page !== `${e.register}/${e.id}.html`) page[index] = e.page;
  });
  return {
    registers,
    register: entities.map((e) => registers.indexOf(e.register)),
    id: entities.map((e) => e.id),
    label: entities.map((e) => e.label),
    group,
    page,
    more: entities.map((e) => {
      const label = core.nameWords(e.label);
      return [...new Set(e.names.flatMap((name) => core.nameWords(name)))].filter((word) => !label.includes(word)).join(' ');
    }),
    documents,
  };
}

export function buildSearchIndex(input: SearchIndexInput, compress: Compressor = compressPiece): SearchIndex {
  const documents = [...input.documents].sort(chronologically);
  const files = new Map<string, string | Buffer>();
  const addJson = (name: string, json: string): void => {
    files.set(`search/${name}.js`, pieceBytesScript(name, Buffer.from(compress(json), 'base64')));
  };
  const add = (name: string, data: object): void => addJson(name, JSON.stringify(data));

  // Register entries, and which documents mention each.
  const entityIndex = new Map(input.entities.map((entity, index) => [entity.group, index]));
  const postings = new Map<string, number[]>();
  const lastDocument = new Map<string, number>();
  const post = (term: string, document: number, count: number): void => {
    let list = postings.get(term);
    if (!list) postings.set(term, (list = []));
    list.push(document - (lastDocument.get(term) ?? 0), count);
    lastDocument.set(term, document);
  };
  const documentEntities: number[][] = [];
  const entityDocuments = new Array<number>(input.entities.length).fill(0);
  const forms = new Map<string, Set<string>>();
  // Form → per document "document gap,occurrences,first word number,gaps to the next…" (JSON numbers): exact phrases.
  const positions = new Map<string, string[]>();
  const lastPositionDocument = new Map<string, number>();
  const types: string[] = [];
  const langs: string[] = [];
  const valueIndex = (values: string[], value: string): number => {
    let index = values.indexOf(value);
    if (index < 0) index = values.push(value) - 1;
    return index;
  };
  const stemmers = new Set<string>();
  let totalLength = 0;

  documents.forEach((document, number) => {
    for (const [term, count] of document.terms) post(term, number, count);
    document.forms.forEach(([form, term], index) => {
      let set = forms.get(form);
      if (!set) forms.set(form, (set = new Set()));
      set.add(term);
      let list = positions.get(form);
      if (!list) positions.set(form, (list = []));
      list.push(`${number - (lastPositionDocument.get(form) ?? 0)},${document.positions[index]}`);
      lastPositionDocument.set(form, number);
    });
    const mentioned = new Map<number, number>();
    for (const [target, count] of document.targets) {
      const group = input.groupOf(target);
      const entity = group === undefined ? undefined : entityIndex.get(group);
      if (entity !== undefined) mentioned.set(entity, (mentioned.get(entity) ?? 0) + count);
    }
    const entities = [...mentioned.keys()].sort((a, b) => a - b);
    for (const entity of entities) {
      post(core.entityTerm(input.entities[entity].group), number, mentioned.get(entity)!);
      entityDocuments[entity]++;
    }
    documentEntities.push(entities);
    for (const [, stemmer] of document.blocks) stemmers.add(stemmer);
    totalLength += document.length;
  });

  const docs = {
    name: documents.map((d) => d.name),
    title: documents.map((d) => d.title),
    date: documents.map((d) => d.dateLabel),
    from: documents.map((d) => d.from),
    to: documents.map((d) => d.to),
    type: documents.map((d) => valueIndex(types, d.type)),
    lang: documents.map((d) => valueIndex(langs, d.lang)),
    length: documents.map((d) => d.length),
    entities: documentEntities,
  };
  add('docs', docs);
  add('entities', entitiesPiece(input.entities, entityDocuments));

  const termPieces = ranges([...postings].sort((a, b) => byString(a[0], b[0])), PIECE_SIZES.terms);
  termPieces.forEach((piece, index) => add(`t${index}`, Object.fromEntries(piece.entries)));
  // A form whose one term is the term the reader's browser computes from the form itself in the collection's
  // most used language (core.term: the same code) is written as the form alone: most words of a collection.
  const stemmerUse = new Map<string, number>();
  for (const document of documents) for (const [, stemmer] of document.blocks) stemmerUse.set(stemmer, (stemmerUse.get(stemmer) ?? 0) + 1);
  const formStemmer = [...stemmerUse].sort((a, b) => b[1] - a[1] || byString(a[0], b[0]))[0]?.[0] ?? '';
  if (formStemmer !== '' && formStemmer !== 'la') useStemmer(formStemmer);
  const formPieces = ranges([...forms].sort((a, b) => byString(a[0], b[0])).map(([form, terms]) => {
    const sorted = [...terms].sort();
    return [form, sorted.length === 1 && sorted[0] === core.term(formStemmer, form) ? 0 : sorted] as [string, 0 | string[]];
  }), PIECE_SIZES.forms);
  formPieces.forEach((piece, index) => add(`v${index}`, piece.entries.map(([form, terms]) => (terms === 0 ? form : [form, terms]))));
  // Written as text: the numbers are already JSON.
  const positionPieces = ranges([...positions].sort((a, b) => byString(a[0], b[0])), PIECE_SIZES.positions,
    (list) => list.reduce((total, part) => total + part.length + 1, 1));
  positionPieces.forEach((piece, index) => {
    addJson(`p${index}`, `{${piece.entries.map(([form, list]) => `${JSON.stringify(form)}:[${list.join(',')}]`).join(',')}}`);
  });

  // Texts: each document's blocks ([anchor, stemmer, text]) and mentions ([block, start, end, entity]).
  const firstDocuments: number[] = [];
  let piece: unknown[] = [];
  let size = 0;
  const flushTexts = (): void => {
    if (piece.length === 0) return;
    add(`x${firstDocuments.length - 1}`, piece);
    piece = [];
    size = 0;
  };
  documents.forEach((document, number) => {
    if (piece.length === 0) firstDocuments.push(number);
    const mentions = document.mentions.flatMap(([block, start, end, targets]) => {
      const entity = targets.map((target) => input.groupOf(target)).find((group) => group !== undefined);
      return entity === undefined ? [] : [[block, start, end, entityIndex.get(entity)!]];
    });
    piece.push([document.blocks, mentions]);
    size += document.blocks.reduce((total, [anchor, , text]) => total + anchor.length + text.length + 12, 0);
    if (size >= PIECE_SIZES.texts) flushTexts();
  });
  flushTexts();

  for (const stemmer of [...stemmers].sort()) {
    if (stemmer !== 'la' && stemmer !== '') files.set(`search/stem-${stemmer}.js`, stemmerScript(stemmer));
  }

  const manifest = {
    format: 2,
    documents: documents.length,
    averageLength: documents.length ? totalLength / documents.length : 0,
    stemmers: [...stemmers].sort(),
    types,
    langs,
    terms: termPieces.map((p) => p.first),
    forms: formPieces.map((p) => p.first),
    positions: positionPieces.map((p) => p.first),
    formStemmer,
    texts: firstDocuments,
  };
  // The manifest is small and read first: plain, and versioned by the content of every other piece, so that a
  // reader's browser never mixes pieces of two builds (search.js asks for each piece with ?v=).
  const version = contentHash(...[...files.values()]).slice(0, 12);
  files.set('search/manifest.js', pieceScript('manifest', { ...manifest, version }));

  const documentsByGroup = new Map(input.entities.map((entity, index) => [entity.group, entityDocuments[index]]));
  let bytes = 0;
  for (const content of files.values()) bytes += Buffer.byteLength(content);
  return {
    files,
    documentsByGroup,
    stats: { documents: documents.length, terms: postings.size, forms: forms.size, pieces: files.size, bytes },
  };
}
