import { inflateRawSync } from 'zlib';
import { contentHash } from '../cache';
import { sortChronologically } from '../chronology';
import { core } from './core';
import type { IndexedDocument } from './document';
import {
  blockTermsAt, Compressor, keepBlockTerms, knownBlockTerms, CutPiece, cutTable, entityTermsOf, formStemmerOf, KeyedKind, KeyedPieces, KeyedTable, mentionedEntities, PieceCutter,
  replaceDocument, searchIndexOf, SearchEntity, SearchIndex, SearchIndexInput, SearchRow, searchRow, snippetPiece, snippetRanking, tablesAccumulator,
  textEntry, TextEntry, textRanges, PIECE_SIZES,
} from './index-builder';

/**
 * The search index by difference (issue 11.4): a build keeps the index's tables (index-builder.ts, SearchTables)
 * and what each texts piece was made of, and the next build, when only the contents of some documents changed,
 * takes those documents out of the tables and puts their new versions in, instead of assembling the index again
 * from every document of the collection (at 2,000 documents: 66 MB of indexed documents read and 2 million
 * postings made, for one changed word). The pieces are then cut from the tables exactly as buildSearchIndex
 * cuts them (the same function), so the files are byte for byte those of a build from nothing; a texts piece
 * whose documents are all unchanged is taken as it was, without reading them.
 *
 * The update applies only when the collection's documents are the same, in the same chronological order, and
 * the register join is the same (entities and the targets that reach them); anything else (a document added,
 * removed, renamed or redated, a register entry changed, many documents changed) builds the index from every
 * document, as before.
 */

/**
 * A build's index, kept for the next build (the cache's `search state` of the collection): what the index's
 * tables hold, with its terms, forms and positions kept in the pieces they were cut into (PieceTable). An update
 * re-cuts only the pieces whose entries changed (and those a changed piece's new end runs into): the others are
 * taken as they were, neither serialised nor compressed again, and in a new process not even read. What is
 * written to the cache each build is the head (SearchStateHead: the documents, their rows, the pieces' keys)
 * and the counts of each new piece of forms; the pieces of terms and positions are their own content, kept
 * compressed in the cache like every piece.
 */
export interface SearchState {
  format: typeof STATE_FORMAT;
  /** The search's code (searchCodeKey) and the register join (joinKey): the tables hold only under both. */
  code: string;
  join: string;
  /** Per document (chronological order): its collection path, its indexed document's cache key, the hash of its texts entry. */
  documents: Array<[path: string, key: string, entry: string]>;
  rows: SearchRow[];
  stemmerUse: Map<string, number>;
  /** The manifest's formStemmer when the pieces of forms were cut (they write forms by it). */
  formStemmer: string;
  postings: PieceTable<number[]>;
  forms: PieceTable<Map<string, number>>;
  positions: PieceTable<string>;
  /** Each texts piece: what it is made of (textsSignature) → its compressed content's cache key. */
  texts: Array<[signature: string, piece: string]>;
  /**
   * Not kept in the cache: the texts entries (and with them their blocks' terms: blockTermsOf) of the documents
   * the snippet pieces read, by document number with the hash of the entry (SearchState.documents), for the
   * next update of the same process (serve) to make snippet pieces without reading those documents again.
   */
  entries?: Map<number, ReadEntry>;
}

/** A SearchState as the cache keeps it (JSON): its tables as the keys of their pieces. */
interface SearchStateHead {
  format: typeof STATE_FORMAT;
  code: string;
  join: string;
  documents: SearchState['documents'];
  rows: SearchRow[];
  stemmerUse: Array<[string, number]>;
  formStemmer: string;
  /** How many terms and forms the tables hold (the index's stats). */
  counts: [terms: number, forms: number];
  /**
   * Each keyed kind's pieces: [first key, the piece's cache key, for forms the key of its counts (the piece does
   * not hold them); for terms the key of its snippet piece, the documents that piece read and the entries' terms it
   * carries ('' and none when the index had no snippets)].
   */
  pieces: { t: Array<[string, string, string?, number[]?, string[]?]>; v: Array<[string, string, string]>; p: Array<[string, string]> };
  texts: SearchState['texts'];
}

// 3: the tables kept in pieces (SearchStateHead); 4: manifest format 3, p pieces only when they pay
// (index-builder.ts, positionsPay), the tables still holding every position; 5: manifest format 4, s pieces
// beside the t pieces (index-builder.ts, snippetPiece), their keys and documents kept with the t pieces; 6: pieces
// compressed at level 6 (PIECE_COMPRESSION), not 9: a state of 5 names pieces of the other level; 7: manifest
// format 5, each s piece written in its t piece's script (the state itself as in 6); 8: manifest format 6, s pieces
// carrying entries' terms (index-builder.ts, carriedTerms), the terms each carries kept with the t pieces.
export const STATE_FORMAT = 8;

