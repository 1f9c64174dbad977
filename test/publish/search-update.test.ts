import { indexDocument, IndexedDocument } from '../../src/search/document';
import { buildSearchIndex, compressPiece, SearchIndex } from '../../src/search/index-builder';
import { IndexedSource, IndexServices, readState, searchIndexByDifference, SearchState, stateHead } from '../../src/search/index-update';
import type { Summary } from '../../src/publish/transform';
import { contentHash } from '../../src/cache';

/*
 * The search index updated by difference, piece by piece (src/search/index-update.ts), on a collection large
 * enough for many pieces of terms, forms and positions: after each change the files are byte for byte those of
 * an index built from nothing, whether the previous state is the one kept in memory (serve) or read back from
 * what the cache keeps of it (a new process), and the pieces nothing touched are neither made nor compressed again.
 */

/** Words of a made-up language, picked by a seeded generator (mulberry32): the same collection on every run. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = generator(42);
const letters = 'abcdefghiklmnoprstuvz';
const vocabulary = Array.from({ length: 20000 }, () => Array.from({ length: 3 + Math.floor(random() * 7) }, () => letters[Math.floor(random() * letters.length)]).join(''));

function summary(number: number, blocks: string[]): Summary {
  const name = `d${String(number).padStart(4, '0')}`;
  return {
    document: { path: `${name}.xml`, title: `Letter ${name}`, lang: 'en', 'date-label': '', 'date-key': name },
    search: { type: 'letter', from: '', to: '', blocks: blocks.map((text, i) => ({ id: `p${i}`, lang: 'en', text, mentions: [] })) },
    mentions: [],
  } as unknown as Summary;
}

function text(words: number): string {
  // Common words more often than rare ones (a Zipf-like draw), as in a real text.
  return Array.from({ length: words }, () => vocabulary[Math.floor(vocabulary.length * random() ** 2)]).join(' ');
}

interface Collection {
  blocks: Map<number, string[]>;
}

function collection(count: number): Collection {
  return { blocks: new Map(Array.from({ length: count }, (_, number) => [number, [text(300), text(200)]])) };
}

/** A cache as the build's: indexed documents, compressed pieces and forms' counts under their keys, counting what is compressed. */
class Store {
  documents = new Map<string, IndexedDocument>();
  pieces = new Map<string, string>();
  counts = new Map<string, string>();
  compressed = 0;

  services(): IndexServices {
    return {
      stored: (key) => this.documents.get(key),
      compress: (json) => {
        const key = contentHash('search piece', json);
        let compressed = this.pieces.get(key);
        if (compressed === undefined) {
          compressed = compressPiece(json);
          this.compressed++;
          this.pieces.set(key, compressed);
        }
        return { compressed, key };
      },
      piece: (key) => this.pieces.get(key),
      keepCounts: (json) => {
        const key = contentHash('counts', json);
        this.counts.set(key, json);
        return key;
      },
      counts: (key) => this.counts.get(key),
    };
  }
}

function documentsOf(of: Collection): IndexedDocument[] {
  return [...of.blocks].map(([number, blocks]) => indexDocument(summary(number, blocks), `d${number}`));
}

async function update(of: Collection, previous: SearchState | undefined, store: Store): Promise<{ index: SearchIndex; state: SearchState; updated: boolean }> {
  const documents = documentsOf(of);
  const sources: IndexedSource[] = documents.map((document) => {
    const key = contentHash(JSON.stringify(document));
    store.documents.set(key, document);
    return { path: document.path, key, order: { dateKey: document.dateKey, title: document.title, path: document.path } };
  });
  return searchIndexByDifference(sources, { entities: [], groupOf: () => undefined }, { code: 'code', join: 'join' }, previous,
    async (source) => store.documents.get(source.key)!, store.services());
}

function expectSameFiles(actual: SearchIndex, of: Collection): void {
  const cold = buildSearchIndex({ documents: documentsOf(of), entities: [], groupOf: () => undefined });
  expect([...actual.files.keys()]).toEqual([...cold.files.keys()]);
  for (const [name, content] of cold.files) expect({ name, same: Buffer.from(actual.files.get(name)!).equals(Buffer.from(content)) }).toEqual({ name, same: true });
  expect(actual.stats).toEqual(cold.stats);
}

