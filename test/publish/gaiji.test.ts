/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: it type-checks against the DOM.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { validateCollection } from '../../src/validation';
import { EDITION_RULES_FILE } from '../../src/validation/associations';
import { ARTIFACTS, fileUrl, launchChromium, offlinePage } from '../support/browser';
import { PUBLISH_FIXTURES, publish, read } from '../support/publish';
import { REPO_ROOT } from '../support/shared';

/**
 * Non-standard characters and glyphs (TEI Guidelines 5): a g pointing to a char or glyph of a charDecl (in the header,
 * or in a file of the collection) reads as its content, else as the declaration's mapping: the standard or normalized
 * one in the reading view, the text edition and the search, the diplomatic one in the diplomatic view, then any other,
 * then its image, then its name in brackets, never nothing. TCP's line-end hyphen (char:EOLhyphen) joins the word
 * across the line. Fixtures: test/fixtures/publish/gaiji/ (homily: a MUFI-style header charDecl; charter: chars.xml and
 * a dangling pointer; morrice: an EEBO-TCP book; hostile).
 */

const SRC = path.join(PUBLISH_FIXTURES, 'gaiji');
const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');

let out: string;
let site: string;
// The text edition's running text, its lines wrapped: read as one line.
const text = (name: string): string => read(path.join(out, 'text', `${name}.txt`)).replace(/\s+/g, ' ');

beforeAll(async () => {
  const built = await publish(SRC);
  out = built.out;
  site = path.join(out, 'html');
  expect(built.result.published).toBe(true);
  // The declarations file has no text: it is no document of the edition.
  expect(built.result.documents.map((file) => path.basename(file)).sort()).toEqual(['charter.xml', 'homily.xml', 'hostile.xml', 'morrice.xml']);
}, 120_000);

