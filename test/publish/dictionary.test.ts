/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Code passed to page.evaluate runs in the browser: it type-checks against the DOM.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, fileUrl, launchChromium, offlineContext, offlinePage } from '../support/browser';
import { PUBLISH_FIXTURES, publish, read } from '../support/publish';

/**
 * Dictionaries (TEI Guidelines 9): an entry reads as a printed dictionary's. The headword (orth) bold, then its
 * pronunciation, grammatical labels in the entry's own order, each sense a paragraph under its number (@n, or
 * counted: 1. a) i)), translations and examples as quotations in their language, cross-references as links to the
 * entry they point to (in the document, in another file, or named by headword), the etymology; each entry anchored
 * by its xml:id, where a search for its headword lands. A retro-digitised entry that punctuates itself (pc) runs its
 * senses on as printed. Fixtures: test/fixtures/publish/dictionary/ (a FreeDict-like wordlist, a TEI Lex-0-like
 * supplement), with a hostile entry: markup and script as text in an orth, a javascript: target.
 */

const SRC = path.join(PUBLISH_FIXTURES, 'dictionary');

describe('a dictionary', () => {
  let out: string;
  let site: string;
  let browser: Browser;
  const text = (name: string): string => read(path.join(out, 'text', `${name}.txt`));

  beforeAll(async () => {
    const built = await publish(SRC);
    out = built.out;
    site = path.join(out, 'html');
    expect(built.result.published).toBe(true);
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function open(file: string, run: (page: Page) => Promise<void>): Promise<void> {
    const { context, page, dialogs } = await offlinePage(browser);
    try {
      await page.goto(fileUrl(path.join(site, 'documents', file)));
      await run(page);
      expect(dialogs).toEqual([]);
    } finally {
      await context.close();
    }
  }

  test('the text edition: the headword line with its labels as encoded, the senses under their numbers, a blank line between entries', () => {
    const wordlist = text('welsh-english');
    expect(wordlist).toContain('\nafon ˈavɔn f n pl. afonydd\n'
      + ' 1. river, stream ar lan yr afon on the river bank\n'
      + ' 2. poet. a flow of anything, as of tears\n'
      + 'From Proto-Celtic abonā, river.\n\n');
    // Two spellings set apart; senses counted where they have no @n, a nested sense's letter after its sense's number.
    expect(wordlist).toContain('\nbara, bâra n m\n'
      + '  1. a) lit. bread\n'
      + '     b) fig. livelihood → bywoliaeth\n'
      + ' 2. loaf see also afon\n\n');
    // A lone sense has no number; homographs of a superEntry are entries of their own.
    expect(wordlist).toContain('\nbywoliaeth n\n    living, livelihood → cyfoeth\n\nllun n m\n    picture\n\nLlun n\n    Monday\n');
    // Markup in an orth is its text.
    expect(wordlist).toContain('\n<script>alert("orth")</script><b>drwg</b>\n    evil → afon\n');
    const supplement = text('supplement');
    // The source's punctuation touches what it follows; senses it runs on stay in the entry's paragraph, unnumbered.
    expect(supplement).toContain('\nCyfoeth, s. wealth, riches; fig. plenty.\n');
    expect(supplement).toContain('\ncyfoethog adj. rich\n');
    // Numbers the source prints (num) are not printed twice.
    expect(supplement).toContain('\ntlawd adj.\n    1. poor\n    2. wretched\n');
    expect(supplement).toContain('\ntlodi, s. m. poverty; opp. cyfoeth.\n');
  });

  test('the page: headword bold, labels in order, numbered senses, quotations in their language, anchors and links', async () => {
    await open('welsh-english.html', async (page) => {
      const afon = await page.evaluate(() => {
        const entry = document.getElementById('wl-afon')!;
        const orth = entry.querySelector('.form > .orth')!;
        return {
          tag: entry.tagName,
          headword: orth.textContent,
          weight: Number(getComputedStyle(orth).fontWeight),
          labels: [...entry.querySelectorAll(':scope > .gramGrp > *')].map((l) => `${l.className}:${l.textContent}`),
          labelStyle: getComputedStyle(entry.querySelector('.gramGrp')!).fontStyle,
          numbers: [...entry.querySelectorAll(':scope > .sense > .sense-number')].map((n) => n.textContent),
          translations: [...entry.querySelectorAll('.cit[data-type="translation"] > .quote')].map((q) => `${(q.closest('[lang]') as HTMLElement).lang}:${q.textContent}`),
          example: (() => { const q = entry.querySelector('.cit[data-type="example"] > .quote')!; return `${(q.closest('[lang]') as HTMLElement).lang}:${getComputedStyle(q).fontStyle}:${q.textContent}`; })(),
          etym: entry.querySelector('.etym')!.textContent!.replace(/\s+/g, ' ').trim(),
        };
      });
      expect(afon).toEqual({
        tag: 'DIV', headword: 'afon', weight: 700,
        labels: ['gen:f', 'pos:n', 'number:pl. afonydd'], labelStyle: 'italic',
        numbers: ['1.', '2.'],
        translations: ['en:river', 'en:stream', 'en:on the river bank'],
        example: 'cy:italic:ar lan yr afon',
        etym: 'From Proto-Celtic abonā, river.',
      });
      const bara = await page.evaluate(() => {
        const entry = document.getElementById('wl-bara')!;
        return {
          numbers: [...entry.querySelectorAll('.sense-number')].map((n) => n.textContent),
          links: [...entry.querySelectorAll('a')].map((a) => `${a.textContent}→${a.getAttribute('href')}`),
        };
      });
      expect(bara).toEqual({ numbers: ['1.', 'a)', 'b)', '2.'], links: ['bywoliaeth→#wl-bywoliaeth', 'afon→#wl-afon'] });
      // A cross-reference into another file of the collection lands on the entry there.
      await page.locator('#wl-bywoliaeth a', { hasText: 'cyfoeth' }).click();
      await page.waitForURL(/supplement\.html#sp-cyfoeth$/);
      expect(await page.evaluate(() => document.getElementById('sp-cyfoeth')?.className)).toBe('entry');
      fs.mkdirSync(path.join(ARTIFACTS, 'screenshots'), { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'screenshots', 'dictionary-supplement.png') });
    });
  });

  test('hostile: markup and script in an orth stay text, a javascript: cross-reference is no link', async () => {
    await open('welsh-english.html', async (page) => {
      const hostile = await page.evaluate(() => {
        const entry = document.getElementById('wl-hostile')!;
        return {
          orth: entry.querySelector('.orth')!.textContent,
          elements: entry.querySelectorAll('script, b').length,
          links: entry.querySelectorAll('a').length,
          javascript: [...document.querySelectorAll('[href], [src]')].filter((e) => /^\s*javascript:/i.test(e.getAttribute('href') ?? e.getAttribute('src') ?? '')).length,
        };
      });
      expect(hostile).toEqual({ orth: '<script>alert("orth")</script><b>drwg</b>', elements: 0, links: 0, javascript: 0 });
      await page.locator('#wl-hostile .ref').click();
      expect(page.url()).toMatch(/welsh-english\.html$/);
    });
  });

  test('a search for a headword lands on its entry, anchored by its xml:id, else by the entry itself', async () => {
    const { context } = await offlineContext(browser);
    try {
      const page = await context.newPage();
      const find = async (query: string): Promise<string[]> => {
        await page.goto('about:blank');
        await page.goto(`${fileUrl(path.join(site, 'search.html'))}#q=${encodeURIComponent(query)}`);
        await page.waitForFunction(() => document.documentElement.getAttribute('data-search-done') !== null, null, { timeout: 30000 });
        return page.evaluate(() => [...document.querySelectorAll('.result .result-title a')].map((a) => a.getAttribute('href') ?? ''));
      };
      expect(await find('bywoliaeth')).toContain('documents/welsh-english.html#wl-bywoliaeth');
      const tlawd = (await find('tlawd')).find((href) => href.startsWith('documents/supplement.html#'));
      expect(tlawd).toBeDefined();
      await page.goto(fileUrl(path.join(site, tlawd!)));
      const target = await page.evaluate((id) => { const e = document.getElementById(id)!; return `${e.className}:${e.querySelector('.orth')!.textContent}`; }, tlawd!.split('#')[1]);
      expect(target).toBe('entry:tlawd');
    } finally {
      await context.close();
    }
  });
});
