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
 *   Enter → the frame that shows the first result; a facet click → the same. The first result counts as shown
 *   when its row is painted (the document's title linking to its page, its date: the page makes the rows from
 *   docs.js as soon as the query is ranked); the frame that shows its snippet (which comes with its text piece,
 *   and with it the link to the paragraph of the hit) is measured too (snippetMs, pastedSnippetMs).
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
    ['word', 'China'],
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
    const clock = { enter: 0, first: 0, shown: 0, snippet: 0, snippetShown: 0, done: 0 };
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
      if (!clock.snippetAsked && !(clock.done && !clock.first)) frames(current);
    });
    const reset = (event) => {
      Object.assign(clock, { enter: event.timeStamp, first: 0, shown: 0, snippet: 0, snippetShown: 0, done: 0, shownAsked: false, snippetAsked: false });
      frames(++run);
    };
    window.__searchClock = clock;
    document.getElementById('search-query').addEventListener('keydown', (event) => { if (event.key === 'Enter') reset(event); }, true);
    document.addEventListener('click', reset, true);
    // The whole first page (every result with its snippet, the facets): the page marks each search done.
    new MutationObserver(() => { if (clock.enter && !clock.done) clock.done = performance.now(); })
      .observe(document.documentElement, { attributes: true, attributeFilter: ['data-search-done'] });
    // The first result: its row (title, date, link to the document) as soon as it is on the page; and its
    // snippet (with the link to the paragraph of the hit), which the page may fill when its text piece comes
    // (aria-busy until then; a page that makes rows with their snippets gives both at once).
    new MutationObserver(() => {
      if (!clock.enter) return;
      const result = document.querySelector('.result-list .result');
      if (!clock.first && result) clock.first = performance.now();
      if (!clock.snippet && result && result.querySelector('.result-snippet:not([aria-busy])')) clock.snippet = performance.now();
    }).observe(document.querySelector('.result-list'), { childList: true, subtree: true });
  });
}

async function waitDone(page, before) {
  await page.waitForFunction((previous) => {
    const done = document.documentElement.getAttribute('data-search-done');
    return done !== null && done !== previous;
  }, before, { timeout: 60000 });
}

/** Milliseconds from Enter (or a click) to the frame that shows the first result (its row; its snippet), once it is shown. */
function shownMs(page) {
  return page.waitForFunction(() => {
    const clock = window.__searchClock;
    if (clock.first === 0 && document.documentElement.getAttribute('data-search-done') && !document.querySelector('.result')) return { row: -1, snippet: -1 };
    return clock.shown && clock.snippetShown ? { row: clock.shown - clock.enter, snippet: clock.snippetShown - clock.enter } : null;
  }, null, { timeout: 60000 }).then((handle) => handle.jsonValue())
    .then(({ row, snippet }) => ({ row: row < 0 ? NaN : row, snippet: snippet < 0 ? NaN : snippet }));
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
  } else await page.locator('#search-query').fill(query);
  await page.locator('#search-query').press('Enter');
  await waitDone(page, before);
  const { row: ms, snippet: snippetMs } = await shownMs(page);
  return {
    ms,
    snippetMs,
    completeMs: await page.evaluate(() => window.__searchClock.done - window.__searchClock.enter),
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
 * Latencies (ms, medians of `repeat` fresh browser contexts): the first query (typed on a search page open for a
 * second, as long as typing takes; and arriving from another page's box), and later queries on the same page,
 * each typed as a reader types it and, in a context of its own, pasted (nothing loaded before Enter). Each:
 * Enter → the frame that shows the first result (see armClock); and, typed, Enter → the whole first page shown
 * (completeMs: every result's snippet, the facets).
 */
async function queryLatencies(site, { repeat = 3, queries = QUERIES } = {}) {
  return withBrowser(async (browser) => {
    const first = [];
    const firstSnippet = [];
    const landing = [];
    const later = new Map();
    const requests = [];
    const record = (kind, how, ms) => {
      if (!later.has(kind)) later.set(kind, { typed: [], pasted: [], complete: [], typedSnippet: [], pastedSnippet: [] });
      later.get(kind)[how].push(ms);
    };
    for (let i = 0; i < repeat; i++) {
      // Arriving from another page's search box: search.html?q=… (navigation → first result).
      {
        const { context, requests: made } = await offline(browser);
        const page = await context.newPage();
        await page.goto(`file://${path.join(site, 'index.html')}`);
        const started = Date.now();
        await page.goto(`file://${path.join(site, 'search.html')}`.concat(`?q=${encodeURIComponent(queries.word)}`));
        await page.waitForSelector('.result-list .result', { timeout: 60000 });
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
          first.push(one.ms);
          firstSnippet.push(one.snippetMs);
        } else await entered(page, queries.word, false);
        for (const [kind, query] of queries.later) {
          const run = await entered(page, query, how === 'typed');
          record(kind, how, run.ms);
          record(kind, `${how}Snippet`, run.snippetMs);
          if (how === 'typed') later.get(kind).complete.push(run.completeMs);
        }
        // A facet: the first value of the persons facet (a click: nothing to type).
        const facet = page.locator('.facet[data-facet="person"] .facet-value a').first();
        if (await facet.count()) {
          const before = await page.evaluate(() => document.documentElement.getAttribute('data-search-done'));
          await facet.click();
          await waitDone(page, before);
          const shown = await shownMs(page);
          record('facet', how, shown.row);
          record('facet', `${how}Snippet`, shown.snippet);
        }
        requests.push(...made);
        await context.close();
      }
    }
    return {
      firstMs: median(first),
      firstSnippetMs: median(firstSnippet),
      landingMs: median(landing),
      later: [...later].map(([kind, values]) => ({
        kind, query: (queries.later.find(([k]) => k === kind) ?? [kind, 'first person'])[1], ms: median(values.typed), pastedMs: median(values.pasted),
        snippetMs: median(values.typedSnippet), pastedSnippetMs: median(values.pastedSnippet), completeMs: median(values.complete),
      })),
      requests,
    };
  });
}

module.exports = { searchSize, queryLatencies, QUERIES };

if (require.main === module) {
  const dist = process.argv[2];
  if (!dist) {
    process.stderr.write('usage: node scripts/bench/search.js DIST (a build\'s --out folder)\n');
    process.exit(2);
  }
  (async () => {
    const size = searchSize(dist);
    const latencies = await queryLatencies(path.join(path.resolve(dist), 'html'), { repeat: Number(process.env.REPEAT ?? 3) });
    process.stdout.write(`${JSON.stringify({ size, ratio: { editionTxt: size.index / size.editionTxt, textEdition: size.index / size.textEdition }, latencies }, null, 1)}\n`);
  })().catch((error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(2);
  });
}