/** A published document for the index: its collection path, its indexed document's cache key, its place in the chronological order. */
export interface IndexedSource {
  path: string;
  key: string;
  /** What the index orders its documents by (IndexedDocument's fields: the summary's), known before the document is read. */
  order: Pick<IndexedDocument, 'dateKey' | 'title' | 'path'>;
}

export interface IndexServices {
  /** The indexed document under a key, if the cache has it. */
  stored(key: string): IndexedDocument | undefined;
  /** A piece's JSON compressed (index-builder.ts, Compressor), with the cache key it is kept under (for the state). */
  compress(json: string): { compressed: string; key: string };
  /**
   * A piece just cut by an update, compressed and kept, with its cache key (for the state). Its content is new (it
   * changed, that is why it was cut again): a look-up by its JSON (compress) would hash megabytes of JSON at 2,000
   * documents to find nothing, so the key may be made from the compressed content instead. Default: compress.
   */
  store?(json: string | Buffer): { compressed: string; key: string };
  /** A compressed piece kept under a key (from an earlier build), if the cache has it. */
  piece(key: string): string | undefined;
  /** Keeps the counts of a piece of forms (JSON); returns their key. */
  keepCounts(json: string): string;
  /** The counts of a piece of forms kept under a key, if the cache has them. */
  counts(key: string): string | undefined;
  /**
   * The terms of the blocks of a texts entry (by its hash) as an earlier build computed them (JSON), and keeping them:
   * a new process then stems nothing of the documents the snippet pieces hold. Optional.
   */
  blockTerms?(entryHash: string): string | undefined;
  keepBlockTerms?(entryHash: string, json: string): void;
}

/** What the join of mentions to entries is for the index: the entities as listed, and the targets of each group. */
export function joinKey(entities: SearchEntity[], groups: Array<[group: string, targets: string[]]>): string {
  return contentHash('search join', JSON.stringify(entities), JSON.stringify(groups));
}

/**
 * The index of `sources` (the published documents, any order), by difference from `previous` when it allows,
 * else from every document. `indexed(source)` gives a document's IndexedDocument (from the cache, or indexed
 * now); it is called only for the documents the index needs. Returns the index, the state for the next build,
 * and whether it was updated by difference. An update changes `previous` in place (it becomes the returned
 * state): a caller that keeps it must drop it when this throws.
 */
