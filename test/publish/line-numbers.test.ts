/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: it type-checks against the DOM.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, fileUrl, launchChromium, offlineContext } from '../support/browser';
import { PUBLISH_FIXTURES, publish, read } from '../support/publish';

/**
 * Line numbers (TEI Guidelines 6.2, 3.11.3: l/@n and lb/@n): every fifth line the encoding numbers shows its number
 * in the margin, as printed editions of verse, drama and inscriptions number them (ed:line-number). The fixture:
 * test/fixtures/publish/verse/sonnet.xml.
 */

const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');

describe('line numbers in the margin', () => {
  let site: string;
  let page: string;
  let browser: Browser;

  beforeAll(async () => {
    const built = await publish(path.join(PUBLISH_FIXTURES, 'verse'));
    expect(built.result.diagnostics).toEqual([]);
    site = path.join(built.out, 'html');
    page = read(path.join(site, 'documents', 'sonnet.html'));
    browser = await launchChromium();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  test("every fifth numbered line carries its number; Folger's act.scene.line reads as the line's; numbers that are not are left alone", () => {
    const numbered = [...page.matchAll(/class="l" data-line="(\d+)" data-n="([^"]+)"/g)].map((match) => `${match[2]}→${match[1]}`);
    expect(numbered).toEqual(['5→5', '10→10', '1.1.5→5']);
    // The others keep their @n as data only: 12a, iv, a number too large to be a line's.
    expect(page).toMatch(/class="l" data-n="12a">/);
    expect(page).toMatch(/class="l" data-n="iv">/);
    expect(page).toMatch(/class="l" data-n="1\.1\.99999999999999999995">/);
    // An inscription's source lines (lb/@n): the number after the break, with the diplomatic view's line breaks.
    expect(page).toContain('<br class="lb" data-n="5"><span class="diplomatic line-number" data-line="5"></span>ANNIS XX');
    expect([...page.matchAll(/class="diplomatic line-number"/g)]).toHaveLength(1);
  });

  test('in Chromium the numbers stand in the left margin beside their lines, are not part of the text, and the lines of the source show theirs in the diplomatic view', async () => {
    const { context } = await offlineContext(browser);
    const tab = await context.newPage();
    await tab.goto(fileUrl(path.join(site, 'documents', 'sonnet.html')));
    const fifth = tab.locator('.l[data-n="5"]');
    const placed = await fifth.evaluate((line) => {
      const number = getComputedStyle(line, '::before');
      const text = line.getBoundingClientRect();
      return { content: number.content, position: number.position, left: parseFloat(number.left), lineLeft: text.left };
    });
    expect(placed.content).toMatch(/^"5"/);
    expect(placed.position).toBe('absolute');
    // Left of the text column.
    expect(placed.left).toBeLessThan(0);
    // Copying the sonnet copies its words, not its numbers.
    const words = await tab.locator('.lg').innerText();
    expect(words).not.toMatch(/\d/);
    // The inscription's line number shows only with its line breaks (the diplomatic view).
    const inscriptionNumber = tab.locator('.line-number');
    expect(await inscriptionNumber.evaluate((span) => getComputedStyle(span).display)).toBe('none');
    await tab.locator('label[for="view-diplomatic"]').click();
    expect(await inscriptionNumber.evaluate((span) => getComputedStyle(span).display)).toBe('inline');
    expect(await inscriptionNumber.evaluate((span) => getComputedStyle(span, '::before').content)).toMatch(/^"5"/);
    await tab.setViewportSize({ width: 1000, height: 1100 });
    await tab.screenshot({ path: path.join(SCREENSHOTS, 'line-numbers.png'), fullPage: true });
    // On a narrow screen the numbers stay beside their lines, inside the column.
    await tab.setViewportSize({ width: 380, height: 800 });
    // (At the end of the line: the right in this left-to-right text, the left in a right-to-left one.)
    expect(await fifth.evaluate((line) => getComputedStyle(line, '::before').cssFloat)).toBe('inline-end');
    await context.close();
  }, 60_000);
});
