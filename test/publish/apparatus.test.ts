/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { loadStylesheets } from '../../src/publish/stylesheets';
import { parseDocument, summarizeDocument } from '../../src/publish/transform';
import { ARTIFACTS, fileUrl, launchChromium, offlineContext } from '../support/browser';
import { PUBLISH_FIXTURES, publish, read } from '../support/publish';

/**
 * A critical edition encoded by parallel segmentation (TEI Guidelines 12.2.3), as the Patristic Text Archive's
 * editions are: inline app with lem, rdg and rdgGrp, @wit pointing to the header's listWit, @cause and @type, an
 * empty rdg (an omission), an empty lem (an addition), a witness's start (witStart), @source pointing to an
 * earlier edition, witDetail and a note in the app; and a listApp in the back matter (location-referenced
 * method). The reading text shows the lemma; each app is a numbered entry of the Apparatus, reached from a
 * marker after its lemma and back; the header's witnesses are shown with their sigla. Fixture:
 * test/fixtures/publish/apparatus/hymn.xml (with hostile sigla and readings).
 */

const SRC = path.join(PUBLISH_FIXTURES, 'apparatus');

describe('the critical apparatus', () => {
  let site: string;
  let text: string;
  let page: string;
  let browser: Browser;

  beforeAll(async () => {
    const built = await publish(SRC);
    expect(built.result.published).toBe(true);
    expect(built.result.diagnostics).toEqual([]);
    site = path.join(built.out, 'html');
    page = read(path.join(site, 'documents', 'hymn.html'));
    text = read(path.join(built.out, 'text', 'hymn.txt'));
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  test('the page: the lemma in the reading text, a numbered entry per app in the Apparatus, there and back by keyboard', async () => {
    const { context, requests } = await offlineContext(browser);
    const tab = await context.newPage();
    await tab.goto(fileUrl(path.join(site, 'documents', 'hymn.html')));
    const reading = await tab.locator('section.text .body').innerText();
    expect(reading.replace(/\s+/g, ' ')).toContain('Now we must praise2 the guardian of heaven3 and the 4 maker\'s might5 and his counsel6. He first made7 the earth.');
    for (const variant of ['prayse', 'honour', 'mighty', 'myght', 'mood', 'main', 'thought', 'shaped']) expect(reading).not.toContain(variant);
    // The lemma is marked with the TEI names; the marker is a link named for what it leads to.
    await expect(tab.locator('span.app > span.lem').first().innerText()).resolves.toBe('praise');
    const marker = tab.locator('a.app-ref').nth(1);
    await expect(marker.getAttribute('aria-label')).resolves.toBe('Variant readings 2');
    await expect(marker.getAttribute('title')).resolves.toBe('praise A C] prayse B (orthographic); honour Tr');
    const entries = await tab.locator('#apparatus-heading + ol > li').evaluateAll((items) => items.map((li) => `${(li as HTMLLIElement).value} ${li.querySelector('.note-body')!.textContent!.replace(/\s+/g, ' ').trim()}`));
    expect(entries).toEqual([
      '1 inc. A B',
      '2 praise A C] prayse B (orthographic); honour Tr',
      '3 heaven A] om. B C',
      '4 om. A] mighty add. C',
      '5 might A B] myght C; mood Tr; main Sm. (conjecture) — Tr: written over an erasure',
      '6 counsel A] thought of Cædmon B1',
      '7 made A] <script>alert("rdg")</script>shaped <img src=x onerror=alert(1)>X javascript:alert(1)',
    ]);
    // Keyboard: the marker takes the reader to the entry, the entry's back link to the marker.
    await marker.focus();
    await tab.keyboard.press('Enter');
    expect(new URL(tab.url()).hash).toBe('#app-2');
    await expect(tab.locator('#app-2').isVisible()).resolves.toBe(true);
    await tab.locator('#app-2 a.note-back').focus();
    await tab.keyboard.press('Enter');
    expect(new URL(tab.url()).hash).toBe('#app-2-ref');
    // Every siglum link and every marker lands on an element of the page.
    const targets = await tab.locator('a.siglum, a.app-ref, a.note-back').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
    for (const target of targets) await expect(tab.locator(`[id="${target.slice(1)}"]`).count()).resolves.toBe(1);
    await tab.screenshot({ path: path.join(ARTIFACTS, 'apparatus-hymn.png'), fullPage: true });
    expect(requests).toEqual([]);
    await context.close();
  }, 60_000);

  test('the witnesses: each siglum with its description, before the text; the sigla of the entries link to them', async () => {
    const { context } = await offlineContext(browser);
    const tab = await context.newPage();
    await tab.goto(fileUrl(path.join(site, 'documents', 'hymn.html')));
    const witnesses = await tab.locator('section.witnesses dl.witnesses > div').evaluateAll((rows) => rows.map((row) => `${row.querySelector('dt')!.textContent} = ${row.querySelector('dd')!.textContent}`));
    expect(witnesses).toEqual([
      'A = Oxford, Bodleian Library, MS Laud 509, s. XI, f. 12r',
      'B = London, British Library, Cotton Tiberius A. iii, a later copy.',
      'C = Cambridge, Corpus Christi College 41',
      'Tr = Trinity College fragment',
      '<img src=x onerror=alert(1)>X = <script>alert("witness")</script>',
    ]);
    await expect(tab.locator('#app-3 a.siglum').first().getAttribute('href')).resolves.toBe('#wA');
    await expect(tab.locator('#app-5 abbr.siglum').getAttribute('title')).resolves.toBe('J. Smith, The Hymn, Oxford 1901');
    // Witnesses come before the text; the Apparatus after it, before the Notes.
    const order = await tab.locator('section.witnesses, section.text, section.apparatus, section.notes:not(.apparatus)').evaluateAll((sections) => sections.map((s) => s.className));
    expect(order).toEqual(['witnesses', 'text', 'notes apparatus', 'notes']);
    await context.close();
  }, 60_000);

  test('untrusted sigla and readings stay text: no script, no handler, no javascript: link', async () => {
    const { context } = await offlineContext(browser);
    const tab = await context.newPage();
    const dialogs: string[] = [];
    tab.on('dialog', async (dialog) => { dialogs.push(dialog.message()); await dialog.dismiss(); });
    await tab.goto(fileUrl(path.join(site, 'documents', 'hymn.html')));
    const state = await tab.evaluate(() => ({
      scripts: [...document.querySelectorAll('script')].filter((s) => !s.src).map((s) => s.textContent ?? '').filter((t) => /alert/.test(t)),
      images: document.querySelectorAll('img').length,
      handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
      badLinks: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')!).filter((h) => /^\s*(javascript|data):/i.test(h)),
    }));
    expect(state).toEqual({ scripts: [], images: 0, handlers: 0, badLinks: [] });
    expect(dialogs).toEqual([]);
    await context.close();
  }, 60_000);

  test('a listApp apart from the text (location-referenced) is a list of entries where it stands, not running text', () => {
    expect(page).toContain('<ul class="apparatus"><li><span class="app app-entry"><span class="app-place">l. 3</span> <span class="lem">earth</span>] <span class="rdg">world</span> <a class="siglum" href="#wB"');
    expect(text).toContain('\nReadings of the later hand\n--------------------------\n\n- l. 3 earth] world B\n');
  });

  test("a witness's date is not the text's: the hymn, dated nowhere else, has no Date", () => {
    expect(page).not.toContain('<dt>Date</dt>');
    expect(text).not.toMatch(/^Date:/m);
  });

  test('the text edition: the lemma with the number of its entry; Witnesses before the text, Apparatus after it', () => {
    expect(text).toContain('\nWitnesses\n---------\n\nConspectus siglorum\n-------------------\n\n'
      + 'A       Oxford, Bodleian Library, MS Laud 509, s. XI, f. 12r\n'
      + 'B       London, British Library, Cotton Tiberius A. iii, a later copy.\n'
      + 'C       Cambridge, Corpus Christi College 41\nTr      Trinity College fragment\n');
    expect(text).toContain("Now we must praise{2} the guardian of heaven{3} and the {4} maker's\nmight{5} and his counsel{6}. He first made{7} the earth.");
    expect(text).toContain('\nApparatus\n---------\n\n{1} inc. A B\n{2} praise A C] prayse B (orthographic); honour Tr\n{3} heaven A] om. B C\n{4} om. A] mighty add. C\n'
      + '{5} might A B] myght C; mood Tr; main Sm. (conjecture) — Tr: written over an\n    erasure\n{6} counsel A] thought of Cædmon B[1]\n');
    expect(text.indexOf('\nApparatus\n')).toBeLessThan(text.indexOf('\nNotes\n'));
  });

  test('the search finds the reading text (the lemma), not the variant readings', async () => {
    const { html } = loadStylesheets();
    const document = await parseDocument(fs.readFileSync(path.join(SRC, 'hymn.xml'), 'utf8'));
    const summary = summarizeDocument(html, { path: 'hymn.xml', document });
    const words = summary.search.blocks.map((block) => block.text).join(' ');
    expect(words).toContain('Now we must praise the guardian of heaven and the maker\'s might and his counsel. He first made the earth.');
    for (const variant of ['prayse', 'honour', 'mighty', 'myght', 'mood', 'thought', 'shaped', 'world']) expect(words).not.toContain(variant);
  });
});