export async function searchIndexByDifference(
  sources: IndexedSource[], input: Omit<SearchIndexInput, 'documents'>, identity: { code: string; join: string }, previous: SearchState | undefined,
  indexed: (source: IndexedSource) => Promise<IndexedDocument>, services: IndexServices,
): Promise<{ index: SearchIndex; state: SearchState; updated: boolean }> {
  const { code, join } = identity;
  const entityIndex = new Map(input.entities.map((entity, index) => [entity.group, index]));
  const entityGroups = input.entities.map((entity) => entity.group);
  const compress: Compressor = (json) => services.compress(json).compressed;
  const entryOf = (document: IndexedDocument): string => JSON.stringify(textEntry(document, input, entityIndex));
  const entityTerms = entityTermsOf(input.entities);
  /**
   * A t segment's snippet piece (index-builder.ts, snippetPiece), made from its entries and carrying these entries'
   * terms (`carried`, their postings from `postings`); its key, the documents it read and the terms it carries noted on the segment.
   */
  const snippetOf = (
    segment: Segment<number[]>, entries: Map<string, number[]>, textOf: (number: number) => TextEntry, carried: string[], postings: KeyedTable<number[]>,
    remade = false,
  ): string => {
    const { json, refs } = snippetPiece([...entries].sort((a, b) => byString(a[0], b[0])), textOf, entityTerms, carried.map((term) => [term, postings.get(term)!]));
    // Made again by an update: its content changed (snippetTaken), as a piece cut again has (newSegment).
    const { compressed, key } = remade && services.store ? services.store(json) : services.compress(json);
    segment.snippet = key;
    segment.refs = refs;
    segment.carried = carried;
    return compressed;
  };

  let update: { index: SearchIndex; state: SearchState } | undefined;
  try {
    update = previous ? await updated(previous) : undefined;
  } catch (error) {
    if (!(error instanceof MissingEntry)) throw error;
  }
  if (update) return { ...update, updated: true };

  // From every document, one at a time in chronological order (known from the sources: none is held beyond its piece of texts).
  const accumulator = tablesAccumulator(input);
  const documents: SearchState['documents'] = [];
  const pieces: string[] = [];
  const starts: number[] = [];
  const texts: SearchState['texts'] = [];
  // Every document's texts entry (JSON), for the snippet pieces (made once every document is in: they need the postings).
  const allEntries: string[] = [];
  let piece: { entries: string[]; hashes: string[]; size: number } = { entries: [], hashes: [], size: 0 };
  const flush = (): void => {
    if (piece.entries.length === 0) return;
    const { compressed, key } = services.compress(`[${piece.entries.join(',')}]`);
    pieces.push(compressed);
    starts.push(documents.length - piece.entries.length);
    texts.push([textsSignature(join, piece.hashes), key]);
    piece = { entries: [], hashes: [], size: 0 };
  };
  for (const source of sortChronologically(sources, (source) => source.order)) {
    const document = await indexed(source);
    if (document.path !== source.order.path || document.dateKey !== source.order.dateKey || document.title !== source.order.title) {
      throw new Error(`${source.path}: its indexed document does not have the place in the chronological order its summary gives`);
    }
    const number = accumulator.add(document);
    const entry = entryOf(document);
    const hash = contentHash(entry);
    documents.push([source.path, source.key, hash]);
    allEntries.push(entry);
    piece.entries.push(entry);
    piece.hashes.push(hash);
    // As textRanges cuts (the check below holds the two together).
    piece.size += accumulator.rows[number].textSize;
    if (piece.size >= PIECE_SIZES.texts) flush();
  }
  flush();
  let made = 0;
  const tables = accumulator.finish();
  // Each document's texts entry read once for all the snippet pieces (the same first documents again and again), and kept for the next update.
  const read = new Map<number, ReadEntry>();
  const cut: { postings?: Segment<number[]>[]; forms?: Segment<Map<string, number>>[]; positions?: Segment<string>[] } = {};
  const index = searchIndexOf(tables, input.entities, compress, (first) => {
    if (made >= pieces.length || starts[made] !== first) throw new Error('the texts pieces were not cut as the index cuts them');
    return pieces[made++];
  }, (kind, formStemmer) => {
    const segments = cutTable(tables[kind.table] as unknown as Map<string, never>, kind, formStemmer).map((piece) => newSegment(kind, piece, services));
    cut[kind.table] = segments as never;
    return { firsts: segments.map((segment) => segment.first), compressed: segments.map((segment) => segment.compressed!) };
  }, (index, carried) => {
    const segment = cut.postings![index];
    return snippetOf(segment, segment.entries!, (number) => {
      let found = read.get(number);
      if (!found) read.set(number, (found = withBlockTerms({ hash: documents[number][2], entry: JSON.parse(allEntries[number]) as TextEntry }, services)));
      return found.entry;
    }, carried, tables.postings);
  });
  if (made !== pieces.length) throw new Error('the texts pieces were not cut as the index cuts them');
  const state: SearchState = {
    format: STATE_FORMAT, code, join, documents, rows: tables.rows, stemmerUse: tables.stemmerUse, formStemmer: formStemmerOf(tables.stemmerUse),
    postings: new PieceTable(cut.postings!, tables.postings.size, equalLists),
    forms: new PieceTable(cut.forms!, tables.forms.size, equalCounts, (terms) => new Map(terms)),
    positions: new PieceTable(cut.positions!, tables.positions.size, equalTexts),
    texts, entries: keptEntries(read, cut.postings!, services),
  };
  return { index, state, updated: false };

  /** The index from the previous one and the documents that changed; undefined when that does not apply. */
  async function updated(state: SearchState): Promise<{ index: SearchIndex; state: SearchState } | undefined> {
    if (state.format !== STATE_FORMAT || state.code !== code || state.join !== join || state.documents.length !== sources.length) return undefined;
    const position = new Map(state.documents.map(([path], number) => [path, number]));
    const changed: Array<{ number: number; source: IndexedSource }> = [];
    for (const source of sources) {
      const number = position.get(source.path);
      if (number === undefined) return undefined;
      if (state.documents[number][1] !== source.key) changed.push({ number, source });
    }
    // Many changes: building from every document costs less than taking each out and putting it in.
    if (changed.length > Math.max(8, sources.length / 10)) return undefined;
    const changes: Array<{ number: number; key: string; before: IndexedDocument; after: IndexedDocument }> = [];
    for (const { number, source } of changed) {
      const before = services.stored(state.documents[number][1]);
      if (!before) return undefined;
      const after = await indexed(source);
      // Another place in the chronological order: the documents' numbers change (built from every document).
      if (after.dateKey !== before.dateKey || after.title !== before.title || after.path !== before.path) return undefined;
      changes.push({ number, key: source.key, before, after });
    }
    // The texts pieces as the previous build cut them (the rows change below): where an unchanged document's entry is.
    const previousTexts = { firsts: textRanges(state.rows), pieces: state.texts };
    // From here on the state is changed in place (it is the one returned).
    const tables = { rows: state.rows, stemmerUse: state.stemmerUse, postings: state.postings, forms: state.forms, positions: state.positions };
    for (const table of [state.postings, state.forms, state.positions]) table.begin();
    state.postings.load = (segment) => termsOf(pieceJson(segment.piece, services));
    state.positions.load = (segment) => positionsOf(pieceJson(segment.piece, services));
    state.forms.load = (segment) => countsOf(segment.counts ? services.counts(segment.counts) : undefined);
    const { documents } = state;
    // The changed documents' texts entries, as JSON (the texts pieces) and as they are (the snippet pieces).
    const fresh = new Map<number, { json: string; entry: TextEntry }>();
    // The terms whose snippets a changed document may have changed: those of its blocks that changed (snippetTaken).
    const affected = new Set<string>();
    const entityTermOf = (entity: number): string => core.entityTerm(entityGroups[entity]);
    // Texts entries (with their blocks' terms) this process's last update read (serve): a changed document's old entry among them.
    const remembered = state.entries ?? new Map<number, ReadEntry>();
    for (const { number, key, before, after } of changes) {
      const mentioned = mentionedEntities(after, input, entityIndex);
      replaceDocument(tables, number, { document: before, entities: mentionedEntities(before, input, entityIndex) }, { document: after, entities: mentioned }, entityGroups);
      tables.rows[number] = searchRow(after, [...mentioned.keys()].sort((a, b) => a - b));
      const entry = textEntry(after, input, entityIndex);
      const json = JSON.stringify(entry);
      const old = remembered.get(number);
      changedBlocksTerms(old?.hash === documents[number][2] ? old.entry : textEntry(before, input, entityIndex), entry, entityTermOf, affected);
      fresh.set(number, { json, entry });
      documents[number] = [documents[number][0], key, contentHash(json)];
    }
    const kept = new Map(state.texts);
    const texts: SearchState['texts'] = [];
    // Texts entries read for the snippet pieces: from this process's last update (serve), else from the previous build's
    // texts piece that holds the document (one piece gives a range of documents), else from its indexed document.
    const read = new Map<number, ReadEntry>();
    const textOf = (number: number): TextEntry => {
      const hash = documents[number][2];
      const known = read.get(number) ?? remembered.get(number);
      if (known && known.hash === hash) {
        read.set(number, known.lazy ? withBlockTerms(known, services) : known);
        return known.entry;
      }
      const entry = fresh.get(number)?.entry;
      if (entry !== undefined) {
        read.set(number, withBlockTerms({ hash, entry }, services));
        return entry;
      }
      readTextsPiece(number);
      const found = read.get(number);
      if (found) {
        read.set(number, withBlockTerms(found, services));
        return found.entry;
      }
      const document = services.stored(documents[number][1]);
      if (!document) throw new MissingEntry();
      read.set(number, withBlockTerms({ hash, entry: textEntry(document, input, entityIndex) }, services));
      return read.get(number)!.entry;
    };
    /** The unchanged documents' entries of the previous build's texts piece that holds document `number`. */
    const readTextsPiece = (number: number): void => {
      const { firsts, pieces } = previousTexts;
      let piece = 0;
      while (piece + 1 < firsts.length && firsts[piece + 1] <= number) piece++;
      const compressed = pieces[piece] === undefined ? undefined : services.piece(pieces[piece][1]);
      if (compressed === undefined) return;
      const entries = JSON.parse(inflateRawSync(Buffer.from(compressed, 'base64')).toString('utf8')) as TextEntry[];
      // Not the range the rows give (never so, unless the state is not what it says): the documents are read alone.
      if (entries.length !== (firsts[piece + 1] ?? documents.length) - firsts[piece]) return;
      entries.forEach((entry, at) => {
        const document = firsts[piece] + at;
        if (document < documents.length && !fresh.has(document) && !read.has(document)) read.set(document, { hash: documents[document][2], entry, lazy: true });
      });
    };
    /**
     * An unchanged document's texts entry as JSON, for a texts piece cut again (the changed document's piece): from the
     * entries read (the snippet pieces', serve's last update's) or from the previous build's piece that holds it, as
     * its hash says it was written; else from its indexed document: not some 15 indexed documents of 30-70 KB read
     * back from the cache (at 2,000 documents) for the one that changed (12-16 ms of a build after one change).
     */
    const unchangedEntryJson = (number: number): string => {
      const hash = documents[number][2];
      let known = read.get(number) ?? remembered.get(number);
      if (known?.hash !== hash) {
        readTextsPiece(number);
        known = read.get(number);
      }
      if (known?.hash === hash) {
        const json = JSON.stringify(known.entry);
        if (contentHash(json) === hash) return json;
      }
      const document = services.stored(documents[number][1]);
      if (!document) throw new MissingEntry();
      return entryOf(document);
    };
    // The terms whose postings changed, with their lists before and after (before the pieces of terms are cut again).
    let changedTerms = new Map<string, [number[] | undefined, number[] | undefined]>();
    /**
     * Whether the snippet piece kept for the t segment of this number is the one its entries make now: it was made
     * from the same terms (the segment was taken as it was, or cut again with the same keys: recut) and carries the
     * same entries' terms (`carried`), none of whose postings changed (it holds them whole), none of its own terms'
     * first documents changed, and none of the changed documents it read has a changed block (text or mentions) that
     * holds one of its terms or carried terms. What else snippetPiece reads of a document (its other blocks) is then as it was.
     */
    const snippetTaken = (index: number, carried: string[]): boolean => {
      const segments = state.postings.segments;
      if (!equalLists(segments[index].carried ?? [], carried)) return false;
      const next = segments[index + 1]?.first;
      const first = segments[index].first;
      const carries = new Set(carried);
      const inRange = (term: string): boolean => (index === 0 || term >= first) && (next === undefined || term < next);
      for (const [term, [before, after]] of changedTerms) {
        if (carries.has(term)) return false;
        if (!inRange(term)) continue;
        if (!before || !after || !equalLists(snippetRanking(before), snippetRanking(after))) return false;
      }
      if (segments[index].refs!.some((number) => fresh.has(number))) for (const term of affected) if (inRange(term) || carries.has(term)) return false;
      return true;
    };
    // The t segments whose snippet piece this build made or took: the others' keys are dropped (no snippets this build).
    const snippetsMade = new Set<Segment<number[]>>();
    const index = searchIndexOf(tables, input.entities, compress, (first, end) => {
      const signature = textsSignature(join, documents.slice(first, end).map(([, , entry]) => entry));
      const key = kept.get(signature);
      const compressed = key === undefined ? undefined : services.piece(key);
      if (key !== undefined && compressed !== undefined) {
        texts.push([signature, key]);
        return compressed;
      }
      const entries: string[] = [];
      for (let number = first; number < end; number++) entries.push(fresh.get(number)?.json ?? unchangedEntryJson(number));
      const json = `[${entries.join(',')}]`;
      const made = services.compress(json);
      texts.push([signature, made.key]);
      return made.compressed;
    }, (kind, formStemmer) => {
      const table = state[kind.table] as unknown as PieceTable<never>;
      if (kind.table === 'postings') changedTerms = state.postings.changes();
      // A t segment cut again with the same terms keeps its snippet piece's key (snippetTaken decides whether it is still that piece).
      const carry = kind.table === 'postings' ? (segment: Segment<never>, old: Segment<never>): void => {
        segment.snippet = old.snippet;
        segment.refs = old.refs;
        segment.carried = old.carried;
      } : undefined;
      return recut(table, kind as unknown as KeyedKind<never, unknown>, formStemmer, kind.table === 'forms' && formStemmer !== state.formStemmer, services, carry);
    }, (index, carried) => {
      // Taken as it was when its terms' piece was and none of the documents it read changed; else made again.
      const segment = state.postings.segments[index];
      snippetsMade.add(segment);
      if (segment.snippet && segment.refs && snippetTaken(index, carried)) {
        const compressed = services.piece(segment.snippet);
        if (compressed === undefined) throw new MissingEntry();
        return compressed;
      }
      return snippetOf(segment, state.postings.entries(index), textOf, carried, state.postings, true);
    });
    for (const segment of state.postings.segments) {
      if (snippetsMade.has(segment)) continue;
      segment.snippet = undefined;
      segment.refs = undefined;
      segment.carried = undefined;
    }
    state.formStemmer = formStemmerOf(state.stemmerUse);
    state.texts = texts;
    for (const [number, known] of remembered) if (!read.has(number) && known.hash === documents[number]?.[2]) read.set(number, known);
    state.entries = keptEntries(read, state.postings.segments, services);
    return { index, state };
  }
}

