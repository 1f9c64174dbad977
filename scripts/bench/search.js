'use strict';
/*
 * The search's figures for the benchmark (issue 14), on a published edition:
 *
 * - size: the index (html/search/, the stemmer scripts counted apart: they are code, the same for every
 *   edition) against the text edition (text/edition.txt, the collection's text; and text/ as a whole);
 * - query latencies in Chromium (Debian's, driven by playwright-core) from file://, every request off the
 *   file system refused: the first one-word query on a search page that has been open for as long as typing
 *   takes (Enter → the frame that shows the first result), the same query arriving from another page's search
 *   box (navigation → first result), and later queries of each kind on the same page, typed key by key as a
 *   reader types (the page may load pieces while the words are typed) and pasted (nothing loaded before Enter),
 *   Enter → the frame that shows the first result complete; a facet click → the same. Complete: its row (the
 *   document's title linking to its page, its date) and its snippet with the hits marked, with which the link
 *   goes to the paragraph of the hit (the page may draw the row first, from docs.js, and fill the snippet
 *   when the text comes): `ms`, `pastedMs`, `firstMs`, `landingMs` are to the complete result; the frame that
 *   shows the row alone is reported too (`rowMs`, `pastedRowMs`, `firstRowMs`), and the frame that shows the
 *   first screen complete (the first five results: `screenMs`, `pastedScreenMs`). Medians of `repeat` runs
 *   (each in fresh browser contexts), with every run's figure in `runs`. A paste starts loading at once, and
 *   Enter comes when the bench's key press does: `pasteLeadMs` is that time (paste → Enter).
 *
 * Usable alone: `node scripts/bench/search.js DIST` (DIST: a build's --out folder).
 */
const fs = require('fs');
const path = require('path');

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];

function folderBytes(dir, filter = () => true) {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += folderBytes(full, filter);
    else if (filter(entry.name)) total += fs.statSync(full).size;
  }
  return total;
}

/** Sizes in bytes: index (data pieces), stemmers, text edition (edition.txt and the whole text/). */
function searchSize(dist) {
  const search = path.join(dist, 'html', 'search');
  const index = folderBytes(search, (name) => !name.startsWith('stem-'));
  const stemmers = folderBytes(search, (name) => name.startsWith('stem-'));
  const editionTxt = fs.statSync(path.join(dist, 'text', 'edition.txt')).size;
  const textEdition = folderBytes(path.join(dist, 'text'));
  return { index, stemmers, pieces: fs.readdirSync(search).length, editionTxt, textEdition };
}

/** The one-word query of the latency runs: the rarest word of the first document's text that occurs more than once in the collection. */
const QUERIES = {
  word: 'negotiations',
  later: [
    ['word', 'missiles'],
    ['place', 'China'],
    ['name', 'Gromyko'],
    ['phrase', '"arms race"'],
    ['prefix', 'negot*'],
    ['two words', 'Soviet policy'],
  ],
};

async function withBrowser(body) {
  // eslint-disable-next-line global-require
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  try {
    return await body(browser);
  } finally {
    await browser.close();
  }
}

async function offline(browser) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const requests = [];
  await context.route(/^(?!file:)/, async (route) => {
    requests.push(route.request().url());
    await route.abort();
  });
  return { context, requests };
}

/**
 * In the page: the time of the next Enter (the key event's own time stamp: a busy page's delay in taking the key
 * counts), of the first result put on the page after it, and of the frame that shows it (the first task after
 * the animation frame that follows its insertion: style, layout and paint of the results count, as a reader
 * waits for them). From Enter the clock asks for every animation frame, so that its own callback comes first
 * in the frame that shows the result, and its task first after it: a task the page queues from a callback of
 * that frame (work it does after the results are shown) would otherwise run before the clock's and be counted.
 */
