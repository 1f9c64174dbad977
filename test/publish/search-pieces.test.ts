/// <reference lib="dom" />
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { constants, deflateRawSync, inflateRawSync } from 'zlib';
import type { Browser } from 'playwright-core';
import { core } from '../../src/search/core';
import { BLOCK_NUMBERS, indexDocument, IndexedDocument } from '../../src/search/document';
import type { Summary } from '../../src/publish/transform';
import { buildSearchIndex, compressPiece, pieceBytesScript, POSITIONS, SearchEntity, SNIPPETS } from '../../src/search/index-builder';
import { useStemmer } from '../../src/search/stemmers';
import { fileUrl, launchChromium } from '../support/browser';

/*
 * The index's pieces as files (src/search/index-builder.ts): a compressed piece's bytes are written one for one
 * in a script's string and read back as windows-1252 (assets/search-core.js, pieceBytes), with no base64; the
 * register entries are written without what the browser can say itself (core.entityColumns).
 */

/** Every byte value, each next to the bytes that are escaped, and a compressed text. */
function awkwardBytes(): Buffer {
  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const pairs = Buffer.from(Array.from({ length: 256 }, (_, i) => [i, 0x5c, i, 0x22, 0x0a, i, 0x3c, 0x0d, 0x00]).flat());
  return Buffer.concat([all, pairs, Buffer.from(compressPiece(JSON.stringify({ text: '</script><b>ä€…"\\\n' })), 'base64')]);
}

/** What a piece's script passes to teiSearch.piece (name, data, and the piece it carries, if any), the script read as the browser reads it (its charset). */
function pieceCall(script: Buffer): { name: string; data: unknown; carried?: [string, unknown] } {
  const source = new TextDecoder(core.PIECE_CHARSET).decode(script);
  let call: { name: string; data: unknown; carried?: [string, unknown] } | undefined;
  // eslint-disable-next-line no-new-func
  new Function('teiSearch', source)({
    piece: (name: string, data: unknown, carriedName?: string, carriedData?: unknown) => {
      call = { name, data, ...(carriedName === undefined ? {} : { carried: [carriedName, carriedData] as [string, unknown] }) };
    },
  });
  return call!;
}

/** The data a piece's script passes to teiSearch.piece. */
function pieceData(script: Buffer): unknown {
  return pieceCall(script).data;
}

test('a piece script holds its bytes one for one, escaped only where a string or markup could end', () => {
  // Each byte value once: six of the 256 take more than one byte (ten more in all), where base64 takes a third more.
  const once = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  expect(pieceBytesScript('x0', once).length).toBe('teiSearch.piece("x0", "'.length + 256 + 10 + '");\n'.length);
  const bytes = awkwardBytes();
  const script = pieceBytesScript('x0', bytes);
  // No markup, no line end or NUL anywhere in the file: the string is one line of a script.
  expect(script.includes(0x3c)).toBe(false);
  expect(script.includes(0x00)).toBe(false);
  expect(script.subarray(0, -1).includes(0x0a)).toBe(false);
  expect(script.includes(0x0d)).toBe(false);
  const data = pieceData(script);
  expect(typeof data).toBe('string');
  expect(Buffer.from(core.pieceBytes(data as string))).toEqual(bytes);
  // A piece carried in another's script (a snippet piece in its term piece's): both strings read back byte for byte.
  const both = pieceBytesScript('t0', bytes, ['s0', Buffer.concat([bytes, once])]);
  expect(both.includes(0x3c)).toBe(false);
  expect(both.subarray(0, -1).includes(0x0a)).toBe(false);
  const call = pieceCall(both);
  expect(call.name).toBe('t0');
  expect(Buffer.from(core.pieceBytes(call.data as string))).toEqual(bytes);
  expect(call.carried?.[0]).toBe('s0');
  expect(Buffer.from(core.pieceBytes(call.carried?.[1] as string))).toEqual(Buffer.concat([bytes, once]));
  expect(pieceCall(script).carried).toBeUndefined();
});

