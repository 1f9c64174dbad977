import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import type { BuildResult } from '../../src/publish/build';
import { ARTIFACTS, fileUrl, launchChromium, offlineContext } from '../support/browser';
import { buildInChild, read, temporaryDir } from '../support/publish';
import { describeWithShared, sharedPath } from '../support/shared';
import { ElementNode, isBackRegisterEntry, isRegisterList, parseTree, readingModel, TreeNode } from '../support/tei-words';

/**
 * Issue 13 (points 1 and 2), on a real letters edition this project was not written for: the Schnitzler
 * letters (../shared/corpus/schnitzler-briefe/data: letters whose back matter repeats their register
 * entries, and the collection's index of works), built with --no-validate as a new user would. Every
 * name of a letter's body whose @ref names a register entry links to that entry's page, and the entry
 * page links back to the exact spot; screenshots of a letter, an entry and the persons list go to
 * test-artifacts/screenshots/ (look at them).
 */

const DATA = sharedPath('corpus', 'schnitzler-briefe', 'data');
const TEI_NS = 'http://www.tei-c.org/ns/1.0';
const NAMES = ['rs', 'persName', 'placeName', 'orgName'];
const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');

function elements(node: TreeNode, out: ElementNode[] = []): ElementNode[] {
  if (node.type !== 'element') return out;
  out.push(node);
  for (const child of node.children) elements(child, out);
  return out;
}

function within(element: ElementNode, local: string): boolean {
  for (let up = element.parent; up; up = up.parent) if (up.ns === TEI_NS && up.local === local) return true;
  return false;
}

function inRegisterList(element: ElementNode): boolean {
  for (let up: ElementNode | null = element; up; up = up.parent) if (isRegisterList(up)) return true;
  return false;
}

/** Register entries of a file, by xml:id → register: back matter lists, or anywhere in a file that is only lists (the indices). */
function entriesOf(tree: ElementNode, isIndex: boolean): Map<string, string> {
  const found = new Map<string, string>();
  const registers = readingModel().entries;
  for (const element of elements(tree)) {
    const id = element.attributes['xml:id'];
    if (id === undefined || element.ns !== TEI_NS || !registers.has(element.local)) continue;
    if (isIndex ? (!['bibl', 'biblStruct'].includes(element.local) || within(element, 'listBibl')) : isBackRegisterEntry(element)) found.set(id, registers.get(element.local)!);
  }
  return found;
}

/** The HTML of an element of a page, from its start tag to its matching end tag. */
function elementContent(html: string, start: number, tag: string): string {
  const tags = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'g');
  tags.lastIndex = start;
  let depth = 0;
  for (let match = tags.exec(html); match; match = tags.exec(html)) {
    depth += match[1] ? -1 : 1;
    if (depth === 0) return html.slice(start, match.index + match[0].length);
  }
  return html.slice(start);
}

interface Mention { letter: string; name: string; anchor: string; register: string; id: string; }

