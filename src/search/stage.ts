import * as fs from 'fs';
import { contentHash, ResultCache, toolFingerprint } from '../cache';
import { joinRegisters } from '../publish/register-join';
import type { DocumentSummary, Summary } from '../publish/transform';
import { CORE_FILE } from './core';
import { IndexedDocument, indexDocument } from './document';
import { buildSearchIndex, compressPiece, SearchEntity } from './index-builder';
import { MapPage, mapPage } from './map';

/**
 * The search stage of `build`: from the files' summaries (mode ed:summary, key 'search') to the index pieces
 * under html/search/ and the data of the pages search.html, timeline.html and map.html (rendered with the
 * other collection pages by html.xsl). Each document is indexed from its summary once and cached; a build
 * assembles the collection's index from the cached documents and compresses only the pieces that changed.
 */

export interface SearchStageInput {
  /**
   * Every readable file's summary, in collection order (registers included: entries and their names), with, if
   * the caller has one, a key that identifies the summary's content (the build's summary cache key: cheaper than
   * hashing the summary).
   */
  summaries: Array<{ path: string; summary: Summary; key?: string }>;
  /** The published documents (collection path → name): only they are indexed. */
  published: Map<string, string>;
  cache?: ResultCache;
}

export interface SearchPageData {
  output: string;
  kind: 'search' | 'timeline' | 'map';
  data: object;
}

export interface SearchStageResult {
  /** Output path under html/ (search/…) → content. */
  files: Map<string, string>;
  pages: SearchPageData[];
  /** Documents indexed by this run (the others came from the cache). */
  indexed: number;
  stats: ReturnType<typeof buildSearchIndex>['stats'];
}

let codeKey: string | undefined;

/** What an indexed document depends on besides its summary: the build's code and the search core (an asset, not in lib/). */
function searchCodeKey(): string {
  return (codeKey ??= contentHash('search code', toolFingerprint(), fs.readFileSync(CORE_FILE)));
}

export function searchStage(input: SearchStageInput): SearchStageResult {
  const { cache } = input;
  const join = joinRegisters(input.summaries.map(({ summary }) => summary));

  const documents: IndexedDocument[] = [];
  let indexed = 0;
  for (const { path, summary, key: summaryKey } of input.summaries) {
    const name = input.published.get(path);
    if (name === undefined || !summary['edition-document']) continue;
    const key = contentHash('search document', searchCodeKey(), name, summaryKey ?? JSON.stringify(summary));
    let document = cache?.get<IndexedDocument>(key);
    if (!document) {
      document = indexDocument(summary, name);
      indexed++;
      cache?.set(key, document);
    }
    documents.push(document);
  }

  // The register entries, one per group: the group's first entry (its page), with its names and coordinates.
  const searchEntries = new Map<string, Summary['search']['entries'][number]>();
  for (const { summary } of input.summaries) {
    for (const entry of summary.search.entries) if (!searchEntries.has(entry.group)) searchEntries.set(entry.group, entry);
  }
  const entities: SearchEntity[] = [...join.groups].map(([group, entry]) => {
    const names = searchEntries.get(group);
    return { group, register: entry.register, id: names?.id ?? group.replace(/^[^/]*\//, ''), label: names?.label ?? group, page: entry.page, names: names?.names ?? [], geo: names?.geo ?? '' };
  });

  const compress = (json: string): string => {
    if (!cache) return compressPiece(json);
    const key = contentHash('search piece', json);
    let compressed = cache.get<string>(key);
    if (compressed === undefined) {
      compressed = compressPiece(json);
      cache.set(key, compressed);
    }
    return compressed;
  };
  const index = buildSearchIndex({ documents, entities, groupOf: (target) => join.entryOf(target)?.group }, compress);

  const timelineDocuments: Array<Pick<DocumentSummary, 'path' | 'name' | 'title' | 'date-key' | 'date-label' | 'lang'>> = input.summaries
    .filter(({ path, summary }) => input.published.has(path) && summary['edition-document'])
    // What the timeline shows of each document, and no more (its key: a changed abstract does not re-render it).
    .map(({ summary: { document: d } }) => ({ path: d.path, name: d.name, title: d.title, 'date-key': d['date-key'], 'date-label': d['date-label'], lang: d.lang }));
  const map: MapPage | null = mapPage(entities.filter((entity) => entity.register === 'places' && entity.geo).map((entity) => ({
    id: entity.id, label: entity.label, page: entity.page, geo: entity.geo, documents: index.documentsByGroup.get(entity.group) ?? 0,
  })));
  return {
    files: index.files,
    pages: [
      { output: 'html/search.html', kind: 'search', data: {} },
      { output: 'html/timeline.html', kind: 'timeline', data: { documents: timelineDocuments } },
      { output: 'html/map.html', kind: 'map', data: map ?? { width: 0, height: 0, land: '', borders: '', radius: 0, places: [] } },
    ],
    indexed,
    stats: index.stats,
  };
}
