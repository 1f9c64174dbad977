/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Code passed to page.evaluate runs in the browser: it type-checks against the DOM.
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, fileUrl, launchChromium, offlinePage } from '../support/browser';
import { PUBLISH_FIXTURES, publish, read } from '../support/publish';

/**
 * The lines of several editions (lb @ed) in the diplomatic view: it follows the lines of the edition the whole text
 * marks most often, counting the line breaks of the files it includes (xi:include) where they stand; an edition's line
 * number and a verse line's own number on one line stand side by side. Fixtures: test/fixtures/publish/edition-lines/
 * (Paradise Lost's 1667 and 1674 lines, the Guidelines' example; a play's verse numbers beside its act-and-scene lines,
 * as Perseus's Plautus).
 */
describe('lines of several editions', () => {
  let site: string;
  let browser: Browser;

  beforeAll(async () => {
    const built = await publish(path.join(PUBLISH_FIXTURES, 'edition-lines'));
    site = path.join(built.out, 'html');
    expect(built.result.published).toBe(true);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  test('the diplomatic view follows the edition whose lines the text and its included book mark most (1667: one here, three there)', async () => {
    const html = read(path.join(site, 'documents', 'paradise.html'));
    // 1674's breaks (two, both in this file) are light marks; 1667's (one here, three in the book) break the line.
    expect(html.match(/<span class="lb diplomatic" data-ed="1674" title="Line break of 1674"><\/span>/g)).toHaveLength(2);
    expect(html).not.toContain('data-ed="1667"');
    const { page, dialogs } = await offlinePage(browser);
    await page.goto(fileUrl(path.join(site, 'documents', 'paradise.html')));
    await page.locator('label[for="view-diplomatic"]').click();
    const lines = await page.evaluate(() => (document.querySelector('section.text') as HTMLElement).innerText
      .split('\n').map((line) => line.replace(/\s+/g, ' ').trim()).filter((line) => /\w/.test(line) && !/^Text$/.test(line)));
    expect(lines).toEqual(expect.arrayContaining([
      'Of Mans First Disobedience, and the Fruit',
      'Of that Forbidden Tree, whose mortal tast',
      'Brought Death into the World,',
      'and all our woe,',
      'With loss of Eden,',
      'till one greater Man',
    ]));
    expect(dialogs).toEqual([]);
  }, 60_000);

  test('in the diplomatic view an edition\'s line number and the verse line\'s own number on one line do not overlap', async () => {
    const { page } = await offlinePage(browser);
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.goto(fileUrl(path.join(site, 'documents', 'actscene.html')));
    // The margin's numbers are generated content: their boxes, from the computed position of each ::before.
    const numbers = async (): Promise<Array<{ text: string; left: number; right: number; top: number }>> => page.evaluate(() =>
      [...document.querySelectorAll('section.text .l[data-line], section.text .line-number')]
        .filter((element) => getComputedStyle(element).display !== 'none')
        .map((element) => {
          const style = getComputedStyle(element, '::before');
          const box = element.getBoundingClientRect();
          const left = box.left + parseFloat(style.left);
          return { text: (element as HTMLElement).dataset.line!, left, right: left + parseFloat(style.width), top: Math.round(box.top) };
        }));
    const reading = await numbers();
    expect(reading.map((n) => n.text)).toEqual(['385']);
    await page.locator('label[for="view-diplomatic"]').click();
    const diplomatic = await numbers();
    expect(diplomatic.map((n) => n.text)).toEqual(['130', '385']);
    const [edition, verse] = diplomatic;
    // On one line, apart: the edition's number at the margin, the verse's beside it, both on the page.
    expect(Math.abs(edition.top - verse.top)).toBeLessThan(4);
    expect(verse.right <= edition.left || edition.right <= verse.left).toBe(true);
    expect(Math.min(verse.left, edition.left)).toBeGreaterThanOrEqual(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'screenshots', 'edition-lines-actscene-diplomatic.png') });
  }, 60_000);
});
