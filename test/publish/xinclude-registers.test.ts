/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: these tests type-check it against the DOM.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { buildEdition, BuildOptions } from '../../src/publish/build';
import { fileUrl, launchChromium, offlineContext } from '../support/browser';
import { PINNED_EDITION, PUBLISH_FIXTURES, publish, read, snapshot, temporaryDir } from '../support/publish';

/**
 * A book kept in several files (XInclude 1.1): what its chapters say is counted as written where they are included.
 * The register's entry pages list the names and speeches of the included chapters (and of a part a chapter includes
 * in turn) under the book, each linked to its anchor on the book's page; the search finds their text there. Pointers
 * written in a chapter resolve from the chapter's own folder (XInclude's base URI): "../registers/people.xml#reed", a
 * ref to "../letters/letter.xml", an image "img/harbour.png". A changed or newly written chapter changes the register
 * pages: the incremental build publishes what a cold build does. Nothing outside the collection, no URL, no loop is
 * read (a canary sits where "../outside.xml" leads).
 */

const FIXTURE = path.join(PUBLISH_FIXTURES, 'included-parts');

/** The collection in a temporary folder, with a canary (naming Captain Reed) where ../outside.xml leads. */
function collection(secret: string): string {
  const root = temporaryDir('xinclude-parts');
  const src = path.join(root, 'collection');
  fs.cpSync(FIXTURE, src, { recursive: true });
  fs.writeFileSync(path.join(root, 'outside.xml'),
    `<div xmlns="http://www.tei-c.org/ns/1.0"><p>${secret} <persName ref="collection/registers/people.xml#reed">Reed</persName></p></div>`);
  return src;
}

/** What an entry page lists of one document: its counts, and each link with the text of the element it leads to. */
async function listed(page: Page, out: string, entry: string, document: string): Promise<{ counts: string[]; links: Array<[string, string]> }> {
  await page.goto(fileUrl(path.join(out, 'html', entry)));
  const section = page.locator('section.mentions-in-document', { has: page.locator(`h3 a[href="../documents/${document}.html"]`) });
  const counts = await section.locator('h4').allInnerTexts();
  const hrefs = await section.locator(`li a[href^="../documents/${document}.html#"]`).evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
  const links: Array<[string, string]> = [];
  for (const href of hrefs) {
    const [file, fragment] = href.split('#');
    await page.goto(fileUrl(path.join(out, 'html', 'persons', file)));
    const id = decodeURIComponent(fragment);
    // The anchor is on the page, once, and it is the name or speech the entry page quotes.
    expect(await page.locator(`[id="${id}"]`).count()).toBe(1);
    links.push([href.split('#')[1], (await page.locator(`[id="${id}"]`).innerText()).replace(/\s+/g, ' ').trim()]);
  }
  return { counts, links };
}