/** An entry the update needs is no longer in the cache (an unchanged document's indexed form, a piece): the index is built from every document. */
class MissingEntry extends Error {}

/**
 * A texts entry read for the snippet pieces: its hash, and whether its blocks' terms are in the cache (`kept`) or not
 * looked for yet (`lazy`: read with its texts piece, never asked for).
 */
interface ReadEntry {
  hash: string;
  entry: TextEntry;
  kept?: boolean;
  lazy?: boolean;
}

/** An entry with its blocks' terms from the cache when an earlier build kept them (IndexServices.blockTerms). */
function withBlockTerms(read: ReadEntry, services: IndexServices): ReadEntry {
  read.lazy = undefined;
  const json = services.blockTerms?.(read.hash);
  if (json === undefined) return read;
  try {
    keepBlockTerms(read.entry, (JSON.parse(json) as string[][]).map((terms) => new Set(terms)));
    read.kept = true;
  } catch {
    // Unreadable: computed again (and kept again).
  }
  return read;
}

/**
 * The entries read that the snippet pieces hold documents of (their refs): what the next update of this process may
 * need again; their blocks' terms computed by this process are kept in the cache for the next one.
 */
function keptEntries(read: Map<number, ReadEntry>, segments: Array<Segment<number[]>>, services: IndexServices): Map<number, ReadEntry> {
  const kept = new Map<number, ReadEntry>();
  for (const segment of segments) {
    for (const number of segment.refs ?? []) {
      const found = read.get(number);
      if (!found || kept.has(number)) continue;
      kept.set(number, found);
      const terms = found.kept ? undefined : knownBlockTerms(found.entry);
      if (terms && services.keepBlockTerms) {
        services.keepBlockTerms(found.hash, JSON.stringify(terms.map((held) => [...held])));
        found.kept = true;
      }
    }
  }
  return kept;
}

