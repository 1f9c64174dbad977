/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { fileUrl, launchChromium, offlineContext } from '../support/browser';
import { PUBLISH_FIXTURES, publish, read } from '../support/publish';

/**
 * What a reader sees where a header has two of something its content model lets repeat (the repetition fuzzer,
 * repetition-fuzz.test.ts, shows that no such repetition stops a document from being published; this says what
 * the two become). A statement of two responsibilities (the Bodleian's catalogue: "Encoding and markup" and
 * "Cataloguer" of one person) names both; a translator who also annotated is the translator and the annotator;
 * a letter sent from two places on two dates shows both places and both dates; two shelfmarks are both cited;
 * a name that points to two persons (@ref="#hale #pole") is a mention of each, in the search as on the page.
 */

const SRC = path.join(PUBLISH_FIXTURES, 'repeated');

describe('two of what the schema lets repeat, in the header', () => {
  let out: string;
  const html = (name: string): string => read(path.join(out, 'html', 'documents', `${name}.html`));
  const text = (name: string): string => read(path.join(out, 'text', `${name}.txt`));

  beforeAll(async () => {
    const built = await publish(SRC);
    out = built.out;
    expect(built.result.diagnostics).toEqual([]);
    expect(Object.keys(built.result.names).sort()).toEqual(['catalogue-letter.xml', 'printed-source.xml', 'twice.xml']);
  }, 120_000);

  test('a statement of two responsibilities names both (resp+), as text', () => {
    expect(html('twice')).toContain('<div><dt>Encoding and markup, Cataloguer</dt><dd>Mary Holt</dd></div>');
    expect(html('twice')).toContain('<div><dt>Proofreading, &lt;script&gt;alert(1)&lt;/script&gt;</dt><dd>Eve Hart</dd></div>');
    expect(html('twice')).not.toContain('<script>alert');
  });

  test('a translator who also annotated: the Translator row, and a row for the other responsibility', () => {
    expect(html('twice')).toContain('<div><dt>Translator</dt><dd>John Wolf</dd></div>');
    expect(html('twice')).toContain('<div><dt>Annotation</dt><dd>John Wolf</dd></div>');
    expect(text('twice')).toMatch(/^Translator: +John Wolf$/m);
  });

  test('a letter sent from two places on two dates: both places, both dates; the first dates the document', () => {
    expect(html('twice')).toContain('<span class="correspondence-place"><span class="placeName">Avignon</span>, <span class="placeName">Lyon</span></span>'
      + ' · <span class="correspondence-date">2 May 1449</span>, <span class="correspondence-date">9 May 1449</span>');
    expect(html('twice')).toContain('<div><dt>Date</dt><dd>2 May 1449</dd></div>');
    expect(text('twice')).toMatch(/^Date: +2 May 1449$/m);
    expect(text('twice')).toMatch(/^From: +Anne Pole, Thomas Pole, Avignon, Lyon$/m);
  });

  test('two shelfmarks: both cited', () => {
    expect(html('twice')).toContain('<dd class="archive">Bodleian Library, Oxford, MS. Add. A. 2, 28963</dd>');
    expect(text('twice')).toMatch(/^Archive: +Bodleian Library, Oxford, MS. Add. A. 2, 28963$/m);
  });
});

describe('a name that points to two persons, in the search', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('searching either person marks the name in the snippet (the search kept the first pointer only)', async () => {
    const { out } = await publish(SRC);
    const { context, requests } = await offlineContext(browser);
    const page = await context.newPage();
    const marks = async (query: string): Promise<string[]> => {
      await page.goto('about:blank');
      await page.goto(`${fileUrl(path.join(out, 'html', 'search.html'))}#q=${encodeURIComponent(query)}`);
      await page.waitForFunction(() => document.documentElement.getAttribute('data-search-done') !== null, undefined, { timeout: 30000 });
      await page.waitForFunction(() => document.querySelector('.result .result-snippet:not([aria-busy])') !== null, undefined, { timeout: 30000 });
      return page.evaluate(() => [...document.querySelectorAll('.result')]
        .filter((li) => li.querySelector('.result-title a')!.getAttribute('href')!.includes('twice'))
        .flatMap((li) => [...li.querySelectorAll('mark')].map((m) => m.textContent ?? '')));
    };
    expect(await marks('Hale')).toEqual(['both of you']);
    expect(await marks('Pole')).toEqual(['both of you']);
    expect(requests).toEqual([]);
    await context.close();
  }, 120_000);
});
