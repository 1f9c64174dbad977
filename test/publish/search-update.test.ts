import { indexDocument, IndexedDocument } from '../../src/search/document';
import { buildSearchIndex, compressPiece, mentionedEntities, replaceDocument, SearchEntity, SearchIndex, SearchTables, searchTables, withPositions } from '../../src/search/index-builder';
import { core } from '../../src/search/core';
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
  /** Snippet pieces made (their JSON given to compress, found in the cache or not). */
  snippets = 0;
  /** Indexed documents read back (stored). */
  storedReads = 0;

  services(): IndexServices {
    return {
      stored: (key) => {
        this.storedReads++;
        return this.documents.get(key);
      },
      compress: (json) => {
        if (json.startsWith('[{')) this.snippets++;
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

  // Words put at the end of a document's first block (as the bench's touch does): the words of its other block keep their
  // numbers (document.ts, BLOCK_NUMBERS), so the p pieces that change are those of the new words alone, not every piece
  // holding a word of the document.
  const positionPieces = (index: SearchIndex): Buffer[] => [...index.files].filter(([name]) => /^search\/p\d+\.js$/.test(name)).map(([, content]) => Buffer.from(content));
  const piecesBefore = positionPieces(result.index);
  current = edited(current, 200, ([a, b]) => [`${a} kalomi edited`, b]);
  result = await update(current, result.state, store);
  expect(result.updated).toBe(true);
  expectSameFiles(result.index, current);
  const piecesAfter = positionPieces(result.index);
  expect(piecesAfter.length).toBeGreaterThanOrEqual(5);
  expect(piecesAfter.filter((piece) => !piecesBefore.some((was) => was.equals(piece))).length).toBeLessThanOrEqual(2);

  // Words put in at the start (every position of its block moves), a new word before and after all others, a word taken out.
  current = edited(current, 3, ([a, b]) => [`aaaa zzzzz ${a}`, b.split(' ').slice(1).join(' ')]);
  current = edited(current, 239, ([a, b]) => [a, `${b} kalomi`]);
  result = await update(current, result.state, store);
  expect(result.updated).toBe(true);
  expectSameFiles(result.index, current);

  // A new process: the state read back from what the cache keeps (its head, the pieces, the forms' counts). The texts
  // piece of the changed document is cut again from the entries of the previous piece: of the indexed documents, only
  // the changed one's previous version is read back (to take it out of the tables).
  const kept = stateHead(result.state);
  current = edited(current, 60, ([a, b]) => [a, b.replace(/\S+$/, 'quaquaqua velvel')]);
  store.storedReads = 0;
  result = await update(current, readState(kept), store);
  expect(result.updated).toBe(true);
  expectSameFiles(result.index, current);
  expect(store.storedReads).toBe(1);

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

test('snippet pieces by difference: a document into and out of a term\'s first five, the first document changed, documents removed and added', async () => {
  const store = new Store();
  let current = collection(200);
  let result = await update(current, undefined, store);
  expectSameFiles(result.index, current);
  expect(pieces(result.index, 's')).toBeGreaterThanOrEqual(5);

  // A word of middling frequency: a document that lacks it gets it thirty times (first of its first five), then loses it again.
  const counts = new Map<string, number>();
  for (const blocks of current.blocks.values()) for (const word of new Set(blocks.join(' ').split(' '))) counts.set(word, (counts.get(word) ?? 0) + 1);
  const word = [...counts].find(([, count]) => count >= 8 && count <= 20)![0];
  const outsider = [...current.blocks].find(([, blocks]) => !blocks.join(' ').split(' ').includes(word))![0];
  const before = current;
  current = edited(current, outsider, ([a, b]) => [a, `${b} ${Array.from({ length: 30 }, () => word).join(' ')}`]);
  result = await update(current, result.state, store);
  expect(result.updated).toBe(true);
  expectSameFiles(result.index, current);
  current = before;
  result = await update(current, readState(stateHead(result.state)), store);
  expect(result.updated).toBe(true);
  expectSameFiles(result.index, current);

  // The first document (every tie of a first five goes to it): a word of its first block changed, then a word put in front.
  current = edited(current, 0, ([a, b]) => [a.replace(/\S+$/, vocabulary[3]), b]);
  result = await update(current, result.state, store);
  expect(result.updated).toBe(true);
  expectSameFiles(result.index, current);
  current = edited(current, 0, ([a, b]) => [`${vocabulary[11]} ${a}`, b]);
  result = await update(current, readState(stateHead(result.state)), store);
  expect(result.updated).toBe(true);
  expectSameFiles(result.index, current);

  // A common word put in a document of the end that lacks it: its terms' pieces are cut again, but the snippet pieces
  // whose first documents and blocks did not change are taken as they were (not made, not even serialised).
  const common = [...counts].filter(([, count]) => count >= 60).map(([found]) => found).find((found) => !current.blocks.get(199)!.join(' ').split(' ').includes(found))!;
  store.snippets = 0;
  current = edited(current, 199, ([a, b]) => [a, `${b} ${common}`]);
  result = await update(current, result.state, store);
  expect(result.updated).toBe(true);
  expectSameFiles(result.index, current);
  expect(store.snippets).toBeLessThan(pieces(result.index, 's') / 2);

  // A document removed, then one added (other numbers: built from every document), then a change by difference again.
  const removed: Collection = { blocks: new Map([...current.blocks].filter(([number]) => number !== 57)) };
  result = await update(removed, result.state, store);
  expect(result.updated).toBe(false);
  expectSameFiles(result.index, removed);
  const added: Collection = { blocks: new Map([...removed.blocks, [57, [text(250), text(100)]], [300, [text(80), text(40)]]]) };
  result = await update(added, readState(stateHead(result.state)), store);
  expect(result.updated).toBe(false);
  expectSameFiles(result.index, added);
  current = edited(added, 300, ([a, b]) => [`${a} ${word}`, b]);
  result = await update(current, result.state, store);
  expect(result.updated).toBe(true);
  expectSameFiles(result.index, current);
});

test('a document replaced in the tables by difference gives the tables made from every document with its new version', () => {
  // Entries mentioned through targets (the register join): their terms' postings are a document's share too.
  const entities = [0, 1, 2].map((index): SearchEntity => ({ group: `places/e${index}`, register: 'places', id: `e${index}`, label: `e${index}`, qualifier: '', page: '', names: [], geo: '' }));
  const input = { entities, groupOf: (target: string): string | undefined => (/^#e\d$/.test(target) ? `places/${target.slice(1)}` : undefined) };
  const entityIndex = new Map(entities.map((entity, index) => [entity.group, index]));
  const targets = new Map<number, Array<[string, number]>>([[4, [['#e0', 2], ['#e1', 1]]], [9, [['#e1', 3]]]]);
  const documentsWith = (of: Collection, mentions: Map<number, Array<[string, number]>>): IndexedDocument[] =>
    documentsOf(of).map((document, number) => ({ ...document, targets: mentions.get(number) ?? [] }));
  const sorted = <T>(entries: Array<[string, T]>): Array<[string, T]> => entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const contents = (tables: SearchTables): object => ({
    postings: sorted([...tables.postings]),
    forms: sorted([...tables.forms].map(([form, terms]) => [form, sorted([...terms])])),
    positions: sorted([...tables.positions]),
    stemmerUse: sorted([...tables.stemmerUse]),
  });
  const base = collection(30);
  const edits: Array<[string, number, (blocks: string[]) => string[], Map<number, Array<[string, number]>>]> = [
    ['a word changed for another', 7, ([a, b]) => [a.replace(/^\S+/, vocabulary[3]), b], targets],
    ['words put at the end of a block (the bench\'s touch)', 0, ([a, b]) => [`${a} (edited serve 1)`, b], targets],
    ['words put in front (every position of the block moves)', 12, ([a, b]) => [`aaaa zzzzz ${a}`, b], targets],
    ['a block taken out (its stemmer counted once less)', 20, ([a]) => [a], targets],
    ['one word left', 29, () => ['renren'], targets],
    ['a mention added and one taken out', 4, (blocks) => blocks, new Map([...targets, [4, [['#e0', 2], ['#e2', 5]]]])],
    ['every mention taken out', 9, (blocks) => blocks, new Map([...targets].filter(([number]) => number !== 9))],
  ];
  for (const [what, number, edit, mentionsAfter] of edits) {
    const after = edited(base, number, edit);
    const documentsBefore = documentsWith(base, targets);
    const documentsAfter = documentsWith(after, mentionsAfter);
    const tables = searchTables(documentsBefore, { ...input, documents: documentsBefore });
    replaceDocument(tables, number,
      { document: documentsBefore[number], entities: mentionedEntities(documentsBefore[number], input, entityIndex) },
      { document: documentsAfter[number], entities: mentionedEntities(documentsAfter[number], input, entityIndex) }, entities.map((entity) => entity.group));
    expect({ what, tables: contents(tables) }).toEqual({ what, tables: contents(searchTables(documentsAfter, { ...input, documents: documentsAfter })) });
  }
});

test('a form\'s positions as written take a document\'s entry in its place, as a list of entries would', () => {
  const written = (list: Array<[number, string]>): string => {
    let previous = 0;
    return list.map(([number, entry]) => {
      const gap = number - previous;
      previous = number;
      return `${gap},${entry}`;
    }).join(',');
  };
  const next = generator(7);
  for (let round = 0; round < 3000; round++) {
    const numbers = [...new Set(Array.from({ length: Math.floor(next() * 6) }, () => Math.floor(next() * 12)))].sort((a, b) => a - b);
    const entry = (): string => {
      const occurrences = 1 + Math.floor(next() * 3);
      return [occurrences, ...Array.from({ length: occurrences }, () => Math.floor(next() * 50))].join(',');
    };
    const list: Array<[number, string]> = numbers.map((number) => [number, entry()]);
    const number = Math.floor(next() * 13);
    const put = next() < 0.5 ? entry() : undefined;
    const expected = [...list.filter(([n]) => n !== number), ...(put === undefined ? [] : [[number, put] as [number, string]])].sort((a, b) => a[0] - b[0]);
    expect({ list, number, put, result: withPositions(written(list), number, put) }).toEqual({ list, number, put, result: written(expected) });
  }
});

describe('register entries carried by the snippet pieces of their names\' words', () => {
  // Entries named with words of the collection (their terms fall in pieces all over), one word ("of" here: a word of
  // the vocabulary) in more names than CARRIED_PER_WORD (it carries none), mentioned where their label is written.
  const shared = vocabulary[5];
  const entities: SearchEntity[] = Array.from({ length: core.CARRIED_PER_WORD + 4 }, (_, index) => {
    const label = `${vocabulary[100 + index * 37]} ${shared} ${vocabulary[2000 + index * 53]}`;
    return { group: `places/e${index}`, register: 'places', id: `e${index}`, label, qualifier: '', page: `places/e${index}.html`, names: [label, vocabulary[900 + index]], geo: '' };
  });
  const groupOf = (target: string): string | undefined => (/^#e\d+$/.test(target) ? `places/${target.slice(1)}` : undefined);

  /** Documents with mentions: document number → [block, entry] of each mention (its label written into the block). */
  type Mentions = Map<number, Array<[number, number]>>;
  function documentsWith(of: Collection, mentions: Mentions): IndexedDocument[] {
    return [...of.blocks].map(([number, blocks]) => {
      const own = mentions.get(number) ?? [];
      const texts = blocks.map((text, block) => [text, ...own.filter(([at]) => at === block).map(([, entity]) => entities[entity].label)].join(' '));
      const made = summary(number, texts) as unknown as { search: { blocks: Array<{ mentions: string[] }> }; mentions: unknown[] };
      own.forEach(([block, entity], k) => {
        made.search.blocks[block].mentions.push(`m${k}`);
        made.mentions.push({ id: `m${k}`, label: entities[entity].label, targets: [`#e${entity}`] });
      });
      return indexDocument(made as unknown as Summary, `d${number}`);
    });
  }

  async function updateWith(of: Collection, mentions: Mentions, previous: SearchState | undefined, store: Store): Promise<{ index: SearchIndex; state: SearchState; updated: boolean }> {
    const documents = documentsWith(of, mentions);
    const sources: IndexedSource[] = documents.map((document) => {
      const key = contentHash(JSON.stringify(document));
      store.documents.set(key, document);
      return { path: document.path, key, order: { dateKey: document.dateKey, title: document.title, path: document.path } };
    });
    return searchIndexByDifference(sources, { entities, groupOf }, { code: 'code', join: 'join' }, previous, async (source) => store.documents.get(source.key)!, store.services());
  }

  function expectCold(actual: SearchIndex, of: Collection, mentions: Mentions): void {
    const cold = buildSearchIndex({ documents: documentsWith(of, mentions), entities, groupOf });
    expect([...actual.files.keys()]).toEqual([...cold.files.keys()]);
    for (const [name, content] of cold.files) expect({ name, same: Buffer.from(actual.files.get(name)!).equals(Buffer.from(content)) }).toEqual({ name, same: true });
  }

  /** Each t piece's script: its terms and its s piece (listed, entries, carried postings). */
  function termScripts(index: SearchIndex): Array<{ terms: Record<string, number[]>; carried: Record<string, number[]> }> {
    return [...index.files].filter(([name]) => /^search\/t\d+\.js$/.test(name))
      .sort(([a], [b]) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]))
      .map(([, script]) => {
        const called: unknown[] = [];
        // eslint-disable-next-line no-new-func
        new Function('teiSearch', Buffer.from(script).toString('latin1'))({ piece: (...args: unknown[]) => called.push(...args) });
        const s = core.pieceData(called[3] as string) as [unknown, unknown, Record<string, number[]>];
        return { terms: core.pieceData(called[1] as string) as Record<string, number[]>, carried: s[2] };
      });
  }

  test('each mentioned entry is in its own term piece or carried where each of its words\' terms falls; a word of too many names carries none', async () => {
    const store = new Store();
    const current = collection(200);
    const mentions: Mentions = new Map(Array.from({ length: 60 }, (_, k) => [k * 3, [[k % 2, k % entities.length]]]));
    const { index } = await updateWith(current, mentions, undefined, store);
    expectCold(index, current, mentions);
    const manifest = JSON.parse(/\{.*\}/s.exec(String(index.files.get('search/manifest.js')))![0]) as { terms: string[]; formStemmer: string; format: number };
    expect(manifest.format).toBe(6);
    const scripts = termScripts(index);
    const owned = new Map<string, number[]>();
    for (const script of scripts) for (const [term, postings] of Object.entries(script.terms)) owned.set(term, postings);
    let carriedSomewhere = 0;
    const columns = core.entityColumns(JSON.parse(JSON.stringify(entitiesColumnsSource(index))));
    const carrying = core.carryingWords(columns);
    expect(carrying.has(core.fold(shared))).toBe(false);
    entities.forEach((entity, e) => {
      const term = core.entityTerm(entity.group);
      const own = core.pieceOf(manifest.terms, term);
      for (const word of columns.words[e].split(' ')) {
        const piece = core.pieceOf(manifest.terms, core.term(manifest.formStemmer, word));
        const carried = scripts[piece].carried[term];
        if (!carrying.get(word)?.includes(e) || piece === own) expect([word, carried]).toEqual([word, undefined]);
        else {
          // The postings whole, as the entry's own piece has them.
          expect([word, carried]).toEqual([word, owned.get(term)]);
          carriedSomewhere++;
        }
      }
    });
    expect(carriedSomewhere).toBeGreaterThan(entities.length);
  });

  test('updated by difference, a mention added, an entry\'s last mention taken out and a word of a name changed give the files of an index built from nothing', async () => {
    const store = new Store();
    let current = collection(200);
    let mentions: Mentions = new Map(Array.from({ length: 60 }, (_, k) => [k * 3, [[k % 2, k % entities.length]]]));
    // Entry 0 mentioned once only (document 0): taking that mention out leaves it unmentioned (its words carry it no more).
    mentions = new Map([...mentions].map(([number, list]) => [number, number === 0 ? list : list.map(([block, entity]) => [block, entity === 0 ? 1 : entity] as [number, number])]));
    let result = await updateWith(current, mentions, undefined, store);
    expectCold(result.index, current, mentions);
    const with0 = termScripts(result.index).filter((script) => script.carried[core.entityTerm(entities[0].group)]).length;
    expect(with0).toBeGreaterThan(0);

    // A mention added to a document (its entry's postings change: every piece that carries it is made again).
    mentions = new Map(mentions).set(100, [[1, 3]]);
    result = await updateWith(current, mentions, result.state, store);
    expect(result.updated).toBe(true);
    expectCold(result.index, current, mentions);

    // The only mention of entry 0 taken out, from a state read back.
    mentions = new Map(mentions).set(0, []);
    result = await updateWith(current, mentions, readState(stateHead(result.state)), store);
    expect(result.updated).toBe(true);
    expectCold(result.index, current, mentions);
    expect(termScripts(result.index).filter((script) => script.carried[core.entityTerm(entities[0].group)]).length).toBe(0);

    // And back; then a mention's block changed in a document that a snippet piece holds (the first one).
    mentions = new Map(mentions).set(0, [[0, 0]]);
    result = await updateWith(current, mentions, result.state, store);
    expect(result.updated).toBe(true);
    expectCold(result.index, current, mentions);
    current = edited(current, 0, ([a, b]) => [`${vocabulary[40]} ${a}`, b]);
    result = await updateWith(current, mentions, readState(stateHead(result.state)), store);
    expect(result.updated).toBe(true);
    expectCold(result.index, current, mentions);
  });
});

/** The entities piece of an index as the reader's browser reads it (its JSON). */
function entitiesColumnsSource(index: SearchIndex): unknown {
  const called: unknown[] = [];
  // eslint-disable-next-line no-new-func
  new Function('teiSearch', Buffer.from(index.files.get('search/entities.js')!).toString('latin1'))({ piece: (...args: unknown[]) => called.push(...args) });
  return core.pieceData(called[1] as string);
}