test('the register entries are written once, without their groups, pages and the words of their labels, and read back whole', () => {
  const entities: SearchEntity[] = [
    { group: 'persons/goethe', register: 'persons', id: 'goethe', label: 'Goethe, Johann Wolfgang', qualifier: '', page: 'persons/goethe.html', names: ['Goethe', 'J. W. Göthe', 'Goethe, Johann Wolfgang'], geo: '' },
    // A qualifier (entries of one name from several documents: RegisterIndex.qualifiers): written where there is one.
    { group: 'places/wien', register: 'places', id: 'wien', label: 'Wien', qualifier: 'Brief an Goethe', page: 'places/wien.html', names: ['Vienna', 'Wien', 'Bécs'], geo: '48.2 16.37' },
    // A group and a page that are not register/id: written as they are.
    { group: 'works/faust-1', register: 'works', id: 'faust', label: 'Faust. Eine Tragödie', qualifier: '', page: 'works/faust%201.html', names: [], geo: '' },
  ];
  const document: IndexedDocument = {
    path: 'a.xml', name: 'a', title: 'A', dateLabel: '', dateKey: '', lang: 'de', type: 'letter', from: null, to: null,
    blocks: [['', 'de', 'A'], ['p1', 'de', 'Goethe in Wien']], mentions: [[1, 0, 6, ['#goethe']]], terms: [['a|de', 1]], forms: [['a', 'a|de']], positions: ['1,0'], length: 4,
    targets: [['#goethe', 1]],
  };
  const index = buildSearchIndex({ documents: [document], entities, groupOf: (target) => (target === '#goethe' ? 'persons/goethe' : undefined) });
  const script = index.files.get('search/entities.js') as Buffer;
  const piece = JSON.parse(inflateRawSync(core.pieceBytes(pieceData(script) as string)).toString('utf8'));
  expect(piece.group).toEqual({ 2: 'works/faust-1' });
  expect(piece.page).toEqual({ 2: 'works/faust%201.html' });
  expect(piece.qualifier).toEqual({ 1: 'Brief an Goethe' });
  expect(piece.more).toEqual(['j w gothe', 'vienna becs', '']);
  expect(core.entityColumns(piece)).toEqual({
    group: entities.map((e) => e.group),
    register: entities.map((e) => e.register),
    id: entities.map((e) => e.id),
    label: entities.map((e) => e.label),
    qualifier: ['', 'Brief an Goethe', ''],
    page: entities.map((e) => e.page),
    // Every form of its names, folded, each word once: a query word matches one of them.
    words: ['goethe johann wolfgang j w gothe', 'wien vienna becs', 'faust eine tragodie'],
    documents: [1, 0, 0],
  });
});

test('the browser\'s inflate gives back what zlib deflated: stored, fixed and dynamic blocks, and refuses what is not deflate', () => {
  const text = Buffer.from(fs.readFileSync(path.resolve(__dirname, '..', '..', 'assets', 'search.js'), 'utf8').repeat(3));
  // Bytes of every value, in runs and at random (a fixed seed: the same test every time).
  let seed = 7;
  const random = Buffer.from(Array.from({ length: 70000 }, () => ((seed = (seed * 1103515245 + 12345) % 2147483648) >> 16) & 255));
  const samples = [Buffer.alloc(0), Buffer.from('a'), Buffer.alloc(100000, 0x61), text, random, awkwardBytes()];
  for (const level of [0, 1, 6, 9]) {
    for (const strategy of [constants.Z_DEFAULT_STRATEGY, constants.Z_FIXED, constants.Z_HUFFMAN_ONLY, constants.Z_RLE]) {
      for (const sample of samples) {
        const deflated = deflateRawSync(sample, { level, strategy });
        // Buffer.equals: jest's toEqual walks 100 KB byte by byte, for minutes.
        expect(Buffer.from(core.inflateRaw(deflated)).equals(sample)).toBe(true);
        expect(Buffer.from(core.inflateRaw(deflated, sample.length)).equals(sample)).toBe(true);
      }
    }
  }
  const deflated = deflateRawSync(text);
  expect(() => core.inflateRaw(deflated.subarray(0, deflated.length - 20))).toThrow(/deflate data/);
  // Not deflate at all: a block type that does not exist (the first byte's bits 1-2 set).
  expect(() => core.inflateRaw(Buffer.from([0x07, 0x00, 0x00]))).toThrow(/deflate data/);
  // A piece's data as the page reads it: its string's bytes, inflated, parsed.
  const data = { text: '</script><b>ä€…"\\\n' };
  const script = pieceBytesScript('x0', Buffer.from(compressPiece(JSON.stringify(data)), 'base64'));
  expect(core.pieceData(pieceData(script) as string)).toEqual(data);
});

