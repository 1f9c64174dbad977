/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: it type-checks against the DOM.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { buildEdition } from '../../src/publish/build';
import { ARTIFACTS, entryData, entryDataLinks, launchChromium, offlineContext, offlinePage } from '../support/browser';
import { PINNED_EDITION, PUBLISH_FIXTURES, publish, read, snapshot, temporaryDir } from '../support/publish';

/**
 * What a register says of its people and organisations besides their names and dates (TEI Guidelines 13.3): their
 * relations (13.3.2.3, relation in a listRelation: @name or @ref, @active and @passive or @mutual, dates, desc), their
 * affiliations (an organisation by its pointer, with a role: ParlaMint's <affiliation role="member" ref="#NR"/>), and the
 * other person data (occupation, education, residence, state, trait), each under one label, their names linked to the
 * entries they point to, wherever the collection keeps those: another register file, a list a document includes in its
 * header (XInclude). A relation is on the page of each of its parties, worded from that party's side from the encoder's
 * name alone (ed:relation-label). The fixture: test/fixtures/publish/relations/.
 */

const SRC = path.join(PUBLISH_FIXTURES, 'relations');
const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');

describe("an entry's relations, affiliations and person data", () => {
  let site: string;
  let browser: Browser;

  beforeAll(async () => {
    const built = await publish(SRC);
    expect(built.result.published).toBe(true);
    expect(built.result.failed).toEqual([]);
    site = path.join(built.out, 'html');
    browser = await launchChromium();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  test("a relation is on the page of each of its parties, worded from that party's side, each other party linked to its page", async () => {
    const { context, requests } = await offlineContext(browser);
    const page = await context.newPage();
    // Active: the name "of" the passive parties; two relations of one wording under one label, in the encoder's order
    // (parent, then parent_of: DraCor's name, already worded); a party that reaches no entry by its id, not linked.
    expect(await entryData(page, path.join(site, 'persons', 'hans.html'))).toEqual([
      ['Dates', ['3 February 1850 – 1920']],
      ['Born', ['3 February 1850, Wien']],
      ['Occupation', ['Publisher']],
      ['Residence', ['Graz (1875–1920)']],
      ['Parent of', ['Weber, Anna', 'fritz']],
    ]);
    expect(await entryDataLinks(page)).toEqual([['Wien', '../places/wien.html'], ['Graz', '../places/graz.html'], ['Weber, Anna', '../persons/anna.html']]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'relations-hans.png'), fullPage: true });
    // Passive: what the active parties are to it (no inverse is made up); mutual: the others; @active alone is mutual.
    expect(await entryData(page, path.join(site, 'persons', 'anna.html'))).toEqual([
      ['Dates', ['1878–']],
      ['Education', ["Teachers' college at Graz (1890–1895)"]],
      ['Parent', ['Müller, Hans; Müller, Maria']],
      ['Spouses', ['Weber, Karl (20 May 1899)']],
      ['Friends', ['Lena Berger']],
      ['Sibling', ['fritz']],
    ]);
    expect(await entryDataLinks(page)).toEqual([
      ['Graz', '../places/graz.html'], ['Müller, Hans', '../persons/hans.html'], ['Müller, Maria', '../persons/maria.html'],
      ['Weber, Karl', '../persons/karl.html'], ['Lena Berger', '../persons/lena.html'],
    ]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'relations-anna.png'), fullPage: true });
    // A relation named by a URI (@ref), with its desc; the name says how it relates ("…Of"): so to this person.
    expect(await entryData(page, path.join(site, 'persons', 'lena.html'))).toEqual([
      // An organisation without a main name is named by its full one (@full="yes"), not by its initials.
      ['Affiliation', ['Member of Catalunya Sí que es Pot (from 26 October 2015)']],
      ['Friends', ['Weber, Anna']],
      ['Acquaintance of', ['Weber, Karl: met at the rowing club']],
      ['Has relation to place', ['Graz']],
    ]);
    // Said from the place's side, the name that ends in what the place is says so once (Syriaca.org's relation).
    expect(await entryData(page, path.join(site, 'places', 'graz.html'))).toEqual(expect.arrayContaining([['Has relation to this place', ['Lena Berger']]]));
    // A coded state of nothing but a type and a category pointer (ParlaMint's political orientation) is no line.
    // Its member, as her affiliation (in the persons' register) states it, from the organisation's side.
    expect(await entryData(page, path.join(site, 'organisations', 'csqp.html'))).toEqual([
      ['Named in the texts', ['CSQP']],
      ['Event', ['existence (from 15 July 2015)']],
      ['Member', ['Lena Berger (from 26 October 2015)']],
    ]);
    // A relation kept in another register file (the organisations'), on both parties' pages; an affiliation without a
    // role, with its words.
    expect(await entryData(page, path.join(site, 'organisations', 'verlag.html'))).toEqual([
      ['Employer of', ['Weber, Karl (1890–1901)']],
      ['Affiliated', ['Weber, Karl: Reader at the Müller press']],
    ]);
    await page.locator('dl.entry-data a', { hasText: 'Weber, Karl' }).first().click();
    expect(page.url()).toMatch(/persons\/karl\.html$/);
    expect(requests).toEqual([]);
    await context.close();
  }, 120_000);

  test("an affiliation reads as its role of the organisation it points to, in another file or in a list a document includes; a pointer that reaches nothing as its id", async () => {
    const { context, requests } = await offlineContext(browser);
    const page = await context.newPage();
    expect(await entryData(page, path.join(site, 'persons', 'karl.html'))).toEqual([
      ['Affiliations', [
        'Member of National Council (27 March 1897 – 31 January 1901): Abgeordneter; Member of Parliament',
        'Member of Wiener Ruderclub (from 1895)',
        'Deputy head of nowhere',
        'Reader at the Müller press',
      ]],
      ['State', ['Rank: Hofrat']],
      ['Trait', ['Hair colour: red']],
      ['Employer', ['Verlag Müller & Co. (1890–1901)']],
      ['Spouses', ['Weber, Anna (20 May 1899)']],
      ['Acquaintance of this person', ['Lena Berger: met at the rowing club']],
      ["Script>", ['Mallory']],
    ]);
    expect(await entryDataLinks(page)).toEqual([
      ['National Council', '../organisations/nr.html'], ['Wiener Ruderclub', '../organisations/club.html'], ['the Müller press', '../organisations/verlag.html'],
      ['Verlag Müller & Co.', '../organisations/verlag.html'], ['Weber, Anna', '../persons/anna.html'], ['Lena Berger', '../persons/lena.html'],
      ['Mallory', '../persons/mallory.html'],
    ]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'relations-karl.png'), fullPage: true });
    await page.locator('dl.entry-data a', { hasText: 'Wiener Ruderclub' }).click();
    expect(page.url()).toMatch(/organisations\/club\.html$/);
    await expect(page.locator('h1').innerText()).resolves.toBe('Wiener Ruderclub');
    expect(requests).toEqual([]);
    await context.close();
  }, 120_000);

  test('hostile names stay text: no script runs, a javascript: party is no link', async () => {
    const { context, page, requests, dialogs } = await offlinePage(browser);
    expect(await entryData(page, path.join(site, 'persons', 'mallory.html'))).toEqual([
      ['Affiliation', ["Member of <script>alert('org')</script> Society"]],
      ['Script> of', ["javascript:alert('party'); Weber, Karl"]],
    ]);
    await expect(page.locator('main script').count()).resolves.toBe(0);
    const hrefs = await page.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.filter((href) => /^\s*(javascript|data):/i.test(href))).toEqual([]);
    for (const file of ['persons/mallory.html', 'persons/karl.html', 'organisations/evil.html']) {
      expect(read(path.join(site, file))).not.toMatch(/<script>alert|href="javascript:/i);
    }
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
    await context.close();
  }, 120_000);
});

