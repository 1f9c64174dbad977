import * as fs from 'fs';
import { contentHash, ResultCache } from '../../cache';
import { AnalysedWords, analysedWordsJson, IndexedDocument, indexDocument, knowWords, searchCodeKey } from '../../search/document';
import { compressPiece, forgetPieceScripts, PIECE_COMPRESSION, SearchEntity } from '../../search/index-builder';
import { IndexedSource, joinKey, readState, searchIndexByDifference, SearchState, stateHead } from '../../search/index-update';
import { mapDataVersion, MapPage, mapPage, MapPlace } from '../../search/map';
import { BuildKeys } from '../cache-keys';
import { RegisterIndex } from '../registers';
import type { DocumentSummary, SearchEntry } from '../transform';
import type { BuildContext } from './context';
import type { RenderedDocuments } from './render-documents';
import type { SourceFile } from './read';
import { summaryHash, Summarised } from './summarise';

/**
 * Stage `search` (issue 14): the search index under html/search/ and the data of search.html, timeline.html
 * and map.html, from the files' summaries (mode ed:summary, key 'search': xslt/search.xsl), not from the
 * HTML. Each published document is indexed once (src/search/document.ts) and kept in the cache under its
 * summary's key and its name: an incremental build indexes only the documents that changed, reading the
 * whole summary of those alone (the others need only their digests). The collection's index is then
 * assembled from the indexed documents (src/search/index-builder.ts); a piece is compressed again only when
 * its content changed, and written (rather than linked from the previous output) only then.
 *
 * Runs before collection-pages, which renders the three pages with the other collection pages (each from its
 * data, cached like them). `build --no-search` leaves the stage out.
 */

/** A page of the search stage, rendered by html.xsl's collection entry point (param `<kind>-page`). */
export interface SearchPage {
  output: 'html/search.html' | 'html/timeline.html' | 'html/map.html';
  kind: 'search' | 'timeline' | 'map';
  data: object;
}

export interface SearchResult {
  pages: SearchPage[];
  /** Documents indexed by this run (the others came from the cache). */
  indexed: number;
}

