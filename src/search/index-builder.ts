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
 *   written only when the texts are many pieces (positionsPay: else a phrase is found in the texts);
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
function chronologically(a: Pick<IndexedDocument, 'dateKey' | 'title' | 'path'>, b: Pick<IndexedDocument, 'dateKey' | 'title' | 'path'>): number {
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
export interface SearchTables {
  rows: SearchRow[];
  /** Term → [document number − the previous one, occurrences, …] in document order. */
  postings: Map<string, number[]>;
  /** Form → its terms → how many documents have the form with that term. */
  forms: Map<string, Map<string, number>>;
  /**
   * Form → where it occurs, per document in document order: "document number,occurrences,first,gap…"
   * (IndexedDocument's positions after the document's number). Strings, not arrays of numbers: at 2,000
   * documents there are close to a million of them.
   */
  positions: Map<string, string[]>;
  /** Stemmer id → how many blocks of the collection it stems. */
  stemmerUse: Map<string, number>;
}

/** Chronological order of the index (the edition's): exported for updates by difference. */
export function sortChronologically<T extends Pick<IndexedDocument, 'dateKey' | 'title' | 'path'>>(documents: T[]): T[] {
  return [...documents].sort(chronologically);
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

/** A document's entry in a texts piece: its blocks ([anchor, stemmer, text]) and mentions ([block, start, end, entity]). */
export function textEntry(document: IndexedDocument, input: Pick<SearchIndexInput, 'groupOf'>, entityIndex: Map<string, number>): unknown {
  const mentions = document.mentions.flatMap(([block, start, end, targets]) => {
    const entity = targets.map((target) => input.groupOf(target)).find((group) => group !== undefined);
    return entity === undefined ? [] : [[block, start, end, entityIndex.get(entity)!]];
  });
  return [document.blocks, mentions];
}

/** Adds a document's (or, with sign −1, takes out a document's) terms, forms and stemmers at `number` of the tables. */
export function applyDocument(tables: SearchTables, document: IndexedDocument, number: number, entities: Map<number, number>, entityGroups: string[], sign: 1 | -1): void {
  const setPosting = (term: string, count: number): void => {
    const list = tables.postings.get(term);
    const updated = withPosting(list ?? [], number, sign === 1 ? count : 0);
    if (updated.length === 0) tables.postings.delete(term);
    else tables.postings.set(term, updated);
  };
  for (const [term, count] of document.terms) setPosting(term, count);
  for (const entity of [...entities.keys()].sort((a, b) => a - b)) setPosting(core.entityTerm(entityGroups[entity]), entities.get(entity)!);
  addForms(tables, document, sign);
  document.forms.forEach(([form], index) => {
    const updated = withPositions(tables.positions.get(form) ?? [], number, sign === 1 ? `${number},${document.positions[index]}` : undefined);
    if (updated.length === 0) tables.positions.delete(form);
    else tables.positions.set(form, updated);
  });
}

/** The document number a positions entry ("number,occurrences,first,gap…") is of. */
function positionsDocument(entry: string): number {
  return Number(entry.slice(0, entry.indexOf(',')));
}

/** A form's positions (documents ascending) with document `number`'s entry put in its place (undefined: taken out). A new list, as withPosting's. */
function withPositions(list: string[], number: number, entry: string | undefined): string[] {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (positionsDocument(list[middle]) < number) low = middle + 1;
    else high = middle;
  }
  const end = low < list.length && positionsDocument(list[low]) === number ? low + 1 : low;
  return [...list.slice(0, low), ...(entry === undefined ? [] : [entry]), ...list.slice(end)];
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
  return accumulator.tables;
}

/**
 * Tables filled one document at a time, in chronological order (a build from nothing need not hold every
 * document at once); `add` returns the document's number.
 */
export function tablesAccumulator(input: Pick<SearchIndexInput, 'entities' | 'groupOf'>): { tables: SearchTables; add(document: IndexedDocument): number } {
  const entityIndex = new Map(input.entities.map((entity, index) => [entity.group, index]));
  const entityGroups = input.entities.map((entity) => entity.group);
  const tables: SearchTables = { rows: [], postings: new Map(), forms: new Map(), positions: new Map(), stemmerUse: new Map() };
  // Documents come in ascending order: each posting is appended after the term's last document.
  const lastDocument = new Map<string, number>();
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
    addForms(tables, document, 1);
    document.forms.forEach(([form], index) => {
      let list = tables.positions.get(form);
      if (!list) tables.positions.set(form, (list = []));
      list.push(`${number},${document.positions[index]}`);
    });
    tables.rows.push(searchRow(document, entities));
    return number;
  };
  return { tables, add };
}

