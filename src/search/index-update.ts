import { contentHash } from '../cache';
import type { IndexedDocument } from './document';
import {
  applyDocument, Compressor, mentionedEntities, searchIndexOf, SearchEntity, SearchIndex, SearchIndexInput, SearchRow, searchRow, SearchTables,
  sortChronologically, tablesAccumulator, textEntry, PIECE_SIZES,
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

/** A build's index, kept for the next build (the cache's `search state` of the collection). */
export interface SearchState {
  format: typeof STATE_FORMAT;
  /** The search's code (searchCodeKey) and the register join (joinKey): the tables hold only under both. */
  code: string;
  join: string;
  /** Per document (chronological order): its collection path, its indexed document's cache key, the hash of its texts entry. */
  documents: Array<[path: string, key: string, entry: string]>;
  rows: SearchRow[];
  postings: Array<[string, number[]]>;
  forms: Array<[string, Array<[string, number]>]>;
  positions: Array<[string, string[]]>;
  stemmerUse: Array<[string, number]>;
  /** Each texts piece: what it is made of (textsSignature) → its compressed content's cache key. */
  texts: Array<[signature: string, piece: string]>;
}

// 3: manifest format 3, p pieces only when they pay (index-builder.ts, positionsPay); the tables still hold every
// position, so that a collection that grows past the threshold gets its p pieces by difference too.
const STATE_FORMAT = 3;

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
  /** A compressed piece kept under a key (from an earlier build), if the cache has it. */
  piece(key: string): string | undefined;
}

/** What the join of mentions to entries is for the index: the entities as listed, and the targets of each group. */
export function joinKey(entities: SearchEntity[], groups: Array<[group: string, targets: string[]]>): string {
  return contentHash('search join', JSON.stringify(entities), JSON.stringify(groups));
}

/**
 * The index of `sources` (the published documents, any order), by difference from `previous` when it allows,
 * else from every document. `indexed(source)` gives a document's IndexedDocument (from the cache, or indexed
 * now); it is called only for the documents the index needs. Returns the index, the state for the next build,
 * and whether it was updated by difference.
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

  let update: { index: SearchIndex; state: SearchState } | undefined;
  try {
    update = previous ? await updated(previous) : undefined;
  } catch (error) {
    if (!(error instanceof MissingDocument)) throw error;
  }
  if (update) return { ...update, updated: true };

  // From every document, one at a time in chronological order (known from the sources: none is held beyond its piece of texts).
  const accumulator = tablesAccumulator(input);
  const documents: SearchState['documents'] = [];
  const pieces: string[] = [];
  const starts: number[] = [];
  const texts: SearchState['texts'] = [];
  let piece: { entries: string[]; hashes: string[]; size: number } = { entries: [], hashes: [], size: 0 };
  const flush = (): void => {
    if (piece.entries.length === 0) return;
    const { compressed, key } = services.compress(`[${piece.entries.join(',')}]`);
    pieces.push(compressed);
    starts.push(documents.length - piece.entries.length);
    texts.push([textsSignature(join, piece.hashes), key]);
    piece = { entries: [], hashes: [], size: 0 };
  };
  for (const { source } of sortChronologically(sources.map((source) => ({ ...source.order, source })))) {
    const document = await indexed(source);
    if (document.path !== source.order.path || document.dateKey !== source.order.dateKey || document.title !== source.order.title) {
      throw new Error(`${source.path}: its indexed document does not have the place in the chronological order its summary gives`);
    }
    const number = accumulator.add(document);
    const entry = entryOf(document);
    const hash = contentHash(entry);
    documents.push([source.path, source.key, hash]);
    piece.entries.push(entry);
    piece.hashes.push(hash);
    // As textRanges cuts (the check below holds the two together).
    piece.size += accumulator.tables.rows[number].textSize;
    if (piece.size >= PIECE_SIZES.texts) flush();
  }
  flush();
  let made = 0;
  const index = searchIndexOf(accumulator.tables, input.entities, compress, (first) => {
    if (made >= pieces.length || starts[made] !== first) throw new Error('the texts pieces were not cut as the index cuts them');
    return pieces[made++];
  });
  if (made !== pieces.length) throw new Error('the texts pieces were not cut as the index cuts them');
  return { index, state: stateOf(accumulator.tables, documents, texts), updated: false };

  /** The state kept for the next build. */
  function stateOf(tables: SearchTables, documents: SearchState['documents'], texts: SearchState['texts']): SearchState {
    return {
      format: STATE_FORMAT, code, join, documents, rows: tables.rows,
      postings: [...tables.postings],
      forms: [...tables.forms].map(([form, terms]) => [form, [...terms]]),
      positions: [...tables.positions],
      stemmerUse: [...tables.stemmerUse],
      texts,
    };
  }

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
    const changes: Array<{ number: number; before: IndexedDocument; after: IndexedDocument }> = [];
    for (const { number, source } of changed) {
      const before = services.stored(state.documents[number][1]);
      if (!before) return undefined;
      const after = await indexed(source);
      // Another place in the chronological order: the documents' numbers change (built from every document).
      if (after.dateKey !== before.dateKey || after.title !== before.title || after.path !== before.path) return undefined;
      changes.push({ number, before, after });
    }
    const tables = tablesOf(state);
    const documents = state.documents.map(([path, key, entry]): [string, string, string] => [path, key, entry]);
    const fresh = new Map<number, string>();
    for (const { number, before, after } of changes) {
      applyDocument(tables, before, number, mentionedEntities(before, input, entityIndex), entityGroups, -1);
      const mentioned = mentionedEntities(after, input, entityIndex);
      applyDocument(tables, after, number, mentioned, entityGroups, 1);
      tables.rows[number] = searchRow(after, [...mentioned.keys()].sort((a, b) => a - b));
      const entry = entryOf(after);
      fresh.set(number, entry);
      documents[number] = [documents[number][0], changed.find((change) => change.number === number)!.source.key, contentHash(entry)];
    }
    const kept = new Map(state.texts);
    const texts: SearchState['texts'] = [];
    const index = searchIndexOf(tables, input.entities, compress, (first, end) => {
      const signature = textsSignature(join, documents.slice(first, end).map(([, , entry]) => entry));
      const key = kept.get(signature);
      const compressed = key === undefined ? undefined : services.piece(key);
      if (key !== undefined && compressed !== undefined) {
        texts.push([signature, key]);
        return compressed;
      }
      const entries: string[] = [];
      for (let number = first; number < end; number++) {
        const entry = fresh.get(number) ?? (() => {
          const document = services.stored(documents[number][1]);
          if (!document) throw new MissingDocument();
          return entryOf(document);
        })();
        entries.push(entry);
      }
      const json = `[${entries.join(',')}]`;
      const made = services.compress(json);
      texts.push([signature, made.key]);
      return made.compressed;
    });
    return { index, state: stateOf(tables, documents, texts) };
  }
}

/** An unchanged document's indexed form is no longer in the cache: the index is built from every document. */
class MissingDocument extends Error {}

/** What a texts piece is made of: the join (its mentions' entity numbers) and its documents' entries. */
function textsSignature(join: string, entries: string[]): string {
  return contentHash('texts piece', join, ...entries);
}

function tablesOf(state: SearchState): SearchTables {
  return {
    rows: [...state.rows],
    postings: new Map(state.postings),
    forms: new Map(state.forms.map(([form, terms]) => [form, new Map(terms)])),
    positions: new Map(state.positions),
    stemmerUse: new Map(state.stemmerUse),
  };
}
