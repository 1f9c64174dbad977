/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: it type-checks against the DOM.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { DEFAULT_RULES_FILE, validateCollection } from '../../src/validation';
import { ARTIFACTS, entryData, entryDataLinks, listedMentions, fileUrl, launchChromium, offlineContext, offlinePage, searchResultDocuments } from '../support/browser';
import { PUBLISH_FIXTURES, publish, read } from '../support/publish';

/**
 * Register entries identified by a URI alone, as Syriaca.org keeps its records today (a <person> or <place> with no
 * xml:id and <idno type="URI">http://syriaca.org/person/13</idno>): each is an entry with a page named by its URI
 * (persons/syriaca.org~person~13.html), which mentions, headers and relations reach by that URI written with http or
 * https, with or without a trailing slash. A pointer that is a name alone ("pmb50", as schnitzler-briefe writes it
 * beside "#pmb50") reaches the entry of that xml:id, and the validator says to write "#pmb50". A relation's parties
 * are pointers to the validator. The fixture: test/fixtures/publish/uri-entries/.
 */

const SRC = path.join(PUBLISH_FIXTURES, 'uri-entries');
const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');
const EPHREM = 'persons/syriaca.org~person~13.html';
const EDESSA = 'places/syriaca.org~place~78.html';
const NISIBIS = 'places/syriaca.org~place~142.html';
const JACOB = 'persons/syriaca.org~person~51.html';
const MALLORY = 'persons/javascript+alert_28_27uri-entry_27_29.html';
const TRUDY = 'persons/..~..~..~tmp~owned_22_3E_3Cimg~src_3Dx~onerror_3Dalert_281_29_3E.html';

