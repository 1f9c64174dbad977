/// <reference lib="dom" />
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, fileUrl, launchChromium, offlineContext } from '../support/browser';
import { PUBLISH_FIXTURES, publish, read } from '../support/publish';

/**
 * Documents cited by their divisions (TEI Guidelines 2.3.6, refsDecl: citeStructure, refState), as the Perseus
 * Digital Library's classical texts are ("Caes. Gal. 1.2.1", "Aen. 2.1", a play by act and scene): a numbered
 * division without a heading of its own is shown by its number (a heading where it holds verse or speeches or is
 * the outermost of numbered divisions, else its reference in the margin), and every numbered division has an
 * anchor named by its reference. A document that declares no reference system keeps its divisions as written.
 * Fixtures: test/fixtures/publish/references/.
 */

const SRC = path.join(PUBLISH_FIXTURES, 'references');

describe('canonical references', () => {
  let site: string;
  let textDir: string;
  let browser: Browser;

  beforeAll(async () => {
    const built = await publish(SRC);
    expect(built.result.published).toBe(true);
    site = path.join(built.out, 'html');
    textDir = path.join(built.out, 'text');
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  const outline = (tab: import('playwright-core').Page): Promise<string[]> => tab.locator('section.text .body :is(h2, h3, h4, h5, h6)')
    .evaluateAll((headings) => headings.map((h) => `${h.tagName} ${h.textContent!.trim()}`));

  test('in Chromium, a prose work: each section\'s reference in the margin, an anchor for each book, chapter and section', async () => {
    const { context, requests } = await offlineContext(browser);
    const tab = await context.newPage();
    await tab.goto(fileUrl(path.join(site, 'documents', 'commentarii.html')) + '#1.2.1');
    // The book's own heading stays; the book without one is headed by its type and number; chapters get none.
    expect(await outline(tab)).toEqual(['H3 Liber primus', 'H3 Book 2']);
    const margins = await tab.locator('section.text .div[data-ref]').evaluateAll((divs) => divs.map((d) => getComputedStyle(d, '::before').content));
    expect(margins.slice(0, 5)).toEqual(['"1.1.1"', '"1.1.2"', '"1.2.1"', '"1.2.2"', '"2.1.1"']);
    // The reference stands in the margin, left of the section's first line.
    const [mark, line] = await tab.locator('[id="1.2.1"]').evaluate((d) => {
      const before = getComputedStyle(d, '::before');
      return [before.position, d.querySelector('p')!.getBoundingClientRect().left];
    });
    expect(mark).toBe('absolute');
    expect(line).toBeGreaterThan(100);
    // The address with a reference leads to that section.
    expect(await tab.evaluate(() => document.querySelector(':target')?.id)).toBe('1.2.1');
    for (const id of ['1', '1.1', '1.2', '2', '2.1', '2.1.1']) expect(await tab.locator(`[id="${id}"]`).count()).toBe(1);
    // A chapter milestone inside a sentence is a reference point, not a break of the text: its unit and number where it stands.
    await expect(tab.locator('[id="2.1.1"] p').innerText()).resolves.toBe('[chapter 9] Cum esset Caesar in citeriore Gallia, [chapter 10] crebri ad eum rumores adferebantur.');
    expect(await tab.locator('[id="2.1.1"] .milestone-label').evaluateAll((labels) => labels.map((l) => getComputedStyle(l).display))).toEqual(['inline', 'inline']);
    // At a paragraph's start, its words inside a speech (Perseus's Cicero): still a point of the running text, not a break.
    await expect(tab.locator('[id="2.1.2"] p').innerText()).resolves.toBe('[chapter 11] LAELIUS. Ego vero non gravarer.');
    expect(await tab.locator('[id="2.1.2"] [role="separator"]').count()).toBe(0);
    // Hostile: a number with markup is text, in the margin as elsewhere.
    expect(await tab.locator('script:not([src])').evaluateAll((scripts) => scripts.filter((s) => (s.textContent ?? '').includes('alert')).length)).toBe(0);
    const hostile = await tab.locator('section.text .div[data-ref]').nth(5).evaluate((d) => getComputedStyle(d, '::before').content);
    expect(hostile).toBe('"2.1.<script>alert(1)</script>"');
    await tab.screenshot({ path: path.join(ARTIFACTS, 'canonical-references-prose.png') });
    expect(requests).toEqual([]);
    await context.close();
  });

  test('in Chromium, verse headed by book, a play by act and scene (a lone scene adds no heading); lines keep their numbers', async () => {
    const { context } = await offlineContext(browser);
    const tab = await context.newPage();
    await tab.goto(fileUrl(path.join(site, 'documents', 'carmen.html')));
    expect(await outline(tab)).toEqual(['H3 Book 1', 'H3 Book 2']);
    expect(await tab.locator('[id="2"] .l').innerText()).toBe('Conticuere omnes intentique ora tenebant;');
    await tab.goto(fileUrl(path.join(site, 'documents', 'fabula.html')));
    expect(await outline(tab)).toEqual(['H2 Prologue', 'H2 Act 1', 'H3 Scene 1', 'H3 Scene 2']);
    expect(await tab.locator('[id="prologue.pr"] .speaker').innerText()).toBe('Mercurius');
    expect(await tab.locator('section.text .div[data-ref]').count()).toBe(0);
    await tab.screenshot({ path: path.join(ARTIFACTS, 'canonical-references-play.png') });
    await context.close();
  });

  test('the text edition: the same headings, and each section\'s reference before its paragraph, which hangs', () => {
    const prose = read(path.join(textDir, 'commentarii.txt'));
    expect(prose).toContain('Liber primus\n------------\n\n1.1.1  Gallia est omnis divisa in partes tres.\n\n1.1.2  Hi omnes lingua inter se differunt.\n\n1.2.1  Apud Helvetios');
    expect(prose).toContain('Book 2\n------\n\n2.1.1  [chapter 9] Cum esset Caesar in citeriore Gallia, [chapter 10] crebri\n       ad eum rumores adferebantur.');
    expect(prose).not.toContain('* * *');
    const verse = read(path.join(textDir, 'carmen.txt'));
    expect(verse).toContain('Book 1\n------\n\nArma virumque cano, Troiae qui primus ab oris\nItaliam, fato profugus, Laviniaque venit\n\nBook 2\n------');
    const play = read(path.join(textDir, 'fabula.txt'));
    expect(play).toContain('Prologue\n--------\n\nMercurius\nUt vos in vostris voltis mercimoniis\n\nAct 1\n-----\n\nScene 1\n-------\n\nSosia');
  });

  test('without a declared reference system, numbered divisions are shown as written, and a milestone between paragraphs is a break: its number, else asterisks', async () => {
    const text = read(path.join(textDir, 'directive.txt'));
    expect(text).toContain('\n1. The first point, its number in its text.\n\n2. The second point.\n');
    expect(text).toMatch(/Before the break\.\n\n\s+\* \* \*\n\nAfter the break\.\n\n\s+II\n\nThe second part, numbered as printed\.\n\n\s+<b>3<\/b>\n\nA hostile number\.\n\n\s+\* \* \*\n\nAfter a printed rule\.\n\nNo break without a look\./);
    const { context } = await offlineContext(browser);
    const tab = await context.newPage();
    await tab.goto(fileUrl(path.join(site, 'documents', 'directive.html')));
    expect(await outline(tab)).toEqual([]);
    expect(await tab.locator('section.text [data-ref], [id="1"]').count()).toBe(0);
    const breaks = tab.locator('section.text [role="separator"]');
    expect(await breaks.allInnerTexts()).toEqual(['* * *', 'II', '<b>3</b>', '* * *']);
    expect(await breaks.evaluateAll((seps) => seps.map((s) => s.getAttribute('aria-label')))).toEqual([null, 'subchapter II', 'section <b>3</b>', null]);
    expect(await tab.locator('section.text b').count()).toBe(0);
    await context.close();
  });
});