describeWithShared('a foreign letters edition: names link to their register entries and back (issue 13)', () => {
  let out: string;
  let result: BuildResult;
  const mentions: Mention[] = [];
  let withEntry = 0;

  beforeAll(() => {
    out = path.join(temporaryDir('schnitzler'), 'dist');
    result = buildInChild(DATA, undefined, out);
    // The test's own reading of the register: every entry the letters' back matter and the indices keep.
    const register = new Map<string, string>();
    const letters = fs.readdirSync(path.join(DATA, 'editions')).filter((f) => f.endsWith('.xml')).sort();
    for (const file of fs.readdirSync(path.join(DATA, 'indices')).filter((f) => f.endsWith('.xml'))) {
      for (const [id, reg] of entriesOf(parseTree(read(path.join(DATA, 'indices', file))), true)) register.set(id, reg);
    }
    const trees = letters.map((file) => ({ file, tree: parseTree(read(path.join(DATA, 'editions', file))) }));
    for (const { tree } of trees) for (const [id, reg] of entriesOf(tree, false)) if (!register.has(id)) register.set(id, reg);
    for (const { file, tree } of trees) {
      const name = file.replace(/\.xml$/, '');
      // The mentions as the stylesheets number them (ed:mentions): elements of the text with @ref or @key, not in the back matter's register.
      const numbered = elements(tree).filter((e) => within(e, 'text') && (e.attributes.ref !== undefined || e.attributes.key !== undefined) && !inRegisterList(e));
      numbered.forEach((element, index) => {
        if (element.ns !== TEI_NS || !NAMES.includes(element.local) || !within(element, 'body') || element.attributes.ref === undefined) return;
        const first = element.attributes.ref.trim().split(/\s+/)[0];
        if (!first.startsWith('#') || !register.has(first.slice(1))) return;
        withEntry++;
        mentions.push({ letter: name, name: element.local, anchor: element.attributes['xml:id'] ?? `mention-${index + 1}`, register: register.get(first.slice(1))!, id: first.slice(1) });
      });
    }
  }, 20 * 60 * 1000);

  test('the letters and the index are published, the index as a register (no page of its own)', () => {
    expect(result.published).toBe(true);
    expect(result.failed).toEqual([]);
    expect(result.documents.filter((d) => d.startsWith('editions/')).length).toBe(17);
    expect(result.documents).not.toContain('indices/listbibl.xml');
  });

  test("every rs/persName/placeName/orgName of a letter's body whose @ref names a register entry links to the entry's page, which links back to the exact spot", () => {
    expect(withEntry).toBeGreaterThan(100);
    const pages = new Map<string, string>();
    const page = (file: string): string => {
      if (!pages.has(file)) pages.set(file, fs.existsSync(file) ? read(file) : '');
      return pages.get(file)!;
    };
    const broken: string[] = [];
    for (const m of mentions) {
      const html = page(path.join(out, 'html', 'documents', `${m.letter}.html`));
      const tag = new RegExp(`<([a-z]+)\\b[^>]*\\bid="${m.anchor}"[^>]*>`).exec(html);
      const expected = `../${m.register}/${m.id}.html`;
      // A link itself, or (a name with names inside it: links cannot nest) an element holding a link to the entry.
      const linked = tag && (tag[1] === 'a' ? /\bhref="([^"]*)"/.exec(tag[0])?.[1] === expected : elementContent(html, tag.index, tag[1]).includes(`href="${expected}"`));
      if (!tag || !linked) {
        broken.push(`${m.letter} ${m.name} #${m.anchor}: ${tag ? tag[0] : 'no element with this id'} (expected a link to ${expected})`);
        continue;
      }
      const entry = page(path.join(out, 'html', m.register, `${m.id}.html`));
      if (!entry.includes(`href="../documents/${m.letter}.html#${m.anchor}"`)) broken.push(`${m.register}/${m.id}.html does not link back to ${m.letter}.html#${m.anchor}`);
    }
    // eslint-disable-next-line no-console
    console.log(`Schnitzler letters: ${mentions.length - broken.length} of ${mentions.length} names with a register entry link to it and back`);
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
      const mention = mentions.find((m) => m.register === 'persons' && m.letter === 'L00207') ?? mentions.find((m) => m.register === 'persons')!;
      await page.goto(fileUrl(path.join(out, 'html', 'documents', `${mention.letter}.html`)));
      await page.screenshot({ path: path.join(SCREENSHOTS, 'foreign-letter.png'), fullPage: true });
      await page.locator(`[id="${mention.anchor}"]`).click();
      expect(page.url()).toMatch(new RegExp(`persons/${mention.id}\\.html$`));
      await page.screenshot({ path: path.join(SCREENSHOTS, 'foreign-entry.png'), fullPage: true });
      await page.locator(`a[href="../documents/${mention.letter}.html#${mention.anchor}"]`).first().click();
      await expect(page.locator(`[id="${mention.anchor}"]`).evaluate((el) => el.matches(':target'))).resolves.toBe(true);
      await page.goto(fileUrl(path.join(out, 'html', 'persons.html')));
      await page.screenshot({ path: path.join(SCREENSHOTS, 'foreign-persons.png'), fullPage: true });
      await expect(page.locator('ul.register-list li').count()).resolves.toBeGreaterThan(20);
      expect(requests).toEqual([]);
      await context.close();
    }, 120_000);
  });
});