function edited(of: Collection, number: number, edit: (blocks: string[]) => string[]): Collection {
  const blocks = new Map(of.blocks);
  blocks.set(number, edit(of.blocks.get(number)!));
  return { blocks };
}

/** How many pieces of a kind the index has: in files of their own, or carried in another's script (an s piece in its t piece's). */
function pieces(index: SearchIndex, kind: string): number {
  const names: string[] = [];
  for (const [name, content] of index.files) {
    if (!/^search\/[a-z]\d+\.js$/.test(name)) continue;
    // eslint-disable-next-line no-new-func
    new Function('teiSearch', Buffer.from(content).toString('latin1'))({ piece: (...called: unknown[]) => names.push(...called.filter((_, at) => at % 2 === 0) as string[]) });
  }
  return names.filter((name) => new RegExp(`^${kind}\\d+$`).test(name)).length;
}

test('the index updated piece by piece is the index built from nothing, from the state in memory or read back', async () => {
  const store = new Store();
  let current = collection(240);
  const first = await update(current, undefined, store);
  expect(first.updated).toBe(false);
  expectSameFiles(first.index, current);
  // Many pieces of every kind, so that pieces before, after and between the changed ones are taken as they were.
  expect(['t', 'v', 'p', 's'].map((kind) => pieces(first.index, kind) >= 5)).toEqual([true, true, true, true]);

  // One word changed for another of the collection (no position moves): few pieces are made again.
  current = edited(current, 120, ([a, b]) => [a.replace(/^\S+/, vocabulary[7]), b]);
  store.compressed = 0;
  let result = await update(current, first.state, store);
  expect(result.updated).toBe(true);
  expectSameFiles(result.index, current);
  expect(store.compressed).toBeLessThan(pieces(result.index, '[tvps]') / 3);

  // Words put in at the start (every position of the document moves), a new word before and after all others, a word taken out.
  current = edited(current, 3, ([a, b]) => [`aaaa zzzzz ${a}`, b.split(' ').slice(1).join(' ')]);
  current = edited(current, 239, ([a, b]) => [a, `${b} kalomi`]);
  result = await update(current, result.state, store);
  expect(result.updated).toBe(true);
  expectSameFiles(result.index, current);

  // A new process: the state read back from what the cache keeps (its head, the pieces, the forms' counts).
  const kept = stateHead(result.state);
  current = edited(current, 60, ([a, b]) => [a, b.replace(/\S+$/, 'quaquaqua velvel')]);
  result = await update(current, readState(kept), store);
  expect(result.updated).toBe(true);
  expectSameFiles(result.index, current);

  // A piece's first form gone from the collection (the cut around it changes), from a state read back again.
  const manifest = /"forms":(\[[^\]]*\])/.exec(String(result.index.files.get('search/manifest.js')))!;
  const boundary = (JSON.parse(manifest[1]) as string[])[2];
  const holders = [...current.blocks].filter(([, blocks]) => blocks.join(' ').split(' ').includes(boundary)).map(([number]) => number);
  // (No more documents than an update takes: a tenth of the collection.)
  expect(holders.length).toBeGreaterThan(0);
  expect(holders.length).toBeLessThanOrEqual(24);
  for (const number of holders) current = edited(current, number, (blocks) => blocks.map((block) => block.split(' ').filter((word) => word !== boundary).join(' ')));
  result = await update(current, readState(stateHead(result.state)), store);
  expect(result.updated).toBe(true);
  expectSameFiles(result.index, current);

  // A document left with one word: most of its forms vanish from pieces all over.
  current = edited(current, 120, () => ['renren']);
  result = await update(current, result.state, store);
  expect(result.updated).toBe(true);
  expectSameFiles(result.index, current);

  // A state whose pieces the cache lost: built from every document, still the same files.
  const lost = new Store();
  lost.documents = store.documents;
  current = edited(current, 5, ([a, b]) => [a, `${b} renren`]);
  result = await update(current, readState(stateHead(result.state)), lost);
  expect(result.updated).toBe(false);
  expectSameFiles(result.index, current);
});
