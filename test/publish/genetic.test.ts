/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: it type-checks against the DOM.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, fileUrl, launchChromium, offlinePage } from '../support/browser';
import { PUBLISH_FIXTURES, publish, read } from '../support/publish';

/**
 * Documentary and genetic transcriptions (TEI Guidelines ch. 11, "Representation of Primary Sources"): a document
 * transcribed as its source is laid out, in sourceDoc (surface, zone, line) and with no text, as the Shelley-Godwin
 * Archive and the Faust edition encode their manuscripts, is published page by page; additions and deletions that run
 * across lines (addSpan, delSpan and their anchors) read as add and del do; the writer's marks (metamark) and changes
 * of hand (handShift) are the diplomatic view's; a restored deletion reads as text. Beside a text, sourceDoc is the
 * other view of the same words: the text is the one read. Fixtures: test/fixtures/publish/genetic/.
 */

const SRC = path.join(PUBLISH_FIXTURES, 'genetic');
const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');

let out: string;
let site: string;
const text = (name: string): string => read(path.join(out, 'text', `${name}.txt`));

beforeAll(async () => {
  const built = await publish(SRC);
  out = built.out;
  site = path.join(out, 'html');
  expect(built.result.published).toBe(true);
  expect(built.result.documents.map((file) => path.basename(file)).sort()).toEqual(['both.xml', 'hostile.xml', 'notebook.xml']);
}, 120_000);

describe('the text edition', () => {
  test('a transcription in sourceDoc alone is read page by page, each under its heading: label, else p. and @n, else its place', () => {
    const notebook = text('notebook');
    expect(notebook).toMatch(/\n\[Page 1\]\n\n1\n\nThe storm came [\s\S]*\n\[p\. 2r\]\n\nThe lamp was [\s\S]*\n\[Back cover\]\n\nProperty of the Harbour Light\n/);
    // The pages' images are the HTML page's links, not "[image]" lines.
    expect(notebook).not.toContain('[image');
  });

  test('text between a delSpan and its anchor is deleted, across lines; between an addSpan and its anchor added; words stay whole', () => {
    const notebook = text('notebook');
    expect(notebook).toContain('at nine, ⟦and the boats\nwere lost⟧ and the keeper wrote\n');
    expect(notebook).toContain('\nunheeded by the ⟦sleeping⟧ town.\n');
    expect(notebook).toContain('\nall of them\ncame home\n');
  });

  test('a restored deletion reads as text; metamarks and changes of hand are not words of the reading', () => {
    const notebook = text('notebook');
    expect(notebook).toContain('\nThe lamp was lit at dusk\nand trimmed twice\n');
    expect(notebook).toContain('and the keeper wrote\nin the log by lamplight.\n');
    expect(notebook).not.toContain('^');
  });

  test('beside a text, sourceDoc is the other view of the same words: the text is read, once', () => {
    const both = text('both');
    expect(both).toContain('Dear sister, the light is out. The ⟦old tower is dark⟧ and we wait.');
    expect(both).toContain('It was unforeseen.');
    expect(both).not.toContain('Dere sister');
  });

  test('hostile input stays text; a span whose end is no pointer marks nothing', () => {
    const hostile = text('hostile-pages');
    expect(hostile).toContain("[<img src=x onerror=alert('label')>]");
    expect(hostile).toContain('\nHarmless words\nstill here\n');
    expect(hostile).toContain('\n[Page 2]\n\nSecond page\n');
  });
});

