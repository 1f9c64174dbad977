/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: it type-checks against the DOM.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { DEFAULT_RULES_FILE, validateCollection } from '../../src/validation';
import { ARTIFACTS, entryData, entryDataLinks, listedMentions, fileUrl, launchChromium, offlineContext, offlinePage, searchResultDocuments } from '../support/browser';
import { PUBLISH_FIXTURES, publish, read } from '../support/publish';

/**
 * Register entries reached by the URIs they are known by (their idno), as Syriaca.org's records
 * (<idno type="URI">http://syriaca.org/person/13</idno>, <relation active="http://syriaca.org/person/13" …>) and
 * letter editions (<persName ref="https://d-nb.info/gnd/…">, or "pmb:10815" by a prefixDef of the letter) point
 * to them: mentions, a document's header, relations and affiliations reach the entry whose idno is the pointer,
 * exactly, after its prefix is expanded. And what an entry's record states of another (an affiliation to an
 * organisation, a birth or residence in a place) on that other's page, worded from its side ("Member", "Born
 * here"). The fixture: test/fixtures/publish/registers-uri/.
 */

const SRC = path.join(PUBLISH_FIXTURES, 'registers-uri');
const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');

describe('register entries reached by the URIs they are known by', () => {
  let site: string;
  let browser: Browser;
  let diagnostics: Array<{ file: string; rule: string; message: string }>;

  beforeAll(async () => {
    const built = await publish(SRC);
    expect(built.result.published).toBe(true);
    expect(built.result.failed).toEqual([]);
    diagnostics = built.result.diagnostics;
    site = path.join(built.out, 'html');
    browser = await launchChromium();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  test("a name whose @ref is an entry's idno URI links to the entry's page, in the text and the header; one by no entry's URI links as before", async () => {
    const { context, requests } = await offlineContext(browser);
    const page = await context.newPage();
    await page.goto(fileUrl(path.join(site, 'documents', 'letter.html')));
    const links = await page.locator('a').evaluateAll((anchors) => anchors.map((a) => [a.textContent!.trim(), a.getAttribute('href') ?? '']));
    const linked = (words: string): string[] => links.filter(([text]) => text === words).map(([, href]) => href);
    // By a prefixDef ("pmb:10815" → https://pmb.acdh.oeaw.ac.at/entity/10815/), by a GND URI, by Syriaca's URIs.
    expect(linked('H. B.')).toEqual(['../persons/bahr.html']);
    expect(linked('myself')).toEqual(['../persons/schnitzler.html']);
    expect(linked('Mar Afrem')).toEqual(['../persons/ephrem.html']);
    expect(linked('Nsibin')).toEqual(['../places/nisibis.html']);
    // The letter's sender, in its header.
    expect(linked('Arthur Schnitzler')).toEqual(['../persons/schnitzler.html']);
    // A URI no entry is known by is a link to that address, as before; a prefixed name its prefixDef does not match, none.
    expect(linked('a stranger')).toEqual(['http://viaf.org/viaf/0']);
    expect(linked('the unknown')).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'registers-uri-letter.png'), fullPage: true });
    await page.locator('a', { hasText: 'Mar Afrem' }).first().click();
    expect(page.url()).toMatch(/persons\/ephrem\.html$/);
    expect(await listedMentions(page)).toEqual([['A letter of 1893', ['Mar Afrem → ../documents/letter.html']]]);
    await page.goto(fileUrl(path.join(site, 'persons', 'bahr.html')));
    expect(await listedMentions(page)).toEqual([['A letter of 1893', ['H. B. → ../documents/letter.html']]]);
    await page.goto(fileUrl(path.join(site, 'places', 'nisibis.html')));
    expect(await listedMentions(page)).toEqual([['A letter of 1893', ['Nsibin → ../documents/letter.html']]]);
    expect(requests).toEqual([]);
    await context.close();
  }, 120_000);

  test("relations and affiliations by URI reach their entries; an organisation's and a place's pages say who was a member, born or lived there", async () => {
    const { context, requests } = await offlineContext(browser);
    const page = await context.newPage();
    expect(await entryData(page, path.join(site, 'persons', 'ephrem.html'))).toEqual([
      ['Dates', ['306–373']],
      ['Born', ['306, Nisibis']],
      ['Died', ['373, Edessa']],
      ['Teacher of', ['Jacob of Serugh']],
      ['Authority (URI)', ['http://syriaca.org/person/13']],
      ['Authority (URI)', ['http://viaf.org/viaf/100177778']],
    ]);
    expect(await entryDataLinks(page)).toEqual([
      ['Nisibis', '../places/nisibis.html'], ['Edessa', '../places/edessa.html'], ['Jacob of Serugh', '../persons/jacob.html'],
      ['http://syriaca.org/person/13', 'http://syriaca.org/person/13'], ['http://viaf.org/viaf/100177778', 'http://viaf.org/viaf/100177778'],
    ]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'registers-uri-ephrem.png'), fullPage: true });
    expect(await entryData(page, path.join(site, 'persons', 'schnitzler.html'))).toEqual([
      ['Affiliation', ['Member of Jung-Wien (from 1891)']],
      ['Friends', ['Bahr, Hermann']],
      ['Authority (GND)', ['https://d-nb.info/gnd/118609807/']],
    ]);
    // The place's page, from its side: who was born, died, lived there (the persons' records state it).
    expect(await entryData(page, path.join(site, 'places', 'nisibis.html'))).toEqual([
      ['Born here', ['Ephrem the Syrian (306)']],
      ['Lived here', ['Jacob of Serugh (503–521)']],
      ['Authority (URI)', ['http://syriaca.org/place/78']],
    ]);
    expect(await entryDataLinks(page)).toEqual([
      ['Ephrem the Syrian', '../persons/ephrem.html'], ['Jacob of Serugh', '../persons/jacob.html'], ['http://syriaca.org/place/78', 'http://syriaca.org/place/78'],
    ]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'registers-uri-nisibis.png'), fullPage: true });
    expect(await entryData(page, path.join(site, 'places', 'edessa.html'))).toEqual([
      ['Died here', ['Ephrem the Syrian (373)']],
      ['Authority (URI)', ['http://syriaca.org/place/1']],
    ]);
    // The organisation's members, by the role their affiliations give, by URI and by "#id", with when and their words.
    expect(await entryData(page, path.join(site, 'organisations', 'jungwien.html'))).toEqual([
      ['Member', ['Schnitzler, Arthur (from 1891)', 'Bahr, Hermann (1890–1897): Spokesman of the group']],
      ['Authority (URI)', ['https://example.org/org/jung-wien']],
    ]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'registers-uri-jungwien.png'), fullPage: true });
    await page.locator('dl.entry-data a', { hasText: 'Bahr, Hermann' }).click();
    expect(page.url()).toMatch(/persons\/bahr\.html$/);
    expect(await entryData(page, path.join(site, 'persons', 'bahr.html'))).toEqual([
      ['Affiliation', ['Member of Jung-Wien (1890–1897): Spokesman of the group']],
      ['Friends', ['Schnitzler, Arthur']],
      ['Authority (pmb)', ['https://pmb.acdh.oeaw.ac.at/entity/10815/']],
    ]);
    expect(requests).toEqual([]);
    await context.close();
  }, 120_000);

  test('a URI two entries are known by reaches the first, and the build says so', async () => {
    expect(diagnostics.filter((d) => d.rule === 'register-uri-ambiguous').map(({ file, message }) => [path.basename(file), message])).toEqual([[
      'saints.xml',
      'the entry "saint-13" (persons) is known by the URI "http://syriaca.org/person/13" (its idno), as the entry "ephrem" (persons) of persons.xml is: a pointer by this URI reaches "ephrem" only',
    ]]);
    const { context } = await offlineContext(browser);
    const page = await context.newPage();
    await page.goto(fileUrl(path.join(site, 'persons', 'saint-13.html')));
    expect(await listedMentions(page)).toEqual([]);
    await context.close();
  }, 120_000);

  test("a javascript: idno is a join key, never a link: a pointer equal to it leads to the entry's page", async () => {
    const { context, page, requests, dialogs } = await offlinePage(browser);
    expect(await entryData(page, path.join(site, 'persons', 'mallory.html'))).toEqual([
      ['Rival', ['Jacob of Serugh']],
      ['Authority (URI)', ["javascript:alert('idno')"]],
    ]);
    expect(await entryDataLinks(page)).toEqual([['Jacob of Serugh', '../persons/jacob.html']]);
    expect(await listedMentions(page)).toEqual([['A letter of 1893', ['the intruder → ../documents/letter.html']]]);
    expect(await entryData(page, path.join(site, 'persons', 'jacob.html'))).toEqual([
      ['Residence', ['Nisibis (503–521)']],
      ['Teacher', ['Ephrem the Syrian']],
      ['Rival of', ["Mallory; javascript:alert('party')"]],
      ['Authority (URI)', ['http://syriaca.org/person/51']],
    ]);
    await page.goto(fileUrl(path.join(site, 'documents', 'letter.html')));
    await page.locator('a', { hasText: 'the intruder' }).first().click();
    expect(page.url()).toMatch(/persons\/mallory\.html$/);
    for (const file of ['documents/letter.html', 'persons/mallory.html', 'persons/jacob.html', 'persons.html']) {
      await page.goto(fileUrl(path.join(site, file)));
      const hrefs = await page.locator('a').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href') ?? ''));
      expect([file, hrefs.filter((href) => /^\s*(javascript|data):/i.test(href))]).toEqual([file, []]);
      expect(read(path.join(site, file))).not.toMatch(/href="javascript:/i);
    }
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
    await context.close();
  }, 120_000);

  test('the search finds a letter by the name of a person it names by URI only', async () => {
    const documents = await searchResultDocuments(browser, site, 'Bahr');
    // "Bahr" is not a word of the letter: it is found as the name of the entry its "H. B." reaches.
    expect(read(path.join(path.dirname(site), 'text', 'letter.txt'))).not.toMatch(/Bahr/);
    expect(documents).toEqual(['documents/letter.html']);
  }, 120_000);
});

describe('the validator counts a pointer by URI as a use of the entry known by it', () => {
  test('no entry reached only by its idno URI is reported unused', async () => {
    const report = await validateCollection(['.'], { cwd: SRC, skipSchema: true, rules: DEFAULT_RULES_FILE });
    const unused = report.diagnostics.filter((d) => d.rule === 'register-entry-unused').map((d) => `${path.basename(d.file)}: ${d.message}`);
    // saint-13: its URI reaches ephrem first. jacob is used: the parties of a relation are pointers (POINTER_ATTRIBUTES).
    expect(unused).toEqual([
      'saints.xml: the person "saint-13" is not referenced by any document of the collection',
    ]);
  }, 120_000);
});