/**
 * Adds to `terms` the terms of the blocks of a document that differ between two of its texts entries (the block's
 * anchor, language or text, or its mentions), before and after: a word's term, or the term of a mentioned entity.
 */
function changedBlocksTerms(before: TextEntry, after: TextEntry, entityTermOf: (entity: number) => string, terms: Set<string>): void {
  const count = Math.max(before[0].length, after[0].length);
  const mentionsOf = (entry: TextEntry, block: number): Array<[number, number, number, number]> => entry[1].filter(([at]) => at === block);
  for (let block = 0; block < count; block++) {
    const was = before[0][block];
    const is = after[0][block];
    const mentionsWere = mentionsOf(before, block);
    const mentionsAre = mentionsOf(after, block);
    if (was && is && was[0] === is[0] && was[1] === is[1] && was[2] === is[2] && JSON.stringify(mentionsWere) === JSON.stringify(mentionsAre)) continue;
    for (const [entry, present, mentions] of [[before, was, mentionsWere], [after, is, mentionsAre]] as const) {
      if (present) for (const term of blockTermsAt(entry, block)) terms.add(term);
      for (const mention of mentions) terms.add(entityTermOf(mention[3]));
    }
  }
}

/** What a texts piece is made of: the join (its mentions' entity numbers) and its documents' entries. */
function textsSignature(join: string, entries: string[]): string {
  return contentHash('texts piece', join, ...entries);
}