describe('the HTML edition in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let requests: string[];
  let page: Page;
  let dialogs: string[];
  beforeAll(async () => {
    browser = await launchChromium();
    ({ context, page, requests, dialogs } = await offlinePage(browser));
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  const visibleText = (selector: string): Promise<string> => page.locator(selector).evaluate((el) => (el as HTMLElement).innerText);

  test('each page of the source is a section under its heading, with the link to its image', async () => {
    await page.goto(fileUrl(path.join(site, 'documents', 'notebook.html')));
    const headings = await page.locator('section.text section.surface > h3').evaluateAll((hs) => hs.map((h) => ({
      label: h.firstChild!.textContent!.trim(), image: h.querySelector('a.pb-facs')?.getAttribute('href') })));
    expect(headings).toEqual([
      { label: 'Page 1', image: 'https://images.example.org/notebook/1r.jpg' },
      { label: 'p. 2r', image: '../media/images/page-2.png' },
      { label: 'Back cover', image: '../media/images/cover.png' },
    ]);
    expect(fs.existsSync(path.join(site, 'media', 'images', 'page-2.png'))).toBe(true);
    // Zones are blocks and lines are lines.
    expect(await page.locator('section.surface').first().locator('.zone[data-type="main"] > .line').count()).toBe(4);
    await page.locator('section.text').screenshot({ path: path.join(SCREENSHOTS, 'genetic-reading.png') });
  }, 60_000);

  test('the reading view: spans struck through or added as del and add are, marks and hands out of sight', async () => {
    await page.goto(fileUrl(path.join(site, 'documents', 'notebook.html')));
    const reading = await visibleText('section.text');
    expect(reading).toContain('at nine, ⟦and the boats\nwere lost⟧ and the keeper wrote\nin the log by lamplight.');
    expect(reading).toContain('unheeded by the ⟦sleeping⟧ town.');
    expect(reading).toContain('The lamp was lit at dusk\nand trimmed twice');
    const deleted = page.locator('[data-span="delSpan"]', { hasText: 'were lost' });
    expect(await deleted.evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe('line-through');
    expect(await page.locator('[data-span="addSpan"]').allTextContents()).toEqual(['all of them', 'came home', 'heeded']);
    expect(await page.locator('.metamark').evaluate((el) => getComputedStyle(el).display)).toBe('none');
  }, 60_000);

  test('the diplomatic view shows the writer\'s marks and where the hand changes, the hand named', async () => {
    await page.goto(fileUrl(path.join(site, 'documents', 'notebook.html')));
    await page.locator('label[for="view-diplomatic"]').click();
    expect(await page.locator('.metamark').evaluate((el) => getComputedStyle(el).display)).toBe('inline');
    expect(await page.locator('.metamark').getAttribute('title')).toBe('mark: insert');
    const hands = page.locator('.handShift');
    expect(await hands.evaluateAll((els) => els.map((el) => [getComputedStyle(el).display, el.getAttribute('title')]))).toEqual([
      ['inline', 'Hand: his daughter, in pencil'], ['inline', 'Hand: the keeper, in ink'],
    ]);
    await page.locator('section.text').screenshot({ path: path.join(SCREENSHOTS, 'genetic-diplomatic.png') });
  }, 60_000);

  test('the search finds the words of a transcription\'s pages, and of a document\'s text, not its sourceDoc too', async () => {
    const search = async (query: string): Promise<string[]> => {
      // As a reader searches (search.test.ts): the page's box, Enter, and the run it starts.
      await page.goto('about:blank');
      await page.goto(fileUrl(path.join(site, 'search.html')));
      await page.waitForFunction(() => document.documentElement.getAttribute('data-search-done') !== null, null, { timeout: 30_000 });
      const before = await page.evaluate(() => document.documentElement.getAttribute('data-search-done'));
      await page.locator('#search-query').fill(query);
      await page.locator('#search-query').press('Enter');
      await page.waitForFunction((previous) => document.documentElement.getAttribute('data-search-done') !== previous, before, { timeout: 30_000 });
      return page.locator('.result-title a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    };
    const unheeded = await search('unheeded');
    expect(unheeded).toEqual([expect.stringMatching(/^documents\/notebook\.html#block-\d+$/)]);
    // The result leads to the line it was found in.
    await page.goto(fileUrl(path.join(site, unheeded[0])));
    expect(await page.locator(`[id="${unheeded[0].split('#')[1]}"]`).textContent()).toBe('unheeded by the ⟦sleeping⟧ town.');
    // A page kept in a file of its own (xi:include) is searched as the page shows it, at its line.
    const lamplight = await search('lamplight');
    expect(lamplight).toEqual([expect.stringMatching(/^documents\/notebook\.html#block-\d+$/)]);
    await page.goto(fileUrl(path.join(site, lamplight[0])));
    expect(await page.locator(`[id="${lamplight[0].split('#')[1]}"]`).textContent()).toMatch(/^in the log\s*by lamplight\.$/);
    expect(await search('unforeseen')).toEqual([expect.stringMatching(/^documents\/both\.html#/)]);
    expect(await search('Dere')).toEqual([]);
  }, 60_000);

  test('hostile pages: no script runs, no javascript: or data: address becomes a link or an image, markup stays text', async () => {
    const html = read(path.join(site, 'documents', 'hostile-pages.html'));
    expect(html).not.toMatch(/href="(javascript|data):|src="(javascript|data):/i);
    expect(html).not.toContain('<script>alert');
    await page.goto(fileUrl(path.join(site, 'documents', 'hostile-pages.html')));
    await page.locator('label[for="view-diplomatic"]').click();
    expect(await page.locator('section.text script, section.text img, section.text b').count()).toBe(0);
    expect(await page.locator('section.surface a.pb-facs').count()).toBe(0);
    expect(await page.locator('section.surface > h3').first().textContent()).toBe("<img src=x onerror=alert('label')>");
    expect(await page.locator('.handShift').getAttribute('title')).toBe("Hand: \"><script>alert('hand')</script>");
    expect(await page.locator('.metamark').textContent()).toBe('<b>mark</b>');
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
  }, 60_000);
});
