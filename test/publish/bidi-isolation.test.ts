/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Code passed to page.evaluate runs in the browser: it type-checks against the DOM.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, fileUrl, launchChromium, offlinePage } from '../support/browser';
import { PUBLISH_FIXTURES, publish, read } from '../support/publish';

/**
 * Where right-to-left text is isolated (Unicode bidi algorithm; HTML: an element with dir is an isolate, and text in
 * separate isolates is shaped apart): an element gets a dir only where its direction differs from what is shown
 * around it, in the text as in the metadata panel, where a header field is shown amid the panel's English; the
 * white space at the edges of an isolated element is written outside it, whether the text node at its edge is white
 * space alone or begins (ends) with a space before (after) its letters. Fixtures (test/fixtures/publish/bidi-isolation/)
 * modelled on OpenArabicPE's al-Muqtabas (an English header with Arabic titles and names, an Arabic text with
 * transliterations), a header written wholly in Arabic, a Syriac text with an English header, and hostile names.
 * Screenshots: test-artifacts/screenshots/bidi-isolation-*.png.
 */

const SRC = path.join(PUBLISH_FIXTURES, 'bidi-isolation');
const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');

describe('bidi isolation of right-to-left text', () => {
  let site: string;
  let textDir: string;
  let browser: Browser;
  const page = (file: string): string => read(path.join(site, file));
  const metadata = (file: string): string => /<section class="metadata"[\s\S]*?<\/section>/.exec(page(file))![0];

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

  async function open(file: string): Promise<{ tab: Page; dialogs: string[] }> {
    const { page: tab, dialogs } = await offlinePage(browser);
    await tab.setViewportSize({ width: 1200, height: 900 });
    await tab.goto(fileUrl(path.join(site, file)));
    return { tab, dialogs };
  }

  test('a place name inside an Arabic title of the metadata panel is not isolated again: its letters join the title\'s', async () => {
    const { tab } = await open('documents/periodical-issue.html');
    const shown = await tab.evaluate(() => {
      const place = [...document.querySelectorAll('.metadata .placeName')].find((e) => e.textContent === 'القاهرة')!;
      const title = place.parentElement!;
      // The same words as one text node, in the same place: as wide as the title only if the ب before the place name
      // is shaped joined to its first letter (an isolate is shaped apart, its neighbour in its final or isolated form).
      const plain = title.cloneNode(false) as HTMLElement;
      plain.removeAttribute('id');
      plain.textContent = title.textContent;
      title.after(plain);
      // Each on one line, to compare their widths.
      const before = title.getAttribute('style');
      for (const element of [title, plain]) element.style.cssText = 'white-space: nowrap; display: inline-block';
      const widths = [title.getBoundingClientRect().width, plain.getBoundingClientRect().width];
      plain.remove();
      title.setAttribute('style', before ?? '');
      return {
        title: [getComputedStyle(title).direction, getComputedStyle(title).unicodeBidi],
        place: [getComputedStyle(place).direction, getComputedStyle(place).unicodeBidi],
        widthDifference: Math.abs(widths[0] - widths[1]),
        widths,
      };
    });
    expect(shown.title).toEqual(['rtl', 'isolate']);
    expect(shown.place).toEqual(['rtl', 'normal']);
    expect(shown.widthDifference).toBeLessThan(0.5);
    expect(shown.widths[0]).toBeGreaterThan(50);
    await tab.locator('.metadata').screenshot({ path: path.join(SCREENSHOTS, 'bidi-isolation-metadata.png') });
    const panel = metadata('documents/periodical-issue.html');
    // The title is isolated from the panel's English; the place name in it is Arabic in Arabic: no dir of its own.
    expect(panel).toContain('<span lang="ar" dir="rtl" class="title" data-type="sub" data-level="j">مجلة أدبية تصدر ب<span lang="ar" class="placeName">القاهرة</span> في غرة كل شهر</span>');
    expect(panel).toContain('<dd lang="ar" dir="rtl">كتبت في <span lang="ar" class="placeName">دمشق</span>.</dd>');
  }, 60_000);

  test('a space inside a name\'s own text, at its edge, stays between it and the words beside it', async () => {
    const { tab } = await open('documents/periodical-issue.html');
    const gaps = await tab.evaluate(() => {
      // The box of a text's letters from index start to end.
      const box = (node: Node, start: number, end: number): DOMRect => {
        const range = document.createRange();
        range.setStart(node, start);
        range.setEnd(node, end);
        return range.getBoundingClientRect();
      };
      const letters = (element: Element): DOMRect => {
        const node = element.firstChild!;
        const words = node.textContent!;
        return box(node, words.length - words.trimStart().length, words.trimEnd().length);
      };
      // The last letter of the text before an element, the first after it (both Arabic, in an Arabic paragraph).
      const before = (element: Element): DOMRect => {
        const node = element.previousSibling!;
        const words = node.textContent!.trimEnd();
        return box(node, words.length - 1, words.length);
      };
      const after = (element: Element): DOMRect => {
        const node = element.nextSibling!;
        const start = node.textContent!.length - node.textContent!.trimStart().length;
        return box(node, start, start + 1);
      };
      const author = [...document.querySelectorAll('.metadata dt')].find((dt) => dt.textContent === 'Author')!.nextElementSibling as HTMLElement;
      const arabic = letters(author.querySelector('[lang="ar"]')!);
      const latin = letters(author.querySelector('[lang="ar-Latn-x-ijmes"]')!);
      const transliteration = document.querySelector('#transliterated .foreign')!;
      const times = [...document.querySelectorAll('section.text .foreign')].find((e) => e.textContent!.includes('Times'))!;
      return {
        author: author.innerText,
        authorGap: latin.left - arabic.right,
        // Right to left: the word before the transliteration is on its right, the word after it on its left.
        transliterationBefore: before(transliteration).left - letters(transliteration).right,
        transliterationAfter: letters(transliteration).left - after(transliteration).right,
        timesAfter: letters(times).left - after(times).right,
        paragraph: (transliteration.parentElement as HTMLElement).innerText,
      };
    });
    expect(gaps.author).toBe('أحمد فارس الشدياق Aḥmad Fāris al-Shidyāq');
    expect(gaps.authorGap).toBeGreaterThanOrEqual(2);
    expect(gaps.transliterationBefore).toBeGreaterThanOrEqual(2);
    expect(gaps.transliterationAfter).toBeGreaterThanOrEqual(2);
    expect(gaps.timesAfter).toBeGreaterThanOrEqual(2);
    expect(gaps.paragraph).toBe('ويقرأ اسمها بالحروف اللاتينية al-Iqtibās في الطبعة الأولى.');
    await tab.locator('#transliterated').screenshot({ path: path.join(SCREENSHOTS, 'bidi-isolation-text.png') });
    // <persName xml:lang="ar">أحمد فارس الشدياق </persName><persName xml:lang="ar-Latn-x-ijmes">…: the space is
    // written after the isolated name, not inside it (where it would be laid out at its far side).
    expect(metadata('documents/periodical-issue.html')).toContain('<span lang="ar" dir="rtl" class="persName">أحمد فارس الشدياق</span> <span lang="ar-Latn-x-ijmes" class="persName">Aḥmad Fāris al-Shidyāq</span>');
  }, 60_000);

  test('names of the panel listed as text keep their order: each Arabic name reads in its own direction', async () => {
    // Two Arabic names and an English one, separated by ";": without isolation the two Arabic names and the ";"
    // between them would be one right-to-left run, the second name laid out left of the first.
    const { tab } = await open('documents/periodical-issue.html');
    const order = await tab.evaluate(() => {
      const dd = [...document.querySelectorAll('.metadata dt')].find((dt) => dt.textContent === 'Transcription')!.nextElementSibling!;
      const [first, second] = [...dd.querySelectorAll('[lang="ar"]')].map((name) => name.getBoundingClientRect());
      return { firstLeftOfSecond: first.right <= second.left, text: (dd as HTMLElement).innerText };
    });
    expect(order).toEqual({ firstLeftOfSecond: true, text: 'المكتبة الشاملة; دار الكتب; Jane Doe' });
    expect(metadata('documents/periodical-issue.html')).toContain('<dd><span lang="ar" dir="rtl">المكتبة الشاملة</span>; <span lang="ar" dir="rtl">دار الكتب</span>; Jane Doe</dd>');
  }, 60_000);

  test('header fields inherit a right-to-left language declared above them; an English header of a Syriac text stays left to right', async () => {
    const { tab } = await open('documents/arabic-header.html');
    const source = await tab.evaluate(() => {
      const dd = document.querySelector('.metadata dd.source')!;
      const range = document.createRange();
      range.selectNodeContents(dd);
      // The full stop at the reading end (left) of the Arabic line.
      const text = dd.lastChild!;
      const stop = document.createRange();
      stop.setStart(text, text.textContent!.length - 1);
      stop.setEnd(text, text.textContent!.length);
      return { direction: getComputedStyle(dd).direction, stopAtLeft: stop.getBoundingClientRect().left - range.getBoundingClientRect().left };
    });
    expect(source.direction).toBe('rtl');
    expect(source.stopAtLeft).toBeLessThan(2);
    // TEI xml:lang="ar", the fields with none of their own: Arabic, right to left, amid the panel's English.
    expect(metadata('documents/arabic-header.html')).toContain('<dd class="source" lang="ar" dir="rtl">رسالة مخطوطة في <span class="placeName">حلب</span>، سنة ١٢٠٠.</dd>');
    // The text's language in langUsage (Syriac) is not the header's: its English fields are not marked, the Syriac
    // word in the English title is.
    const syriac = metadata('documents/syriac-english-header.html');
    expect(syriac).toContain('<dd class="source"><span class="title">The homily on <span lang="syr" dir="rtl" class="foreign">ܡܝܐ</span>.</span> Edited from a manuscript.</dd>');
    expect(syriac).toContain('<dd>Written in Edessa.</dd>');
  }, 60_000);

  test('the text edition reads the words the page shows', () => {
    const text = read(path.join(textDir, 'periodical-issue.txt')).replace(/\s+/g, ' ');
    expect(text).toContain('بالحروف اللاتينية al-Iqtibās في الطبعة الأولى.');
    expect(text).toContain('الرسالة البهية في الأخبار ل سليم أفندي الخوري طبعت ب مطبعة الفجر في بيروت سنة ١٣٣٠');
    const html = page('documents/periodical-issue.html');
    expect(html).toContain('عن <span lang="en" dir="ltr" class="foreign">The Times</span> وغيرها.');
  });

  test('hostile language tags and markup in names stay text where the spaces are moved', async () => {
    const html = page('documents/hostile-bidi.html');
    expect(html).not.toMatch(/<script>alert|<img|<b[ >]/);
    expect(html).toContain('<span lang="ar" dir="rtl" class="persName">&lt;script&gt;alert(3)&lt;/script&gt; علي</span> Smith');
    expect(html).toContain('A name  <span lang="ar" dir="rtl" class="persName">&lt;b onclick=alert(5)&gt;علي&lt;/b&gt;</span> in a sentence.');
    const { tab, dialogs } = await open('documents/hostile-bidi.html');
    for (const selector of ['.metadata .persName', 'section.text .persName', '.metadata .title']) await tab.hover(selector);
    const state = await tab.evaluate(() => ({
      images: document.querySelectorAll('main img').length,
      inlineScripts: [...document.querySelectorAll('script')].filter((s) => !s.src).length,
      handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
    }));
    expect(state).toEqual({ images: 0, inlineScripts: 0, handlers: 0 });
    expect(dialogs).toEqual([]);
  }, 60_000);
});