test('exact phrases come from the positions of their words (p pieces): within a block, as often as they occur', () => {
  const indexed = (name: string, blocks: Array<[string, string, string]>, positions: Array<[string, number[]]>): IndexedDocument => ({
    path: `${name}.xml`, name, title: blocks[0][2], dateLabel: '', dateKey: name, lang: 'en', type: 'letter', from: null, to: null,
    blocks, mentions: [], terms: [], forms: positions.map(([form]) => [form, `${form}|en`]),
    positions: positions.map(([, at]) => [at.length, ...at.map((n, k) => (k ? n - at[k - 1] : n))].join(',')), length: 0, targets: [],
  });
  // What indexDocument gives for these texts: word numbers across the blocks, each block from the next multiple of BLOCK_NUMBERS.
  const summary = (title: string, texts: string[]) => ({
    document: { path: `${title}.xml`, title, lang: 'en', 'date-label': '', 'date-key': title },
    search: { type: 'letter', from: '', to: '', blocks: texts.map((text, i) => ({ id: `p${i}`, lang: 'en', text, mentions: [] })) },
    mentions: [],
  }) as unknown as Summary;
  const a = indexDocument(summary('A', ['The arms race, the arms race.', 'Arms']), 'a');
  expect(a.forms.map(([form]) => form)).toEqual(['a', 'the', 'arms', 'race']);
  // "A" 0 | left out 1 to 1023 | The 1024 arms 1025 race 1026 the 1027 arms 1028 race 1029 | left out 1030 to 2047 | Arms 2048
  expect(BLOCK_NUMBERS).toBe(1024);
  expect(a.positions).toEqual(['1,0', '2,1024,3', '3,1025,3,1020', '2,1026,3']);
  const b = indexDocument(summary('B', ['race arms', 'race']), 'b');
  const c = indexed('c', [['', 'en', 'C'], ['p1', 'en', 'arms']], [['c', [0]], ['arms', [2]]]);
  const input = { documents: [a, b, c], entities: [], groupOf: () => undefined };
  // Three small texts are one texts piece: no positions (a phrase is found in the texts, search.js).
  const small = buildSearchIndex(input);
  expect((pieceData(Buffer.from(small.files.get('search/manifest.js') as string)) as { positions: unknown }).positions).toBeNull();
  expect([...small.files.keys()].filter((name) => /^search\/p\d/.test(name))).toEqual([]);
  const threshold = POSITIONS.fromTextPieces;
  POSITIONS.fromTextPieces = 0;
  let index: ReturnType<typeof buildSearchIndex>;
  try {
    index = buildSearchIndex(input);
  } finally {
    POSITIONS.fromTextPieces = threshold;
  }
  const manifest = pieceData(Buffer.from(index.files.get('search/manifest.js') as string)) as { positions: string[] };
  expect(manifest.positions).toEqual(['a']);
  // The rest of the index is the same with and without positions.
  for (const [name, content] of small.files) if (name !== 'search/manifest.js') expect(index.files.get(name)).toEqual(content);
  const piece = core.pieceData(pieceData(index.files.get('search/p0.js') as Buffer) as string) as Record<string, number[]>;
  const phrase = (...words: string[]): Array<[number, number]> => [...core.phraseDocuments(words.map((w) => piece[w]))];
  expect(phrase('arms', 'race')).toEqual([[0, 2]]);
  expect(phrase('the', 'arms', 'race')).toEqual([[0, 2]]);
  expect(phrase('race', 'the', 'arms')).toEqual([[0, 1]]);
  // "arms" ends B's first block and "race" begins its second: not a phrase; nor across A's blocks ("race. | Arms").
  expect(phrase('race', 'arms')).toEqual([[1, 1]]);
  expect(phrase('arms', 'race', 'race')).toEqual([]);
  expect(phrase('arms', 'unknown')).toEqual([]);
  // A word the collection lacks finds nothing, also one that names a property of every object.
  expect(phrase('the', 'constructor')).toEqual([]);
  expect(phrase('arms', 'arms')).toEqual([]);
});

