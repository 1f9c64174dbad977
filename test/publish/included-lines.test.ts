/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Code passed to page.evaluate runs in the browser: it type-checks against the DOM.
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { fileUrl, launchChromium, offlinePage } from '../support/browser';
import { PUBLISH_FIXTURES, publish, read } from '../support/publish';

/**
 * Several editions' lines (lb @ed) in a text kept in several files: the diplomatic view follows the lines of the
 * edition the whole text marks most often, counting the line breaks of the files it includes (xi:include) where they
 * stand. Fixture: test/fixtures/publish/included-lines/ (Paradise Lost's 1667 and 1674 lines, the Guidelines' example).
 */
describe('lines of included files', () => {
  let site: string;
  let browser: Browser;

  beforeAll(async () => {
    const built = await publish(path.join(PUBLISH_FIXTURES, 'included-lines'));
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
});
