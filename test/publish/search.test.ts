/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Code passed to page.evaluate runs in the browser: these tests type-check it against the DOM.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, fileUrl, launchChromium, offlineContext } from '../support/browser';
import { POSITIONS, SNIPPETS, TERM_PIECES } from '../../src/search/index-builder';
import { core } from '../../src/search/core';
import { publish, PUBLISH_FIXTURES, read, TEI_DIR, temporaryDir } from '../support/publish';
import { REPO_ROOT, describeWithShared, sharedPath } from '../support/shared';

/**
 * Issue 14: static search (src/search/, assets/search.js), the timeline and the map, used as a reader uses
 * them: Debian's chromium from file://, every network request refused and recorded (none may be made).
 */

const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');
const SEARCH_FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'search');

interface Result {
  title: string;
  href: string;
  snippet: string;
  marks: string[];
}

interface Outcome {
  status: string;
  results: Result[];
  named: string[];
}

/** Waits for the search page to finish the run after `before` (html[data-search-done] counts runs). */
async function settled(page: Page, before: string | null): Promise<void> {
  await page.waitForFunction((previous) => {
    const done = document.documentElement.getAttribute('data-search-done');
    return done !== null && done !== previous;
  }, before, { timeout: 30000 });
}

async function outcome(page: Page): Promise<Outcome> {
  return page.evaluate(() => ({
    status: document.querySelector('.search-status')!.textContent ?? '',
    results: [...document.querySelectorAll('.result')].map((li) => ({
      title: li.querySelector('.result-title a')!.textContent ?? '',
      href: li.querySelector('.result-title a')!.getAttribute('href') ?? '',
      snippet: li.querySelector('.result-snippet')?.textContent ?? '',
      marks: [...li.querySelectorAll('mark')].map((m) => m.textContent ?? ''),
    })),
    named: [...document.querySelectorAll('.named-entries a')].map((a) => a.getAttribute('href') ?? ''),
  }));
}