export async function searchData(context: BuildContext, summarised: Summarised, { published }: RenderedDocuments): Promise<SearchResult> {
  const { keys, timer, output } = context;
  // Indexed documents are read for the documents that changed (and all of them when the index is built from
  // nothing): each from its own file, no pack. The compressed pieces are read for every piece of the output.
  const cache = context.cache?.kind('search-document', { pack: false });
  const pieceCache = context.cache?.kind('search-piece');
  // The counts of the index's pieces of forms (its kept state): read only for the pieces an update changes.
  const countsCache = context.cache?.kind('search-counts', { pack: false });
  const blockTermsCache = context.cache?.kind('search-block-terms', { pack: false });
  const wordsCache = context.cache?.kind('search-words', { pack: false });
  const { digests } = summarised;
  const failed = new Set(context.problems.failed);
  const members = summarised.readable.filter((source) => !failed.has(source.path));
  let indexed = 0;

  const result = await timer.timeAsync('search', published.length, async () => {
    // The register join of the collection pages (same members): the entry page a name or a mention leads to is the one they link to.
    const registers = RegisterIndex.of(members.map((source) => ({ source, digest: digests.get(source.path)! })));
    const targets = published.filter(({ source }) => digests.get(source.path)!['edition-document']);
    const entities = searchEntities(registers, members.map((source) => ({ source, entries: digests.get(source.path)!.search.entries })),
      registers.qualifiers(members.map((source) => ({ source, digest: digests.get(source.path)! }))));
    const join = joinKey(entities, [...registers.groups].map(([group, { targets: reached }]) => [group, [...reached]]));
    const sources = new Map(targets.map((target) => [keys.searchDocument(target.source.path, summaryHash(target.source, digests.get(target.source.path)), target.name), target]));

    let done = 0;
    const indexedDocument = async ({ key }: IndexedSource): Promise<IndexedDocument> => {
      const { source, name } = sources.get(key)!;
      let document = cache ? timer.time('cache', 1, () => cache.get<IndexedDocument>(key)) : undefined;
      if (!document) {
        const summary = await summarised.full(source);
        if (!summary) throw new Error(`${source.path} could not be summarized again`);
        // The words this document's last indexing stemmed, kept for the next process that indexes it (it changed
        // again): a new process stems none of them again (0.15-0.25 s of a CLI build's search stage at 500 documents,
        // profile at load ~20, for one document). Kept for the first few documents of a run alone: an incremental
        // build's; a build from nothing would keep a table for every document.
        const words = wordsCache && indexed < WORDS_KEPT ? { key: contentHash('search words', searchCodeKey(), source.path), used: new Map() as AnalysedWords } : undefined;
        if (words && !wordsKnown.has(words.key)) {
          const known = wordsCache!.getBuffer(words.key);
          if (known) knowWords(known.toString('utf8'));
        }
        document = indexDocument(summary, name, words?.used);
        if (words) {
          wordsCache!.setBuffer(words.key, analysedWordsJson(words.used));
          wordsKnown.add(words.key);
        }
        indexed++;
        if (cache) timer.time('cache', 0, () => cache.set(key, document));
      }
      timer.progress('search', ++done, targets.length);
      return document;
    };
    const compress = (json: string): { compressed: string; key: string } => {
      // The piece's JSON and how it is compressed (a cache filled by an earlier version may hold other bytes for the same JSON).
      const key = contentHash(BuildKeys.searchPiece(json), JSON.stringify(PIECE_COMPRESSION));
      if (!pieceCache) return { compressed: compressPiece(json), key };
      let compressed = pieceCache.get<string>(key);
      if (compressed === undefined) {
        compressed = compressPiece(json);
        pieceCache.set(key, compressed);
      }
      return { compressed, key };
    };
    // The previous build's index of this collection, to update by difference (src/search/index-update.ts).
    const stateKey = contentHash('search state', context.srcDir);
    const previous = context.cache ? timer.time('cache', 0, () => keptState(context.cache!, stateKey)) : undefined;
    // An update changes the kept state in place: if it fails, the state is read again from the cache next time.
    if (previous) keptStates.delete(stateKey);
    const { index, state, updated } = await searchIndexByDifference(
      // The chronological order, from the digests (what an indexed document takes of its summary: IndexedDocument).
      [...sources].map(([key, { source }]) => {
        const { document } = digests.get(source.path)!;
        return { path: source.path, key, order: { dateKey: document['date-key'], title: document.title, path: document.path } };
      }),
      { entities, groupOf: (target) => registers.groupOf(target)?.entry.group },
      { code: searchCodeKey(), join }, previous, indexedDocument,
      {
        compress, stored: (key) => cache?.get<IndexedDocument>(key), piece: (key) => pieceCache?.get<string>(key),
        // A piece an update cut again: keyed by its compressed content (a fifth of its JSON), not looked up by its JSON.
        store: (json) => {
          const compressed = compressPiece(json);
          const key = contentHash('search piece, compressed', compressed);
          pieceCache?.set(key, compressed);
          return { compressed, key };
        },
        keepCounts: (json) => {
          const key = contentHash('search counts', json);
          countsCache?.setBuffer(key, json);
          return key;
        },
        counts: (key) => countsCache?.getBuffer(key)?.toString('utf8'),
        // The blocks' terms of the documents the snippet pieces hold: a new process then stems none of them again.
        blockTerms: (hash) => blockTermsCache?.getBuffer(contentHash('search block terms', searchCodeKey(), hash))?.toString('utf8'),
        keepBlockTerms: (hash, json) => blockTermsCache?.setBuffer(contentHash('search block terms', searchCodeKey(), hash), json),
      },
    );
    // Kept in memory only for a session that builds again (serve): a one-off build would carry it through the
    // collection pages, where its peak memory is.
    if (context.cache) timer.time('cache', 0, () => keepState(context.cache!, stateKey, state, context.keepCompiled));
    // Keyed on its content: a piece that did not change is linked from the previous output.
    for (const [file, content] of index.files) output.write(`html/${file}`, content, BuildKeys.blob(content));
    // The pieces' scripts are kept for the next build of a session (serve) alone, like the state.
    if (!context.keepCompiled) forgetPieceScripts();
    timer.detail('search', `${indexed} document(s) indexed, ${updated ? 'index updated by difference' : 'index built from every document'}, ${index.stats.pieces} piece(s), ${index.stats.bytes} bytes`);

    const timelineDocuments: Array<Pick<DocumentSummary, 'path' | 'name' | 'title' | 'date-key' | 'date-label' | 'lang'>> = targets
      // What the timeline shows of each document, and no more (its key: a changed abstract does not re-render it).
      .map(({ source }) => digests.get(source.path)!.document)
      .map((d) => ({ path: d.path, name: d.name, title: d.title, 'date-key': d['date-key'], 'date-label': d['date-label'], lang: d.lang }));
    const map = mapPageOf(entities.filter((entity) => entity.register === 'places' && entity.geo).map((entity) => ({
      id: entity.id, label: entity.label, page: entity.page, geo: entity.geo, documents: index.documentsByGroup.get(entity.group) ?? 0,
    })), context.cache?.kind('search-map', { pack: false }));
    const pages: SearchPage[] = [
      { output: 'html/search.html', kind: 'search', data: {} },
      { output: 'html/timeline.html', kind: 'timeline', data: { documents: timelineDocuments } },
      { output: 'html/map.html', kind: 'map', data: map ?? { width: 0, height: 0, land: '', borders: '', radius: 0, places: [] } },
    ];
    return { pages, indexed };
  });
  return result;
}

