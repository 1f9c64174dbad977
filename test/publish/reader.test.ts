/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Code passed to page.evaluate runs in the browser: these tests type-check it against the DOM.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { alignWords, readingWords, words } from '../support/tei-words';
import { ARTIFACTS, fileUrl, launchChromium, offlineContext } from '../support/browser';
import { publish, PUBLISH_FIXTURES, read, TEI_DIR } from '../support/publish';

const AXE = require.resolve('axe-core/axe.min.js');
const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (options: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run({ resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact}: ${v.id}: ${v.targets.join(', ')}`);
}

/** The reading-view words of the text as a reader sees them (rendered text, markers left out). */
async function visibleWords(page: Page, selector: string): Promise<string[]> {
  const text = await page.evaluate((sel) => {
    const clone = document.querySelector(sel)!.cloneNode(true) as HTMLElement;
    for (const marker of clone.querySelectorAll('.pb, .note-ref, .note-back, .visually-hidden, .floatingText-label')) marker.remove();
    document.body.appendChild(clone);
    const visible = clone.innerText;
    clone.remove();
    return visible;
  }, selector);
  return words(text);
}

describe('reading the HTML edition in Chromium, from the file system', () => {
  let browser: Browser;
  let site: string;
  beforeAll(async () => {
    const { out, result } = await publish(TEI_DIR);
    expect(result.diagnostics).toEqual([]);
    site = path.join(out, 'html');
    browser = await launchChromium();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('home → document → person → register entry → back to the mention; no network request', async () => {
    const { context, requests } = await offlineContext(browser);
    const page = await context.newPage();
    await page.goto(fileUrl(path.join(site, 'index.html')));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'home.png'), fullPage: true });
    await page.getByRole('link', { name: /Letter From President Carter/ }).click();
    expect(page.url()).toMatch(/documents\/carter-brezhnev-1979\.html$/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'document.png'), fullPage: true });

    const mention = page.locator('section.text a.persName[href="../persons/gromyko.html"], ol.notes a.persName[href="../persons/gromyko.html"]').first();
    const mentionId = await mention.getAttribute('id');
    await mention.click();
    expect(page.url()).toMatch(/persons\/gromyko\.html$/);
    await expect(page.locator('h1').innerText()).resolves.toMatch(/Gromyko, Andrei Andreyevich/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'register-entry.png'), fullPage: true });

    await page.locator(`a[href="../documents/carter-brezhnev-1979.html#${mentionId}"]`).click();
    expect(page.url()).toMatch(new RegExp(`documents/carter-brezhnev-1979\\.html#${mentionId}$`));
    await expect(page.locator(`[id="${mentionId}"]`).evaluate((el) => el.matches(':target'))).resolves.toBe(true);
    await expect(page.locator(`[id="${mentionId}"]`).isVisible()).resolves.toBe(true);

    await page.goto(fileUrl(path.join(site, 'persons.html')));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'register.png'), fullPage: true });
    expect(requests).toEqual([]);
    await context.close();
  });

  test('footnote marker → note → back to the marker; notes reachable with the keyboard', async () => {
    const { context } = await offlineContext(browser);
    const page = await context.newPage();
    await page.goto(fileUrl(path.join(site, 'documents', 'carter-brezhnev-1979.html')));
    await page.locator('a.note-ref[href="#carter-brezhnev-1979-n1"]').click();
    expect(page.url()).toMatch(/#carter-brezhnev-1979-n1$/);
    const note = page.locator('[id="carter-brezhnev-1979-n1"]');
    await expect(note.isVisible()).resolves.toBe(true);
    await expect(note.innerText()).resolves.toMatch(/^Source: Carter Library/);
    await note.locator('a.note-back').click();
    expect(page.url()).toMatch(/#carter-brezhnev-1979-n1-ref$/);

    // Tab from the top of the page until the first note marker has the focus.
    await page.goto(fileUrl(path.join(site, 'documents', 'carter-brezhnev-1979.html')));
    let reached = false;
    for (let i = 0; i < 200 && !reached; i += 1) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.classList.contains('note-ref') ?? false);
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    expect(page.url()).toMatch(/#carter-brezhnev-1979-n1$/);
    await context.close();
  });

  test('a mention shows the register description on keyboard focus', async () => {
    const { context } = await offlineContext(browser);
    const page = await context.newPage();
    await page.goto(fileUrl(path.join(site, 'documents', 'politburo-directive-1980.html')));
    const mention = page.locator('section.text a.persName[href="../persons/kosygin.html"]').first();
    await mention.focus();
    const tooltip = await mention.evaluate((el) => getComputedStyle(el, '::after').content);
    expect(tooltip).toMatch(/Kosygin, Alexei Nikolayevich \(1904–1980\)/);
    await expect(mention.getAttribute('aria-describedby')).resolves.toBe('desc-persons-kosygin');
    await context.close();
  });

  test('the reading/diplomatic switch works with JavaScript, and is remembered', async () => {
    const { context } = await offlineContext(browser);
    const page = await context.newPage();
    await page.goto(fileUrl(path.join(site, 'documents', 'politburo-directive-1980.html')));
    const text = page.locator('section.text');
    await expect(text.innerText()).resolves.toContain('negative consequences');
    await expect(text.innerText()).resolves.not.toContain('counsequences');
    await page.getByLabel(/Diplomatic/).check();
    await expect(text.innerText()).resolves.toContain('counsequences');
    await expect(text.innerText()).resolves.toContain('Kosygyn');
    await expect(text.innerText()).resolves.toContain('prot. No. 217');
    await expect(text.innerText()).resolves.toContain('[aid]');
    await page.reload();
    await expect(text.innerText()).resolves.toContain('Kosygyn');
    await page.getByLabel(/Reading/).check();
    await context.close();
  });

  test('with JavaScript off the reading view shows, the page is complete and the switch still works', async () => {
    const { context } = await offlineContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(fileUrl(path.join(site, 'documents', 'politburo-directive-1980.html')));
    const text = page.locator('section.text');
    await expect(text.innerText()).resolves.toContain('Kosygin');
    await expect(text.innerText()).resolves.not.toContain('Kosygyn');
    await expect(page.locator('ol.notes').count()).resolves.toBe(0);
    await expect(page.locator('.cite').innerText()).resolves.toContain('documents/politburo-directive-1980.html');
    await page.getByLabel(/Diplomatic/).check();
    await expect(text.innerText()).resolves.toContain('Kosygyn');
    await context.close();
  });

  test('the print stylesheet leaves the document and drops the site chrome', async () => {
    const { context } = await offlineContext(browser);
    const page = await context.newPage();
    await page.goto(fileUrl(path.join(site, 'documents', 'carter-brezhnev-1979.html')));
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.view-switch').isVisible()).resolves.toBe(false);
    await expect(page.locator('.site-header nav').isVisible()).resolves.toBe(false);
    await expect(page.locator('section.text').isVisible()).resolves.toBe(true);
    await expect(page.locator('ol.notes').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'document-print.png'), fullPage: true });
    await context.close();
  });

  for (const name of ['carter-brezhnev-1979', 'politburo-directive-1980']) {
    test(`${name}: every word of the TEI text is on the page, in order (reading view), notes in the Notes section`, async () => {
      const { context } = await offlineContext(browser);
      const page = await context.newPage();
      await page.goto(fileUrl(path.join(site, 'documents', `${name}.html`)));
      const expected = readingWords(read(path.join(TEI_DIR, `${name}.xml`)));
      const text = alignWords(expected.text, await visibleWords(page, 'section.text'));
      expect(text.missing).toEqual([]);
      expect(text.matched).toBe(expected.text.length);
      if (expected.notes.length > 0) expect(alignWords(expected.notes, await visibleWords(page, 'ol.notes')).missing).toEqual([]);
      await context.close();
    });
  }

  test('every kind of page passes axe-core with no serious or critical violation', async () => {
    const { context } = await offlineContext(browser);
    const page = await context.newPage();
    // All pages except register entries, which all come from one template: two of each register.
    const all = fs.readdirSync(site, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html')).sort();
    const pages = all.filter((f) => !/^(persons|places|organisations)\//.test(f) || all.filter((g) => g.split('/')[0] === f.split('/')[0]).indexOf(f) < 2);
    expect(pages.length).toBeGreaterThanOrEqual(12);
    const problems: string[] = [];
    for (const file of pages) {
      await page.goto(fileUrl(path.join(site, file)));
      for (const violation of await axeViolations(page)) problems.push(`${file}: ${violation}`);
    }
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('a hostile TEI document in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('no script runs, no javascript:/data: link survives, no event handler attribute exists', async () => {
    const { out, result } = await publish(path.join(PUBLISH_FIXTURES, 'hostile'));
    expect(result.published).toBe(true);
    const { context, requests } = await offlineContext(browser);
    const page = await context.newPage();
    for (const file of ['documents/hostile.html', 'index.html']) {
      await page.goto(fileUrl(path.join(out, 'html', file)));
      // Fire the events an injected handler would wait for, on every element.
      await page.evaluate(() => {
        for (const element of document.querySelectorAll('*')) {
          for (const type of ['mouseover', 'focus', 'click']) element.dispatchEvent(new Event(type, { bubbles: true }));
        }
      });
      const state = await page.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: unknown }).__pwned,
        unsafeLinks: [...document.querySelectorAll('[href], [src]')].map((e) => e.getAttribute('href') ?? e.getAttribute('src') ?? '').filter((u) => !/^(https?:\/\/|#|[^:]*$)/i.test(u.trim())),
        scripts: [...document.querySelectorAll('script')].map((s) => s.getAttribute('src')),
        handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')),
        foreign: document.querySelectorAll('svg, math, iframe, object, embed, img').length,
      }));
      expect(state).toEqual({ pwned: undefined, unsafeLinks: [], scripts: [file === 'index.html' ? 'assets/edition.js' : '../assets/edition.js'], handlers: [], foreign: 0 });
    }
    // The text survives as text.
    await page.goto(fileUrl(path.join(out, 'html', 'documents', 'hostile.html')));
    await expect(page.locator('section.text').innerText()).resolves.toContain('<script>window.__pwned=1</script>');
    await expect(page.locator('a', { hasText: 'a safe external link' }).getAttribute('href')).resolves.toBe('https://example.org/ok?a=1&b=2');
    expect(requests).toEqual([]);
    await context.close();
  });

  test('external entities are never resolved: the document is refused with a clear error, nothing is read', async () => {
    const { out, result } = await publish(path.join(PUBLISH_FIXTURES, 'hostile'));
    const error = result.diagnostics.find((d) => d.file.endsWith('external-entity.xml'));
    expect(error).toMatchObject({ severity: 'error', layer: 'build', rule: 'xml-dtd-refused', line: 3, column: 3 });
    expect(error!.message).toMatch(/entity/i);
    expect(fs.existsSync(path.join(out, 'html', 'documents', 'external-entity.html'))).toBe(false);
    const hostname = fs.existsSync('/etc/hostname') ? read('/etc/hostname').trim() : '';
    for (const file of fs.readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(html|txt)$/.test(f))) {
      if (hostname.length > 3) expect(read(path.join(out, file))).not.toContain(hostname);
    }
  });
});