/**
 * A piece of terms, forms or positions as the state keeps it: its first key (the keys from it up to the next
 * piece's first are its), the cache key of its compressed content, for forms the key of its counts, and its
 * entries once read (a new process reads only the pieces an update touches).
 */
interface Segment<V> {
  first: string;
  piece: string;
  counts?: string;
  /** A piece of terms: its snippet piece's cache key, the documents that piece read and the entries' terms it carries (index-builder.ts, snippetPiece). */
  snippet?: string;
  refs?: number[];
  carried?: string[];
  compressed?: string;
  entries?: Map<string, V>;
}

/** A segment of a piece just cut: its entries are at hand; the counts of a piece of forms are kept (the piece does not hold them). */
function newSegment<V, W>(kind: KeyedKind<V, W>, piece: CutPiece<V>, services: IndexServices, recut = false, parts?: Map<string, { written: string; bytes: Buffer }>): Segment<V> {
  const { compressed, key } = recut && services.store
    ? services.store(parts ? positionsPieceBytes(piece.entries as unknown as Array<[string, string]>, parts) : piece.json)
    : services.compress(piece.json);
  const segment: Segment<V> = { first: piece.first, piece: key, compressed, entries: new Map(piece.entries) };
  if (kind.table === 'forms') {
    segment.counts = services.keepCounts(JSON.stringify((piece.entries as unknown as Array<[string, Map<string, number>]>).map(([form, terms]) => [form, [...terms]])));
  }
  return segment;
}

/**
 * A piece of positions' JSON (POSITION_PIECES.json) as UTF-8 bytes, from each form's part (`"form":[numbers]`) as
 * bytes, kept in `parts` from one update to the next: a changed document changes a part of each piece, and the
 * others are copied as they are, not written and encoded again (serve; in a new process each part is made once).
 */
function positionsPieceBytes(entries: Array<[string, string]>, parts: Map<string, { written: string; bytes: Buffer }>): Buffer {
  const list: Buffer[] = [];
  for (const [form, written] of entries) {
    let part = parts.get(form);
    if (part?.written !== written) parts.set(form, (part = { written, bytes: Buffer.from(`${JSON.stringify(form)}:[${written}]`, 'utf8') }));
    list.push(list.length === 0 ? OPEN_BRACE : COMMA, part.bytes);
  }
  if (list.length === 0) list.push(OPEN_BRACE);
  list.push(CLOSE_BRACE);
  return Buffer.concat(list);
}

const [OPEN_BRACE, COMMA, CLOSE_BRACE] = ['{', ',', '}'].map((text) => Buffer.from(text, 'latin1'));

/**
 * One of the index's keyed tables (terms, forms or positions) in the pieces the last build cut it into. It
 * answers what replaceDocument asks of a Map, reading a piece's entries when a key of it is first asked for, and
 * notes each key's value before the update (`begin`) so that `touched` can say which pieces changed.
 */
export class PieceTable<V> implements KeyedTable<V> {
  /** Reads a segment's entries (set by the update: from the cache of this build). */
  load: (segment: Segment<V>) => Map<string, V> = () => {
    throw new MissingEntry();
  };

  private before = new Map<string, { segment: number; value: V | undefined }>();

  /** Positions: each form's part of its piece's JSON as bytes, as last written (positionsPieceBytes). */
  readonly parts = new Map<string, { written: string; bytes: Buffer }>();

  constructor(
    public segments: Array<Segment<V>>, public size: number,
    private readonly equal: (a: V, b: V) => boolean, private readonly snapshot: (value: V) => V = (value) => value,
  ) {}

  /** An update starts: nothing touched yet. */
  begin(): void {
    this.before.clear();
  }

  get(key: string): V | undefined {
    const segment = this.segmentOf(key);
    if (segment < 0) return undefined;
    const value = this.entries(segment).get(key);
    this.note(key, segment, value);
    return value;
  }