test('a block\'s words are numbered from a multiple of BLOCK_NUMBERS: an edit moves the positions of its own block\'s forms alone', () => {
  const summary = (texts: string[]) => ({
    document: { path: 'L.xml', title: 'L', lang: 'en', 'date-label': '', 'date-key': 'L' },
    search: { type: 'letter', from: '', to: '', blocks: texts.map((text, i) => ({ id: `p${i}`, lang: 'en', text, mentions: [] })) },
    mentions: [],
  }) as unknown as Summary;
  const positionsOf = (texts: string[]): Map<string, string> => {
    const indexed = indexDocument(summary(texts), 'l');
    return new Map(indexed.forms.map(([form], at) => [form, indexed.positions[at]]));
  };
  // A block longer than BLOCK_NUMBERS words takes as many multiples as it needs: "L" 0 | alpha 1024 … 2523 | omega 3072.
  const long = Array.from({ length: BLOCK_NUMBERS + 476 }, () => 'alpha').join(' ');
  const numbered = positionsOf([long, 'omega']);
  expect(numbered.get('omega')).toBe(`1,${3 * BLOCK_NUMBERS}`);
  expect(numbered.get('alpha')!.split(',').slice(0, 3)).toEqual([String(BLOCK_NUMBERS + 476), String(BLOCK_NUMBERS), '1']);
  // Words put in the first block, at its start and at its end: the forms of the other blocks keep their positions.
  const before = positionsOf(['one two three', 'four five six', 'seven one']);
  const after = positionsOf(['zero one two three eight', 'four five six', 'seven one']);
  for (const form of ['four', 'five', 'six', 'seven']) expect([form, after.get(form)]).toEqual([form, before.get(form)]);
  // "one" is in the edited block: its positions moved.
  expect(after.get('one')).not.toBe(before.get('one'));
  // Until the block grows past a multiple: the blocks after it then move.
  const grown = positionsOf([`${long} one two three`, 'four five six', 'seven one']);
  expect(grown.get('four')).toBe(`1,${3 * BLOCK_NUMBERS}`);
});