/** Types a query into the search page's box and presses Enter, as a reader does (on a page without filters: they stay for a new query). */
async function search(page: Page, site: string, query: string): Promise<Outcome> {
  const url = page.url();
  if (!url.startsWith(fileUrl(path.join(site, 'search.html'))) || /[#&](?!q=)[a-z]+=/.test(new URL(url).hash)) {
    await page.goto('about:blank');
    await page.goto(fileUrl(path.join(site, 'search.html')));
    await settled(page, null);
  }
  const before = await page.evaluate(() => document.documentElement.getAttribute('data-search-done'));
  await page.locator('#search-query').fill(query);
  await page.locator('#search-query').press('Enter');
  await settled(page, before);
  return outcome(page);
}

/** Follows a link of the search page (a facet) and waits for the search it starts. */
/**
 * Goes to another fragment of the search page already open (no new document: the page runs the search again
 * on hashchange), and waits for that run, not for the one before it.
 */
async function sameSearchPage(page: Page, url: string): Promise<void> {
  const before = await page.evaluate(() => document.documentElement.getAttribute('data-search-done'));
  await page.goto(url);
  await settled(page, before);
}

async function follow(page: Page, link: ReturnType<Page['locator']>): Promise<Outcome> {
  const before = await page.evaluate(() => document.documentElement.getAttribute('data-search-done'));
  await link.click();
  await settled(page, before);
  return outcome(page);
}

/** The documents whose text edition has these words in this order (whitespace and case aside). */
function documentsWithPhrase(out: string, phrase: string): string[] {
  const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])${phrase.split(' ').join('\\s+')}($|[^\\p{L}\\p{N}])`, 'iu');
  return fs.readdirSync(path.join(out, 'text')).filter((f) => f !== 'edition.txt' && pattern.test(read(path.join(out, 'text', f))))
    .map((f) => f.replace(/\.txt$/, '')).sort();
}

function names(results: Result[]): string[] {
  return results.map((r) => r.href.replace(/^documents\//, '').replace(/\.html(#.*)?$/, '')).sort();
}

/** The bundled edition, published once for the tests below that only read it (with JavaScript on and off). */
let bundled: ReturnType<typeof publish> | undefined;
const bundledEdition = (): ReturnType<typeof publish> => (bundled ??= publish(TEI_DIR));

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

describe('search on the bundled edition', () => {
  let out: string;
  let site: string;
  let context: BrowserContext;
  let requests: string[];
  let page: Page;
  beforeAll(async () => {
    const published = await bundledEdition();
    expect(published.result.diagnostics).toEqual([]);
    out = published.out;
    site = path.join(out, 'html');
    ({ context, requests } = await offlineContext(browser));
    page = await context.newPage();
    page.on('pageerror', (error) => { throw error; });
  });
  afterAll(async () => {
    expect(requests).toEqual([]);
    await context?.close();
  });

  test('every page has the search box in its header; Enter on another page runs the query on the search page', async () => {
    for (const file of ['index.html', 'persons.html', 'documents/carter-brezhnev-1979.html', 'places/moscow.html', 'timeline.html', 'map.html']) {
      expect(read(path.join(site, file))).toMatch(/<header class="site-header">[\s\S]*<input type="search"[^>]*name="q"[\s\S]*<\/header>/);
    }
    await page.goto(fileUrl(path.join(site, 'documents', 'carter-brezhnev-1979.html')));
    await page.locator('.site-header input[type="search"]').fill('cordiality');
    await page.locator('.site-header input[type="search"]').press('Enter');
    await page.waitForURL(/search\.html/);
    await settled(page, null);
    const found = await outcome(page);
    expect(new URL(page.url()).hash).toBe('#q=cordiality');
    expect(names(found.results)).toEqual(['carter-brezhnev-1979']);
  });

  test('a word of one document finds that document alone, with its hit marked', async () => {
    expect(documentsWithPhrase(out, 'cordiality')).toEqual(['carter-brezhnev-1979']);
    const found = await search(page, site, 'cordiality');
    expect(found.status).toMatch(/^1 document for “cordiality”/);
    expect(names(found.results)).toEqual(['carter-brezhnev-1979']);
    expect(found.results[0].title).toBe('Letter From President Carter to Soviet General Secretary Brezhnev');
    expect(found.results[0].marks).toEqual(['cordiality']);
    expect(found.results[0].snippet).toContain('with complete cordiality and frankness');
  });

  test('typing loads the pieces of the words before Enter; each query is a step back and forward', async () => {
    // A fresh search page has loaded no term piece (t<N>.js); typing a word loads those of its terms before Enter.
    await page.goto('about:blank');
    await page.goto(fileUrl(path.join(site, 'search.html')));
    await settled(page, null);
    const termPieces = (): Promise<number> => page.evaluate(() => document.querySelectorAll('head script[src*="search/t"]').length);
    expect(await termPieces()).toBe(0);
    await page.locator('#search-query').fill('Kosygyn');
    await page.waitForFunction(() => document.querySelectorAll('head script[src*="search/t"]').length > 0);
    expect(await page.evaluate(() => document.querySelectorAll('.result').length)).toBe(0);
    const named = await search(page, site, 'Kosygyn');
    expect(names(named.results)).toEqual(['politburo-directive-1980']);
    // Enter runs the query at once (no hashchange awaited) and leaves a step in the history: Back shows the one before.
    expect(new URL(page.url()).hash).toBe('#q=Kosygyn');
    const cordiality = await search(page, site, 'cordiality');
    expect(names(cordiality.results)).toEqual(['carter-brezhnev-1979']);
    let done = await page.evaluate(() => document.documentElement.getAttribute('data-search-done'));
    await page.goBack();
    await settled(page, done);
    expect(new URL(page.url()).hash).toBe('#q=Kosygyn');
    expect(names((await outcome(page)).results)).toEqual(['politburo-directive-1980']);
    done = await page.evaluate(() => document.documentElement.getAttribute('data-search-done'));
    await page.goForward();
    await settled(page, done);
    expect(new URL(page.url()).hash).toBe('#q=cordiality');
    expect(names((await outcome(page)).results)).toEqual(['carter-brezhnev-1979']);
  });

  test('a paste loads the pieces of its words at once, without the typing pause; Enter takes the same run', async () => {
    await page.goto('about:blank');
    await page.goto(fileUrl(path.join(site, 'search.html')));
    await settled(page, null);
    // The box given a whole word in one input event, as a paste does; then one task (a message, not a timer).
    const requested = await page.evaluate(() => new Promise<number>((resolve) => {
      const box = document.getElementById('search-query') as HTMLInputElement;
      box.value = 'cordiality';
      box.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(document.querySelectorAll('head script[src*="search/t"]').length);
      channel.port2.postMessage(0);
    }));
    expect(requested).toBeGreaterThan(0);
    const before = await page.evaluate(() => document.documentElement.getAttribute('data-search-done'));
    await page.locator('#search-query').press('Enter');
    await settled(page, before);
    expect(names((await outcome(page)).results)).toEqual(['carter-brezhnev-1979']);
    // One run: no term piece asked for twice.
    const termScripts = await page.evaluate(() => [...document.querySelectorAll('head script[src*="search/t"]')].map((s) => s.getAttribute('src')));
    expect(new Set(termScripts).size).toBe(termScripts.length);
  });

  test('a phrase finds only its exact occurrences', async () => {
    const expected = documentsWithPhrase(out, 'arms race');
    expect(expected).toEqual(['politburo-directive-1980']);
    const found = await search(page, site, '"arms race"');
    expect(names(found.results)).toEqual(expected);
    expect(found.results[0].marks.length).toBeGreaterThan(0);
    for (const mark of found.results[0].marks) expect(mark.toLowerCase()).toBe('arms race');
    // Both words are in both documents, never in this order.
    expect((await search(page, site, '"race arms"')).results).toEqual([]);
    expect(names((await search(page, site, 'arms')).results)).toEqual(['carter-brezhnev-1979', 'politburo-directive-1980']);
  });

  test('phrases are found alike in the texts (a small index: no positions) and from the positions (p pieces)', async () => {
    const pieces = (dir: string): string[] => fs.readdirSync(path.join(dir, 'search')).filter((name) => /^p\d+\.js$/.test(name));
    expect(pieces(site)).toEqual([]);
    const threshold = POSITIONS.fromTextPieces;
    POSITIONS.fromTextPieces = 0;
    let withPositions: string;
    try {
      withPositions = path.join((await publish(TEI_DIR)).out, 'html');
    } finally {
      POSITIONS.fromTextPieces = threshold;
    }
    expect(pieces(withPositions).length).toBeGreaterThan(0);
    let found = 0;
    for (const phrase of ['"arms race"', '"race arms"', '"Alpha Channel"', '"the Soviet Union"', '"of the"', '"United States"', '"cordiality and frankness"', '"frankness cordiality"']) {
      const fromTexts = await search(page, site, phrase);
      const fromPositions = await search(page, withPositions, phrase);
      expect([phrase, fromTexts]).toEqual([phrase, fromPositions]);
      if (fromTexts.results.length) found++;
    }
    expect(found).toBeGreaterThanOrEqual(5);
  });

  test('the results are listed (title, date, link) before their texts arrive; the snippets and the paragraph links follow', async () => {
    // The texts pieces (x<N>.js) held back until released: the rows come from docs.js alone.
    const held = await context.newPage();
    await held.addInitScript(() => {
      const waiting: Array<() => void> = [];
      const append = Node.prototype.appendChild;
      Node.prototype.appendChild = function <T extends Node>(this: Node, child: T): T {
        if (child instanceof HTMLScriptElement && /search\/x\d+\.js/.test(child.src)) {
          waiting.push(() => append.call(this, child));
          return child;
        }
        return append.call(this, child) as T;
      };
      (window as unknown as { releaseTexts(): void }).releaseTexts = () => waiting.splice(0).forEach((go) => go());
    });
    await held.goto(fileUrl(path.join(site, 'search.html')));
    await settled(held, null);
    await held.locator('#search-query').fill('cordiality');
    await held.locator('#search-query').press('Enter');
    await held.waitForSelector('.result');
    const row = (): Promise<{ href: string; date: string; busy: string | null; snippet: string; done: string | null }> => held.evaluate(() => ({
      href: document.querySelector('.result-title a')!.getAttribute('href') ?? '',
      date: document.querySelector('.result-date')?.textContent ?? '',
      busy: document.querySelector('.result-snippet')!.getAttribute('aria-busy'),
      snippet: document.querySelector('.result-snippet')!.textContent ?? '',
      done: document.documentElement.getAttribute('data-search-done'),
    }));
    const before = await row();
    await held.screenshot({ path: path.join(SCREENSHOTS, 'search-rows-before-texts.png'), fullPage: true });
    expect(before).toEqual({ href: 'documents/carter-brezhnev-1979.html', date: expect.stringMatching(/1979/), busy: 'true', snippet: '', done: '1' });
    expect(await held.locator('.result-title a').first().textContent()).toBe('Letter From President Carter to Soviet General Secretary Brezhnev');
    await held.evaluate(() => (window as unknown as { releaseTexts(): void }).releaseTexts());
    await settled(held, '1');
    const after = await row();
    expect(after.href).toMatch(/^documents\/carter-brezhnev-1979\.html#block-\d+$/);
    expect(after.busy).toBeNull();
    expect(after.snippet).toContain('with complete cordiality and frankness');
    await held.close();
  });

  test('with snippet pieces, the results of a query come with their snippets and paragraph links before any texts piece, as the texts give them', async () => {
    // An index with s pieces (beside each t piece: the blocks of its terms' first documents), as a large collection has;
    // and small t pieces, as many as a large collection's, so that a name's entry ('@…', a range of its own) is in
    // another piece than its words' terms, and the s pieces of those carry it.
    const threshold = SNIPPETS.fromTextPieces;
    const termsSize = TERM_PIECES.size;
    SNIPPETS.fromTextPieces = 0;
    TERM_PIECES.size = 1024;
    let withSnippets: string;
    try {
      withSnippets = path.join((await publish(TEI_DIR)).out, 'html');
    } finally {
      SNIPPETS.fromTextPieces = threshold;
      TERM_PIECES.size = termsSize;
    }
    const pieces = (dir: string, kind: string): string[] => fs.readdirSync(path.join(dir, 'search')).filter((name) => new RegExp(`^${kind}\\d+\\.js$`).test(name)).sort();
    // Each s piece in its t piece's script (teiSearch.piece("t<N>", "…", "s<N>", "…")): no file of its own.
    const carrying = (dir: string): string[] => pieces(dir, 't').filter((name) => fs.readFileSync(path.join(dir, 'search', name), 'latin1').includes(`", "s${name.slice(1, -3)}", "`));
    expect(pieces(withSnippets, 's')).toEqual([]);
    expect(carrying(withSnippets)).toEqual(pieces(withSnippets, 't'));
    expect(pieces(withSnippets, 't').length).toBeGreaterThan(0);
    expect(pieces(site, 's')).toEqual([]);
    expect(carrying(site)).toEqual([]);
    // Every texts piece held back: what the page shows comes from the s pieces alone.
    const held = await context.newPage();
    held.on('pageerror', (error) => { throw error; });
    await held.addInitScript(() => {
      const append = Node.prototype.appendChild;
      Node.prototype.appendChild = function <T extends Node>(this: Node, child: T): T {
        if (child instanceof HTMLScriptElement && /search\/x\d+\.js/.test(child.src)) return child;
        return append.call(this, child) as T;
      };
    });
    const shown = (on: Page): Promise<Array<{ href: string; meta: string; snippet: string; marks: string[] }>> => on.evaluate(() => [...document.querySelectorAll('.result')].map((li) => ({
      href: li.querySelector('.result-title a')!.getAttribute('href') ?? '',
      meta: li.querySelector('.result-meta')?.textContent ?? '',
      snippet: li.querySelector('.result-snippet:not([aria-busy])')?.textContent ?? '(waiting for its text)',
      marks: [...li.querySelectorAll('mark')].map((m) => m.textContent ?? ''),
    })));
    await held.goto(fileUrl(path.join(withSnippets, 'search.html')));
    await settled(held, null);
    let compared = 0;
    // A name's entry comes with the term piece of the word that names it (its s piece carries the entry), not
    // from the entry's own piece: one script.
    const manifest = JSON.parse(/\{.*\}/s.exec(read(path.join(withSnippets, 'search', 'manifest.js')))![0]) as { terms: string[]; formStemmer: string };
    const own = (group: string): string => `t${core.pieceOf(manifest.terms, core.entityTerm(group))}`;
    const named: Record<string, string> = { Kosygyn: own('persons/kosygin'), China: own('places/china') };
    expect(Object.entries(named).map(([word, piece]) => piece === `t${core.pieceOf(manifest.terms, core.term(manifest.formStemmer, core.fold(word)))}`)).toEqual([false, false]);
    const termScripts = (on: Page): Promise<string[]> => on.evaluate(() => [...document.querySelectorAll('head script[src*="search/t"]')]
      .map((script) => /search\/(t\d+)\.js/.exec(script.getAttribute('src') ?? '')![1]));
    // Words, a name (its mentions under another spelling), a prefix (one round more), a stemmed form.
    for (const query of ['cordiality', 'Kosygyn', 'China', 'negotiat*', 'negotiation']) {
      const loadedBefore = await termScripts(held);
      await held.locator('#search-query').fill(query);
      await held.locator('#search-query').press('Enter');
      await held.waitForFunction((q) => (document.querySelector('.search-status')!.textContent ?? '').includes(`“${q}”`)
        && document.querySelector('.result .result-snippet:not([aria-busy])') !== null, query, { timeout: 30000 });
      const fromSnippets = await shown(held);
      if (named[query]) {
        const loaded = (await termScripts(held)).filter((piece) => !loadedBefore.includes(piece));
        expect([query, loaded.length, loaded.includes(named[query])]).toEqual([query, 1, false]);
      }
      await search(page, site, query);
      const fromTexts = await shown(page);
      expect([query, fromSnippets]).toEqual([query, fromTexts]);
      expect(fromTexts[0].href).toMatch(/#block-\d+$|#[a-z]/);
      compared++;
    }
    expect(compared).toBe(5);
    await held.screenshot({ path: path.join(SCREENSHOTS, 'search-from-snippet-pieces.png'), fullPage: true });
    // A phrase, two words: the same results from either index, the texts released.
    await held.close();
    for (const query of ['"arms race"', 'Soviet policy', 'China']) {
      const a = await search(page, withSnippets, query);
      const b = await search(page, site, query);
      expect([query, a]).toEqual([query, b]);
    }
  });

  test('a word finds its other forms ("negotiation" finds "negotiations"); prefixes', async () => {
    const found = await search(page, site, 'negotiation');
    expect(names(found.results)).toEqual(['carter-brezhnev-1979', 'politburo-directive-1980']);
    for (const result of found.results) expect(result.marks).toContain('negotiations');
    const prefix = await search(page, site, 'negotiat*');
    expect(names(prefix.results)).toEqual(['carter-brezhnev-1979', 'politburo-directive-1980']);
    // Case and diacritics do not matter.
    expect(names((await search(page, site, 'CORDIÁLITY')).results)).toEqual(['carter-brezhnev-1979']);
  });

  test('a name finds its register entry and its mentions under every form the register lists', async () => {
    // The register lists "Kosygyn" (the translation's spelling); the reading view shows "Kosygin".
    const found = await search(page, site, 'Kosygyn');
    expect(found.named).toEqual(['persons/kosygin.html']);
    expect(names(found.results)).toEqual(['politburo-directive-1980']);
    expect(found.results[0].marks).toContain('Kosygin');
  });

  test('a facet narrows the results and the counts follow; the URL keeps the query and the facets', async () => {
    const all = await search(page, site, 'China');
    expect(names(all.results)).toEqual(['carter-brezhnev-1979', 'politburo-directive-1980']);
    const facet = page.locator('.facet[data-facet="person"] a', { hasText: 'Kosygin' });
    await expect(facet.locator('.facet-count').innerText()).resolves.toBe('1');
    const countOf = (label: string): Promise<string | null> => page.locator('.facet[data-facet="place"] a', { hasText: label }).first().locator('.facet-count').textContent();
    await expect(countOf('United States')).resolves.toBe('2');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'search-results.png'), fullPage: true });
    const narrowed = await follow(page, facet);
    expect(names(narrowed.results)).toEqual(['politburo-directive-1980']);
    expect(narrowed.status).toMatch(/^1 document for “China” \(filtered\)\. Clear the filters$/);
    expect(new URL(page.url()).hash).toBe('#q=China&person=kosygin');
    await expect(countOf('United States')).resolves.toBe('1');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'search-facet.png'), fullPage: true });
    // The same address, opened afresh, gives the same search.
    await page.goto('about:blank');
    await page.goto(fileUrl(path.join(site, 'search.html')) + '#q=China&person=kosygin');
    await settled(page, null);
    expect(names((await outcome(page)).results)).toEqual(['politburo-directive-1980']);
    // The date facet: a year.
    const year = await follow(page, page.locator('.facet[data-facet="person"] a[aria-current="true"]'));
    expect(year.results).toHaveLength(2);
    const dated = await follow(page, page.locator('.facet[data-facet="date"] a', { hasText: '1979' }));
    expect(names(dated.results)).toEqual(['carter-brezhnev-1979']);
  });

  test('a result links to the paragraph of its hit', async () => {
    const found = await search(page, site, 'cordiality');
    expect(found.results[0].href).toMatch(/^documents\/carter-brezhnev-1979\.html#block-\d+$/);
    await page.locator('.result-title a').first().click();
    await page.waitForURL(/carter-brezhnev-1979\.html#block-\d+$/);
    const target = await page.evaluate(() => document.querySelector(':target')?.textContent ?? '');
    expect(target).toContain('cordiality');
    // A hit in a note lands on the note.
    const inNote = await search(page, site, '"Alpha Channel"');
    expect(inNote.results[0].href).toBe('documents/carter-brezhnev-1979.html#carter-brezhnev-1979-n1');
  });

  test('the timeline lists the documents by year and month, and narrows the search', async () => {
    await page.goto(fileUrl(path.join(site, 'timeline.html')));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'timeline.png'), fullPage: true });
    const months = await page.evaluate(() => [...document.querySelectorAll('.timeline-month')].map((section) => ({
      id: section.id,
      documents: [...section.querySelectorAll('a.document-title')].map((a) => a.getAttribute('href')),
    })));
    expect(months).toEqual([
      { id: 'month-1979-01', documents: ['documents/carter-brezhnev-1979.html'] },
      { id: 'month-1980-10', documents: ['documents/politburo-directive-1980.html'] },
    ]);
    await page.locator('#month-1980-10 a.document-title').click();
    await page.waitForURL(/politburo-directive-1980\.html$/);
    await page.goto(fileUrl(path.join(site, 'timeline.html')));
    await page.locator('#month-1979-01 a.narrow').click();
    await page.waitForURL(/search\.html#from=1979-01&to=1979-01$/);
    await settled(page, null);
    expect(names((await outcome(page)).results)).toEqual(['carter-brezhnev-1979']);
  });

  test('the map shows the places with coordinates, linked to their entries and to the documents', async () => {
    await page.goto(fileUrl(path.join(site, 'map.html')));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'map.png'), fullPage: true });
    const register = read(path.join(TEI_DIR, 'register.xml'));
    const withGeo = [...register.matchAll(/<place xml:id="([^"]+)"[^>]*>(?:(?!<\/place>)[\s\S])*<geo>/g)].map((m) => `places/${m[1]}.html`).sort();
    expect(withGeo.length).toBeGreaterThan(3);
    const markers = await page.evaluate(() => [...document.querySelectorAll('svg a.map-place')].map((a) => {
      const circle = a.querySelector('circle')!;
      const box = (a.closest('svg') as SVGSVGElement).viewBox.baseVal;
      const [x, y] = [Number(circle.getAttribute('cx')), Number(circle.getAttribute('cy'))];
      return { href: a.getAttribute('href'), inside: x >= 0 && y >= 0 && x <= box.width && y <= box.height };
    }));
    expect(markers.map((m) => m.href).sort()).toEqual(withGeo);
    expect(markers.every((m) => m.inside)).toBe(true);
    expect(await page.locator('svg path.map-land').getAttribute('d')).toMatch(/^M[\d.]+ [\d.]+L/);
    await page.locator('svg a.map-place[href="places/moscow.html"]').click();
    await page.waitForURL(/places\/moscow\.html$/);
    await expect(page.locator('h1').innerText()).resolves.toBe('Moscow');
    await page.goto(fileUrl(path.join(site, 'map.html')));
    await page.locator('table.map-places a[href="search.html#place=moscow"]').click();
    await settled(page, null);
    expect(names((await outcome(page)).results)).toEqual(['politburo-directive-1980']);
  });
});

describe('search with JavaScript off', () => {
  test('the search page says that search needs it and offers the browse lists', async () => {
    const { out } = await bundledEdition();
    const { context, requests } = await offlineContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(fileUrl(path.join(out, 'html', 'index.html')));
    await page.locator('.site-header input[type="search"]').fill('China');
    await page.locator('.site-header input[type="search"]').press('Enter');
    await page.waitForURL(/search\.html\?q=China/);
    await expect(page.locator('.search-needs-script').innerText()).resolves.toMatch(/needs JavaScript/);
    await expect(page.locator('.search-app').isVisible()).resolves.toBe(false);
    const browse = await page.locator('.search-needs-script a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(browse).toEqual(expect.arrayContaining(['index.html#documents', 'timeline.html', 'persons.html', 'places.html', 'organisations.html', 'map.html']));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'search-no-script.png'), fullPage: true });
    expect(requests).toEqual([]);
    await context.close();
  });
});

describe('search in many languages, and names under their variant spellings', () => {
  let site: string;
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    const { out, result } = await publish(SEARCH_FIXTURES);
    expect(result.diagnostics).toEqual([]);
    site = path.join(out, 'html');
    ({ context } = await offlineContext(browser));
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
  });

  test.each([
    ['negotiations', 'letter-en', 'negotiation'],
    ['Verhandlung', 'brief-de', 'Verhandlungen'],
    ['haus', 'brief-de', 'Häuser'],
    ['negociation', 'lettre-fr', 'négociations'],
    ['negoziato', 'lettre-fr', 'negoziati'],
    ['negociación', 'lettre-fr', 'negociaciones'],
    ['epistula', 'lettre-fr', 'Epistulam'],
    ['переговорах', 'lettre-fr', 'Переговоры'],
  ])('"%s" finds %s, where the text says "%s" (stemmed in the language of the passage)', async (query, document, written) => {
    const found = await search(page, site, query);
    expect(names(found.results)).toEqual([document]);
    expect(found.results[0].marks).toContain(written);
  });

  test('"Brezhnev" finds the mention spelled "Brehznev" that points to his entry', async () => {
    const found = await search(page, site, 'Brezhnev');
    expect(found.named).toEqual(['persons/brezhnev.html']);
    expect(names(found.results)).toEqual(['letter-en']);
    expect(found.results[0].marks).toEqual(['Brehznev']);
    expect(found.results[0].snippet).toContain('The negotiation with Brehznev went on');
  });

  test('a date range from @notBefore/@notAfter; the language and type facets', async () => {
    await page.goto('about:blank');
    await page.goto(fileUrl(path.join(site, 'search.html')) + '#from=1893&to=1893');
    await settled(page, null);
    expect(names((await outcome(page)).results)).toEqual(['brief-de']);
    await sameSearchPage(page, fileUrl(path.join(site, 'search.html')) + '#from=1900');
    expect(names((await outcome(page)).results)).toEqual(['letter-en', 'lettre-fr']);
    const languages = await page.locator('.facet[data-facet="lang"] .facet-label').allInnerTexts();
    expect(languages.sort()).toEqual(['English', 'French']);
    const english = await follow(page, page.locator('.facet[data-facet="lang"] a', { hasText: 'English' }));
    expect(names(english.results)).toEqual(['letter-en']);
    // Without the date, the language filter alone; then the type facet.
    const anyDate = await follow(page, page.locator('.facet[data-facet="date"] a', { hasText: 'any date' }));
    expect(names(anyDate.results)).toEqual(['letter-en']);
    await sameSearchPage(page, fileUrl(path.join(site, 'search.html')) + '#type=letter');
    expect(names((await outcome(page)).results)).toEqual(['brief-de', 'letter-en']);
  });

  test('the map places Vienna (decimal commas) and Rome (comma-separated), not Atlantis (no coordinates)', async () => {
    await page.goto(fileUrl(path.join(site, 'map.html')));
    const places = await page.locator('svg a.map-place').evaluateAll((as) => as.map((a) => a.getAttribute('href')).sort());
    expect(places).toEqual(['places/moscow.html', 'places/roma.html', 'places/wien.html']);
  });
});

describe('the language of a document without xml:lang', () => {
  let site: string;
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    const src = path.join(REPO_ROOT, 'test', 'fixtures', 'search-languages');
    const { out, result } = await publish(src, { config: path.join(src, 'edition.yml') });
    expect(result.diagnostics).toEqual([]);
    site = path.join(out, 'html');
    ({ context } = await offlineContext(browser));
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
  });

  test.each([
    // The header's langUsage, the language of the highest @usage (German), before the edition's languages (French first).
    ['Zeitung', 'header-de', 'Zeitungen', 'de-AT'],
    // Neither xml:lang nor langUsage: the first of edition.yml's languages.
    ['cheval', 'config-fr', 'chevaux', 'fr'],
  ])('"%s" finds %s, where the text says "%s" (stemmed in %s)', async (query, document, written, lang) => {
    const found = await search(page, site, query);
    expect(names(found.results)).toEqual([document]);
    expect(found.results[0].marks).toContain(written);
    expect(read(path.join(site, 'documents', `${document}.html`))).toContain(`<section class="text" aria-labelledby="text-heading" lang="${lang}"`);
  });

  test('the words on either side of a block inside a block are not glued (the reading model: a list is a boundary)', async () => {
    const found = await search(page, site, '"vorher nachher"');
    expect(names(found.results)).toEqual(['header-de']);
    expect(names((await search(page, site, 'vorhernachher')).results)).toEqual([]);
  });

  test('prefixes find words of either language (a word of the main language is stored as its form alone)', async () => {
    expect(names((await search(page, site, 'Zeit*')).results)).toEqual(['header-de']);
    expect(names((await search(page, site, 'chev*')).results)).toEqual(['config-fr']);
  });
});

describe('hostile text in the index', () => {
  test('markup and </script> in TEI text are found as text and never run', async () => {
    const { out, result } = await publish(path.join(PUBLISH_FIXTURES, 'hostile'));
    expect(result.published).toBe(true);
    for (const file of fs.readdirSync(path.join(out, 'html', 'search'))) {
      // Data reaches the page only as JSON inside a script of its own: no markup, no closing script tag.
      expect(read(path.join(out, 'html', 'search', file))).not.toMatch(/<\/?script/i);
    }
    const { context, requests } = await offlineContext(browser);
    const page = await context.newPage();
    const found = await search(page, path.join(out, 'html'), 'pwned');
    expect(names(found.results)).toEqual(['hostile']);
    expect(found.results[0].title).toBe('<script>window.__pwned=1</script> Hostile document');
    const phrase = await search(page, path.join(out, 'html'), '"script window pwned 1 script"');
    expect(phrase.results).toHaveLength(1);
    expect(phrase.results[0].snippet).toContain('<script>window.__pwned=1</script>');
    const state = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      scripts: [...document.querySelectorAll('main script, .result script')].length,
      images: document.querySelectorAll('main img').length,
      handlers: [...document.querySelectorAll('main *')].flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')),
    }));
    expect(state).toEqual({ pwned: undefined, scripts: 0, images: 0, handlers: [] });
    expect(requests).toEqual([]);
    await context.close();
  });
});

describeWithShared('search on a folder of ../shared/corpus, published with --no-validate', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ({ context } = await offlineContext(browser));
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
  });

  test('frus-history: a word of one document, a phrase, stemmed forms, a facet, the paragraph of the hit', async () => {
    // Its files state no language (no xml:lang, no langUsage): the edition's configuration says they are English,
    // as its editors would; without it they are in no language, and not stemmed (letter-parties.test.ts).
    const config = path.join(temporaryDir('frus-config'), 'edition.yml');
    fs.writeFileSync(config, 'languages: [en]\n');
    const { out, result } = await publish(sharedPath('corpus', 'frus-history'), { validate: false, config });
    expect(result.published).toBe(true);
    const site = path.join(out, 'html');
    const one = await search(page, site, 'Guatemala');
    expect(names(one.results)).toEqual(documentsWithPhrase(out, 'guatemala'));
    expect(one.results.length).toBeGreaterThanOrEqual(1);
    const phrase = 'Historical Advisory Committee';
    const expected = documentsWithPhrase(out, phrase);
    expect(expected.length).toBeGreaterThan(1);
    const found = await search(page, site, `"${phrase}"`);
    expect(names(found.results)).toEqual(expected);
    for (const result of found.results) for (const mark of result.marks) expect(mark.replace(/\s+/g, ' ').toLowerCase()).toBe(phrase.toLowerCase());
    const stemmed = await search(page, site, 'negotiation');
    expect(names(stemmed.results)).toEqual(documentsWithPhrase(out, 'negotiations'));
    expect(stemmed.results.flatMap((r) => r.marks.map((m) => m.toLowerCase()))).toContain('negotiations');
    // The first result lands on the passage of its hit.
    const first = await search(page, site, 'Guatemala');
    await page.locator('.result-title a').first().click();
    await page.waitForURL(/#/);
    expect((await page.evaluate(() => document.querySelector(':target')?.textContent ?? '')).toLowerCase()).toContain('guatemala');
    expect(first.results[0].href).toMatch(/#/);
    await page.goto(fileUrl(path.join(site, 'timeline.html')));
    // Dated or not (these documents give no date the edition reads: they are listed as undated), every document is there.
    const linked = await page.locator('.timeline-year-section a.document-title').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(linked.sort()).toEqual(Object.values(result.names).map((name) => `documents/${name}.html`).sort());
  });

  test('schnitzler-briefe: a facet (the year of the letters) narrows the results, and the counts follow', async () => {
    const { out, result } = await publish(sharedPath('corpus', 'schnitzler-briefe', 'data', 'editions'), { validate: false });
    expect(result.published).toBe(true);
    const site = path.join(out, 'html');
    const all = await search(page, site, 'Schnitzler');
    expect(all.results.length).toBeGreaterThan(2);
    const years = await page.locator('.facet[data-facet="date"] .facet-value a .facet-count').allTextContents();
    expect(years.length).toBeGreaterThan(1);
    const year = page.locator('.facet[data-facet="date"] .facet-value a').first();
    const count = Number(await year.locator('.facet-count').textContent());
    expect(count).toBeLessThan(all.results.length);
    const narrowed = await follow(page, year);
    expect(narrowed.results).toHaveLength(count);
    expect(narrowed.status).toMatch(/\(filtered\)/);
  }, 600000);

  test('tei-publisher: the register of places is on the map, each place linked to its entry', async () => {
    const src = sharedPath('corpus', 'tei-publisher', 'data');
    const files = ['registers/places.xml', 'sermons/27003.xml', 'sermons/27004.xml', 'landing/landing.xml'].map((f) => path.join(src, f));
    const { out, result } = await publish(src, { validate: false, files });
    expect(result.published).toBe(true);
    const site = path.join(out, 'html');
    await page.goto(fileUrl(path.join(site, 'map.html')));
    const places = await page.locator('svg a.map-place').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    const register = read(path.join(src, 'registers', 'places.xml'));
    const withGeo = [...register.matchAll(/<place xml:id="([^"]+)"[^>]*>(?:(?!<\/place>)[\s\S])*<geo>/g)].map((m) => `places/${m[1]}.html`);
    expect(places.sort()).toEqual(withGeo.sort());
    for (const href of places) expect(fs.existsSync(path.join(site, href!))).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'map-corpus.png'), fullPage: true });
  });
});

describe('dates before the common era', () => {
  let site: string;
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    const { out, result } = await publish(path.join(PUBLISH_FIXTURES, 'header'));
    expect(result.diagnostics).toEqual([]);
    site = path.join(out, 'html');
    ({ context } = await offlineContext(browser));
    page = await context.newPage();
    page.on('pageerror', (error) => { throw error; });
  });
  afterAll(async () => {
    await context?.close();
  });

  test('a range of BCE years finds its documents in time; the date facet reads "BCE" and narrows to one year', async () => {
    await page.goto(fileUrl(path.join(site, 'search.html')) + '#from=-0550&to=-0470');
    await settled(page, null);
    const found = await outcome(page);
    // In time: 550, 500, 480 BCE (as strings, '-0480' would come before '-0500').
    expect(found.results.map((r) => r.href.replace(/^documents\//, '').replace(/\.html(#.*)?$/, ''))).toEqual(['kouros', 'stele', 'decree']);
    // The date facet shows the years of every document the other filters keep, in time.
    expect(await page.locator('.facet[data-facet="date"] .facet-label').allInnerTexts()).toEqual(['550 BCE', '500 BCE', '480 BCE', '1', '1781', '1815', '1847', '1856']);
    const year = await follow(page, page.locator('.facet[data-facet="date"] a', { hasText: '500 BCE' }));
    expect(page.url()).toMatch(/#from=-0500&to=-0500$/);
    expect(names(year.results)).toEqual(['stele']);
    expect(await page.locator('.facet[data-facet="date"] .facet-chosen').innerText()).toMatch(/^500 BCE – 500 BCE/);
    expect(await page.locator('main').innerText()).toContain('1 document for dated 500 BCE');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'search-bce.png'), fullPage: true });
  });
});

describe('register entries of one name, told apart in the search as in the registers', () => {
  let site: string;
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    // Every play of a collection of drama has its "Servant": the register lists them as "Servant (The Calm)" and
    // "Servant (The Storm)"; two Fishermen of one play by their ids.
    const { out, result } = await publish(path.join(PUBLISH_FIXTURES, 'drama'));
    expect(result.diagnostics).toEqual([]);
    site = path.join(out, 'html');
    ({ context } = await offlineContext(browser));
    page = await context.newPage();
    page.on('pageerror', (error) => { throw error; });
  });
  afterAll(async () => {
    await context?.close();
  });

  test('a name search lists each entry with what tells it apart, linked to its own page', async () => {
    const found = await search(page, site, 'servant');
    const entries = await page.locator('.named-entries a').allInnerTexts();
    expect(entries.sort()).toEqual(['Servant (The Calm)', 'Servant (The Storm)']);
    expect(found.named.sort()).toEqual(['persons/calm-servant.html', 'persons/storm-servant.html']);
    expect(await page.locator('.named-entries a .entry-qualifier').allInnerTexts()).toEqual(expect.arrayContaining([' (The Calm)']));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'search-qualifiers.png'), fullPage: true });
    // A character is in the plays it speaks in, as a name is where it is mentioned: each Servant speaks in its own.
    expect(await page.locator('.named-entries li').allInnerTexts()).toEqual(expect.arrayContaining(['Servant (The Calm) (persons, in 1 document)']));
    const captain = await search(page, site, 'captain');
    expect(await page.locator('.named-entries li').allInnerTexts()).toEqual(['Captain (persons, in 2 documents)']);
    // Its facet narrows to the plays it speaks in: the Captain speaks in both (once in The Calm, where no one names him).
    expect(names(captain.results)).toEqual(['the-calm', 'the-storm']);
    expect(await page.locator('.facet[data-facet="person"] a', { hasText: 'Captain' }).locator('.facet-count').textContent()).toBe('2');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'search-speakers.png'), fullPage: true });
    await search(page, site, 'fisherman');
    expect((await page.locator('.named-entries a').allInnerTexts()).sort()).toEqual(['Fisherman (calm-fisher-1)', 'Fisherman (calm-fisher-2)']);
    // The qualifier is not one of the entry's names: the play's title finds no character of it by name.
    await search(page, site, 'calm');
    expect(await page.locator('.named-entries a').allInnerTexts()).toEqual([]);
  });
});