describe('XInclude in the registers: the chapters of a book count where they are included', () => {
  let browser: Browser;
  const secret = `CANARY-parts-${process.pid}`;
  let out: string;

  beforeAll(async () => {
    const built = await publish(collection(secret));
    out = built.out;
    expect(built.result.diagnostics).toEqual([]);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  test("a person's page lists the speeches and mentions of the included chapters under the book, linked to them", async () => {
    const { context, requests } = await offlineContext(browser);
    const page = await context.newPage();
    expect(await listed(page, out, 'persons/reed.html', 'logbook')).toEqual({
      counts: ['1 speech', '2 mentions'],
      links: [['speech-1', 'Reed\nReef the topsails, and be quick about it!'.replace(/\s+/g, ' ')], ['mention-2', 'Captain Reed'], ['mention-4', 'The captain']],
    });
    // A part that a chapter includes in turn, its pointers written from its own folder (../../registers/).
    expect(await listed(page, out, 'persons/mate.html', 'logbook')).toEqual({
      counts: ['1 speech', '1 mention'],
      links: [['speech-2', 'We are taking water in the hold.'], ['mention-5', 'mate']],
    });
    // The fallback of the include that was followed is not read; that of the missing chapter is.
    const owner = await listed(page, out, 'persons/owner.html', 'logbook');
    expect(owner.links).toEqual([['mention-1', 'Mr Thorne'], ['mention-6', 'Thorne']]);
    expect(await page.locator('body').innerText()).not.toContain('FALLBACK-NEVER-SHOWN');
    // What is included keeps the language of the place it is included at (XInclude's language fixup).
    await page.goto(fileUrl(path.join(out, 'html', 'persons', 'reed.html')));
    expect(await page.locator('ol.speeches li, ol.mentions li').evaluateAll((items) => items.map((li) => li.getAttribute('lang')))).toEqual(['cy', 'en', 'cy', 'en']);
    // A sitting whose whole debate is included is a document (not a register of its speakers), its speeches counted.
    expect(await listed(page, out, 'persons/chair.html', 'sitting-1851-03-01')).toEqual({
      counts: ['2 speeches'], links: [['speech-1', 'The board is in session.'], ['speech-2', 'The Curlew has sailed.']],
    });
    // The register list counts them too.
    await page.goto(fileUrl(path.join(out, 'html', 'persons.html')));
    expect((await page.locator('main').innerText()).replace(/\s+/g, ' ')).toMatch(/Captain Reed[^A-Z]*3 mentions, 1 speech|Captain Reed[^A-Z]*1 speech, 3 mentions/);
    expect(requests).toEqual([]);
    await context.close();
  });

  test("pointers written in a chapter resolve from the chapter's folder: register entries, another document, images", async () => {
    const { context, requests } = await offlineContext(browser);
    const page = await context.newPage();
    await page.goto(fileUrl(path.join(out, 'html', 'documents', 'logbook.html')));
    const text = page.locator('section.text');
    expect(await text.locator('a.mention').evaluateAll((links) => links.map((a) => [a.textContent, a.getAttribute('href')])))
      .toEqual([['Mr Thorne', '../persons/owner.html'], ['Captain Reed', '../persons/reed.html'], ['Falmouth', '../places/falmouth.html'],
        ['The captain', '../persons/reed.html'], ['mate', '../persons/mate.html'], ['Thorne', '../persons/owner.html']]);
    expect(await text.locator('a.ref').evaluateAll((links) => links.map((a) => [a.textContent, a.getAttribute('href')]))).toEqual([["the owner's letter", 'owners-letter.html']]);
    // The image the chapter names beside it, published and shown; its page image too.
    expect(await text.locator('img.graphic').evaluateAll((images) => images.map((img) => [img.getAttribute('src'), (img as HTMLImageElement).naturalWidth > 0])))
      .toEqual([['../media/chapters/img/harbour.png', true]]);
    expect(await text.locator('a.pb-facs').getAttribute('href')).toBe('../media/chapters/img/harbour.png');
    // The chapter's note is numbered and listed with the book's notes.
    expect(await page.locator('a.note-ref').allInnerTexts()).toEqual(['1']);
    expect(await page.locator('[id="note-1"]').innerText()).toContain('The harbour master logged it at six.');
    // A javascript: target stays text; nothing from outside the collection, nothing fetched.
    expect(await page.locator('a[href^="javascript"], script:not([src])').count()).toBe(0);
    expect(requests).toEqual([]);
    await context.close();
    expect(read(path.join(out, 'text', 'logbook.txt'))).toContain('Below Deck\n----------\n\nWe are taking water in the hold.\n\nThe mate sounded the well.');
    for (const file of fs.readdirSync(out, { recursive: true, encoding: 'utf8' })) {
      const full = path.join(out, file);
      if (fs.statSync(full).isFile()) expect([file, fs.readFileSync(full).includes(secret)]).toEqual([file, false]);
    }
  });

  test("the search finds a chapter's words in the book, at their place on its page", async () => {
    const { context } = await offlineContext(browser);
    const page = await context.newPage();
    await page.goto(fileUrl(path.join(out, 'html', 'search.html')));
    await page.waitForFunction(() => document.documentElement.getAttribute('data-search-done') !== null, undefined, { timeout: 30000 });
    const before = await page.evaluate(() => document.documentElement.getAttribute('data-search-done'));
    await page.locator('#search-query').fill('taking water');
    await page.locator('#search-query').press('Enter');
    await page.waitForFunction((previous) => document.documentElement.getAttribute('data-search-done') !== previous, before, { timeout: 30000 });
    const hrefs = await page.locator('.result .result-title a').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
    expect(hrefs).toHaveLength(1);
    // The utterance's own anchor (a speech of the mate's).
    expect(hrefs).toEqual(['documents/logbook.html#speech-2']);
    await page.goto(fileUrl(path.join(out, 'html', hrefs[0].split('#')[0])));
    expect(await page.locator(`[id="${hrefs[0].split('#')[1]}"]`).innerText()).toContain('We are taking water in the hold.');
    await context.close();
  });

  test('a file included twice is counted once, where it is first included', async () => {
    const src = collection(secret);
    const book = path.join(src, 'logbook.xml');
    fs.writeFileSync(book, read(book).replace('<xi:include href="http://example.org/remote.xml"/>', '<xi:include href="chapters/one.xml"/>'));
    const twice = await publish(src);
    expect(twice.result.diagnostics).toEqual([]);
    const page = read(path.join(twice.out, 'html', 'persons', 'reed.html'));
    expect(page.match(/logbook\.html#mention-\d+/g)).toEqual(['logbook.html#mention-2', 'logbook.html#mention-4']);
  });
});

describe('XInclude and the cache: a changed chapter changes the register pages', () => {
  const build = async (src: string, out: string, options: Partial<BuildOptions>): Promise<Map<string, Buffer>> => {
    const result = await buildEdition({ src, out, validate: false, edition: PINNED_EDITION, ...options });
    expect(result.diagnostics).toEqual([]);
    return snapshot(out);
  };

  test('the incremental build publishes byte for byte what a cold build does, after a chapter is edited and a missing one written', async () => {
    const src = collection('CANARY-cache');
    const work = temporaryDir('xinclude-cache');
    const cacheDir = path.join(work, 'cache');
    const out = path.join(work, 'dist');
    const first = await build(src, out, { cacheDir });
    const cold = async (name: string): Promise<Map<string, Buffer>> => build(src, path.join(work, `${name}-dist`), { cacheDir: path.join(work, `${name}-cache`) });
    const same = (a: Map<string, Buffer>, b: Map<string, Buffer>): string[] =>
      [...new Set([...a.keys(), ...b.keys()])].filter((name) => !a.get(name)?.equals(b.get(name) ?? Buffer.alloc(0)) || !b.has(name)).sort();

    // The part below deck now names the captain, not the mate.
    const part = path.join(src, 'chapters', 'parts', 'two-b.xml');
    fs.writeFileSync(part, read(part).replace('../../registers/people.xml#mate">mate', '../../registers/people.xml#reed">captain himself'));
    const edited = await build(src, out, { cacheDir });
    expect(same(edited, await cold('edited'))).toEqual([]);
    expect(same(first, edited)).toEqual(expect.arrayContaining(['html/persons/mate.html', 'html/persons/reed.html']));
    expect(edited.get('html/persons/reed.html')!.toString()).toContain('logbook.html#mention-5">captain himself</a>');

    // The chapter that was missing is written: its text replaces the fallback.
    fs.writeFileSync(path.join(src, 'chapters', 'missing.xml'),
      '<div xmlns="http://www.tei-c.org/ns/1.0" type="chapter"><head>Landfall</head><p><persName ref="../registers/people.xml#owner">The owner</persName> met us.</p></div>');
    const written = await build(src, out, { cacheDir });
    expect(same(written, await cold('written'))).toEqual([]);
    const owner = written.get('html/persons/owner.html')!.toString();
    expect(owner).toContain('>The owner</a>');
    expect(owner).not.toContain('is lost');
  }, 180_000);
});