test('a phrase found in the texts (an index without positions) is found in the same documents, as often, as from the positions', () => {
  // Texts indexed as a build indexes them (folding, case, blocks); every phrase of two and three words that
  // occurs in them, and each pair of words the other way round.
  const texts: Array<Array<[string, string, string]>> = [];
  const documents: IndexedDocument[] = [];
  const summary = (title: string, blocks: string[]) => ({
    document: { path: `${title}.xml`, title, lang: 'en', 'date-label': '', 'date-key': title },
    search: { type: 'letter', from: '', to: '', blocks: blocks.map((text, i) => ({ id: `p${i}`, lang: 'en', text, mentions: [] })) },
    mentions: [],
  }) as unknown as Summary;
  const samples = [
    ['The arms race, the arms race.', 'Arms race and the race. Arms'],
    ['Über die Straße: STRASSE über die Straße', 'the race', 'arms'],
    ['race arms', 'race'],
    ['Ça va, ça ira; ÇA VA.', 'arms race arms race arms race'],
  ];
  samples.forEach((blocks, i) => {
    const document = indexDocument(summary(`T${i}`, blocks), `t${i}`);
    documents.push(document);
    texts.push(document.blocks);
  });
  const threshold = POSITIONS.fromTextPieces;
  POSITIONS.fromTextPieces = 0;
  let index: ReturnType<typeof buildSearchIndex>;
  try {
    index = buildSearchIndex({ documents, entities: [], groupOf: () => undefined });
  } finally {
    POSITIONS.fromTextPieces = threshold;
  }
  const piece = core.pieceData(pieceData(index.files.get('search/p0.js') as Buffer) as string) as Record<string, number[]>;
  const order = new Map(documents.map((d) => [d.name, d]));
  // Document numbers in the index (chronological: here by title).
  const numbered = [...order.keys()].sort();
  const inTexts = (phrase: string[]): Array<[number, number]> => numbered.flatMap((name, number) => {
    const count = order.get(name)!.blocks.reduce((total, [, , text]) => total + core.phraseOccurrences(text, phrase).length, 0);
    return count ? [[number, count] as [number, number]] : [];
  });
  const phrases = new Set<string>();
  for (const blocks of texts) {
    blocks.forEach(([, , text], b) => {
      const words = core.wordList(text).map(core.fold);
      // Across two blocks: never a phrase.
      const next = blocks[b + 1] ? core.wordList(blocks[b + 1][2]).map(core.fold) : [];
      if (words.length && next.length) phrases.add(`${words[words.length - 1]} ${next[0]}`);
      for (let i = 0; i + 1 < words.length; i++) {
        phrases.add(words.slice(i, i + 2).join(' '));
        if (i + 2 < words.length) phrases.add(words.slice(i, i + 3).join(' '));
        phrases.add([words[i + 1], words[i]].join(' '));
      }
    });
  }
  expect(phrases.size).toBeGreaterThan(30);
  let found = 0;
  for (const phrase of phrases) {
    const words = phrase.split(' ');
    const fromPositions = [...core.phraseDocuments(words.map((w) => piece[w]))];
    expect([phrase, inTexts(words)]).toEqual([phrase, fromPositions]);
    if (fromPositions.length) found++;
  }
  expect(found).toBeGreaterThan(20);
});

describe('in the browser', () => {
  let browser: Browser;
  let folder: string;
  beforeAll(async () => {
    browser = await launchChromium();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tei-pieces-'));
  });
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  test('Chromium reads a piece script in its charset from file://, and the string gives back every byte', async () => {
    const bytes = awkwardBytes();
    fs.writeFileSync(path.join(folder, 'x0.js'), pieceBytesScript('x0', bytes));
    fs.copyFileSync(path.resolve(__dirname, '..', '..', 'assets', 'search-core.js'), path.join(folder, 'search-core.js'));
    // A page in UTF-8, as the edition's: the script element's charset alone decides how the piece is read.
    fs.writeFileSync(path.join(folder, 'page.html'), '<!DOCTYPE html><html><head><meta charset="utf-8"><script src="search-core.js"></script></head><body></body></html>');
    const page = await browser.newPage();
    await page.goto(fileUrl(path.join(folder, 'page.html')));
    const read = await page.evaluate(() => new Promise<number[]>((resolve, reject) => {
      const core = (window as unknown as { TeiSearchCore: typeof import('../../src/search/core').core }).TeiSearchCore;
      (window as unknown as { teiSearch: unknown }).teiSearch = { piece: (name: string, text: string) => resolve(Array.from(core.pieceBytes(text))) };
      const script = document.createElement('script');
      script.charset = core.PIECE_CHARSET;
      script.src = 'x0.js';
      script.onerror = () => reject(new Error('x0.js did not load'));
      document.head.appendChild(script);
    }));
    expect(Buffer.from(read)).toEqual(bytes);
    await page.close();
  });
});