describe('the text edition', () => {
  test('an empty g reads as its standard or normalized mapping, else another mapping; a g with content as its content', () => {
    const homily = text('homily');
    expect(homily).toContain('Perfectionem artis querimus et uitam beatam.');
    // A glyph whose standard form is a character the charDecl declares: that character's mapping (composed).
    expect(homily).toContain('Dixit quod ita est');
    expect(homily).toContain('Sarcina leuis est propter hoc.');
  });

  test('a declaration with no mapping reads as its name in brackets (charName, glyphName, localProp or charProp "name")', () => {
    expect(text('homily')).toContain('ita est [HEDERA] et addidit[PUNCTUS ELEVATUS] nec plura.');
  });

  test('a g pointing to a declaration in another file of the collection reads as it declares; a dangling one as what it names', () => {
    const charter = text('charter');
    expect(charter).toContain('Nos abbas atque conuentus [nowhere] notum facimus.');
    expect(charter).toContain('Datum anno domini.');
  });

  test("TCP's line-end hyphen joins the word across the line, with or without a printed hyphen; its other characters read as their content; an illegible letter shows TCP's mark", () => {
    const morrice = text('morrice');
    expect(morrice).toContain('is pleaſant to ſporte in, Honeſtie trauelling as his cuſtome is');
    expect(morrice).toContain('lodged therein without peſterment.');
    expect(morrice).toContain('into the ayre, amorous ditties');
    expect(morrice).toContain('h[•]unteth, it was my hap, co\u0304ming into Hogſden');
    expect(morrice).toContain('a houſe▪ Yet the roume');
    expect(morrice).not.toMatch(/EOLhyphen|EOLunhyphen/);
    // TCP's header declares its language by the code alone: the page names it.
    expect(read(path.join(site, 'documents', 'morrice.html'))).toContain('<dt>Language</dt><dd>English</dd>');
  });

  test('hostile declarations stay text', () => {
    expect(text('hostile-glyphs')).toContain("First <script>alert('mapping')</script> then [<b>SCRIPTED GLYPH</b>] and [DATA GLYPH] last [alert('ref')] end.");
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

  const visibleText = (): Promise<string> => page.locator('section.text').evaluate((el) => (el as HTMLElement).innerText);
  const diplomatic = async (): Promise<void> => {
    await page.locator('label[for="view-diplomatic"]').click();
  };
  /** A document page in the reading view (the reader's last choice of view is remembered). */
  const open = async (name: string): Promise<void> => {
    await page.goto(fileUrl(path.join(site, 'documents', `${name}.html`)));
    await page.locator('label[for="view-reading"]').click();
  };

  test('the reading view shows the standard forms, the diplomatic view the forms as written; the name on hover', async () => {
    await open('homily');
    const reading = await visibleText();
    expect(reading).toContain('Perfectionem artis querimus et uitam beatam.');
    expect(reading).toContain('Dixit quod ita est [HEDERA] et addidit');
    expect(reading).toContain('Sarcina leuis est propter hoc.');
    expect(await page.locator('.g').first().getAttribute('title')).toBe('LATIN SMALL LIGATURE CT');
    // A declaration with an image and no mapping: the image, its name the alt text, in both views.
    const image = page.locator('img.glyph-image');
    expect(await image.count()).toBe(1);
    expect(await image.getAttribute('src')).toBe('https://images.example.org/glyphs/punctus-elevatus.png');
    expect(await image.getAttribute('alt')).toBe('PUNCTUS ELEVATUS');
    expect(await image.getAttribute('height')).toBe('16');
    await page.locator('section.text').screenshot({ path: path.join(SCREENSHOTS, 'gaiji-reading.png') });
    await diplomatic();
    const written = await visibleText();
    expect(written).toContain('Perfeꝣionem aꝛtis querimus ⁊ uitam beatam.');
    expect(written).toContain('Sarcina leuis est ꝓpter hoc.');
    expect(written).not.toContain('Perfectionem');
    await page.locator('section.text').screenshot({ path: path.join(SCREENSHOTS, 'gaiji-diplomatic.png') });
  }, 60_000);

  test('a declaration in chars.xml: its mappings in each view, its image (copied beside the pages) where the diplomatic view has no form; a dangling pointer shows what it names', async () => {
    await open('charter');
    expect(await visibleText()).toContain('Nos abbas atque conuentus [nowhere] notum facimus.');
    expect(await visibleText()).toContain('Datum anno domini.');
    expect(await page.locator('.g[title="Undeclared character: nowhere"]').textContent()).toBe('[nowhere]');
    await diplomatic();
    expect(await visibleText()).toContain('Nos abbas atꝫ conuentus [nowhere] notum facimus.');
    const image = page.locator('img.glyph-image');
    expect(await image.getAttribute('src')).toBe('../media/glyphs/dhook.png');
    expect(await image.isVisible()).toBe(true);
    expect(await image.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(10);
    expect(fs.existsSync(path.join(site, 'media', 'glyphs', 'dhook.png'))).toBe(true);
  }, 60_000);

  test('an EEBO-TCP book reads with its words whole; the diplomatic view shows the printed line-end hyphen', async () => {
    await open('morrice');
    const reading = await visibleText();
    expect(reading).toContain('is pleaſant to ſporte in');
    expect(reading).toContain('therein without peſterment.');
    expect(reading).toContain('into the ayre, amorous ditties');
    // An illegible letter: TCP's mark for it in its place, why and how much on hover.
    expect(reading).toContain('good fellowſhip h[•]unteth, it was my hap');
    expect(await page.locator('.gap').getAttribute('title')).toBe('gap: illegible, 1 letter');
    await page.locator('section.text').screenshot({ path: path.join(SCREENSHOTS, 'gaiji-tcp-reading.png') });
    await diplomatic();
    const written = await visibleText();
    expect(written).toContain('is plea-ſant to ſporte in');
    expect(written).toContain('therein with-out peſterment.');
    expect(written).toContain('into the ayre, amorous ditties');
    expect(await page.locator('.g[title^="hyphen at a line end"]').count()).toBe(3);
  }, 60_000);

  test('the search finds a word by its letters as the reading view reads them', async () => {
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
    expect(await search('perfectionem')).toEqual([expect.stringMatching(/^documents\/homily\.html#/)]);
    expect(await search('atque')).toEqual([expect.stringMatching(/^documents\/charter\.html#/)]);
    expect(await search('trauelling')).toEqual([expect.stringMatching(/^documents\/morrice\.html#/)]);
    expect(await search('amorous')).toEqual([expect.stringMatching(/^documents\/morrice\.html#/)]);
  }, 90_000);

  test('hostile declarations: no script runs, no javascript: or data: address becomes an image, markup stays text', async () => {
    const html = read(path.join(site, 'documents', 'hostile-glyphs.html'));
    expect(html).not.toMatch(/href="(javascript|data):|src="(javascript|data):/i);
    expect(html).not.toContain('<script>alert');
    await open('hostile-glyphs');
    expect(await page.locator('section.text script, section.text img, section.text b').count()).toBe(0);
    expect(await visibleText()).toContain("First <script>alert('mapping')</script> then [<b>SCRIPTED GLYPH</b>] and [DATA GLYPH] last [alert('ref')] end.");
    expect(await page.locator('.g').first().getAttribute('title')).toBe("\"><img src=x onerror=alert('name')>");
    await diplomatic();
    expect(await page.locator('section.text script, section.text img, section.text b').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(requests.filter((url) => !url.startsWith('https://images.example.org/'))).toEqual([]);
  }, 60_000);
});

test("the edition rules already report a g pointing nowhere (pointer-unresolved), and none of the collection's declarations", async () => {
  const report = await validateCollection([path.join(SRC, 'charter.xml'), path.join(SRC, 'chars.xml')], { cwd: REPO_ROOT, rules: EDITION_RULES_FILE });
  const rules = report.diagnostics.filter((d) => d.layer === 'rules').map(({ rule, message }) => `${rule}: ${message}`);
  expect(rules).toEqual([expect.stringMatching(/^pointer-unresolved: @ref on g points nowhere: #nowhere/)]);
}, 120_000);