describe('the incremental build shows what a cold build shows when a related entry changes', () => {
  test('renaming an organisation and redating a relation in one register file changes the pages of the entries of another', async () => {
    const src = path.join(temporaryDir('relations-src'), 'relations');
    fs.cpSync(SRC, src, { recursive: true });
    const cacheDir = temporaryDir('relations-cache');
    const out = path.join(temporaryDir('relations-out'), 'dist');
    const options = { src, out, validate: false, edition: PINNED_EDITION, cacheDir };
    expect((await buildEdition(options)).published).toBe(true);
    const file = path.join(src, 'organisations.xml');
    fs.writeFileSync(file, read(file).replace('National Council', 'Nationalrat').replace('from="1890" to="1901"', 'from="1891" to="1902"'));
    expect((await buildEdition(options)).published).toBe(true);
    const cold = path.join(temporaryDir('relations-cold'), 'dist');
    expect((await buildEdition({ ...options, out: cold, cacheDir: temporaryDir('relations-cache-cold') })).published).toBe(true);
    const [incremental, fresh] = [snapshot(out), snapshot(cold)];
    expect([...incremental.keys()].sort()).toEqual([...fresh.keys()].sort());
    expect([...fresh.keys()].filter((name) => !fresh.get(name)!.equals(incremental.get(name)!))).toEqual([]);
    const karl = read(path.join(out, 'html', 'persons', 'karl.html'));
    expect(karl).toContain('>Nationalrat</a>');
    expect(karl).toContain('Verlag Müller &amp; Co.</a> (1891–1902)');
  }, 180_000);
});
