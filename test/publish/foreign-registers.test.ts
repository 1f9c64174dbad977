import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import type { BuildResult } from '../../src/publish/build';
import { ARTIFACTS, fileUrl, launchChromium, offlineContext } from '../support/browser';
import { buildInChild, read, temporaryDir } from '../support/publish';
import { describeWithShared, sharedPath } from '../support/shared';
import { collectionRegister, hasAncestor, RegisterMention, unlinkedMentions } from '../support/register-mentions';

/**
 * Issue 13 (points 1 and 2), on a real letters edition this project was not written for: the Schnitzler
 * letters (../shared/corpus/schnitzler-briefe/data: letters whose back matter repeats their register
 * entries, and the collection's index of works), built with --no-validate as a new user would. Every
 * name of a letter's body whose @ref names a register entry links to that entry's page, and the entry
 * page links back to the exact spot; screenshots of a letter, an entry and the persons list go to
 * test-artifacts/screenshots/ (look at them).
 */

const DATA = sharedPath('corpus', 'schnitzler-briefe', 'data');
const NAMES = ['rs', 'persName', 'placeName', 'orgName'];
const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');

describeWithShared('a foreign letters edition: names link to their register entries and back (issue 13)', () => {
  let out: string;
  let result: BuildResult;
  let mentions: RegisterMention[] = [];

  beforeAll(() => {
    out = path.join(temporaryDir('schnitzler'), 'dist');
    result = buildInChild(DATA, undefined, out);
    // The test's own reading of the register (the letters' back matter, the index) and of the names of the letters' bodies that point into it.
    const files = ['editions', 'indices'].flatMap((folder) => fs.readdirSync(path.join(DATA, folder)).filter((f) => f.endsWith('.xml')).sort().map((f) => `${folder}/${f}`));
    mentions = collectionRegister(DATA, files).mentions
      .filter((m) => m.element.ns === 'http://www.tei-c.org/ns/1.0' && NAMES.includes(m.element.local) && hasAncestor(m.element, 'body') && m.element.attributes.ref !== undefined);
  }, 20 * 60 * 1000);

  test('the letters and the index are published, the index as a register (no page of its own)', () => {
    expect(result.published).toBe(true);
    expect(result.failed).toEqual([]);
    expect(result.documents.filter((d) => d.startsWith('editions/')).length).toBe(17);
    expect(result.documents).not.toContain('indices/listbibl.xml');
  });

  test("every rs/persName/placeName/orgName of a letter's body whose @ref names a register entry links to the entry's page, which links back to the exact spot", () => {
    expect(mentions.length).toBeGreaterThan(100);
    const broken = unlinkedMentions(path.join(out, 'html'), result.names, mentions);
    // eslint-disable-next-line no-console
    console.log(`Schnitzler letters: ${mentions.length - broken.length} of ${mentions.length} names of the letters' bodies with a register entry link to it and back`);
    expect(broken).toEqual([]);
  });

  test('the back matter is the letter\'s register (names linked, short data), not raw text', () => {
    const html = read(path.join(out, 'html', 'documents', 'L00207.html'));
    const text = /<section class="text"[\s\S]*?<\/section>/.exec(html)![0];
    expect(text).not.toContain('48,208333');
    const register = /<section class="document-register"[\s\S]*?<\/section>/.exec(html)![0];
    expect(register).toContain('<a href="../persons/pmb2121.html">Schnitzler, Arthur</a>');
    expect(register).toMatch(/15 May 1862 – 21 October 1931/);
    expect(register).toContain('<a href="../places/pmb50.html">Wien</a>');
  });

  test('the header reads well: title, correspondents with place and date, licence as a short label, language; the edition named after its series', () => {
    const html = read(path.join(out, 'html', 'documents', 'L00207.html'));
    expect(html).toMatch(/<h1 lang="de-AT">Peter Altenberg an Arthur Schnitzler, \[2\.\?\s5\.\s1893\]<\/h1>/);
    expect(html).toMatch(/<dt>From<\/dt><dd><span class="correspondent"><a class="persName mention" href="\.\.\/persons\/pmb2147\.html"/);
    expect(html).toMatch(/<dt>To<\/dt>[\s\S]*?href="\.\.\/places\/pmb50\.html"[^>]*>Wien<\/a>[\s\S]*?\[2\.\s5\.\s1893\s+–\s6\.\s5\.\s1893\?\]/);
    expect(html).toContain('<a href="https://creativecommons.org/licenses/by/4.0/deed.de" rel="license">CC BY 4.0</a><details class="licence-text">');
    expect(html).toContain('<dt>Language</dt><dd>German</dd>');
    expect(html).toContain('<p class="site-title"><a href="../index.html">Arthur Schnitzler: Briefwechsel mit Autorinnen und Autoren</a></p>');
    // The index of works is a register: its entries have pages, listed under Works.
    expect(fs.existsSync(path.join(out, 'html', 'works.html'))).toBe(true);
    expect(html).toContain('<a href="../works.html">Works</a>');
  });

  describe('in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
    });
    afterAll(async () => {
      await browser?.close();
    });

    test('a letter, an entry page and the persons list, as a reader sees them (screenshots)', async () => {
      const { context, requests } = await offlineContext(browser);
      const page = await context.newPage();
      const mention = mentions.find((m) => m.register === 'persons')!;
      const letter = result.names[mention.file];
      await page.goto(fileUrl(path.join(out, 'html', 'documents', `${letter}.html`)));
      await page.screenshot({ path: path.join(SCREENSHOTS, 'foreign-letter.png'), fullPage: true });
      await page.locator(`[id="${mention.anchor}"]`).click();
      expect(page.url()).toMatch(new RegExp(`persons/${mention.id}\\.html$`));
      await page.screenshot({ path: path.join(SCREENSHOTS, 'foreign-entry.png'), fullPage: true });
      await page.locator(`a[href="../documents/${letter}.html#${mention.anchor}"]`).first().click();
      await expect(page.locator(`[id="${mention.anchor}"]`).evaluate((el) => el.matches(':target'))).resolves.toBe(true);
      await page.goto(fileUrl(path.join(out, 'html', 'persons.html')));
      await page.screenshot({ path: path.join(SCREENSHOTS, 'foreign-persons.png'), fullPage: true });
      await expect(page.locator('ul.register-list li').count()).resolves.toBeGreaterThan(20);
      expect(requests).toEqual([]);
      await context.close();
    }, 120_000);
  });
});