  set(key: string, value: V): this {
    let segment = this.segmentOf(key);
    if (segment < 0) segment = this.segments.push({ first: key, piece: '', entries: new Map() }) - 1;
    const entries = this.entries(segment);
    const old = entries.get(key);
    this.note(key, segment, old);
    if (old === undefined) this.size++;
    entries.set(key, value);
    return this;
  }

  delete(key: string): boolean {
    const segment = this.segmentOf(key);
    if (segment < 0) return false;
    const entries = this.entries(segment);
    const old = entries.get(key);
    this.note(key, segment, old);
    if (old === undefined) return false;
    entries.delete(key);
    this.size--;
    return true;
  }

  /** The keys whose values are not what they were at `begin` (added, removed or changed), with their values then and now. */
  changes(): Map<string, [V | undefined, V | undefined]> {
    const changes = new Map<string, [V | undefined, V | undefined]>();
    for (const [key, { segment, value }] of this.before) {
      const now = this.segments[segment].entries!.get(key);
      if (now === undefined ? value !== undefined : value === undefined || !this.equal(value, now)) changes.set(key, [value, now]);
    }
    return changes;
  }

  /** The segments that gained or lost a key since `begin`. */
  reshaped(): Set<number> {
    const reshaped = new Set<number>();
    for (const [key, { segment, value }] of this.before) if ((value === undefined) !== (this.segments[segment].entries!.get(key) === undefined)) reshaped.add(segment);
    return reshaped;
  }

  /** The segments with an entry that is not what it was at `begin` (added, removed or changed). */
  touched(): Set<number> {
    const touched = new Set<number>();
    for (const [key, { segment, value }] of this.before) {
      if (touched.has(segment)) continue;
      const now = this.segments[segment].entries!.get(key);
      if (now === undefined ? value !== undefined : value === undefined || !this.equal(value, now)) touched.add(segment);
    }
    return touched;
  }

  /** A segment's entries, read if they were not. */
  entries(segment: number): Map<string, V> {
    const found = this.segments[segment];
    return (found.entries ??= this.load(found));
  }

  /** The segment a key belongs to: the last whose first key is not after it (the first one for a key before all); −1 when there is none. */
  private segmentOf(key: string): number {
    let low = 0;
    let high = this.segments.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.segments[middle].first <= key) low = middle + 1;
      else high = middle;
    }
    return this.segments.length === 0 ? -1 : Math.max(0, low - 1);
  }

  private note(key: string, segment: number, value: V | undefined): void {
    if (!this.before.has(key)) this.before.set(key, { segment, value: value === undefined ? undefined : this.snapshot(value) });
  }
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A kind's pieces after an update: cut as a build from nothing cuts them (PieceCutter), from the first piece that
 * changed until the cut falls on a previous piece's start again; a piece that starts at a cut and has not changed
 * is taken as it was (its compressed content from the cache). `everything`: every piece is cut again.
 */
function recut<V, W>(
  table: PieceTable<V>, kind: KeyedKind<V, W>, formStemmer: string, everything: boolean, services: IndexServices,
  carry?: (segment: Segment<V>, old: Segment<V>) => void,
): KeyedPieces {
  const touched = table.touched();
  const reshaped = carry ? table.reshaped() : new Set<number>();
  // Forms: a form whose terms did not change is written as its piece wrote it (FORM_PIECES.written stems the form to
  // know whether its term is the one the form gives: every form of a piece cut again, each build, otherwise).
  const unchanged = kind.table === 'forms' && !everything ? new Map<string, W>() : undefined;
  const changed = unchanged ? table.changes() : undefined;
  const writer: KeyedKind<V, W> = unchanged ? { ...kind, written: (key, value, formStemmer) => (unchanged.has(key) ? unchanged.get(key)! : kind.written(key, value, formStemmer)) } : kind;
  // The segments cut again whose keys are the ones they had: a piece cut from the same first key with as many keys has their keys.
  const sameKeys = new Map<string, Segment<V>>();
  const segments: Array<Segment<V>> = [];
  const cutter = new PieceCutter(writer, formStemmer, (piece) => {
    const segment = newSegment(kind, piece, services, true, kind.table === 'positions' ? table.parts : undefined);
    const old = sameKeys.get(piece.first);
    if (carry && old && old.entries!.size === piece.entries.length && piece.entries.every(([key]) => old.entries!.has(key))) carry(segment, old);
    segments.push(segment);
  });
  table.segments.forEach((segment, index) => {
    if (!everything && !touched.has(index) && cutter.between && segment.piece !== '') {
      // From the cache each time, not kept on the segment: the piece is then among what the run used, and stays in its pack.
      segment.compressed = services.piece(segment.piece);
      if (segment.compressed === undefined) throw new MissingEntry();
      segments.push(segment);
      return;
    }
    const entries = table.entries(index);
    if (carry && !reshaped.has(index)) sameKeys.set(segment.first, segment);
    if (unchanged && segment.piece !== '') {
      for (const item of JSON.parse(pieceJson(segment.piece, services)) as Array<string | [string, string[]]>) {
        const [form, written] = typeof item === 'string' ? [item, 0] : item;
        if (!changed!.has(form)) unchanged.set(form, written as unknown as W);
      }
    }
    for (const [key, value] of [...entries].sort((a, b) => byString(a[0], b[0]))) cutter.add(key, value);
  });
  cutter.finish();
  table.segments = segments;
  table.begin();
  return { firsts: segments.map((segment) => segment.first), compressed: segments.map((segment) => segment.compressed!) };
}

