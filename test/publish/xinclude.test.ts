/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: these tests type-check it against the DOM.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { fileUrl, launchChromium, offlineContext } from '../support/browser';
import { PUBLISH_FIXTURES, publish, read, temporaryDir } from '../support/publish';

/**
 * A document kept in several files (XInclude 1.1): its chapters and its header's register come in by xi:include.
 * The reader gets the chapters where they are included, in both editions; an include that cannot be followed
 * gives its xi:fallback or nothing; nothing outside the collection folder is read (a canary sits beside it), a
 * file that includes itself or its includer is not read twice, and parse="text" includes nothing.
 */

const FIXTURE = path.join(PUBLISH_FIXTURES, 'included-chapters');

describe('XInclude in the build: a document in several files', () => {
  let out: string;
  let browser: Browser;
  const secret = `CANARY-xinclude-${process.pid}`;

  beforeAll(async () => {
    // The collection in a temporary folder, with a canary where ../outside.xml leads.
    const root = temporaryDir('xinclude');
    const src = path.join(root, 'collection');
    fs.cpSync(FIXTURE, src, { recursive: true });
    fs.writeFileSync(path.join(root, 'outside.xml'), `<div xmlns="http://www.tei-c.org/ns/1.0"><p>${secret}</p></div>`);
    const built = await publish(src);
    out = built.out;
    expect(built.result.diagnostics).toEqual([]);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  test('the text edition has the chapters where they are included, the fallback for the missing one, nothing else', () => {
    const text = read(path.join(out, 'text', 'voyage.txt'));
    expect(text).toContain('The Departure\n-------------\n\nWe sailed at dawn under Captain Reed.\n\nThe Storm\n---------\n\n'
      + 'The wind rose <script>alert(1)</script> in the night.\n\nChapter three was never written.\n\nThe end.');
    // The chapter that includes the document and itself is read once.
    expect(text.match(/The Storm/g)).toHaveLength(1);
    expect(text.match(/We sailed/g)).toHaveLength(1);
    // Only the document is a document: its chapters and register are not pages of their own.
    expect(fs.readdirSync(path.join(out, 'html', 'documents')).sort()).toEqual(['voyage.html', 'voyage.xml']);
  });

  test('the HTML page shows the chapters as sections, their names linked to the register, and nothing from outside', async () => {
    const { context, requests } = await offlineContext(browser);
    const page = await context.newPage();
    await page.goto(fileUrl(path.join(out, 'html', 'documents', 'voyage.html')));
    const section = page.locator('section.text');
    expect(await section.locator('.div[data-type="chapter"] .head').allInnerTexts()).toEqual(['The Departure', 'The Storm']);
    expect(await section.locator('a[href="../persons/captain-reed.html"]').innerText()).toBe('Captain Reed');
    expect(await section.locator('script, .foreign-markup').count()).toBe(0);
    expect((await section.innerText()).replace(/\s+/g, ' ')).toContain('The wind rose <script>alert(1)</script> in the night. Chapter three was never written. The end.');
    expect(requests).toEqual([]);
    await context.close();
    for (const file of fs.readdirSync(out, { recursive: true, encoding: 'utf8' })) {
      const full = path.join(out, file);
      if (fs.statSync(full).isFile()) expect([file, fs.readFileSync(full, 'utf8').includes(secret)]).toEqual([file, false]);
    }
  });
});
