/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { buildEdition } from '../../src/publish/build';
import { fileUrl, launchChromium, offlineContext, offlinePage } from '../support/browser';
import { PINNED_EDITION, PUBLISH_FIXTURES, publish, read, temporaryDir } from '../support/publish';

/**
 * Images and page images (TEI Guidelines 14.4 figures and graphics, 11.1 digital facsimiles). A figure's graphic is
 * shown as an image, its figDesc as the image's alt text, its head as its caption; a page break's @facs links its
 * marker to the page's image, found through the facsimile (surface, zone, graphic, xml:base) or given as a URL
 * (IIIF). One image policy for every address (common.xsl, ed:image-location): an http(s) URL, or a file inside the
 * collection folder, which the build copies to html/media/ so that the site works with no server; nothing else
 * ever becomes an image source or a link. The fixtures: test/fixtures/publish/facsimile/ (letters/letter.xml, a
 * manuscript letter as editions with page images encode one; hostile.xml, addresses that must come to nothing).
 */

const FIXTURE = path.join(PUBLISH_FIXTURES, 'facsimile');

/** The fixture copied, with what git cannot hold: a symbolic link out of the collection folder, and a file beside the folder. */
function collection(): string {
  const root = temporaryDir('images');
  const src = path.join(root, 'src');
  fs.cpSync(FIXTURE, src, { recursive: true });
  fs.copyFileSync(path.join(FIXTURE, 'images', 'page-1.png'), path.join(root, 'outside.png'));
  fs.symlinkSync(path.join(root, 'outside.png'), path.join(src, 'images', 'linked.png'));
  return src;
}