test('a word has a term only if its folded form holds the term\'s clue (snippets stem those words alone)', () => {
  // Words of the fixtures in seven languages, and forms whose stems change their last letters.
  const fixtures = ['search', 'search-languages'].flatMap((folder) => fs.readdirSync(path.resolve(__dirname, '..', 'fixtures', folder))
    .filter((name) => name.endsWith('.xml')).map((name) => fs.readFileSync(path.resolve(__dirname, '..', 'fixtures', folder, name), 'utf8')));
  const words = new Set(fixtures.flatMap((text) => core.wordList(text.replace(/<[^>]*>/g, ' '))));
  const tricky: Record<string, string[]> = {
    en: ['happy', 'skies', 'dying', 'gently', 'Yelling', 'played', 'ugly', 'news', 'generously', 'Ukraine'],
    de: ['Häuser', 'Straße', 'STRASSE', 'Verhandlungen', 'aufeinanderfolgenden', 'Bäume', 'müssen'],
    fr: ['négociations', 'chevaux', 'yeux', 'Ça', 'jouaient', 'été'],
    it: ['negoziati', 'città', 'perché', 'qualità'],
    es: ['negociaciones', 'años', 'canción', 'pingüino'],
    ru: ['Переговоры', 'ёлки', 'Йошкар', 'государства'],
    nl: ['opgehaald', 'fietsen', 'kinderen', 'ideeën'],
    pt: ['negociações', 'irmãos', 'coração'],
  };
  let checked = 0;
  for (const [id, extra] of Object.entries(tricky)) {
    useStemmer(id);
    for (const word of [...words, ...extra]) {
      const term = core.term(id, word);
      const clue = core.termClue(term);
      expect([id, word, term, clue !== null && core.fold(word).includes(clue)]).toEqual([id, word, term, true]);
      checked++;
    }
  }
  expect(checked).toBeGreaterThan(1000);
  // Latin and Irish change letters inside the word (vivus: "uiu"; chevaux: "cevaux"): no clue, every word is stemmed.
  expect(core.termClue(core.term('la', 'vivus'))).toBeNull();
  useStemmer('ga');
  expect(core.termClue(core.term('ga', 'chevaux'))).toBeNull();
});