function armClock(page) {
  return page.evaluate(() => {
    const clock = { enter: 0, first: 0, shown: 0, snippet: 0, snippetShown: 0, screen: 0, screenShown: 0, done: 0 };
    let run = 0;
    const afterFrame = (field) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { clock[field] = performance.now(); };
      channel.port2.postMessage(0);
    };
    const frames = (current) => requestAnimationFrame(() => {
      if (current !== run) return;
      // What was put on the page before this frame is painted in it.
      if (clock.first && !clock.shownAsked) { clock.shownAsked = true; afterFrame('shown'); }
      if (clock.snippet && !clock.snippetAsked) { clock.snippetAsked = true; afterFrame('snippetShown'); }
      if (clock.screen && !clock.screenAsked) { clock.screenAsked = true; afterFrame('screenShown'); }
      if (!clock.screenAsked && !(clock.done && !clock.first)) frames(current);
    });
    // The time from the last input into the box (a paste) to Enter: how long the page had to load before it.
    let lastInput = 0;
    document.getElementById('search-query').addEventListener('input', () => { lastInput = performance.now(); }, true);
    const reset = (event) => {
      Object.assign(clock, {
        lead: event.type === 'keydown' && lastInput ? event.timeStamp - lastInput : NaN,
        enter: event.timeStamp, first: 0, shown: 0, snippet: 0, snippetShown: 0, screen: 0, screenShown: 0, done: 0, shownAsked: false, snippetAsked: false, screenAsked: false,
      });
      frames(++run);
    };
    window.__searchClock = clock;
    document.getElementById('search-query').addEventListener('keydown', (event) => { if (event.key === 'Enter') reset(event); }, true);
    // A click of the reader's (a facet). Enter in the box also makes a click, on the form's submit button
    // (implicit submission, detail 0), after the key's own handling: it must not start the clock again (it did,
    // before session 21: a busy page's delay between the key and that click was not counted).
    document.addEventListener('click', (event) => { if (event.detail > 0) reset(event); }, true);
    // The whole first page (every result with its snippet, the facets): the page marks each search done.
    new MutationObserver(() => { if (clock.enter && !clock.done) clock.done = performance.now(); })
      .observe(document.documentElement, { attributes: true, attributeFilter: ['data-search-done'] });
    // The first result: its row (title, date, link to the document) as soon as it is on the page; and its
    // snippet (with the link to the paragraph of the hit), which the page may fill when its text piece comes
    // (aria-busy until then; a page that makes rows with their snippets gives both at once). The first screen:
    // the first five results (or all, when fewer) with their snippets.
    new MutationObserver(() => {
      if (!clock.enter) return;
      const results = document.querySelectorAll('.result-list .result');
      const result = results[0];
      const complete = (item) => item.querySelector('.result-snippet:not([aria-busy])') !== null;
      if (!clock.first && result) clock.first = performance.now();
      if (!clock.snippet && result && complete(result)) clock.snippet = performance.now();
      if (!clock.screen && result && Array.prototype.slice.call(results, 0, 5).every(complete)) clock.screen = performance.now();
    }).observe(document.querySelector('.result-list'), { childList: true, subtree: true });
  });
}

async function waitDone(page, before) {
  await page.waitForFunction((previous) => {
    const done = document.documentElement.getAttribute('data-search-done');
    return done !== null && done !== previous;
  }, before, { timeout: 60000 });
}

/** Milliseconds from Enter (or a click) to the frame that shows the first result's row, the first result complete, the first screen complete. */
function shownMs(page) {
  return page.waitForFunction(() => {
    const clock = window.__searchClock;
    if (clock.first === 0 && document.documentElement.getAttribute('data-search-done') && !document.querySelector('.result')) return { row: -1, complete: -1, screen: -1 };
    return clock.shown && clock.snippetShown && clock.screenShown
      ? { row: clock.shown - clock.enter, complete: clock.snippetShown - clock.enter, screen: clock.screenShown - clock.enter } : null;
  }, null, { timeout: 60000 }).then((handle) => handle.jsonValue())
    .then(({ row, complete, screen }) => ({ row: row < 0 ? NaN : row, complete: complete < 0 ? NaN : complete, screen: screen < 0 ? NaN : screen }));
}

/** A reader's typing: a key every TYPING_MS (about ten characters a second, a fast typist), then Enter at once. */
const TYPING_MS = 100;

/**
 * A query into the search page's box and Enter: `typed` as a reader types it (key by key: the page may load the
 * pieces of the words while they are typed), or pasted (the box filled at once: nothing loaded before Enter).
 */
async function entered(page, query, typed) {
  const before = await page.evaluate(() => document.documentElement.getAttribute('data-search-done'));
  if (typed) {
    await page.locator('#search-query').fill('');
    await page.locator('#search-query').pressSequentially(query, { delay: TYPING_MS });
  } else {
    // A paste: the box emptied, then the whole query in one input event, and Enter at once (the page starts
    // loading at the paste, so the less time between the two, the less it has loaded before Enter: pasteLeadMs).
    await page.locator('#search-query').fill('');
    await page.keyboard.insertText(query);
  }
  await page.keyboard.press('Enter');
  await waitDone(page, before);
  return {
    ...(await shownMs(page)),
    page: await page.evaluate(() => window.__searchClock.done - window.__searchClock.enter),
    lead: await page.evaluate(() => window.__searchClock.lead),
    results: await page.evaluate(() => document.querySelectorAll('.result').length),
  };
}

