import * as fs from 'fs';
import * as path from 'path';
import { HtmlValidate } from 'html-validate';
import { parseOrdered } from '../support/tei-words';
import { publish, PUBLISH_FIXTURES, read, TEI_DIR } from '../support/publish';

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function htmlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html')).map((f) => path.join(dir, f));
}

/** Register pointers of the elements inside a document's <text>: entry id → number of mentions. */
function mentionsInTei(xml: string): Map<string, number> {
  const counts = new Map<string, number>();
  const walk = (nodes: OrderedNode[], inText: boolean): void => {
    for (const node of nodes) {
      const name = Object.keys(node).find((k) => k !== ':@' && k !== '#text');
      if (!name || name.startsWith('?')) continue;
      const here = inText || name === 'text';
      const ref = node[':@']?.ref;
      if (here && ref) {
        const first = ref.split(/\s+/)[0];
        const match = /^register\.xml#(.+)$/.exec(first);
        if (match) counts.set(match[1], (counts.get(match[1]) ?? 0) + 1);
      }
      walk((node[name] as OrderedNode[]) ?? [], here);
    }
  };
  walk(parseOrdered(xml), false);
  return counts;
}

describe('the HTML edition of the bundled collection', () => {
  let site: string;
  beforeAll(async () => {
    const { out, result } = await publish(TEI_DIR);
    expect(result.diagnostics).toEqual([]);
    site = path.join(out, 'html');
  });

  test('has the home page, one page per document, the registers and one page per entry', () => {
    for (const page of ['index.html', 'persons.html', 'places.html', 'organisations.html',
      'documents/carter-brezhnev-1979.html', 'documents/politburo-directive-1980.html',
      'persons/brezhnev.html', 'places/beijing.html', 'organisations/cpsu-politburo.html', 'assets/edition.css', 'assets/edition.js']) {
      expect({ page, exists: fs.existsSync(path.join(site, page)) }).toEqual({ page, exists: true });
    }
  });

  test('every page is valid HTML (html-validate, standard rules)', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
    const pages = htmlFiles(site);
    expect(pages.length).toBeGreaterThan(50);
    const problems: string[] = [];
    for (const page of pages) {
      const report = await validator.validateFile(page);
      for (const result of report.results) {
        for (const m of result.messages) problems.push(`${path.relative(site, page)}:${m.line}:${m.column}: ${m.ruleId}: ${m.message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('pages use only local assets: no CDN, no web fonts, no network', () => {
    for (const page of htmlFiles(site)) {
      const html = read(page);
      expect({ page, remote: /<(link|script|img|iframe)[^>]+(src|href)="(https?:)?\/\//.test(html) }).toEqual({ page, remote: false });
    }
    expect(read(path.join(site, 'assets', 'edition.css'))).not.toMatch(/url\(|@import/);
  });

  test('the TEI source is published next to each document page, byte for byte', () => {
    for (const name of ['carter-brezhnev-1979', 'politburo-directive-1980']) {
      expect(fs.readFileSync(path.join(site, 'documents', `${name}.xml`)).equals(fs.readFileSync(path.join(TEI_DIR, `${name}.xml`)))).toBe(true);
      expect(read(path.join(site, 'documents', `${name}.html`))).toContain(`href="${name}.xml" download="${name}.xml"`);
    }
  });

  test('the FRUS source note is footnote 1, not inline in the heading', () => {
    const html = read(path.join(site, 'documents', 'carter-brezhnev-1979.html'));
    const heading = /<h2 [^>]*class="head"[^>]*>(.*?)<\/h2>/s.exec(html)![1];
    expect(heading).toContain('href="#carter-brezhnev-1979-n1"');
    // The note's words appear in the marker's tooltip (an attribute), never in the heading's text.
    expect(heading.replace(/<[^>]*>/g, '')).toBe('169. Letter From President Carter to Soviet General Secretary Brezhnev1');
    expect(html).toMatch(/<li id="carter-brezhnev-1979-n1" value="1"[^>]*>.*No classification marking.*href="#carter-brezhnev-1979-n1-ref"/s);
  });

  test('a page break inside a word is a marginal anchor before the word, which stays whole', () => {
    const html = read(path.join(site, 'documents', 'carter-brezhnev-1979.html'));
    expect(html).toContain('long-term <span class="pb" id="carter-brezhnev-1979-p509" lang="en" data-n="509"><a class="pb-label" href="#carter-brezhnev-1979-p509">[p. 509]</a></span>interests');
  });

  test('each register entry page lists exactly the mentions in the TEI, each linked to an anchor that exists', () => {
    const documents = ['carter-brezhnev-1979', 'politburo-directive-1980'];
    const expected = new Map(documents.map((d) => [d, mentionsInTei(read(path.join(TEI_DIR, `${d}.xml`)))]));
    const pages = new Map(documents.map((d) => [d, read(path.join(site, 'documents', `${d}.html`))]));
    const register = read(path.join(TEI_DIR, 'register.xml'));
    const ids = [...register.matchAll(/<(person|place|org) xml:id="([^"]+)"/g)].map((m) => ({ kind: m[1], id: m[2] }));
    expect(ids.length).toBeGreaterThan(50);
    for (const { kind, id } of ids) {
      const folder = { person: 'persons', place: 'places', org: 'organisations' }[kind]!;
      const page = read(path.join(site, folder, `${id}.html`));
      for (const doc of documents) {
        const links = [...page.matchAll(new RegExp(`href="\\.\\./documents/${doc}\\.html#([^"]+)"`, 'g'))].map((m) => m[1]);
        expect({ id, doc, mentions: links.length }).toEqual({ id, doc, mentions: expected.get(doc)!.get(id) ?? 0 });
        for (const anchor of links) expect({ id, anchor, exists: pages.get(doc)!.includes(`id="${anchor}"`) }).toEqual({ id, anchor, exists: true });
      }
    }
  });

  test('mentions link to their register entry and carry its description; metonyms are marked', () => {
    const html = read(path.join(site, 'documents', 'politburo-directive-1980.html'));
    expect(html).toMatch(/<a id="mention-\d+" class="placeName mention metonym" data-type="metonym" href="\.\.\/places\/beijing\.html" data-desc="Metonym for Beijing: Capital/);
    expect(html).toMatch(/<span id="desc-places-beijing">Beijing: Capital/);
  });

  test("a mention's label on its register page follows the reading view: the translator's insertion in brackets", () => {
    const html = read(path.join(site, 'organisations', 'host-foreign-ministries.html'));
    expect(html).toMatch(/<a href="\.\.\/documents\/politburo-directive-1980\.html#mention-\d+">MID \[Ministry of Foreign Affairs\]<\/a>/);
  });

  test('the home page lists the documents chronologically with date, source and summary', () => {
    const html = read(path.join(site, 'index.html'));
    const letter = html.indexOf('documents/carter-brezhnev-1979.html');
    const directive = html.indexOf('documents/politburo-directive-1980.html');
    expect(letter).toBeGreaterThan(0);
    expect(directive).toBeGreaterThan(letter);
    expect(html).toContain('<time datetime="1979-01-01">January 1979, by 17 January</time>');
    expect(html).toContain('Foreign Relations of the United States, 1977–1980, Volume VI, Soviet Union');
    expect(html).toContain('Carter assures Brezhnev');
    expect(html).toMatch(/Built <span class="build-date">2026-01-01<\/span> · version <span class="version">\d+\.\d+\.\d+<\/span>\s*· commit <span class="commit">test<\/span>/);
  });
});

describe('the HTML edition of TEI our documents do not use', () => {
  test('is valid HTML whatever the TEI nests (lists in paragraphs, verse, drama, unknown elements)', async () => {
    const { out, result } = await publish(path.join(PUBLISH_FIXTURES, 'rich'));
    expect(result.diagnostics).toEqual([]);
    const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
    const report = await validator.validateFile(path.join(out, 'html', 'documents', 'rich.html'));
    expect(report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`))).toEqual([]);
  });
});
