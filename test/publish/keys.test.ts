/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: it type-checks against the DOM.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { DEFAULT_RULES_FILE, validateCollection } from '../../src/validation';
import { ARTIFACTS, entryData, listedMentions, fileUrl, launchChromium, offlinePage, searchResultDocuments } from '../support/browser';
import { PUBLISH_FIXTURES, publish, read } from '../support/publish';

/**
 * Names linked by @key (att.canonical, Guidelines 13.1.1: "an externally-defined means of identifying the entity … using
 * a coded value"), as the Alfred Escher letters edition writes them (<persName key="Mater Jakob van">, <placeName
 * key="Goldenberg (Dorf, ZH)">) for a register that names its entries by @n (<person xml:id="Mater-Jakob-van"
 * n="Mater Jakob van">): a key reaches the entry of that xml:id, else of that @n, else of that idno; whitespace
 * normalised, case kept. A key two entries share reaches the first and is warned about where it is used; a duplicate @n
 * no key uses is not. The fixture: test/fixtures/publish/keys/.
 */

const SRC = path.join(PUBLISH_FIXTURES, 'keys');
const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');
const LETTER = 'documents/K_0133.html';

describe('names linked by @key', () => {
  let out: string;
  let site: string;
  let browser: Browser;
  let diagnostics: Array<{ file: string; rule: string; message: string }>;

  beforeAll(async () => {
    const built = await publish(SRC);
    expect(built.result.published).toBe(true);
    expect(built.result.failed).toEqual([]);
    diagnostics = built.result.diagnostics;
    out = built.out;
    site = path.join(out, 'html');
    browser = await launchChromium();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  test("the letter's names link to their entries by @n, xml:id and idno, described on hover; a key no entry has is no link", async () => {
    const { context, page, requests, dialogs } = await offlinePage(browser);
    await page.goto(fileUrl(path.join(site, LETTER)));
    const names = await page.locator('main .mention[id^="mention-"]').evaluateAll((mentions) => mentions.map((m) => [m.textContent!.trim(), m.getAttribute('href') ?? '', m.getAttribute('data-desc') ?? '']));
    expect(names.map(([text, href]) => [text, href])).toEqual([
      // key="  Mater   Jakob van ": the @n, whitespace normalised.
      ["van Mater's", '../persons/Mater-Jakob-van.html'],
      // key="Goldenberg (Dorf, ZH)".
      ['Goldenberg', '../places/Goldenberg_ZH.html'],
      // key="1053580428": an idno (gnd) of the entry.
      ['Styger', '../persons/Styger-Josef-Karl.html'],
      // key="Kunz Heinrich", the @n of two entries: the first.
      ['Kunz', '../persons/Kunz-Heinrich-Landschreiber.html'],
      // key="Escher-Alfred": the xml:id (its @n is another).
      ['Ich', '../persons/Escher-Alfred.html'],
      // The hostile keys reach the entry of that @n and of that idno, as text.
      ['der Lauscher', '../persons/mallory.html'],
      ['der Eindringling', '../persons/mallory.html'],
      // No entry has these keys: no link.
      ['niemand', ''],
      ['ein Unbekannter', ''],
    ]);
    expect(names[0][2]).toMatch(/^Jakob van Mater\b.*gest\. 1836/);
    expect(names[4][2]).toMatch(/^Alfred Escher\b.*1819/);
    // The correspondence header's names, by xml:id and by @n.
    const header = await page.locator('a').evaluateAll((anchors) => anchors.map((a) => [a.textContent!.trim(), a.getAttribute('href') ?? '']));
    expect(header).toEqual(expect.arrayContaining([['Alfred Escher', '../persons/Escher-Alfred.html'], ['Aachen', '../places/Aachen_D.html']]));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'keys-letter.png'), fullPage: true });
    // Hover shows the entry's description.
    await page.locator('a', { hasText: "van Mater's" }).hover();
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
    await context.close();
  }, 120_000);

  test('the entry pages list the mentions, and the register lists count them', async () => {
    const { context, page, requests } = await offlinePage(browser);
    await page.goto(fileUrl(path.join(site, 'persons', 'Mater-Jakob-van.html')));
    expect(await page.locator('h1').innerText()).toBe('Jakob van Mater');
    expect(await listedMentions(page)).toEqual([['Alfred Escher an Oswald Heer, Zürich, 12. Oktober 1836', [`van Mater's → ../${LETTER}`]]]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'keys-person.png'), fullPage: true });
    await page.goto(fileUrl(path.join(site, 'places', 'Goldenberg_ZH.html')));
    expect(await listedMentions(page)).toEqual([['Alfred Escher an Oswald Heer, Zürich, 12. Oktober 1836', [`Goldenberg → ../${LETTER}`]]]);
    await page.goto(fileUrl(path.join(site, 'persons', 'Styger-Josef-Karl.html')));
    expect(await listedMentions(page)).toEqual([['Alfred Escher an Oswald Heer, Zürich, 12. Oktober 1836', [`Styger → ../${LETTER}`]]]);
    await page.goto(fileUrl(path.join(site, 'persons', 'Kunz-Heinrich-Spinnereiherr.html')));
    expect(await listedMentions(page)).toEqual([]);
    await page.goto(fileUrl(path.join(site, 'persons.html')));
    const counts = await page.locator('main li').evaluateAll((items) => items.map((li) => (li as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
    expect(counts).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Jakob van Mater .*\(1 mention\)$/),
      expect.stringMatching(/^Alfred Escher .*\(1 mention\)$/),
      expect.stringMatching(/^Josef Karl Styger .*\(1 mention\)$/),
      expect.stringMatching(/^Mallory .*\(2 mentions\)$/),
    ]));
    expect(requests).toEqual([]);
    await context.close();
  }, 120_000);

  test('a key two entries share is warned about where it is used; a duplicate @n nothing uses is not', () => {
    expect(diagnostics.filter((d) => d.rule.startsWith('register-')).map(({ file, rule, message }) => [path.relative(SRC, file), rule, message])).toEqual([[
      'data/people.xml', 'register-key-ambiguous',
      'the entry "Kunz-Heinrich-Spinnereiherr" (persons) has the key "Kunz Heinrich" (its @n or idno), as the entry "Kunz-Heinrich-Landschreiber" (persons) of data/people.xml has: a @key of this value (letters/K_0133.xml has one) reaches "Kunz-Heinrich-Landschreiber" only',
    ]]);
  });

  test('hostile keys: no javascript: link, no markup from the key', async () => {
    const { context, page, dialogs, requests } = await offlinePage(browser);
    for (const file of [LETTER, 'persons/mallory.html', 'persons.html']) {
      await page.goto(fileUrl(path.join(site, file)));
      const hrefs = await page.locator('a').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href') ?? ''));
      expect([file, hrefs.filter((href) => /^\s*(javascript|data):/i.test(href))]).toEqual([file, []]);
      expect([file, await page.locator('img, main b').count()]).toEqual([file, 0]);
      expect(read(path.join(site, file))).not.toMatch(/<img|href="javascript:/i);
    }
    await page.goto(fileUrl(path.join(site, LETTER)));
    await page.locator('a', { hasText: 'der Eindringling' }).click();
    expect(await page.locator('h1').innerText()).toBe('Mallory');
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
    await context.close();
  }, 120_000);

  test('the search finds the letter by a name of a person it names by key only', async () => {
    expect(read(path.join(out, 'text', 'K_0133.txt'))).not.toMatch(/Jakob/);
    expect(await searchResultDocuments(browser, site, 'Jakob')).toEqual([LETTER]);
  }, 120_000);

  test('the text edition reads the names as written', () => {
    const text = read(path.join(out, 'text', 'K_0133.txt')).replace(/\s+/g, ' ');
    expect(text).toMatch(/Lieber Freund, van Mater's Tod hat mich sehr betrübt; in Goldenberg sprach man von nichts anderem\./);
    expect(text).toMatch(/Ein Fremder: der Lauscher, der Eindringling, niemand und ein Unbekannter\./);
    expect(text).not.toMatch(/@|%20|Mater Jakob|javascript|<img/);
  });
});

describe('the validator: names linked by @key', () => {
  test('an entry a @key reaches (by xml:id, @n or idno) is used; a key no entry has is no error', async () => {
    const report = (await validateCollection(['.'], { cwd: SRC, skipSchema: true, rules: DEFAULT_RULES_FILE })).diagnostics;
    expect(report.filter((d) => d.rule === 'register-entry-unused').map((d) => `${d.file}:${d.line}: ${d.message}`)).toEqual([
      'data/people.xml:30: the person "Kunz-Heinrich-Spinnereiherr" is not referenced by any document of the collection',
      'data/people.xml:34: the person "Anonymus-1" is not referenced by any document of the collection',
      'data/people.xml:37: the person "Anonymus-2" is not referenced by any document of the collection',
      'data/places.xml:19: the place "Zuerich_ZH" is not referenced by any document of the collection',
    ]);
    expect(report.filter((d) => d.rule.startsWith('pointer-'))).toEqual([]);
  }, 120_000);
});
