/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: it type-checks against the DOM.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, fileUrl, launchChromium, offlinePage } from '../support/browser';
import { PUBLISH_FIXTURES, publish, read } from '../support/publish';

/**
 * A register entry whose name element is empty (the Alfred Escher letters keep some: <person n="Maraini Adelaide">
 * with <persName/> and a birth year) is still named wherever it is listed or linked: by a name of it that has words,
 * else its label (@n: "a number, label, or other identifier"), else its xml:id. Before, the persons list showed such an
 * entry as "(geb. 1868 – )" with no link, first in the list (sorted by an empty name), and its page had an empty title.
 * The fixture: test/fixtures/publish/entry-names/.
 */

const SRC = path.join(PUBLISH_FIXTURES, 'entry-names');

describe('register entries with an empty name element', () => {
  let site: string;
  let text: string;
  let browser: Browser;

  beforeAll(async () => {
    const built = await publish(SRC);
    expect(built.result.published).toBe(true);
    expect(built.result.failed).toEqual([]);
    site = path.join(built.out, 'html');
    text = read(path.join(built.out, 'text', 'letter.txt'));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('the persons list names each entry by a name with words (its empty parts none), else its label, else its xml:id, and sorted by it (Heer by his surname)', async () => {
    const { context, page } = await offlinePage(browser);
    await page.goto(fileUrl(path.join(site, 'persons.html')));
    const items = await page.evaluate(() => Array.from(document.querySelectorAll('main li')).map((li) => ({
      link: li.querySelector('a')?.textContent?.trim() ?? null,
      text: (li as HTMLElement).innerText.trim(),
    })));
    expect(items.map((item) => item.link)).toEqual(['Oswald Heer', 'Maraini Adelaide', 'Sophy', 'unnamed-friend']);
    expect(items[0].text).toMatch(/^Oswald Heer \(1809–1883\)/);
    expect(items[1].text).toMatch(/^Maraini Adelaide \(geb\. 1868/);
    fs.mkdirSync(path.join(ARTIFACTS, 'screenshots'), { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'screenshots', 'entry-names-persons.png') });
    await context.close();
  });

  test("an entry page is titled by that name, and the letter's mentions link to it", async () => {
    const { context, page } = await offlinePage(browser);
    await page.goto(fileUrl(path.join(site, 'persons', 'Maraini-Adelaide.html')));
    expect((await page.locator('h1').innerText()).trim()).toBe('Maraini Adelaide');
    expect(await page.title()).toContain('Maraini Adelaide');
    await page.goto(fileUrl(path.join(site, 'documents', 'letter.html')));
    const links = await page.evaluate(() => Array.from(document.querySelectorAll('.text a.mention')).map((a) => [a.textContent, a.getAttribute('href')]));
    expect(links).toEqual([
      ['Frau Maraini', '../persons/Maraini-Adelaide.html'],
      ['our friend', '../persons/Heer-Oswald.html'],
      ['the other one', '../persons/unnamed-friend.html'],
    ]);
    await context.close();
  });

  test('the text edition reads the letter as written', () => {
    expect(text).toContain('Greetings to Frau Maraini, to our friend and to the other one.');
  });
});