/** Every file under a folder, relative to it. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

describe('register entries identified by a URI', () => {
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

  test("an entry with no xml:id and an idno URI has a page named by its URI, and the register lists it", async () => {
    const persons = filesUnder(path.join(site, 'persons')).sort();
    expect(persons).toEqual([
      '..~..~..~tmp~owned_22_3E_3Cimg~src_3Dx~onerror_3Dalert_281_29_3E.html',
      expect.stringMatching(/^example\.org~a-very-long-path~0123456789[0-9~]+\+\d+\.html$/),
      expect.stringMatching(/^example\.org~a-very-long-path~0123456789[0-9~]+\+\d+\.html$/),
      'javascript+alert_28_27uri-entry_27_29.html',
      'pmb2121.html',
      'syriaca.org~person~13.html',
      'syriaca.org~person~51.html',
      'syriaca.org~person~999.html',
    ]);
    // Two long URIs that begin alike keep two pages (a checksum tells them apart), each name short enough for any file system.
    expect(persons[1]).not.toBe(persons[2]);
    for (const file of persons) expect(file.length).toBeLessThanOrEqual(210);
    expect(filesUnder(path.join(site, 'places')).sort()).toEqual(['pmb50.html', 'saint-78.html', 'syriaca.org~place~142.html', 'syriaca.org~place~78.html']);
    const { context, requests } = await offlineContext(browser);
    const page = await context.newPage();
    await page.goto(fileUrl(path.join(site, 'persons.html')));
    const listed = await page.locator('main li a').evaluateAll((anchors) => anchors.map((a) => [a.textContent!.trim(), a.getAttribute('href') ?? '']));
    expect(listed).toEqual(expect.arrayContaining([['Ephrem', EPHREM], ['Jacob of Serugh', JACOB], ['Mallory', MALLORY], ['Trudy', TRUDY]]));
    await page.goto(fileUrl(path.join(site, EPHREM)));
    expect(await page.locator('h1').innerText()).toBe('Ephrem');
    expect(await entryData(page, path.join(site, EPHREM))).toEqual([
      ['Named in the texts', ['ܐܦܪܝܡ; Éphrem d’Édesse']],
      ['Dates', ['–373']],
      ['Authority (URI)', ['http://syriaca.org/person/13']],
      ['Authority (URI)', ['https://viaf.org/viaf/100177778/']],
      ['Note', ['Deacon, poet and theologian; his career was based in Nisibis and Edessa.']],
    ]);
    expect(await listedMentions(page)).toEqual([['A hymn on Nisibis', ['Mar Afrem → ../documents/hymn.html']]]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'uri-entries-ephrem.png'), fullPage: true });
    expect(requests).toEqual([]);
    await context.close();
  }, 120_000);

  test('pointers reach it by its URI written with http or https, a trailing slash, any case of scheme and host; not another path', async () => {
    const { context, requests } = await offlineContext(browser);
    const page = await context.newPage();
    await page.goto(fileUrl(path.join(site, 'documents', 'hymn.html')));
    const links = await page.locator('a').evaluateAll((anchors) => anchors.map((a) => [a.textContent!.trim(), a.getAttribute('href') ?? '']));
    const linked = (words: string): string[] => links.filter(([text]) => text === words).map(([, href]) => href);
    expect(linked('Mar Afrem')).toEqual([`../${EPHREM}`]);
    // HTTP://Syriaca.ORG/place/142 and https://syriaca.org/place/78: the register's http://syriaca.org/place/142 and /78.
    expect(linked('Nsibin')).toEqual([`../${NISIBIS}`]);
    expect(linked('Urhay')).toEqual([`../${EDESSA}`]);
    // The header's author, https://syriaca.org/person/13/.
    expect(linked('Ephrem')).toEqual([`../${EPHREM}`]);
    // The path's letters keep their case: /Person/13 is no entry's, and stays a link to that address.
    expect(linked('someone else')).toEqual(['http://syriaca.org/Person/13']);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'uri-entries-hymn.png'), fullPage: true });
    await page.locator('a', { hasText: 'Urhay' }).click();
    expect(decodeURIComponent(page.url())).toMatch(/places\/syriaca\.org~place~78\.html$/);
    expect(await listedMentions(page)).toEqual([['A hymn on Nisibis', ['Urhay → ../documents/hymn.html']]]);
    expect(requests).toEqual([]);
    await context.close();
  }, 120_000);

  test("relations by URI are on both parties' pages", async () => {
    const { context, requests } = await offlineContext(browser);
    const page = await context.newPage();
    const edessa = await entryData(page, path.join(site, EDESSA));
    expect(edessa).toEqual(expect.arrayContaining([
      ['Named in the texts', ['Urfa; ܐܘܪܗܝ']],
      ['Has relation to this place', ['Jacob of Serugh']],
      ['Authority (URI)', ['http://syriaca.org/place/78']],
    ]));
    expect(await entryDataLinks(page)).toEqual(expect.arrayContaining([['Jacob of Serugh', `../${JACOB}`], ['Nisibis', `../${NISIBIS}`]]));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'uri-entries-edessa.png'), fullPage: true });
    expect(await entryData(page, path.join(site, JACOB))).toEqual([
      ['Has relation to place', ['Edessa']],
      ['Authority (URI)', ['http://syriaca.org/person/51']],
    ]);
    expect(await entryDataLinks(page)).toEqual([['Edessa', `../${EDESSA}`], ['http://syriaca.org/person/51', 'http://syriaca.org/person/51']]);
    expect(requests).toEqual([]);
    await context.close();
  }, 120_000);

  test('a URI written differently by two records is one URI: the second record is warned about', () => {
    expect(diagnostics.filter((d) => d.rule === 'register-uri-ambiguous').map(({ file, message }) => [path.relative(SRC, file), message])).toEqual([[
      'saints/78.xml',
      'the entry "saint-78" (places) is known by the URI "http://syriaca.org/place/78" (its idno), as the entry "http://syriaca.org/place/78" (places) of places/78.xml is: a pointer by this URI reaches "http://syriaca.org/place/78" only',
    ]]);
  });

  test('a name alone ("pmb50") that no file has reaches the entry of that xml:id; a file name stays a link to the file', async () => {
    const { context, requests } = await offlineContext(browser);
    const page = await context.newPage();
    await page.goto(fileUrl(path.join(site, 'documents', 'L1.html')));
    const links = await page.locator('main a').evaluateAll((anchors) => anchors.map((a) => [a.textContent!.trim(), a.getAttribute('href') ?? '']));
    const linked = (words: string): string[] => links.filter(([text]) => text === words).map(([, href]) => href);
    expect(linked('Wien')).toEqual(expect.arrayContaining(['../places/pmb50.html']));
    expect(linked('the city')).toEqual(['../places/pmb50.html']);
    expect(linked("the city's entry")).toEqual(['../places/pmb50.html']);
    expect(linked('my other letter')).toEqual(['L2.html']);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'uri-entries-letter.png'), fullPage: true });
    await page.goto(fileUrl(path.join(site, 'places', 'pmb50.html')));
    // Its two mentions in the text ("pmb50" and "#pmb50" alike); a ref's link to it is no mention.
    expect(await listedMentions(page)).toEqual([['Schnitzler to Bahr, Vienna, 1 May 1898', ['Wien → ../documents/L1.html', 'the city → ../documents/L1.html']]]);
    // The birthplace in the person's record, "pmb50" too.
    expect(await entryData(page, path.join(site, 'places', 'pmb50.html'))).toEqual(expect.arrayContaining([['Born here', ['Arthur Schnitzler (15 May 1862)']]]));
    // And on the person's page, the birthplace is linked by the settlement's pointer around its name.
    expect(await entryData(page, path.join(site, 'persons', 'pmb2121.html'))).toEqual(expect.arrayContaining([['Born', ['15 May 1862, Wien']]]));
    expect(await entryDataLinks(page)).toEqual(expect.arrayContaining([['Wien', '../places/pmb50.html']]));
    expect(requests).toEqual([]);
    await context.close();
  }, 120_000);

  test('hostile URIs: no javascript: link, no file outside the output folder, no markup from the idno', async () => {
    const { context, page, requests, dialogs } = await offlinePage(browser);
    // Nothing written outside the site's folders: every page of an entry is a file name in its register's folder.
    expect(fs.existsSync(path.join(out, '..', 'tmp'))).toBe(false);
    expect(filesUnder(path.dirname(out)).filter((file) => !file.startsWith(`dist${path.sep}`))).toEqual([]);
    for (const file of ['documents/hymn.html', MALLORY, TRUDY, 'persons.html']) {
      await page.goto(fileUrl(path.join(site, file)));
      const hrefs = await page.locator('a').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href') ?? ''));
      expect([file, hrefs.filter((href) => /^\s*(javascript|data):/i.test(href))]).toEqual([file, []]);
      expect([file, await page.locator('img').count()]).toEqual([file, 0]);
      expect(read(path.join(site, file))).not.toMatch(/<img|href="javascript:/i);
    }
    await page.goto(fileUrl(path.join(site, 'documents', 'hymn.html')));
    await page.locator('a', { hasText: 'the eavesdropper' }).click();
    expect(decodeURIComponent(page.url())).toMatch(/persons\/\.\.~\.\.~\.\.~tmp~owned_22_3E_3Cimg~src_3Dx~onerror_3Dalert_281_29_3E\.html$/);
    expect(await page.locator('h1').innerText()).toBe('Trudy');
    await page.goto(fileUrl(path.join(site, 'documents', 'hymn.html')));
    await page.locator('a', { hasText: 'the intruder' }).click();
    expect(await page.locator('h1').innerText()).toBe('Mallory');
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
    await context.close();
  }, 120_000);

  test('the search finds a text by a name of a place it names by URI only', async () => {
    const documents = await searchResultDocuments(browser, site, 'Urfa');
    expect(read(path.join(out, 'text', 'hymn.txt'))).not.toMatch(/Urfa/);
    expect(documents).toEqual(['documents/hymn.html']);
  }, 120_000);
});

describe('the validator: entries known by a URI, relation parties, names without "#"', () => {
  let report: Array<{ file: string; rule: string; message: string; line: number }>;

  beforeAll(async () => {
    report = (await validateCollection(['.'], { cwd: SRC, skipSchema: true, rules: DEFAULT_RULES_FILE })).diagnostics;
  }, 120_000);

  const found = (rule: string): string[] => report.filter((d) => d.rule === rule).map((d) => `${d.file}:${d.line}: ${d.message}`);

  test('an entry known by a URI is a register entry: reported unused only when nothing points to it, a relation included', () => {
    // Jacob is reached by a relation only, Edessa by https://…/78/ and a relation; saint-78's URI reaches Edessa's record first.
    expect(found('register-entry-unused')).toEqual([
      'persons/999.xml:13: the person known by http://syriaca.org/person/999 is not referenced by any document of the collection',
      'saints/78.xml:12: the place "saint-78" is not referenced by any document of the collection',
    ]);
  });

  test("a relation's party that points nowhere is reported as any pointer is", () => {
    expect(found('pointer-unresolved')).toEqual([
      'letters/L1.xml:29: @mutual on relation points nowhere: #pmb9999: no element in this document has xml:id="pmb9999"',
    ]);
  });

  test('a name without "#" that is an xml:id of the document is a warning that says what to write', () => {
    expect(found('pointer-missing-hash')).toEqual([
      expect.stringMatching(/^letters\/L1\.xml:11: @ref on persName names "pmb2121" without "#": .* so write "#pmb2121"$/),
      expect.stringMatching(/^letters\/L1\.xml:11: @ref on placeName names "pmb50" without "#"/),
      expect.stringMatching(/^letters\/L1\.xml:18: @ref on placeName names "pmb50"/),
      expect.stringMatching(/^letters\/L1\.xml:19: @target on ref names "pmb50"/),
      expect.stringMatching(/^letters\/L1\.xml:26: @ref on settlement names "pmb50"/),
    ]);
  });
});
