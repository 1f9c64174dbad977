/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { fileUrl, launchChromium, offlinePage } from '../support/browser';
import { expectNoCrash, HOSTILE, runCli, temporaryDir, walkFiles } from './support';

/**
 * A hostile collection (test/fixtures/hostile/injection/tei, plus file names that look like HTML,
 * made here) built with --no-validate, so that nothing but the publisher stands between the payloads
 * and the HTML. Every page it writes, and every TEI copy, is opened in Chromium: the payloads would set
 * window.__pwned or create an element with a data-pwned attribute.
 */
describe('hostile input: markup injection into the HTML edition', () => {
  let browser: Browser;
  let root: string;
  let out: string;
  let build: Awaited<ReturnType<typeof runCli>>;
  const HTML_NAME = '"><img src=x data-pwned onerror=window.__pwned=1>.xml';
  const SPACED_NAME = "it's a <b data-pwned>name</b> &amp; more.xml".replace(/\//g, '_');

  beforeAll(async () => {
    root = temporaryDir('injection');
    fs.cpSync(path.join(HOSTILE, 'injection', 'tei'), path.join(root, 'tei'), { recursive: true });
    const injection = fs.readFileSync(path.join(root, 'tei', 'injection.xml'), 'utf8');
    // Without an xml:id the file name names the published pages.
    fs.writeFileSync(path.join(root, 'tei', HTML_NAME), injection.replace(' xml:id="injection"', ''));
    fs.writeFileSync(path.join(root, 'tei', SPACED_NAME), injection.replace(' xml:id="injection"', '').replace(/<h:script>.*?<\/h:script>|<h:\w+[^>]*\/>|<h:a .*?<\/h:a>|<svg:svg.*?<\/svg:svg>/g, ''));
    out = path.join(root, 'dist');
    build = await runCli(['build', '--no-validate', '--src', 'tei', '--out', out], { cwd: root });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('the build publishes every document, writes nothing outside dist/, withholds live TEI copies', () => {
    expectNoCrash(build);
    expect(build.status).toBe(0);
    expect(build.stdout).toMatch(/^Published 6 document\(s\)/);
    // A document whose markup would run when its TEI copy is opened as XML keeps its HTML and text
    // editions, not the copy (src/publish/build.ts, activeContent).
    const withheld = [...build.stderr.matchAll(/warning {2}the TEI source is not published.*?(\S+)$/gm)].map((m) => m[1]);
    expect(withheld).toEqual(['tei-copy-withheld', 'tei-copy-withheld', 'tei-copy-withheld']);
    expect(build.stderr).toContain('tei/live-copy.xml');
    expect(build.stderr).toContain(`tei/${HTML_NAME}`);
    expect(build.stderr).toContain('tei/injection.xml');
    // Their pages say why instead of offering a download of the missing copy; every other download link resolves.
    const documentPages = walkFiles(path.join(out, 'html')).filter((f) => /^documents\/.*\.html$/.test(f));
    const notices = documentPages.filter((f) => fs.readFileSync(path.join(out, 'html', f), 'utf8').includes('class="tei-copy-withheld"'));
    expect(notices).toHaveLength(3);
    for (const f of documentPages) {
      for (const link of fs.readFileSync(path.join(out, 'html', f), 'utf8').matchAll(/<a href="([^"]+)" download=/g)) {
        expect(fs.existsSync(path.join(out, 'html', 'documents', link[1].replace(/&amp;/g, '&')))).toBe(true);
      }
    }
    // The xml:id "../../../../escaped" became a file name inside documents/.
    expect(walkFiles(root).filter((f) => /escaped/.test(f))).toEqual(['dist/html/documents/..-..-..-..-escaped.html', 'dist/html/documents/..-..-..-..-escaped.xml', 'dist/text/..-..-..-..-escaped.txt']);
    expect(fs.readdirSync(path.dirname(root)).filter((f) => /escaped/.test(f))).toEqual([]);
  });

  test('every page and TEI copy in Chromium: no script ran, no payload element or attribute exists', async () => {
    const pages = walkFiles(path.join(out, 'html')).filter((f) => /\.(html|xml)$/.test(f));
    expect(pages.length).toBeGreaterThanOrEqual(10);
    const { context, page, requests, dialogs } = await offlinePage(browser);
    const states: unknown[] = [];
    for (const file of pages) {
      await page.goto(fileUrl(path.join(out, 'html', file)));
      // Fire what an injected handler would wait for, on every element, then give timers a moment.
      await page.evaluate(() => {
        for (const element of document.querySelectorAll('*')) {
          for (const type of ['mouseover', 'focus', 'click', 'load', 'error']) element.dispatchEvent(new Event(type, { bubbles: true }));
        }
      });
      await page.waitForTimeout(50);
      const state = await page.evaluate(() => {
        const all = [...document.querySelectorAll('*')];
        const isHtml = document.contentType === 'text/html';
        return {
          pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
          // The site's own elements of these kinds, where the stylesheets put them: the header's search box, the
          // search page's form, the map page's drawing. Any other can only have come from a document.
          payloadElements: [...document.querySelectorAll('[data-pwned], img, iframe, object, embed, svg, math, base, form, meta[http-equiv="refresh"]')]
            .filter((element) => !element.matches('body > header.site-header > form.site-search, body > main form.search-form, body > main figure.map > svg')).length,
          // The site's own scripts: its assets, and the search index the build wrote (script files, for file://).
          scripts: [...document.querySelectorAll('script')].map((s) => s.getAttribute('src')).filter((src) => !/^(\.\.\/)?(assets\/[\w-]+\.js|search\/[\w.-]+\.js(\?v=[0-9a-f]+)?)$/.test(src ?? '')),
          handlers: all.flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => /^on/i.test(n)),
          badUrls: isHtml
            ? all.flatMap((e) => ['href', 'src', 'action', 'formaction', 'xlink:href'].map((a) => e.getAttribute(a)).filter((v): v is string => v !== null))
                .filter((v) => !['file:', 'http:', 'https:'].includes(new URL(v, document.baseURI).protocol))
            : [],
          badStyles: all.map((e) => e.getAttribute('style') ?? '').filter((s) => /url\(|javascript|expression/i.test(s)),
        };
      });
      states.push({ file, ...state });
      expect({ file, ...state }).toEqual({ file, pwned: null, payloadElements: 0, scripts: [], handlers: [], badUrls: [], badStyles: [] });
    }
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
    // The payloads are there, as text.
    await page.goto(fileUrl(path.join(out, 'html', 'documents', 'injection.html')));
    const text = await page.locator('body').innerText();
    expect(text).toContain('<script>window.__pwned=1</script>');
    expect(text).toContain('<img src=x data-pwned onerror=window.__pwned=1>');
    await context.close();
  });
});
