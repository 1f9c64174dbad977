'use strict';
/*
 * The search's figures for the benchmark (issue 14), on a published edition:
 *
 * - size: the index (html/search/, the stemmer scripts counted apart: they are code, the same for every
 *   edition) against the text edition (text/edition.txt, the collection's text; and text/ as a whole);
 * - query latencies in Chromium (Debian's, driven by playwright-core) from file://, every request off the
 *   file system refused: the first one-word query on a search page that has been open for as long as typing
 *   takes (Enter → first result shown), the same query arriving from another page's search box (navigation →
 *   first result), and later queries of each kind on the same page (Enter → results shown; a facet click →
 *   results shown).
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

/** In the page: time of the next Enter in the search box, and of the first result shown after it. */
function armClock(page) {
  return page.evaluate(() => {
    const clock = { enter: 0, first: 0 };
    window.__searchClock = clock;
    document.getElementById('search-query').addEventListener('keydown', (event) => {
      if (event.key === 'Enter') { clock.enter = performance.now(); clock.first = 0; }
    }, true);
    document.addEventListener('click', () => { clock.enter = performance.now(); clock.first = 0; }, true);
    new MutationObserver(() => {
      if (!clock.first && clock.enter && document.querySelector('.result-list .result')) clock.first = performance.now();
    }).observe(document.querySelector('.result-list'), { childList: true });
  });
}

async function waitDone(page, before) {
  await page.waitForFunction((previous) => {
    const done = document.documentElement.getAttribute('data-search-done');
    return done !== null && done !== previous;
  }, before, { timeout: 60000 });
}

async function typed(page, query) {
  const before = await page.evaluate(() => document.documentElement.getAttribute('data-search-done'));
  await page.locator('#search-query').fill(query);
  await page.locator('#search-query').press('Enter');
  await waitDone(page, before);
  return page.evaluate(() => ({
    ms: window.__searchClock.first ? window.__searchClock.first - window.__searchClock.enter : NaN,
    results: document.querySelectorAll('.result').length,
    status: document.querySelector('.search-status').textContent,
  }));
}

const median = (values) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Latencies (ms, medians of `repeat` fresh browser contexts). */
async function queryLatencies(site, { repeat = 3, queries = QUERIES } = {}) {
  return withBrowser(async (browser) => {
    const first = [];
    const landing = [];
    const later = new Map();
    const requests = [];
    for (let i = 0; i < repeat; i++) {
      // Arriving from another page's search box: search.html?q=… (navigation → first result).
      {
        const { context, requests: made } = await offline(browser);
        const page = await context.newPage();
        await page.goto(`file://${path.join(site, 'index.html')}`);
        const started = Date.now();
        await page.goto(`file://${path.join(site, 'search.html')}?q=${encodeURIComponent(queries.word)}`);
        await page.waitForSelector('.result-list .result', { timeout: 60000 });
        landing.push(Date.now() - started);
        requests.push(...made);
        await context.close();
      }
      // On the search page, open for a second (as long as typing takes), Enter → first result.
      const { context, requests: made } = await offline(browser);
      const page = await context.newPage();
      await page.goto(`file://${path.join(site, 'search.html')}`);
      await waitDone(page, null);
      await armClock(page);
      await page.waitForTimeout(1000);
      const one = await typed(page, queries.word);
      if (one.results === 0) throw new Error(`"${queries.word}" found nothing in ${site}`);
      first.push(one.ms);
      for (const [kind, query] of queries.later) {
        const run = await typed(page, query);
        if (!later.has(kind)) later.set(kind, []);
        later.get(kind).push(run.ms);
      }
      // A facet: the first value of the persons facet.
      const facet = page.locator('.facet[data-facet="person"] .facet-value a').first();
      if (await facet.count()) {
        const before = await page.evaluate(() => document.documentElement.getAttribute('data-search-done'));
        await facet.click();
        await waitDone(page, before);
        const ms = await page.evaluate(() => (window.__searchClock.first ? window.__searchClock.first - window.__searchClock.enter : NaN));
        if (!later.has('facet')) later.set('facet', []);
        later.get('facet').push(ms);
      }
      requests.push(...made);
      await context.close();
    }
    return {
      firstMs: median(first),
      landingMs: median(landing),
      later: [...later].map(([kind, values]) => ({ kind, query: (queries.later.find(([k]) => k === kind) ?? [kind, 'first person'])[1], ms: median(values) })),
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