/** Counts (sign 1) or uncounts (−1) a document's forms and its blocks' stemmers in the tables. */
function addForms(tables: SearchTables, document: IndexedDocument, sign: 1 | -1): void {
  for (const [form, term] of document.forms) {
    let terms = tables.forms.get(form);
    if (!terms) tables.forms.set(form, (terms = new Map()));
    const count = (terms.get(term) ?? 0) + sign;
    if (count > 0) terms.set(term, count);
    else terms.delete(term);
    if (terms.size === 0) tables.forms.delete(form);
  }
  for (const [, stemmer] of document.blocks) {
    const count = (tables.stemmerUse.get(stemmer) ?? 0) + sign;
    if (count > 0) tables.stemmerUse.set(stemmer, count);
    else tables.stemmerUse.delete(stemmer);
  }
}

/** A texts piece's documents (numbers, chronological): its content compressed (buildSearchIndex's `compress`). */
export type TextPieceMaker = (first: number, end: number) => string;

export function buildSearchIndex(input: SearchIndexInput, compress: Compressor = compressPiece): SearchIndex {
  const documents = sortChronologically(input.documents);
  const entityIndex = new Map(input.entities.map((entity, index) => [entity.group, index]));
  const tables = searchTables(documents, input);
  return searchIndexOf(tables, input.entities, compress, (first, end) => compress(JSON.stringify(documents.slice(first, end).map((document) => textEntry(document, input, entityIndex)))));
}

/** The index's files, cut from its tables; `textPiece` gives each texts piece's compressed content. */
export function searchIndexOf(tables: SearchTables, entities: SearchEntity[], compress: Compressor, textPiece: TextPieceMaker): SearchIndex {
  const files = new Map<string, string | Buffer>();
  const addCompressed = (name: string, compressed: string): void => {
    files.set(`search/${name}.js`, pieceBytesScript(name, Buffer.from(compressed, 'base64')));
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
  add('entities', entitiesPiece(entities, entityDocuments));

  const termPieces = ranges([...tables.postings].sort((a, b) => byString(a[0], b[0])), PIECE_SIZES.terms);
  termPieces.forEach((piece, index) => add(`t${index}`, Object.fromEntries(piece.entries)));
  // A form whose one term is the term the reader's browser computes from the form itself in the collection's
  // most used language (core.term: the same code) is written as the form alone: most words of a collection.
  const formStemmer = [...tables.stemmerUse].sort((a, b) => b[1] - a[1] || byString(a[0], b[0]))[0]?.[0] ?? '';
  if (formStemmer !== '' && formStemmer !== 'la') useStemmer(formStemmer);
  const formPieces = ranges([...tables.forms].sort((a, b) => byString(a[0], b[0])).map(([form, terms]) => {
    const sorted = [...terms.keys()].sort();
    return [form, sorted.length === 1 && sorted[0] === core.term(formStemmer, form) ? 0 : sorted] as [string, 0 | string[]];
  }), PIECE_SIZES.forms);
  formPieces.forEach((piece, index) => add(`v${index}`, piece.entries.map(([form, terms]) => (terms === 0 ? form : [form, terms]))));
  // Positions, per document after the gap from the previous document's number; written as text (the numbers are
  // JSON already); only when they pay (positionsPay): else a phrase is found in the texts.
  const firstDocuments = textRanges(rows);
  const positionEntries = positionsPay(firstDocuments.length) ? [...tables.positions].sort((a, b) => byString(a[0], b[0])).map(([form, list]): [string, string[]] => {
    let previous = 0;
    return [form, list.map((entry) => {
      const comma = entry.indexOf(',');
      const number = Number(entry.slice(0, comma));
      const gap = number - previous;
      previous = number;
      return `${gap}${entry.slice(comma)}`;
    })];
  }) : undefined;
  const positionPieces = positionEntries && ranges(positionEntries, PIECE_SIZES.positions, (list) => list.reduce((total, part) => total + part.length + 1, 1));
  positionPieces?.forEach((piece, index) => {
    addCompressed(`p${index}`, compress(`{${piece.entries.map(([form, list]) => `${JSON.stringify(form)}:[${list.join(',')}]`).join(',')}}`));
  });

  // Texts: each document's blocks ([anchor, stemmer, text]) and mentions ([block, start, end, entity]), in ranges of documents.
  firstDocuments.forEach((first, index) => addCompressed(`x${index}`, textPiece(first, firstDocuments[index + 1] ?? rows.length)));

  const stemmers = [...tables.stemmerUse.keys()].sort();
  for (const stemmer of stemmers) {
    if (stemmer !== 'la' && stemmer !== '') files.set(`search/stem-${stemmer}.js`, stemmerScript(stemmer));
  }

  const manifest = {
    format: 3,
    documents: rows.length,
    averageLength: rows.length ? totalLength / rows.length : 0,
    stemmers,
    types,
    langs,
    terms: termPieces.map((p) => p.first),
    forms: formPieces.map((p) => p.first),
    // null: no p pieces (positionsPay); a phrase is then found in the texts, all of them loaded.
    positions: positionPieces ? positionPieces.map((p) => p.first) : null,
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