/** How many documents of a run keep the words they stemmed (search-words). */
const WORDS_KEPT = 16;

/** The words tables (search-words) whose words this process knows (read or analysed): not read again (serve). */
const wordsKnown = new Set<string>();

/** The last map page this process made, with its places (serve: the same places save after save). */
let lastMap: { places: string; page: MapPage | null } | undefined;

/**
 * The map page of these places (mapPage), made once for the same places: in this process (serve), or from the
 * cache (a new process). Projecting the base map's coordinates costs a new process 0.1-0.3 s, each build.
 */
function mapPageOf(places: MapPlace[], cache: ResultCache | undefined): MapPage | null {
  const key = JSON.stringify(places);
  if (lastMap?.places === key) return lastMap.page;
  const cacheKey = contentHash('search map page', searchCodeKey(), mapDataVersion(), key);
  let page = cache?.get<{ page: MapPage | null }>(cacheKey)?.page;
  if (page === undefined) {
    page = mapPage(places);
    cache?.set(cacheKey, { page });
  }
  lastMap = { places: key, page };
  return page;
}

/**
 * The last state of each collection's index this process kept, with the identity of the file it wrote (`serve`
 * builds again and again: the state is read back only when another process has written the file since).
 */
const keptStates = new Map<string, { state: SearchState; identity: string }>();

function fileIdentity(file: string | undefined): string | undefined {
  const stat = file === undefined ? undefined : fs.statSync(file, { throwIfNoEntry: false, bigint: true });
  return stat ? `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}` : undefined;
}

function keptState(cache: ResultCache, key: string): SearchState | undefined {
  const kept = keptStates.get(key);
  if (kept && kept.identity === fileIdentity(cache.entryFile(key))) return kept.state;
  return readState(cache.getBuffer(key));
}

function keepState(cache: ResultCache, key: string, state: SearchState, inMemory: boolean): void {
  cache.setBuffer(key, stateHead(state));
  const identity = inMemory ? fileIdentity(cache.entryFile(key)) : undefined;
  if (identity === undefined) keptStates.delete(key);
  else keptStates.set(key, { state, identity });
}

/**
 * The search's register entries, one per group of the register join (RegisterIndex: the entry pages the
 * collection pages write): label, id and coordinates of the entry the group's page shows, and every form of
 * its names that any file's copy of the entry gives (a name in a letter's back matter finds the register's
 * entry). `files`: each member's search entries (xslt/search.xsl, ed:search-entries), in collection order; `qualifiers`:
 * what tells entries of one name apart (RegisterIndex.qualifiers), shown after the label as the register shows it
 * (not part of the label, whose words a name search matches: "Othello" finds the Moor, not every character of the play).
 */
export function searchEntities(registers: RegisterIndex, files: Array<{ source: SourceFile; entries: SearchEntry[] }>, qualifiers: Map<string, string>): SearchEntity[] {
  const found = new Map<string, { shown?: SearchEntry; first: SearchEntry; names: Set<string> }>();
  for (const { source, entries } of files) {
    for (const entry of entries) {
      let group = found.get(entry.group);
      if (!group) found.set(entry.group, (group = { first: entry, names: new Set() }));
      if (!group.shown && registers.groups.get(entry.group)?.source === source) group.shown = entry;
      for (const name of entry.names) group.names.add(name);
    }
  }
  return [...registers.groups].map(([group, { entry }]) => {
    const names = found.get(group);
    const shown = names?.shown ?? names?.first;
    return {
      group, register: entry.register, id: shown?.id ?? entry.id, label: shown?.label ?? group, qualifier: qualifiers.get(group) ?? '',
      page: entry.page, names: names ? [...names.names] : [], geo: shown?.geo ?? '',
    };
  });
}
