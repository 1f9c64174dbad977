/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: it type-checks against the DOM.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, entryData, entryDataLinks, launchChromium, offlineContext, offlinePage } from '../support/browser';
import { PUBLISH_FIXTURES, publish, read } from '../support/publish';

/**
 * Relations as a foreign register states them, in the manner of Syriaca.org's records (one record per file, no xml:id,
 * each known by its idno URI, each stating its relations in its own record and restating others'): a directed relation
 * worded from each side, also where its name is an RDF property whose vocabulary says how it reads from either side
 * (SKOS's broader on the narrower place is "Within", on the broader one "Contains"; CIDOC CRM's P89 falls within; a
 * project's child-of and parent-of); the same relation stated again (in other XML, or from the other side) shown once;
 * a desc that only names a party the page shows is not said again; the bibls a record cites are no authors of a person
 * or a place, only a work's own authors are. The fixture: test/fixtures/publish/relations-foreign/.
 */

const SRC = path.join(PUBLISH_FIXTURES, 'relations-foreign');
const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');
const CITY = 'places/example.org~place~1.html';
const PROVINCE = 'places/example.org~place~2.html';
const DISTRICT = 'places/example.org~place~3.html';
const EMPIRE = 'places/example.org~place~4.html';
const POET = 'persons/example.org~person~1.html';
const FATHER = 'persons/example.org~person~2.html';
const WORK = 'works/example.org~work~1.html';

const MARI = 'persons/example.org~person~3.html';
const MARI_COPY = 'persons/viaf.example~viaf~3.html';