function equalLists<T>(a: T[], b: T[]): boolean {
  if (a.length !== b.length) return false;
  for (let at = 0; at < a.length; at++) if (a[at] !== b[at]) return false;
  return true;
}

function equalTexts(a: string, b: string): boolean {
  return a === b;
}

function equalCounts(a: Map<string, number>, b: Map<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, count] of a) if (b.get(key) !== count) return false;
  return true;
}

/** A kept piece's JSON (its compressed content from the cache). */
function pieceJson(key: string, services: IndexServices): string {
  const compressed = services.piece(key);
  if (compressed === undefined) throw new MissingEntry();
  return inflateRawSync(Buffer.from(compressed, 'base64')).toString('utf8');
}

/** A piece of terms' entries (TERM_PIECES: the postings as they are). */
function termsOf(json: string): Map<string, number[]> {
  return new Map(Object.entries(JSON.parse(json) as Record<string, number[]>));
}

/**
 * A piece of positions' entries from its JSON (POSITION_PIECES.json: `{"form":[numbers],…}`): each form with its
 * numbers as the piece writes them, which is what the table holds (KeyedTables.positions): nothing decoded.
 */
function positionsOf(json: string): Map<string, string> {
  const entries = new Map<string, string>();
  if (json[0] !== '{') throw new MissingEntry();
  let at = 1;
  while (at < json.length && json[at] !== '}') {
    let end = at + 1;
    while (end < json.length && json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
    const open = end + 2;
    const close = json.indexOf(']', open);
    // Not the shape POSITION_PIECES writes: the index is built from every document.
    if (json[at] !== '"' || json[end + 1] !== ':' || json[open] !== '[' || close < 0) throw new MissingEntry();
    entries.set(JSON.parse(json.slice(at, end + 1)) as string, json.slice(open + 1, close));
    at = json[close + 1] === ',' ? close + 2 : close + 1;
  }
  return entries;
}

/** A piece of forms' counts (newSegment). */
function countsOf(json: string | undefined): Map<string, Map<string, number>> {
  if (json === undefined) throw new MissingEntry();
  return new Map((JSON.parse(json) as Array<[string, Array<[string, number]>]>).map(([form, terms]) => [form, new Map(terms)]));
}

/** The state as the cache keeps it (JSON). */
export function stateHead(state: SearchState): string {
  const head: SearchStateHead = {
    format: state.format, code: state.code, join: state.join, documents: state.documents, rows: state.rows,
    stemmerUse: [...state.stemmerUse], formStemmer: state.formStemmer, counts: [state.postings.size, state.forms.size],
    pieces: {
      t: state.postings.segments.map((segment) => [segment.first, segment.piece, segment.snippet ?? '', segment.refs ?? [], segment.carried ?? []]),
      v: state.forms.segments.map((segment) => [segment.first, segment.piece, segment.counts ?? '']),
      p: state.positions.segments.map((segment) => [segment.first, segment.piece]),
    },
    texts: state.texts,
  };
  return JSON.stringify(head);
}

/** The state the cache kept (stateHead), if readable and of this format (else none: the index is built from every document). */
export function readState(data: Buffer | string | undefined): SearchState | undefined {
  if (data === undefined) return undefined;
  try {
    const head = JSON.parse(data.toString()) as SearchStateHead;
    if (head.format !== STATE_FORMAT) return undefined;
    const lists = [head.documents, head.rows, head.stemmerUse, head.texts, head.pieces?.t, head.pieces?.v, head.pieces?.p, head.counts];
    if (!lists.every(Array.isArray) || head.documents.length !== head.rows.length) return undefined;
    return {
      format: STATE_FORMAT, code: head.code, join: head.join, documents: head.documents, rows: head.rows,
      stemmerUse: new Map(head.stemmerUse), formStemmer: head.formStemmer,
      postings: new PieceTable(head.pieces.t.map(([first, piece, snippet, refs, carried]) => ({
        first, piece, snippet: snippet || undefined, refs: snippet ? refs : undefined, carried: snippet ? carried : undefined,
      })), head.counts[0], equalLists),
      forms: new PieceTable(head.pieces.v.map(([first, piece, counts]) => ({ first, piece, counts })), head.counts[1], equalCounts, (terms) => new Map(terms)),
      positions: new PieceTable(head.pieces.p.map(([first, piece]) => ({ first, piece })), head.counts[1], equalTexts),
      texts: head.texts,
    };
  } catch {
    return undefined;
  }
}
