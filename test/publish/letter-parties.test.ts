/// <reference lib="dom" />
import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, fileUrl, launchChromium, offlineContext } from '../support/browser';
import { publish, PUBLISH_FIXTURES, read, temporaryDir } from '../support/publish';

/**
 * Letters encoded as some projects write them rather than as the Guidelines show them (the Alfred Escher letters:
 * stazh/briefedition-escher): both parties in one correspAction, told apart by their own @type or @role; no
 * xml:lang and no langUsage; no publisher in the letters, while a register names the archive that keeps its data.
 * A reader must see who wrote to whom, no language the encoding does not state, and the edition's name.
 */

const SRC = path.join(PUBLISH_FIXTURES, 'letter-parties');
const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');

describe('letters whose parties, language and edition are stated otherwise', () => {
  let out: string;
  let browser: Browser | undefined;
  const html = (name: string): string => read(path.join(out, 'html', 'documents', `${name}.html`));
  const text = (name: string): string => read(path.join(out, 'text', `${name}.txt`));

  beforeAll(async () => {
    const built = await publish(SRC);
    out = built.out;
    expect(built.result.published).toBe(true);
    expect(built.result.diagnostics).toEqual([]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** The metadata panel's rows of correspondence: label and text. */
  const correspondence = (page: string): string[] => [...page.matchAll(/<div class="correspondence"><dt>([^<]*)<\/dt><dd>(.*?)<\/dd><\/div>/g)]
    .map(([, label, content]) => `${label}: ${content.replace(/<[^>]+>/g, '')}`);

  test("parties told apart by @type in one action: the sender under From with the action's place and date, the addressee under To", () => {
    expect(correspondence(html('muster-an-beispiel'))).toEqual(['From: Anna Muster · Bern · 3. März 1850', 'To: Bruno Beispiel']);
    expect(text('muster-an-beispiel')).toMatch(/^From: +Anna Muster, Bern$/m);
    expect(text('muster-an-beispiel')).toMatch(/^To: +Bruno Beispiel$/m);
    // The names keep their links to the register.
    expect(html('muster-an-beispiel')).toMatch(/<span class="correspondent"><a [^>]*href="\.\.\/persons\/muster\.html"/);
  });

  test('parties told apart by @role; an action of receiving with a place only takes the addressee beside it', () => {
    expect(correspondence(html('beispiel-an-muster'))).toEqual(['From: Bruno Beispiel · [April 1850]', 'To: Anna Muster · Zürich']);
    expect(text('beispiel-an-muster')).toMatch(/^To: +Anna Muster, Zürich$/m);
  });

  test('a letter encoded as the Guidelines show it reads as before', () => {
    expect(correspondence(html('standard'))).toEqual(['From: Carl Copy · Zürich · 5 May 1850', 'To: Anna Muster · Bern']);
  });

  test('the edition is named by the title its registers share, not by the publisher one register names', () => {
    expect(html('standard')).toContain('<p class="site-title"><a href="../index.html">Briefwechsel Muster</a></p>');
    expect(text('edition')).not.toContain('Staatsarchiv');
  });

  test("one register's title is not a shared one, and a register's publisher never names the edition", async () => {
    const src = temporaryDir('letter-parties');
    fs.cpSync(SRC, src, { recursive: true });
    fs.rmSync(path.join(src, 'persons.xml'));
    const { out: alone, result } = await publish(src);
    expect(result.published).toBe(true);
    expect(read(path.join(alone, 'html', 'index.html'))).toContain('<p class="site-title"><a href="index.html">TEI edition</a></p>');
  }, 120_000);

  test('a letter whose encoding states no language is in none: lang="" on the page, no English stemming, "not stated" in the search', async () => {
    expect(html('muster-an-beispiel')).toContain('<section class="text" aria-labelledby="text-heading" lang=""');
    expect(html('muster-an-beispiel')).toMatch(/<h1 lang="">/);
    expect(html('standard')).toContain('<section class="text" aria-labelledby="text-heading" lang="en"');
    browser = await launchChromium();
    const { context, requests } = await offlineContext(browser);
    const page = await context.newPage();
    /** The search page's results for a query (their titles), and the labels of its language facet. */
    const searched = async (query: string): Promise<{ titles: string[]; languages: string[] }> => {
      await page.goto('about:blank');
      await page.goto(`${fileUrl(path.join(out, 'html', 'search.html'))}#q=${encodeURIComponent(query)}`);
      await page.waitForFunction(() => document.documentElement.getAttribute('data-search-done') !== null, null, { timeout: 30000 });
      return { titles: await page.locator('.result-title a').allTextContents(), languages: await page.locator('.facet[data-facet="lang"] .facet-label').allInnerTexts() };
    };
    expect(await searched('houses')).toEqual({ titles: ['Carl Copy to Anna Muster, Zürich, 5 May 1850'], languages: ['English'] });
    expect(await searched('Freundes')).toEqual({ titles: ['Anna Muster an Bruno Beispiel, Bern, 3. März 1850'], languages: ['not stated'] });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'letter-parties-search.png'), fullPage: true });
    // Stemmed as English, "Freundes" would be found by "Freund".
    expect(await searched('Freund')).toEqual({ titles: [], languages: [] });
    expect(requests).toEqual([]);
    await context.close();
  }, 120_000);
});