describe("a foreign register's relations, each worded from its party's side and said once", () => {
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

  test('SKOS-style broader and narrower, and CRM falls within, read "Within" from the contained place and "Contains" from the other; each once', async () => {
    const { context, requests } = await offlineContext(browser);
    const page = await context.newPage();
    // The city states that it is within the province (until 641) and the district; the desc that only names the
    // province (which the page names already) is not repeated, the one naming the district otherwise is kept. The name
    // it shares with the district is stated three times (once here, twice in the district's record): once.
    expect(await entryData(page, path.join(site, CITY))).toEqual([
      ['Type', ['settlement']],
      ['Within', ['Upper Province (until 641)', 'Kallirhoe: Kallirhoe (district)']],
      ['Share a name', ['Kallirhoe: This place shares a name with one or more distinct places.']],
      ['Authority (URI)', ['http://example.org/place/1']],
      ['Authority (URI)', ['https://pleiades.example/places/11']],
    ]);
    expect(await entryDataLinks(page)).toEqual(expect.arrayContaining([
      ['Upper Province', `../${PROVINCE}`], ['Kallirhoe', `../${DISTRICT}`],
    ]));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'relations-foreign-city.png'), fullPage: true });
    // The province: the city's broader and its own narrower (by the W3C URI, the city by https and a slash) are one
    // statement; it falls within the empire (P89_falls_within).
    expect(await entryData(page, path.join(site, PROVINCE))).toEqual([
      ['Type', ['province']],
      ['Contains', ['Kallirhoe (until 641)']],
      ['Within', ['Empire']],
      ['Authority (URI)', ['http://example.org/place/2']],
    ]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'relations-foreign-province.png'), fullPage: true });
    // The desc naming this very place is not said on its page.
    expect(await entryData(page, path.join(site, DISTRICT))).toEqual([
      ['Type', ['region']],
      ['Contains', ['Kallirhoe']],
      ['Share a name', ['Kallirhoe: This place shares a name with one or more distinct places.']],
      ['Authority (URI)', ['http://example.org/place/3']],
    ]);
    expect(await entryData(page, path.join(site, EMPIRE))).toEqual([
      ['Type', ['state']],
      ['Contains', ['Upper Province']],
      ['Authority (URI)', ['http://example.org/place/4']],
    ]);
    expect(requests).toEqual([]);
    await context.close();
  }, 120_000);

  test("a person's relations from each side; a name no vocabulary words reads as the Guidelines read it; cited sources' authors are not the person's", async () => {
    const { context, page, requests, dialogs } = await offlinePage(browser);
    // child-of here and parent-of in the father's record are one relation, on both pages; "patron" is the encoder's
    // name alone: what the father is to the poet. No "Authors" from the bibls the record cites.
    const poet = await entryData(page, path.join(site, POET));
    expect(poet.slice(0, 2)).toEqual([
      ['Child of', ['Shemʿon']],
      ['Patron', ['Shemʿon (500–510)']],
    ]);
    expect(poet.map(([label]) => label)).not.toContain('Authors');
    expect(poet).toEqual(expect.arrayContaining([['Note', ['Poet and teacher.']]]));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'relations-foreign-poet.png'), fullPage: true });
    const father = await entryData(page, path.join(site, FATHER));
    expect(father.slice(0, 2)).toEqual([
      ['Parent of', ['Yohannan of Kallirhoe']],
      ['Patron of', ['Yohannan of Kallirhoe (500–510)']],
    ]);
    // A work's authors are its own.
    expect(await entryData(page, path.join(site, WORK))).toEqual([
      ['Author', ['Yohannan of Kallirhoe']],
      ['Authority (URI)', ['http://example.org/work/1']],
    ]);
    // The description a mention shows on hover is the person's, not the sources' authors.
    await page.goto(`file://${path.join(site, 'documents', 'hymn.html')}`);
    const descriptions = await page.locator('[data-desc]').evaluateAll((names) => names.map((name) => name.getAttribute('data-desc')!));
    expect(descriptions).toContain('Yohannan of Kallirhoe: Poet and teacher.');
    expect(descriptions.join('\n')).not.toMatch(/Scholar|Cataloguer/);
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
    await context.close();
  }, 120_000);

  test('a hostile relation name, ref, desc and party stay text: no script, no javascript: or data: link', async () => {
    const { context, page, requests, dialogs } = await offlinePage(browser);
    const poet = await entryData(page, path.join(site, POET));
    expect(poet).toEqual(expect.arrayContaining([
      ["Onerror=alert('name')> of", ["javascript:alert('party'); Shemʿon: <script>alert('desc')</script>"]],
      ["Alert('ref')", ['data:text/html,<b>x</b>']],
    ]));
    await expect(page.locator('main script, main img, main b').count()).resolves.toBe(0);
    const hrefs = await page.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.filter((href) => /^\s*(javascript|data):/i.test(href))).toEqual([]);
    for (const file of [POET, FATHER]) expect(read(path.join(site, file))).not.toMatch(/<script>alert|<img src=x|href="(javascript|data):/i);
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
    await context.close();
  }, 120_000);

  test('copies of a record without an xml:id that list its URIs in other orders are one entry: one group, its page under each copy\'s name', async () => {
    // Three copies (copies/3.xml: VIAF first; persons/3.xml: its own URI first, VIAF by https and a slash; the hymn's
    // back matter): no warning that a URI is ambiguous, one entry in the register, the relation of one copy on the page.
    expect(diagnostics.filter((d) => d.rule === 'register-uri-ambiguous')).toEqual([]);
    const { context, page, requests } = await offlinePage(browser);
    await page.goto(`file://${path.join(site, 'persons.html')}`);
    const listed = await page.locator('main li a').evaluateAll((links) => links.map((a) => a.textContent!.trim()));
    expect(listed.filter((name) => name === 'Mari')).toHaveLength(1);
    const mari = await entryData(page, path.join(site, MARI));
    expect(mari).toEqual(expect.arrayContaining([['Student of', ['Yohannan of Kallirhoe']], ['Note', ['Scribe of the hymns.']]]));
    // The page of the copy whose first URI is VIAF's is the same page: a document that finds that copy links there.
    expect(read(path.join(site, MARI_COPY))).toBe(read(path.join(site, MARI)));
    expect(await entryData(page, path.join(site, POET))).toEqual(expect.arrayContaining([['Teacher of', ['Mari']]]));
    expect(await entryDataLinks(page)).toEqual(expect.arrayContaining([['Mari', `../${MARI_COPY}`]]));
    // Every link of the hymn to an entry reaches a page that exists.
    await page.goto(`file://${path.join(site, 'documents', 'hymn.html')}`);
    const hrefs = await page.locator('a[href^="../persons/"], a[href^="../places/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(fs.existsSync(path.join(site, 'documents', href.replace(/#.*$/, '')))).toBe(true);
    expect(requests).toEqual([]);
    await context.close();
  }, 120_000);
});
