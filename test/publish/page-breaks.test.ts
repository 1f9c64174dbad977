/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Code passed to page.evaluate runs in the browser: it type-checks against the DOM.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, fileUrl, launchChromium, offlineContext, offlinePage } from '../support/browser';
import { PUBLISH_FIXTURES, publish, read } from '../support/publish';

/**
 * Page and column breaks and their facsimiles (TEI Guidelines 3.11.3 "Milestone elements", att.edition, 11.1). A page
 * break's marker says what names the page: its @n, else a page reference in its xml:id (Perseus "p.110", the Barth
 * edition's "p012", the Whitman Archive's "leaf001r"); @rend and @type do not name it; with nothing that names it there
 * is no label. Where the text marks the pages of several editions (@ed, @edRef), each marker names its edition
 * (OpenArabicPE's al-Muqtabas: print and shamela). A numbered column break has a marker too. Markers stand in the
 * margin and never overlap, however close together their pages begin. A page's image is linked by the image policy,
 * once for a double page (EEBO-TCP), never when the address names a TIFF (EEBO's downloadtiff) or a surface's image is
 * declared one (mimeType), never by a script or data URL. The fixtures: test/fixtures/publish/pages/.
 */

const SRC = path.join(PUBLISH_FIXTURES, 'pages');
const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');

/** The markers' labels a text holds, in order ("[p. 4]", "[print: p. 4]", "[leaf 1r]", "[col. b]"). */
const MARKER = /\[(?:[^\]\s]+: )?(?:p\.|vol\.|fol\.|leaf|col\.) [^\]]*\]/g;
const markers = (text: string): string[] => [...text.replace(/\s+/g, ' ').matchAll(MARKER)].map((match) => match[0]);

interface Box { label: string; top: number; bottom: number; left: number; right: number }

/**
 * What the reader sees of the markers (each marker's label and image link, wherever the stylesheet puts them: the
 * boxes of one marker share its label), and the boxes of the text's blocks and column they must keep out of.
 */
async function layout(tab: Page): Promise<{ markers: Box[]; blocks: Box[]; column: Box }> {
  return tab.evaluate(() => {
    const box = (element: Element, label: string): Box => {
      const { top, bottom, left, right } = element.getBoundingClientRect();
      return { label, top, bottom, left, right };
    };
    const section = document.querySelector('section.text')!;
    const style = getComputedStyle(section);
    const outer = section.getBoundingClientRect();
    const column = {
      label: 'column', top: outer.top, bottom: outer.bottom,
      left: outer.left + parseFloat(style.paddingLeft), right: outer.right - parseFloat(style.paddingRight),
    };
    return {
      // Each line of a part (a label that runs in the line may wrap).
      markers: [...document.querySelectorAll('section.text .pb, section.text .cb')]
        .flatMap((marker) => [...marker.querySelectorAll('.pb-label, .pb-facs, .cb-label')]
          .flatMap((part) => [...part.getClientRects()].map(({ top, bottom, left, right }) => ({ label: (marker.textContent ?? '').trim(), top, bottom, left, right })))),
      blocks: [...document.querySelectorAll('section.text p, section.text .head, section.text .ab, section.text .titlePage')]
        .map((block) => box(block, (block.textContent ?? '').trim().slice(0, 40))),
      column,
    };
  });
}

const overlap = (a: Box, b: Box): boolean => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;

/** The pairs of boxes that overlap: of two markers (not two parts of one), or of a marker and a block. */
function overlapping(boxes: Box[], others?: Box[]): string[] {
  const found: string[] = [];
  boxes.forEach((a, i) => (others ?? boxes).forEach((b, j) => {
    if ((others || (j > i && a.label !== b.label)) && overlap(a, b)) found.push(`${a.label} × ${b.label}`);
  }));
  return found;
}

