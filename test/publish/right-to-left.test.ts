/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Code passed to page.evaluate runs in the browser: it type-checks against the DOM.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { core } from '../../src/search/core';
import { ARTIFACTS, fileUrl, launchChromium, offlineContext } from '../support/browser';
import { PUBLISH_FIXTURES, publish, read } from '../support/publish';

/**
 * Right-to-left scripts (TEI Guidelines vi.1 "Language identification", 5 "Characters, Glyphs, and Writing Modes";
 * HTML's dir): the direction of a text comes from its xml:lang (BCP 47: the script subtag first, else the language's
 * usual script), in both directions of mixing: an Arabic periodical's issue (modelled on OpenArabicPE's al-Muqtabas:
 * the header in English, the text in Arabic, an English note, a transliteration) and an English commentary quoting
 * Hebrew; names, titles and passages of no encoded language are isolated where other text surrounds them; the
 * margins mirror; the search finds a vowelled word from an unvowelled query and the reverse. Fixtures:
 * test/fixtures/publish/right-to-left/. Screenshots go to test-artifacts/screenshots/right-to-left-*.png.
 */

const SRC = path.join(PUBLISH_FIXTURES, 'right-to-left');
const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');

describe('right-to-left scripts', () => {
  let site: string;
  let textDir: string;
  let browser: Browser;
  const page = (file: string): string => read(path.join(site, file));
  const main = (file: string): string => /<main[\s\S]*<\/main>/.exec(page(file))![0];

  beforeAll(async () => {
    const built = await publish(SRC);
    site = path.join(built.out, 'html');
    textDir = path.join(built.out, 'text');
    expect(built.result.published).toBe(true);
    browser = await launchChromium();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function open(file: string, width = 1200): Promise<Page> {
    const { context } = await offlineContext(browser);
    const tab = await context.newPage();
    await tab.setViewportSize({ width, height: 900 });
    await tab.goto(fileUrl(path.join(site, file)));
    return tab;
  }

  test('the direction comes from xml:lang: the text, its notes and the phrases of the other direction are marked, nothing else', () => {
    const arabic = main('documents/muqtabas-issue.html');
    // The text in Arabic (text/@xml:lang) in an English document (TEI/@xml:lang="en"): right to left.
    expect(arabic).toMatch(/<section class="text" aria-labelledby="text-heading" lang="ar" dir="rtl">/);
    expect(arabic).toMatch(/<ol class="notes" lang="ar" dir="rtl">/);
    // An English note in it, and a transliteration (the script subtag Latn wins): left to right.
    expect(arabic).toMatch(/<li id="[^"]+" value="1" class="note" lang="en" dir="ltr">/);
    expect(arabic).toContain('<span lang="ar-Latn-x-ijmes" dir="ltr" class="foreign">al-Muqtabas</span>');
    // English in Arabic letters (en-Arab) is right to left, as the text around it: nothing to mark.
    expect(arabic).toContain('<span lang="en-Arab" class="foreign">ذي ماغازين</span>');
    // The title (no language of its own in the page's English) is isolated in its own direction.
    expect(arabic).toMatch(/<h1 lang="en" dir="auto">مجلة المقتبس، الجزء 1 \(1906\)<\/h1>/);

    const english = main('documents/english-quoting-hebrew.html');
    expect(english).toMatch(/<section class="text" aria-labelledby="text-heading" lang="en">/);
    expect(english).toContain('<span lang="he" dir="rtl" class="quote">בְּרֵאשִׁ֖ית בָּרָ֣א אֱלֹהִ֑ים</span>');
    expect(english).toContain('<span lang="yi" dir="rtl" class="foreign">װאַסער</span>');
    expect(english).toContain('<span lang="syr" dir="rtl" class="foreign">ܡܝܐ</span>');
    expect(english).not.toMatch(/<h1[^>]*dir=/);
    // The script subtag first, else the language's usual script; left-to-right tags in English: nothing.
    const directions = [...english.matchAll(/<span lang="([^"]+)"( dir="(\w+)")? class="foreign">/g)].map((m) => `${m[1]} ${m[3] ?? '-'}`);
    expect(directions).toEqual(['he rtl', 'yi rtl', 'syr rtl', 'ur rtl', 'fa-IR rtl', 'dv rtl', 'nqo rtl', 'ku-Arab rtl', 'ar-apc-Arab rtl',
      'he-Latn -', 'en-GB -', 'ar-Latn-x-ijmes -', 'ff-Adlm rtl']);
  });

  test('names and titles of no encoded language are isolated in lists, registers and entry pages (dir="auto" or bdi)', () => {
    expect(main('index.html')).toContain('<a class="document-title" href="documents/muqtabas-issue.html" lang="en" dir="auto">مجلة المقتبس، الجزء 1 (1906)</a>');
    // Latin titles stay as they were.
    expect(main('index.html')).toContain('<a class="document-title" href="documents/english-quoting-hebrew.html" lang="en">A commentary on the first verse</a>');
    const persons = main('persons.html');
    expect(persons).toContain('<a href="persons/kurd-ali.html"><bdi>محمد كرد علي</bdi></a>');
    expect(persons).toContain('<a href="persons/rashi.html"><bdi>רש״י</bdi></a>');
    expect(main('places.html')).toContain('<a href="places/dimashq.html"><bdi>دمشق (الشام)</bdi></a>');
    const entry = main('persons/kurd-ali.html');
    expect(entry).toContain('<h1><bdi>محمد كرد علي</bdi></h1>');
    expect(entry).toContain('<h3><a href="../documents/muqtabas-issue.html" dir="auto">مجلة المقتبس، الجزء 1 (1906)</a></h3>');
    // The mention's context, in Arabic: right to left.
    expect(entry).toMatch(/<ol class="mentions"><li lang="ar" dir="rtl">/);
  });

  test('in the browser: each part reads in its direction, the margins mirrored in the Arabic text and unchanged in the English one', async () => {
    const tab = await open('documents/muqtabas-issue.html');
    const arabic = await tab.evaluate(() => {
      const direction = (selector: string): string => getComputedStyle(document.querySelector(selector)!).direction;
      const section = document.querySelector('section.text')!.getBoundingClientRect();
      const paragraph = document.querySelector('section.text p')!.getBoundingClientRect();
      const page = document.querySelector('.pb-label')!.getBoundingClientRect();
      const numbered = document.querySelector('.l[data-line]')!;
      const number = getComputedStyle(numbered, '::before');
      return {
        text: direction('section.text'), header: direction('.site-header'), metadata: direction('.metadata'),
        transliteration: direction('.foreign[lang="ar-Latn-x-ijmes"]'), notes: direction('ol.notes'), englishNote: direction('ol.notes li[lang="en"]'),
        paragraphAlign: getComputedStyle(document.querySelector('section.text p')!).textAlign,
        // The page's marker in the margin at the end of the line: on the left of an Arabic text.
        pageMarkerLeftOfText: page.right <= paragraph.left + 1, pageMarkerInSection: page.left >= section.left - 1,
        // The line numbers in the margin at its start: on the right, outside the text.
        lineNumberRight: number.right, lineNumberContent: number.content,
        // A note's marker stands after the word it follows in reading order: to its left.
        noteMarker: getComputedStyle(document.querySelector('a.note-ref')!).direction,
        title: direction('h1'),
      };
    });
    expect(arabic).toEqual({
      text: 'rtl', header: 'ltr', metadata: 'ltr', transliteration: 'ltr', notes: 'rtl', englishNote: 'ltr',
      paragraphAlign: 'start', pageMarkerLeftOfText: true, pageMarkerInSection: true,
      lineNumberRight: '-56px', lineNumberContent: '"5" / ""', noteMarker: 'rtl', title: 'rtl',
    });
    // Where the first line of the paragraph and the verse begin: at the right edge of the text.
    const edges = await tab.evaluate(() => {
      const range = document.createRange();
      const line = document.querySelector('.l[data-line]')!;
      range.selectNodeContents(line);
      const verse = range.getClientRects()[0];
      const p = document.querySelector('section.text p')!.getBoundingClientRect();
      return { verseRightGap: Math.round(p.right - verse.right) };
    });
    expect(edges.verseRightGap).toBeLessThanOrEqual(1);
    await tab.screenshot({ path: path.join(SCREENSHOTS, 'right-to-left-arabic.png'), fullPage: true });

    const hebrew = await open('documents/english-quoting-hebrew.html');
    const english = await hebrew.evaluate(() => {
      const direction = (selector: string): string => getComputedStyle(document.querySelector(selector)!).direction;
      const p = document.querySelector('section.text p')!;
      const quote = document.querySelector('section.text p .quote')!;
      return {
        text: direction('section.text'), quote: direction('section.text p .quote'), block: direction('section.text div.quote'),
        isolated: getComputedStyle(quote).unicodeBidi,
        // "(1:1)" follows the Hebrew quotation in the English sentence: to its right, not swallowed into it.
        afterQuote: (() => {
          const range = document.createRange();
          const text = [...p.childNodes].find((n) => n.nodeType === 3 && (n.textContent ?? '').includes('(1:1)'))!;
          range.setStart(text, text.textContent!.indexOf('(1:1)'));
          range.setEnd(text, text.textContent!.indexOf('(1:1)') + 5);
          return range.getBoundingClientRect().left >= quote.getBoundingClientRect().right - 1;
        })(),
      };
    });
    expect(english).toEqual({ text: 'ltr', quote: 'rtl', block: 'rtl', isolated: 'isolate', afterQuote: true });
    await hebrew.screenshot({ path: path.join(SCREENSHOTS, 'right-to-left-english-hebrew.png'), fullPage: true });

    // The lists: an Arabic name does not take the count after it into its own line order.
    const persons = await open('persons.html');
    const order = await persons.evaluate(() => {
      const li = document.querySelector('a[href="persons/kurd-ali.html"]')!.closest('li')!;
      const name = li.querySelector('bdi')!.getBoundingClientRect();
      const count = li.querySelector('.mention-count')!.getBoundingClientRect();
      return { countAfterName: count.left >= name.right - 1, nameDirection: getComputedStyle(li.querySelector('bdi')!).direction };
    });
    expect(order).toEqual({ countAfterName: true, nameDirection: 'rtl' });
    await persons.screenshot({ path: path.join(SCREENSHOTS, 'right-to-left-persons.png'), fullPage: true });
  }, 120_000);

  test('a space at the edge of a right-to-left name stays between it and the words beside it; a map label reads in its own direction', async () => {
    // The metadata's author: the Arabic name, then its transliteration, a space between them. HTML keeps the first of
    // spaces that collapse: one inside the isolated Arabic name would be laid out at its far (left) side, and the
    // transliteration would touch the name.
    const tab = await open('documents/muqtabas-issue.html');
    const author = await tab.evaluate(() => {
      const dd = [...document.querySelectorAll('.metadata dt')].find((dt) => dt.textContent === 'Author')!.nextElementSibling!;
      // The boxes of an element's letters (not of its white space).
      const letters = (element: Element): DOMRect[] => {
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
        const boxes: DOMRect[] = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const words = node.textContent!;
          if (!words.trim()) continue;
          const range = document.createRange();
          range.setStart(node, words.length - words.trimStart().length);
          range.setEnd(node, words.trimEnd().length);
          boxes.push(...range.getClientRects());
        }
        return boxes;
      };
      const arabic = letters(dd.querySelector('[lang="ar"]')!);
      const latin = letters(dd.querySelector('[lang="ar-Latn-x-ijmes"]')!);
      return { text: (dd as HTMLElement).innerText, gap: Math.min(...latin.map((box) => box.left)) - Math.max(...arabic.map((box) => box.right)) };
    });
    expect(author.text).toBe('محمد كرد علي Muḥammad Kurd ʿAlī');
    expect(author.gap).toBeGreaterThanOrEqual(2);
    await tab.screenshot({ path: path.join(SCREENSHOTS, 'right-to-left-author.png'), clip: { x: 0, y: 0, width: 1200, height: 500 } });

    // The map: an Arabic place's label in parentheses ("دمشق (الشام)") is isolated as the page's title is (FSI … PDI):
    // laid out right to left, its closing parenthesis at its left end, not after it on the right.
    expect(page('map.html')).toContain('>\u2068دمشق (الشام)\u2069</text>');
    const map = await open('map.html');
    const label = await map.evaluate(() => {
      const text = [...document.querySelectorAll<SVGTextElement>('.map-place text')].find((t) => t.textContent!.includes('دمشق'))!;
      const value = text.textContent!;
      const centre = (index: number): number => { const box = text.getExtentOfChar(index); return box.x + box.width / 2; };
      return { nameFirstLetter: centre(value.indexOf('د')), closingParenthesis: centre(value.lastIndexOf(')')) };
    });
    expect(label.closingParenthesis).toBeLessThan(label.nameFirstLetter);
    await map.screenshot({ path: path.join(SCREENSHOTS, 'right-to-left-map.png') });
  });

  test('the search folds Arabic and Hebrew as readers type them: a query without vowels finds the vowelled word, and the reverse', async () => {
    // One function folds the index and the query (assets/search-core.js).
    expect(core.fold('ٱلْكِتَابُ')).toBe(core.fold('الكتاب'));
    expect(core.fold('كتـــاب')).toBe(core.fold('كتاب'));
    expect(['أحمد', 'إحمد', 'آحمد'].map(core.fold)).toEqual(['احمد', 'احمد', 'احمد']);
    expect(core.fold('علی')).toBe(core.fold('علي'));
    expect(core.fold('کتاب')).toBe(core.fold('كتاب'));
    expect(core.fold('בְּרֵאשִׁ֖ית')).toBe('בראשית');
    expect(core.fold('١٣٢٤')).toBe('1324');
    // Persian ۀ and هٔ and the bare ha are one letter to the search; Hebrew's gershayim and geresh stay inside the word.
    expect(['رسالۀ', 'رسالهٔ', 'رساله'].map(core.fold)).toEqual(['رساله', 'رساله', 'رساله']);
    expect(core.wordList('אמר רש״י על ג׳ירפה')).toEqual(['אמר', 'רש״י', 'על', 'ג׳ירפה']);
    expect(core.fold('רש״י')).toBe('רשי');

    const tab = await open('search.html');
    const ask = async (query: string): Promise<{ status: string; titles: string[]; marks: string[]; snippetDirection: string; titleDirection: string }> => {
      await tab.goto('about:blank');
      await tab.goto(fileUrl(path.join(site, 'search.html')) + '#q=' + encodeURIComponent(query));
      await tab.waitForFunction(() => document.documentElement.getAttribute('data-search-done') !== null
        && (document.querySelector('.result') === null || document.querySelector('.result .result-snippet:not([aria-busy])') !== null), undefined, { timeout: 30000 });
      return tab.evaluate(() => ({
        status: document.querySelector('.search-status')!.textContent ?? '',
        titles: [...document.querySelectorAll('.result-title a')].map((a) => a.textContent ?? ''),
        marks: [...document.querySelectorAll('.result mark')].map((m) => m.textContent ?? ''),
        snippetDirection: document.querySelector('.result-snippet') ? getComputedStyle(document.querySelector('.result-snippet')!).direction : '',
        titleDirection: document.querySelector('.result-title a') ? getComputedStyle(document.querySelector('.result-title a')!).direction : '',
      }));
    };
    // Unvowelled query, vowelled word (المُقْتَبَس) and a word stretched by tatweel (كتـــاب).
    const unvowelled = await ask('المقتبس');
    expect(unvowelled.titles).toEqual(['مجلة المقتبس، الجزء 1 (1906)']);

    // The results in their direction; the query isolated in the status line (no element can hold it there).
    expect(unvowelled).toMatchObject({ snippetDirection: 'rtl', titleDirection: 'rtl', status: '1 document for “\u2068المقتبس\u2069”.' });
    await tab.screenshot({ path: path.join(SCREENSHOTS, 'right-to-left-search.png'), fullPage: true });
    expect((await ask('سميت')).marks).toEqual(['سُمِّيَتْ']);
    expect((await ask('كتاب')).marks).toEqual(expect.arrayContaining(['كتـــاب']));
    // Vowelled query, unvowelled word.
    expect((await ask('دِمَشْق')).titles).toEqual(['مجلة المقتبس، الجزء 1 (1906)']);
    // Persian ya for the Arabic letter.
    expect((await ask('علی')).titles).toEqual(['مجلة المقتبس، الجزء 1 (1906)']);
    // Hebrew with niqqud and cantillation in the text, typed without.
    const hebrew = await ask('בראשית');
    expect(hebrew.titles).toEqual(['A commentary on the first verse']);
    expect(hebrew.marks).toEqual(['בְּרֵאשִׁ֖ית']);
    // An abbreviation typed without its gershayim finds it as one word.
    expect((await ask('רשי')).marks).toContain('רש״י');

    // The Language facet: the language the text is written in (text/@xml:lang="ar"), not the TEI element's "en" (the
    // header's); the English commentary quoting Hebrew stays English.
    const languages = async (query: string): Promise<string[]> => {
      await ask(query);
      return tab.evaluate(() => [...document.querySelectorAll('[data-facet="lang"] .facet-value')]
        .map((li) => `${li.querySelector('.facet-label')!.textContent} ${li.querySelector('.facet-count')!.textContent}`));
    };
    expect(await languages('المقتبس')).toEqual(['Arabic 1']);
    expect(await languages('בראשית')).toEqual(['English 1']);
  }, 120_000);

  test('the text edition keeps the logical order and adds no invisible direction marks', () => {
    const arabic = read(path.join(textDir, 'muqtabas-issue.txt'));
    expect(arabic).toContain('بسم الله الرحمن الرحيم.');
    expect(arabic).toContain('al-Muqtabas');
    expect(arabic).not.toMatch(/[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/u);
    const english = read(path.join(textDir, 'english-quoting-hebrew.txt'));
    expect(english).toContain('בְּרֵאשִׁ֖ית בָּרָ֣א אֱלֹהִ֑ים');
  });

  test('hostile language tags and bidi overrides neither inject markup nor reorder the page', async () => {
    const html = page('documents/hostile-lang.html');
    expect(html).not.toMatch(/<script>alert|<img|<b>/);
    // The tags are no language: left to right, kept as text in lang.
    expect(html).toContain('lang="ar&#34; onmouseover=&#34;alert(1)"');
    // A title with a right-to-left override is isolated wherever it is listed: it cannot reverse what follows it.
    expect(main('index.html')).toMatch(/<a class="document-title" href="documents\/hostile-lang.html" lang="[^"]*" dir="auto">\u202EOverridden title<\/a>/);
    expect(main('documents/hostile-lang.html')).toContain('<p class="citation">“<bdi>\u202EOverridden title</bdi>.” In');
    const tab = await open('documents/hostile-lang.html');
    const dialogs: string[] = [];
    tab.on('dialog', (dialog) => { dialogs.push(dialog.message()); void dialog.dismiss(); });
    await tab.hover('section.text p');
    const state = await tab.evaluate(() => ({
      images: document.querySelectorAll('main img').length,
      inlineScripts: [...document.querySelectorAll('script')].filter((s) => !s.src).length,
      handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
      text: getComputedStyle(document.querySelector('section.text')!).direction,
    }));
    expect(state).toEqual({ images: 0, inlineScripts: 0, handlers: 0, text: 'ltr' });
    expect(dialogs).toEqual([]);
  }, 60_000);
});