describe('images and page images', () => {
  let src: string;
  let site: string;
  let text: string;
  let warnings: string[];
  let browser: Browser;
  const main = (file: string): string => /<main[\s\S]*<\/main>/.exec(read(path.join(site, file)))![0];

  beforeAll(async () => {
    src = collection();
    const built = await publish(src);
    site = path.join(built.out, 'html');
    text = read(path.join(built.out, 'text', 'letter.txt'));
    expect(built.result.published).toBe(true);
    expect(built.result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    warnings = built.result.diagnostics.map((d) => `${path.basename(d.file)} ${d.rule}: ${d.message}`);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  test('a figure\'s graphic is an image: its figDesc the alt text (not shown again), its head the caption under it, its size in pixels', () => {
    const page = main('documents/letter.html');
    expect(page).toMatch(/<figure id="block-\d+" class="figure">\s*<a class="image-link" href="..\/media\/letters\/seal.png"><img src="..\/media\/letters\/seal.png" alt="A red wax seal, round, unbroken" loading="lazy" decoding="async" class="graphic" width="120"><\/a>\s*<figcaption class="head">The seal of the letter<\/figcaption><\/figure>/);
    expect(page).not.toContain('>A red wax seal');
    // An image by URL, described by its caption; a figure with no image keeps its description as its text.
    // Its caption is read with the figure: not repeated as the alt text.
    expect(page).toContain('<img src="https://iiif.example.org/iiif/ms1-map/full/600,/0/default.jpg" alt="Image"');
    expect(page).toMatch(/<div id="block-\d+" class="figDesc">A drawing of a house, not reproduced<\/div>/);
    expect(page).not.toContain('[image]');
  });

  test('a page break links to its page image: through its surface, a zone of it, or by URL; a facs that reaches no image links nowhere', () => {
    const page = main('documents/letter.html');
    const marker = (n: string): string => new RegExp(`<span class="pb" id="page-\\d+" lang="en" data-n="${n}">.*?</span>`).exec(page)![0];
    expect(marker('1r')).toContain('<a class="pb-facs" href="../media/images/page-1.png" aria-label="Image of p. 1r">image</a>');
    expect(marker('1v')).toContain('<a class="pb-facs" href="../media/images/page-2.png" aria-label="Image of p. 1v">image</a>');
    expect(marker('3r')).toContain('<a class="pb-facs" href="https://iiif.example.org/iiif/ms1-p5/full/max/0/default.jpg"');
    // "#f0003": no such surface (the DTA's facs without a facsimile); "tcp:1234:5": a scheme nobody declares (EEBO-TCP's).
    expect(marker('2r')).not.toContain('pb-facs');
    expect(marker('2v')).not.toContain('pb-facs');
    // The facsimile itself is not text of the page.
    expect(page).not.toContain('page-1.png"/>');
  });

  test('the collection\'s images are copied beside the pages, under their own paths, and nothing else', () => {
    const media = path.join(site, 'media');
    const files = fs.readdirSync(media, { recursive: true, withFileTypes: true }).filter((entry) => !entry.isDirectory())
      .map((entry) => path.relative(media, path.join(entry.parentPath, entry.name))).sort();
    expect(files).toEqual(['images/page-1.png', 'images/page-2.png', 'letters/seal.png']);
    expect(fs.readFileSync(path.join(media, 'letters', 'seal.png'))).toEqual(fs.readFileSync(path.join(src, 'letters', 'seal.png')));
  });

  test('in the browser, with no server and no network, the images show and the page image opens', async () => {
    const { context, requests } = await offlineContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(fileUrl(path.join(site, 'documents', 'letter.html')));
      const seal = page.locator('figure img.graphic').first();
      await seal.scrollIntoViewIfNeeded();
      await page.waitForFunction(() => (document.querySelector('figure img.graphic') as HTMLImageElement).complete);
      expect(await seal.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.getBoundingClientRect().width])).toEqual([30, 120]);
      expect(await page.locator('figure figcaption').first().textContent()).toBe('The seal of the letter');
      await page.locator('.pb-facs').first().click();
      await page.waitForURL(/page-1\.png$/);
      // Only the images the TEI gives by URL were asked for (and refused by the offline context).
      expect(requests.every((url) => url.startsWith('https://iiif.example.org/'))).toBe(true);
    } finally {
      await context.close();
    }
  });

  test('hostile addresses never become an image source or a link, and nothing outside the collection folder is published', async () => {
    const page = main('documents/hostile.html');
    // The stylesheet cannot know which files exist: a missing file, or one the build refuses (a link out of the folder), is
    // an image whose source is not published (the browser shows its alt text), and the editor is warned.
    const addresses = [...page.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((match) => match[1]);
    for (const address of addresses) expect(address).toMatch(/^(#|\.\.\/[a-z]|[a-z-]+\.(html|xml)|https:\/\/)/);
    expect(addresses.filter((address) => /media|passwd|outside|javascript|data:|file:|svg|x\.png/i.test(address))).toEqual(['../media/images/missing.png', '../media/images/missing.png', '../media/images/linked.png', '../media/images/linked.png']);
    expect(page).not.toMatch(/onerror|<svg|<script/i);
    expect(page.match(/\[image\]/g)).toHaveLength(10);
    expect(page).toContain('<span class="binaryObject image-unavailable">[image: An engraving]</span>');
    expect(fs.existsSync(path.join(site, 'media', 'images', 'evil.svg'))).toBe(false);
    expect(fs.existsSync(path.join(site, 'media', 'images', 'linked.png'))).toBe(false);
    expect(fs.existsSync(path.join(site, 'outside.png'))).toBe(false);
    expect(warnings).toEqual([
      'hostile.xml media-unpublished: the page shows images/missing.png, which is not in the collection folder: it is not published, and the page shows the image\'s description in its place',
      'hostile.xml media-unpublished: the page shows images/linked.png, which lies outside the collection folder: it is not published, and the page shows the image\'s description in its place',
    ]);
    const { context, page: tab, dialogs } = await offlinePage(browser);
    try {
      await tab.goto(fileUrl(path.join(site, 'documents', 'hostile.html')));
      await tab.evaluate(() => document.querySelectorAll('a, img').forEach((element) => element.scrollIntoView()));
      await tab.waitForTimeout(200);
      expect(dialogs).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('the text edition says where an image stands and what it shows, once', () => {
    expect(text).toContain('[image: A red wax seal, round, unbroken]');
    expect(text.match(/A red wax seal/g)).toHaveLength(1);
    expect(text).toContain('The fifth page.\n\n[image]\n');
    expect(text).toContain('A drawing of a house, not reproduced');
    expect(text).not.toMatch(/page-1\.png|iiif/);
  });

  test('an incremental build publishes a changed image, and drops one no longer shown', async () => {
    const cacheDir = path.join(temporaryDir('images-cache'), 'cache');
    const out = path.join(path.dirname(cacheDir), 'dist');
    const build = () => buildEdition({ src, out, validate: false, edition: PINNED_EDITION, cacheDir });
    expect((await build()).published).toBe(true);
    const seal = path.join(src, 'letters', 'seal.png');
    const changed = fs.readFileSync(path.join(src, 'images', 'page-2.png'));
    fs.writeFileSync(seal, changed);
    const later = new Date(Date.now() + 5_000);
    fs.utimesSync(seal, later, later);
    // The document's pages come from the cache (the image is not part of them), the image from the collection.
    let rendered = 0;
    const second = await buildEdition({ src, out, validate: false, edition: PINNED_EDITION, cacheDir, onStage: (event) => { if (event.stage === 'html-transform') rendered += event.files; } });
    expect(second.published).toBe(true);
    expect(rendered).toBe(0);
    expect(fs.readFileSync(path.join(out, 'html', 'media', 'letters', 'seal.png'))).toEqual(changed);
    const letter = path.join(src, 'letters', 'letter.xml');
    fs.writeFileSync(letter, read(letter).replace('<graphic url="page-2.png"/>', ''));
    expect((await build()).published).toBe(true);
    expect(fs.existsSync(path.join(out, 'html', 'media', 'images', 'page-1.png'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'html', 'media', 'images', 'page-2.png'))).toBe(false);
  }, 120_000);
});