const median = (values) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * Latencies (ms, medians of `repeat` runs, each in fresh browser contexts): the first query (typed on a search
 * page open for a second, as long as typing takes; and arriving from another page's box), and later queries on
 * the same page, each typed as a reader types it and, in a context of its own, pasted (nothing loaded before
 * Enter), and a facet clicked after them. Each: Enter → the frame that shows the first result complete (row and
 * snippet: see armClock), its row alone, the first screen complete, and (typed) the whole first page (`pageMs`:
 * every result's snippet, the facets).
 */
async function queryLatencies(site, { repeat = 3, queries = QUERIES } = {}) {
  return withBrowser(async (browser) => {
    const first = { complete: [], row: [], screen: [] };
    const landing = [];
    const later = new Map();
    const requests = [];
    const record = (kind, how, shown) => {
      if (!later.has(kind)) later.set(kind, {});
      const values = later.get(kind);
      for (const [what, ms] of Object.entries(shown)) {
        if (what === 'results') continue;
        (values[`${how} ${what}`] ??= []).push(ms);
      }
    };
    for (let i = 0; i < repeat; i++) {
      // Arriving from another page's search box: search.html?q=… (navigation → the first result complete).
      {
        const { context, requests: made } = await offline(browser);
        const page = await context.newPage();
        await page.goto(`file://${path.join(site, 'index.html')}`);
        const started = Date.now();
        await page.goto(`file://${path.join(site, 'search.html')}`.concat(`?q=${encodeURIComponent(queries.word)}`));
        await page.waitForSelector('.result-list .result .result-snippet:not([aria-busy])', { timeout: 60000 });
        landing.push(Date.now() - started);
        requests.push(...made);
        await context.close();
      }
      for (const how of ['typed', 'pasted']) {
        const { context, requests: made } = await offline(browser);
        const page = await context.newPage();
        await page.goto(`file://${path.join(site, 'search.html')}`);
        await waitDone(page, null);
        await armClock(page);
        if (how === 'typed') {
          // The first query: the page open for a second before Enter, as long as typing takes.
          await page.waitForTimeout(1000);
          const one = await entered(page, queries.word, false);
          if (one.results === 0) throw new Error(`"${queries.word}" found nothing in ${site}`);
          for (const what of ['complete', 'row', 'screen']) first[what].push(one[what]);
        } else await entered(page, queries.word, false);
        for (const [kind, query] of queries.later) record(kind, how, await entered(page, query, how === 'typed'));
        // A facet: the first value of the persons facet (a click: nothing to type).
        const facet = page.locator('.facet[data-facet="person"] .facet-value a').first();
        if (await facet.count()) {
          const before = await page.evaluate(() => document.documentElement.getAttribute('data-search-done'));
          await facet.click();
          await waitDone(page, before);
          record('facet', how, await shownMs(page));
        }
        requests.push(...made);
        await context.close();
      }
    }
    const of = (values, key) => median(values[key] ?? []);
    return {
      firstMs: median(first.complete),
      firstRowMs: median(first.row),
      firstScreenMs: median(first.screen),
      landingMs: median(landing),
      later: [...later].map(([kind, values]) => ({
        kind,
        query: (queries.later.find(([k]) => k === kind) ?? [kind, 'first person'])[1],
        ms: of(values, 'typed complete'),
        pastedMs: of(values, 'pasted complete'),
        rowMs: of(values, 'typed row'),
        pastedRowMs: of(values, 'pasted row'),
        screenMs: of(values, 'typed screen'),
        pastedScreenMs: of(values, 'pasted screen'),
        pageMs: of(values, 'typed page'),
        // Paste → Enter (the bench's fill and key press: the time the page had to load pieces before Enter).
        pasteLeadMs: of(values, 'pasted lead'),
        runs: Object.fromEntries(Object.entries(values).map(([key, list]) => [key, list.map((ms) => Math.round(ms * 10) / 10)])),
      })),
      runs: { first: first.complete, landing },
      requests,
    };
  });
}

module.exports = { searchSize, queryLatencies, QUERIES, armClock };

if (require.main === module) {
  const dist = process.argv[2];
  if (!dist) {
    process.stderr.write('usage: node scripts/bench/search.js DIST (a build\'s --out folder)\n');
    process.exit(2);
  }
  (async () => {
    const size = searchSize(dist);
    const latencies = await queryLatencies(path.join(path.resolve(dist), 'html'), { repeat: Number(process.env.REPEAT ?? 5) });
    process.stdout.write(`${JSON.stringify({ size, ratio: { editionTxt: size.index / size.editionTxt, textEdition: size.index / size.textEdition }, latencies }, null, 1)}\n`);
  })().catch((error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(2);
  });
}