describe('page and column breaks and their facsimiles', () => {
  let site: string;
  let out: string;
  let browser: Browser;
  const main = (name: string): string => /<main[\s\S]*<\/main>/.exec(read(path.join(site, 'documents', `${name}.html`)))![0];
  const text = (name: string): string => read(path.join(out, 'text', `${name}.txt`));
  /** The page's markers, as published: `<span class="pb" …>…</span>`. */
  const pageMarkers = (name: string): string[] => [...main(name).matchAll(/<span class="(?:pb|cb)"[^>]*>(?:<(?:a|span) [^>]*>(?:[^<]|<span[^>]*>[^<]*<\/span>)*<\/(?:a|span)>)*<\/span>/g)].map((match) => match[0]);

  beforeAll(async () => {
    const built = await publish(SRC);
    expect(built.result.published).toBe(true);
    expect(built.result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    out = built.out;
    site = path.join(out, 'html');
    browser = await launchChromium();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
  });

  test('the text edition: a page named by its @n or its id, an edition named where the text marks several, no label where nothing names the page', () => {
    // Two editions' pages (al-Muqtabas): each marker says whose page it is.
    expect(markers(text('two-editions'))).toEqual([
      '[print: p. 1]', '[shamela: p. n1-p1]', '[print: p. 2]', '[shamela: p. n1-p2]', '[print: p. 3]', '[print: p. 4]', '[shamela: p. n1-p3]',
    ]);
    expect(text('two-editions').replace(/\s+/g, ' ')).toContain('فنال من ذلك ما لم [print: p. 2] ينله أحد قبله [shamela: p. n1-p2] بالأندلس');
    // By reference to the editions' descriptions (the Guidelines' edRef example); a break inside a word goes before it.
    expect(text('star-maker').replace(/\s+/g, ' ')).toContain('maintaining the [dover1968: p. 411] essentials');
    expect(text('star-maker').replace(/\s+/g, ' ')).toContain('my lucid [methuen1937: p. 291] con-sciousness.');
    // One edition's pages: no edition named; the number in the id only (the Barth edition).
    expect(markers(text('one-edition'))).toEqual(['[p. 12]', '[p. 13]', '[p. 14]']);
    expect(text('one-edition')).toContain('und das [p. 13] ewige Wirken');
    expect(text('one-edition')).not.toContain('pga');
    // Named otherwise: a leaf and its side (the Whitman Archive's ids), a page of a volume, a roman page (Perseus),
    // leading zeros dropped; @rend ("front cover") and @type ("recto") are not names.
    const named = text('named-otherwise');
    expect(markers(named)).toEqual(['[leaf 1r]', '[leaf 1v]', '[p. iv]', '[p. 110]', '[vol. 2, p. 111]', '[p. xxviii]', '[p. 12]', '[p. 13]']);
    expect(named.replace(/\s+/g, ' ')).toContain('broken in a [p. 13] word.');
    // Nothing names the page: no label, and the word broken by it stays whole.
    expect(named.replace(/\s+/g, ' ')).toContain('A page known by its image only begins here; one named by nothing here; one whose id is a generated one here; one outside the numbering here; and one whose break falls inside a word that stays whole.');
    expect(named).not.toMatch(/page break|front cover|recto|verso|unnumbered|d1e1264/);
    // EEBO-TCP: pages with no number have no label.
    expect(markers(text('eebo'))).toEqual(['[p. 1]', '[p. 2]']);
    expect(text('eebo')).not.toMatch(/page break|eebo|tiff/i);
    // Columns: a numbered column's marker, before the word it breaks; none for a column without a number.
    expect(markers(text('double-pages'))).toEqual(['[p. 1]', '[p. 2]', '[p. 3]', '[p. 4]', '[col. a]', '[col. b]', '[col. c]']);
    expect(text('double-pages').replace(/\s+/g, ' ')).toContain('A column numbered nowhere and one in the middle of a [col. c] word.');
    expect(text('double-pages').replace(/\s+/g, ' ')).toContain('QVINTA LINEA SEXTA');
  });

  test('the page: each marker labelled as the text edition labels it, its edition as data; an unnamed page keeps its anchor and its image link', () => {
    const editions = pageMarkers('two-editions');
    // The edition's name and the page apart: the label may break between them, and nowhere else.
    expect(editions[0]).toBe('<span class="pb" id="page-1" lang="en" data-n="1" data-ed="print"><a class="pb-label" href="#page-1"><span class="pb-edition">[print:</span> <span>p. 1]</span></a>'
      + '<a class="pb-facs" href="https://images.example.org/muqtabas/1/001.jpg" aria-label="Image of print: p. 1">image</a></span>');
    expect(editions[1]).toBe('<span class="pb" id="page-2" lang="en" data-n="n1-p1" data-ed="shamela"><a class="pb-label" href="#page-2"><span class="pb-edition">[shamela:</span> <span>p. n1-p1]</span></a></span>');
    const named = pageMarkers('named-otherwise');
    expect(named[0]).toBe('<span class="pb" id="leaf001r" lang="en"><a class="pb-label" href="#leaf001r">[leaf 1r]</a>'
      + '<a class="pb-facs" href="../media/images/leaf-1r.png" aria-label="Image of leaf 1r">image</a></span>');
    // Known by its image only: the image's link, nothing else.
    expect(named).toContain('<span class="pb" id="page-9" lang="en"><a class="pb-facs" href="../media/images/leaf-2v.png" aria-label="Image of the page">[image]</a></span>');
    // Named by nothing: the anchor, empty.
    expect(named).toContain('<span class="pb" id="page-10" lang="en"></span>');
    expect(named).toContain('<span class="pb" id="pb_1.d1e1264" lang="en"></span>');
    expect(named).toContain('<span class="pb" id="page-12" lang="en" data-n="unnumbered"></span>');
    expect(main('named-otherwise')).not.toMatch(/page break|front cover/);
    // A numbered column: its marker, no anchor.
    expect(pageMarkers('double-pages')).toContain('<span class="cb" lang="en"><span class="cb-label">[col. b]</span></span>');
  });

  test('page images: the first image of a surface that a browser shows, once for a double page, none for a TIFF or a refused address', () => {
    const images = (name: string): string[] => [...main(name).matchAll(/<a class="pb-facs" href="([^"]*)"/g)].map((match) => match[1]);
    // The local copy outside the collection and the TIFF master (mimeType) give way to the online JPEG; page 4 has a TIFF only.
    expect(images('two-editions')).toEqual([
      'https://images.example.org/muqtabas/1/001.jpg', 'https://images.example.org/muqtabas/1/002.jpg', 'https://images.example.org/muqtabas/1/003.jpg',
    ]);
    // Two pages to an image: linked at the first.
    expect(images('double-pages')).toEqual(['https://images.example.org/book/opening-1.jpg', 'https://images.example.org/book/opening-2.jpg']);
    expect(pageMarkers('double-pages')[1]).toBe('<span class="pb" id="page-2" lang="en" data-n="2"><a class="pb-label" href="#page-2">[p. 2]</a></span>');
    // EEBO-TCP's prefixDef: a TIFF to download, not an image: no link, and a page with no number shows nothing.
    expect(images('eebo')).toEqual([]);
    expect(main('eebo')).not.toMatch(/eebo\.chadwyck|tiff/);
    expect(pageMarkers('eebo').slice(0, 2)).toEqual(['<span class="pb" id="page-1" lang="en"></span>', '<span class="pb" id="page-2" lang="en"></span>']);
    expect(images('named-otherwise')).toEqual(['../media/images/leaf-1r.png', '../media/images/leaf-1v.png', '../media/images/leaf-2r.png', '../media/images/leaf-2v.png']);
  });

  test('hostile page breaks: no script, data or broken-out URL becomes a link, and their numbers and sigla stay text', async () => {
    const page = main('hostile-pages');
    const addresses = [...page.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((match) => match[1]);
    // Anchors of the page, and the page's own links (its TEI source).
    expect(addresses.filter((address) => !/^(#|[a-z-]+\.xml$)/.test(address))).toEqual([]);
    expect(page).not.toMatch(/<script|<img/i);
    // The number and the sigil as text.
    expect(page).toMatch(/<a class="pb-label" href="#page-5"><span class="pb-edition">\[(&quot;|")&gt;&lt;script&gt;alert\(6\)&lt;\/script&gt;:<\/span> <span>p\. &lt;img src=x onerror=alert\(5\)&gt;\]<\/span><\/a>/);
    // Line breaks of editions named by markup, a script address or a break-out: their sigla stay text, in attributes.
    expect(page).toContain('data-ed="&lt;img src=x onerror=alert(8)&gt;" title="Line break of &lt;img src=x onerror=alert(8)&gt;"');
    expect(page).toContain('data-ed="javascript:alert(9)"');
    expect(page).toMatch(/data-ed="x(&quot;|&#34;) onmouseover=(&quot;|&#34;)alert\(10\)"/);
    const { context, page: tab, dialogs } = await offlinePage(browser);
    try {
      await tab.goto(fileUrl(path.join(site, 'documents', 'hostile-pages.html')));
      // No element of the page has an event handler attribute.
      expect(await tab.evaluate(() => [...document.querySelectorAll('main *')].flatMap((element) => element.getAttributeNames().filter((name) => name.startsWith('on'))))).toEqual([]);
      for (const marker of await tab.locator('.pb').all()) await marker.hover();
      // The line breaks' marks, shown in the diplomatic view.
      await tab.locator('label[for="view-diplomatic"]').click();
      for (const mark of await tab.locator('span.lb').all()) await mark.hover();
      expect(await tab.locator('section.text img').count()).toBe(0);
      await tab.waitForTimeout(200);
      expect(dialogs).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('in Chromium the markers stand in the margin beside their lines and never overlap, in both directions and on a narrow screen', async () => {
    const { context } = await offlineContext(browser);
    try {
      const tab = await context.newPage();
      for (const name of ['two-editions', 'named-otherwise', 'double-pages', 'star-maker', 'eebo', 'front-matter', 'print-lines']) {
        await tab.setViewportSize({ width: 1200, height: 900 });
        await tab.goto(fileUrl(path.join(site, 'documents', `${name}.html`)));
        const placed = await layout(tab);
        expect(placed.markers.length).toBeGreaterThan(0);
        expect(overlapping(placed.markers)).toEqual([]);
        // In the margin: out of the text's blocks, beside the column (left of a right-to-left text, right of the others).
        expect(overlapping(placed.markers, placed.blocks)).toEqual([]);
        const rightToLeft = name === 'two-editions' || name === 'print-lines';
        for (const marker of placed.markers) {
          if (rightToLeft) expect(marker.right).toBeLessThanOrEqual(placed.column.left + 1);
          else expect(marker.left).toBeGreaterThanOrEqual(placed.column.right - 1);
        }
        // No label is broken across lines, but between its edition's name and its page ("[shamela:" over "p. n1-p3]").
        expect(await tab.evaluate(() => {
          // The lines a part's text is laid out on (a range's boxes: one a line, where the element's box is one).
          const lines = (part: Element): number => {
            const range = document.createRange();
            range.selectNodeContents(part);
            return new Set([...range.getClientRects()].map((box) => Math.round(box.top))).size;
          };
          return [...document.querySelectorAll('section.text .pb-label, section.text .cb-label')]
            .filter((label) => (label.querySelector('span') ? [...label.querySelectorAll('span')] : [label]).some((part) => lines(part) > 1))
            .map((label) => label.textContent);
        })).toEqual([]);
        await tab.screenshot({ path: path.join(SCREENSHOTS, `pages-${name}.png`), fullPage: true });
        // The diplomatic view's lines move the markers with them: still apart.
        if (await tab.locator('label[for="view-diplomatic"]').count()) {
          await tab.locator('label[for="view-diplomatic"]').click();
          expect(overlapping((await layout(tab)).markers)).toEqual([]);
          if (name === 'double-pages') {
            // A column that begins with a line (<cb/><lb/>): its marker beside that line, not the one before.
            const columnAtLine = await tab.evaluate(() => {
              const marker = document.querySelector('.cb-label')!.getBoundingClientRect().top;
              const column = [...document.querySelectorAll('section.text .ab')].flatMap((ab) => [...ab.childNodes])
                .find((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.includes('PRIMA'))!;
              const range = document.createRange();
              range.selectNodeContents(column);
              return marker - range.getClientRects()[0].top;
            });
            expect(Math.abs(columnAtLine)).toBeLessThan(6);
            await tab.screenshot({ path: path.join(SCREENSHOTS, `pages-${name}-diplomatic.png`), fullPage: true });
          }
          await tab.locator('label[for="view-reading"]').click();
        }
        // On a narrow screen they run in the line, where they stand.
        await tab.setViewportSize({ width: 380, height: 800 });
        expect(overlapping((await layout(tab)).markers)).toEqual([]);
      }
    } finally {
      await context.close();
    }
  }, 120_000);

  test('in Chromium a marker stands at the line where its page begins; one that meets another stands under it', async () => {
    const { context } = await offlineContext(browser);
    try {
      const tab = await context.newPage();
      await tab.goto(fileUrl(path.join(site, 'documents', 'two-editions.html')));
      const lines = await tab.evaluate(() => {
        // The top of the line the marker stands in: the line box of the text right after it.
        const lineTop = (marker: Element): number => {
          let node = marker.nextSibling;
          while (node && !(node.nodeType === Node.TEXT_NODE && node.textContent!.trim())) node = node.nextSibling;
          const range = document.createRange();
          const words = node!.textContent!;
          const start = words.length - words.trimStart().length;
          range.setStart(node!, start);
          range.setEnd(node!, start + 1);
          return range.getClientRects()[0].top;
        };
        const print2 = document.querySelector('.pb[data-n="2"]')!;
        const shamela2 = document.querySelector('.pb[data-n="n1-p2"]')!;
        return {
          print2: print2.getBoundingClientRect().top - lineTop(print2),
          // Page 2 of the digital edition begins on the same line: it stands under page 2 of the print.
          sameLine: Math.abs(lineTop(shamela2) - lineTop(print2)) < 2,
          shamela2Under: shamela2.getBoundingClientRect().top - print2.getBoundingClientRect().bottom,
        };
      });
      expect(Math.abs(lines.print2)).toBeLessThan(6);
      expect(lines.sameLine).toBe(true);
      expect(lines.shamela2Under).toBeGreaterThanOrEqual(0);
      expect(lines.shamela2Under).toBeLessThan(6);
    } finally {
      await context.close();
    }
  });
  test('the text edition never breaks a marker across its lines', () => {
    // Where the line would end inside it, the marker goes whole to the next line.
    expect(text('print-lines')).toContain('حتى\n[shamela: p. n1-p2] تبدأ في آخره.');
    for (const name of ['print-lines', 'two-editions', 'front-matter', 'named-otherwise', 'star-maker', 'double-pages']) {
      const whole = text(name).split('\n').flatMap((line) => [...line.matchAll(MARKER)].map((match) => match[0]));
      expect(whole).toEqual(markers(text(name)));
    }
  });

  test('several editions\' lines: the diplomatic view follows one edition\'s, the others\' breaks are light marks in the line', async () => {
    // Paradise Lost: no page imaged; the lines of 1667, which the text marks more often (the break of both among
    // them), break; those of 1674 are marks that name their edition.
    const milton = main('several-lineations');
    expect(milton.match(/<br class="lb"/g)).toHaveLength(5);
    expect(milton.match(/<span class="lb diplomatic" data-ed="1674" title="Line break of 1674"><\/span>/g)).toHaveLength(3);
    // al-Muqtabas: the lines of the print, whose page is imaged, though the digital edition's are marked more often;
    // line breaks that name no edition are marks too.
    const print = main('print-lines');
    expect(print.match(/<br class="lb"/g)).toHaveLength(2);
    expect(print.match(/<span class="lb diplomatic" data-ed="shamela" title="Line break of shamela"><\/span>/g)).toHaveLength(4);
    expect(print.match(/<span class="lb diplomatic" title="Line break"><\/span>/g)).toHaveLength(2);
    // The lines of one edition only: every break breaks, as ever.
    expect(main('two-editions')).not.toContain('<span class="lb');
    // The text edition reads the lines run on, whichever edition's: no mark, a word broken by a line stays whole.
    expect(text('several-lineations')).toContain('Of Mans First Disobedience, and the Fruit\nOf that Forbidden Tree, whose mortal tast');
    expect(text('several-lineations').replace(/\s+/g, ' ')).toContain('didst inspire that Shepherd.');
    expect(text('several-lineations')).not.toContain('|');

    const { context } = await offlineContext(browser);
    try {
      const tab = await context.newPage();
      const lines = (selector: string): Promise<string[]> => tab.evaluate((css) => [...document.querySelectorAll(css)]
        .flatMap((block) => (block as HTMLElement).innerText.split('\n')).map((line) => line.replace(/\s+/g, ' ').trim()).filter(Boolean), selector);
      await tab.goto(fileUrl(path.join(site, 'documents', 'several-lineations.html')));
      // Reading: the verse lines; no edition's lines, no mark.
      expect(await lines('section.text .l, section.text p')).toEqual([
        'Of Mans First Disobedience, and the Fruit', 'Of that Forbidden Tree, whose mortal tast', 'Brought Death into the World, and all our woe,',
        'With loss of Eden, till one greater Man',
        "Restore us, and regain the blissful Seat, Sing Heav'nly Muse, that on the secret top of Oreb, or of Sinai, didst inspire that Shepherd.",
      ]);
      expect(await tab.locator('span.lb').evaluateAll((marks) => marks.filter((mark) => mark.getClientRects().length > 0).length)).toBe(0);
      await tab.locator('label[for="view-diplomatic"]').click();
      // Diplomatic: a line ends at each break of 1667, and only there.
      expect(await lines('section.text .l, section.text p')).toEqual([
        'Of Mans First Disobedience, and', 'the Fruit', 'Of that Forbidden Tree, whose', 'mortal tast', 'Brought Death into the World,', 'and all our woe,',
        'With loss of', 'Eden, till one greater Man',
        'Restore us, and regain the blissful Seat,', "Sing Heav'nly Muse, that on the secret top of Oreb, or of Sinai, didst inspire that Shepherd.",
      ]);
      const placed = await tab.evaluate(() => {
        // The box of the first letter after a break.
        const next = (node: Node): DOMRect => {
          const words = node.nextSibling!;
          const at = words.textContent!.length - words.textContent!.trimStart().length;
          const range = document.createRange();
          range.setStart(words, at);
          range.setEnd(words, at + 1);
          return range.getClientRects()[0];
        };
        const lineStart = (node: Element): number => node.closest('.l, p')!.getBoundingClientRect().left;
        return {
          lines: [...document.querySelectorAll('section.text br.lb')].map((br) => next(br).left - lineStart(br)),
          marks: [...document.querySelectorAll('section.text span.lb')].map((mark) => {
            const box = mark.getBoundingClientRect();
            const after = next(mark);
            return { width: box.width, indent: box.left - lineStart(mark), sameLine: after.top < box.bottom && box.top < after.bottom, gap: after.left - box.right };
          }),
        };
      });
      // Each line of 1667 begins at the start of its verse line or paragraph.
      expect(placed.lines).toHaveLength(5);
      for (const indent of placed.lines) expect(Math.abs(indent)).toBeLessThan(2);
      // Each break of 1674 is a mark inside the line, the words after it beside it on the same line.
      expect(placed.marks).toHaveLength(3);
      for (const mark of placed.marks) {
        expect(mark.width).toBeGreaterThan(2);
        expect(mark.indent).toBeGreaterThan(20);
        expect(mark.sameLine).toBe(true);
        expect(mark.gap).toBeGreaterThanOrEqual(-0.5);
      }
      await tab.screenshot({ path: path.join(SCREENSHOTS, 'pages-several-lineations-diplomatic.png'), fullPage: true });

      // al-Muqtabas: the print's three lines, in Arabic.
      await tab.goto(fileUrl(path.join(site, 'documents', 'print-lines.html')));
      await tab.locator('label[for="view-diplomatic"]').click();
      expect(await lines('section.text p:nth-of-type(-n+2)')).toEqual([
        'السطر الأول من المطبوع يمضي هنا', 'السطر الثاني من المطبوع ثم يمضي هنا أيضا', 'السطر الثالث الأخير من الصفحة.', 'الفقرة الثانية في سطر واحد من المطبوع.',
      ]);
      await tab.screenshot({ path: path.join(SCREENSHOTS, 'pages-print-lines-diplomatic.png'), fullPage: true });
    } finally {
      await context.close();
    }
  }, 60_000);

  test('in Chromium markers that meet stand as close to their lines as they can: a label beside its image, a run of leaves stacked tight', async () => {
    const { context } = await offlineContext(browser);
    try {
      const tab = await context.newPage();
      await tab.goto(fileUrl(path.join(site, 'documents', 'front-matter.html')));
      const placed = await tab.evaluate(() => {
        const top = (element: Element | null): number | null => element?.getBoundingClientRect().top ?? null;
        const lineTop = (marker: Element): number => {
          let node = marker.nextSibling;
          while (node && !(node.nodeType === Node.TEXT_NODE && node.textContent!.trim())) node = node.nextSibling;
          const words = node!.textContent!;
          const start = words.length - words.trimStart().length;
          const range = document.createRange();
          range.setStart(node!, start);
          range.setEnd(node!, start + 1);
          return range.getClientRects()[0].top;
        };
        const markers = [...document.querySelectorAll('section.text .pb')];
        const inText = document.getElementById('leaf005v')!;
        return {
          column: document.querySelector('section.text')!.getBoundingClientRect().top,
          markers: markers.map((marker) => ({
            id: marker.id, top: marker.getBoundingClientRect().top, bottom: marker.getBoundingClientRect().bottom,
            label: top(marker.querySelector('.pb-label')), image: top(marker.querySelector('.pb-facs')),
          })),
          inText: inText.getBoundingClientRect().top - lineTop(inText),
        };
      });
      await tab.screenshot({ path: path.join(SCREENSHOTS, 'pages-front-matter.png') });
      const front = placed.markers.slice(0, 8);
      expect(front.map((marker) => marker.id)).toEqual(['leaf001r', 'leaf001v', 'leaf002r', 'leaf002v1', 'leaf002v', 'leaf003r', 'leaf003v', 'leaf004r']);
      // A label and its image's link on one line.
      for (const marker of placed.markers.filter((marker) => marker.label !== null && marker.image !== null)) expect(Math.abs(marker.label! - marker.image!)).toBeLessThan(4);
      // The eight leaves' markers meet on the first line: the first stands at it, each of the others right under the one before.
      expect(front[0].top - placed.column).toBeLessThan(6);
      for (let i = 1; i < front.length; i++) {
        expect(front[i].top - front[i - 1].bottom).toBeGreaterThanOrEqual(-0.5);
        expect(front[i].top - front[i - 1].bottom).toBeLessThan(2);
      }
      // One short line each (0.8rem type): the stack is eight such lines high, not sixteen.
      expect(front[7].bottom - front[0].top).toBeLessThanOrEqual(8 * 21);
      // The page that begins in the preface's text stands at its line once the stack is past.
      expect(Math.abs(placed.inText)).toBeLessThan(6);
    } finally {
      await context.close();
    }
  });
});