test('a snippet piece holds, for each term, the blocks that hold it in its first documents by occurrences, and its mentioned entries\' blocks', () => {
  // Every title is "Letter" (its term's first five documents: the first five by number).
  const summary = (key: string, texts: string[], mentions: Array<[number, string]> = []) => ({
    document: { path: `${key}.xml`, title: 'Letter', lang: 'en', 'date-label': '', 'date-key': key },
    search: {
      type: 'letter', from: '', to: '',
      blocks: texts.map((text, i) => ({ id: `p${i}`, lang: 'en', text, mentions: mentions.filter(([block]) => block === i).map(([, id]) => id) })),
    },
    mentions: mentions.map(([, id]) => ({ id, label: 'Gromyko', targets: ['#gromyko'] })),
  }) as unknown as Summary;
  // "arms" (term arm|en, "armed" too) 3, 1, 2, 2, 5, 1, 2 times: the first five by occurrences, then by number, are E, A, C, D, G.
  const documents = [
    indexDocument(summary('A', ['Arms here.', 'Nothing of Gromyko.', 'arms, and arms'], [[1, 'm1']]), 'a'),
    indexDocument(summary('B', ['arms']), 'b'),
    indexDocument(summary('C', ['arms to Gromyko', 'more arms'], [[0, 'm2']]), 'c'),
    indexDocument(summary('D', ['arms arms']), 'd'),
    indexDocument(summary('E', ['arms arms', 'arms', 'Gromyko said no', 'armed arms'], [[2, 'm3']]), 'e'),
    indexDocument(summary('F', ['arms']), 'f'),
    indexDocument(summary('G', ['arms', 'arms']), 'g'),
  ];
  const entities: SearchEntity[] = [{ group: 'persons/gromyko', register: 'persons', id: 'gromyko', label: 'Gromyko', qualifier: '', page: 'persons/gromyko.html', names: ['Gromyko'], geo: '' }];
  const input = { documents, entities, groupOf: (target: string) => (target === '#gromyko' ? 'persons/gromyko' : undefined) };
  // A few texts: no s pieces (the page loads the texts with the terms).
  const small = buildSearchIndex(input);
  expect([...small.files.keys()].filter((name) => /^search\/s\d/.test(name))).toEqual([]);
  expect([...small.files].filter(([name]) => /^search\/t\d+\.js$/.test(name)).map(([, script]) => pieceCall(Buffer.from(script)).carried)).toEqual([undefined]);
  expect((pieceData(Buffer.from(small.files.get('search/manifest.js') as string)) as { snippets: boolean }).snippets).toBe(false);
  const threshold = SNIPPETS.fromTextPieces;
  const size = SNIPPETS.size;
  SNIPPETS.fromTextPieces = 0;
  // Each s piece comes in its t piece's script (no file of its own): t<N>.js carries s<N>.
  const snippetPieces = (index: ReturnType<typeof buildSearchIndex>): Array<[Record<string, number[]>, Array<[number, Array<[number, string, string, string]>, number[][]]>]> => {
    expect([...index.files.keys()].filter((name) => /^search\/s\d/.test(name))).toEqual([]);
    return [...index.files].filter(([name]) => /^search\/t\d+\.js$/.test(name)).map(([name, script]) => {
      const { carried } = pieceCall(script as Buffer);
      expect(carried?.[0]).toBe(`s${/t(\d+)/.exec(name)![1]}`);
      return core.pieceData(carried![1] as string) as never;
    });
  };
  let index: ReturnType<typeof buildSearchIndex>;
  let capped: ReturnType<typeof buildSearchIndex>;
  try {
    index = buildSearchIndex(input);
    SNIPPETS.size = 400;
    capped = buildSearchIndex(input);
  } finally {
    SNIPPETS.fromTextPieces = threshold;
    SNIPPETS.size = size;
  }
  const manifest = pieceData(Buffer.from(index.files.get('search/manifest.js') as string)) as { snippets: boolean; terms: string[] };
  expect(manifest.snippets).toBe(true);
  expect(snippetPieces(index).length).toBe(manifest.terms.length);
  const [listed, entries] = snippetPieces(index)[0];
  // Documents are numbered in chronological order (here by key): A 0 … G 6.
  expect(listed['arm|en']).toEqual([4, 0, 2, 3, 6]);
  expect(listed['letter|en']).toEqual([0, 1, 2, 3, 4]);
  expect(listed['@persons/gromyko']).toEqual([0, 2, 4]);
  const blocks = new Map(entries.map(([number, held]) => [number, held.map(([block, anchor]) => [block, anchor])]));
  const mentions = new Map(entries.map(([number, , held]) => [number, held]));
  // Block 0 is the title; A's block 2 ("Nothing of Gromyko.") holds its mention of Gromyko alone.
  expect(blocks.get(0)).toEqual([[0, ''], [1, 'p0'], [2, 'p1'], [3, 'p2']]);
  expect(mentions.get(0)).toEqual([[2, 11, 18, 0]]);
  expect(blocks.get(4)).toEqual([[0, ''], [1, 'p0'], [2, 'p1'], [3, 'p2'], [4, 'p3']]);
  // B is listed for its title's word alone: not its block with "arms"; F for nothing.
  expect(blocks.get(1)).toEqual([[0, '']]);
  expect(blocks.has(5)).toBe(false);
  // The texts of the blocks are those of the texts pieces.
  for (const [number, held] of entries) {
    for (const [block, anchor, stemmer, text] of held) expect([anchor, stemmer, text]).toEqual(documents[number].blocks[block]);
  }
  // Capped: each term's first document before any term's second, and nothing past the size.
  const [cappedListed] = snippetPieces(capped)[0];
  const counts = Object.values(cappedListed).map((list) => list.length);
  expect(counts.reduce((a, b) => a + b, 0)).toBeLessThan(Object.values(listed).flat().length);
  expect(counts.length).toBeGreaterThan(0);
  if (counts.some((count) => count > 1)) expect(Object.keys(cappedListed).length).toBe(Object.keys(listed).length);
  for (const [term, list] of Object.entries(cappedListed)) expect(list).toEqual(listed[term].slice(0, list.length));
});
