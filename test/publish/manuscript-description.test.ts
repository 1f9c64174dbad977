/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Code passed to page.evaluate runs in the browser: it type-checks against the DOM.
import * as fs from 'fs';
import * as path from 'path';
import { ARTIFACTS, fileUrl, launchChromium, offlineContext } from '../support/browser';
import { PUBLISH_FIXTURES, publish, read } from '../support/publish';

/**
 * Manuscript catalogue records (TEI Guidelines ch. 10, msDesc), modelled on the Bodleian's medieval manuscripts
 * catalogue: the header's msDesc is the record's substance, its text a token (<body><p/></body>). The page lays the
 * description out as a printed catalogue entry: identifier, heading, contents (items with locus, author, title,
 * rubric, incipit, explicit, colophon, nested items), physical description, history, additional information, parts.
 * Names point to registers kept in other files with @key. A transcription's source described in full gets the same
 * section beside its text. Fixtures: test/fixtures/publish/msdesc/.
 */

const SRC = path.join(PUBLISH_FIXTURES, 'msdesc');

describe('manuscript catalogue records (msDesc)', () => {
  let site: string;
  let textDir: string;
  const page = (file: string): string => read(path.join(site, file));
  const main = (file: string): string => /<main[\s\S]*<\/main>/.exec(page(file))![0];

  beforeAll(async () => {
    const built = await publish(SRC);
    site = path.join(built.out, 'html');
    textDir = path.join(built.out, 'text');
    expect(built.result.published).toBe(true);
    expect(built.result.diagnostics).toEqual([]);
  }, 120_000);

  test('in Chromium, a record is laid out as a catalogue entry: headings, identifier, fields as a definition list, items as a list', async () => {
    const browser = await launchChromium();
    try {
      const { context, requests } = await offlineContext(browser);
      const tab = await context.newPage();
      await tab.goto(fileUrl(path.join(site, 'documents', 'ms-psalter.html')));
      const outline = await tab.evaluate(() => [...document.querySelectorAll('article h1, article h2, article h3, article h4')]
        .map((h) => `${h.tagName} ${h.textContent}`));
      expect(outline).toEqual([
        'H1 MS. Example Liturg. 12', 'H2 About this document', 'H2 Manuscript description',
        'H3 Contents', 'H3 Physical description', 'H3 History', 'H3 Additional information',
        'H3 Part 1', 'H4 Contents', 'H4 Physical description', 'H4 History', 'H2 Cite this document',
      ]);
      // No empty text and no view switch: the description is the page.
      expect(await tab.locator('section.text').count()).toBe(0);
      expect(await tab.locator('.view-switch').count()).toBe(0);
      expect(await tab.locator('.msDesc > .msIdentifier').textContent()).toBe('Oxford, Example Library, MS. Example Liturg. 12');
      // With no edition.yml and no series, the edition is named after the publisher's names, not its e-mail address.
      expect(await tab.locator('.site-title').textContent()).toBe('Special Collections, Example Library');
      expect(await tab.locator('.msDesc > .head').textContent()).toBe('Psalter with calendar; England, 13th century');
      const fields = (selector: string): Promise<string[]> => tab.evaluate((s) => [...document.querySelectorAll(s)]
        .map((div) => `${div.querySelector('dt')!.textContent}: ${div.querySelector('dd')!.textContent!.replace(/\s+/g, ' ').trim()}`), selector);
      // Facts given by attributes alone are fields too: the form; the material only where no support says it.
      expect(await fields('.msDesc > .physDesc > dl > div')).toEqual([
        'Form: codex',
        'Support: parchment',
        'Extent: ii + 121 + ii leaves 220 × 150 mm (leaf); 160 × 95–100 mm (written)',
        'Foliation: Modern pencil foliation.',
        'Collation: 1–158, 16 (one leaf)',  // the 8 raised (below)
        'Condition: Some leaves stained by water at the foot.',
        'Layout: One column of 20 lines.',
        'Number of hands: 2',
        'Hand: Main text in a formal textualis.',
        'Hand: Additions on fol. 121v in a 15th-century cursiva.',
        'Decoration: Historiated initial B on fol. 7r: David playing the harp.',
        'Decoration: Borders in gold and colours.',
        'Additions: Obits of the Lovell family in the calendar.',
        'Binding: 17th-century brown calf over pasteboard.',
        'Seal: Seal tag on the lower pastedown.',
        'Accompanying material: A loose slip with a 19th-century note on the contents.',
      ]);
      expect(await tab.locator('.collation .hi').evaluate((e) => getComputedStyle(e).verticalAlign)).toBe('super');
      expect(await fields('.msDesc > .history > dl > div')).toEqual([
        'Origin: s. xiii3/4; England, Salisbury?',
        "Provenance: Thomas Becket's feast erased under Henry VIII.",
        'Provenance: William Laud, his inscription on fol. 1r.',
        'Acquisition: Given by Laud in 1636.',
      ]);
      expect(await fields('.msDesc > .additional > dl > div')).toEqual([
        'Source of the description: Revised from the Summary Catalogue.',
        'Availability: Digitised; the original is available on request.',
        'Surrogates: Example Digital (full digital facsimile)',
        'Bibliography: N. R. Ker, Medieval Manuscripts, 1969, p. 12.',
      ]);
      expect(await fields('.msDesc > .identifiers > div')).toEqual(['Identifier (ark): ark:99999/x0example12', 'Other identifier (SC): 31415']);
      // The contents: each item's line (number, locus, author, title), its fields, its own items nested.
      const items = await tab.evaluate(() => [...document.querySelectorAll('.msDesc > .msContents > .ms-items > li')].map((li) => ({
        lead: li.querySelector(':scope > .ms-item-lead')!.textContent,
        fields: [...li.querySelectorAll(':scope > dl > div')].map((div) => `${div.querySelector('dt')!.textContent}: ${div.querySelector('dd')!.textContent}`),
        nested: [...li.querySelectorAll(':scope > .ms-items > li > .ms-item-lead')].map((p) => p.textContent),
      })));
      expect(items).toEqual([
        { lead: '1. fols. 1r–6v Calendar', fields: ['Note: Graded in red and blue; feasts of Thomas Becket erased.'], nested: [] },
        { lead: '2. fols. 7r–120v Pseudo-Jerome, Psalterium Gallicanum',
          fields: ['Rubric: Incipit psalterium secundum usum ecclesie Sarum', 'Incipit: Beatus vir qui non abiit in consilio impiorum',
            'Explicit: omnis spiritus laudet dominum', 'Colophon: Explicit liber psalmorum. Deo gratias.', 'Language: Latin'],
          nested: ['2a. fols. 118r–120v Canticles'] },
        { lead: '3. fol. 121r Litany', fields: ['Filiation: Close to the litany of the Tenison Psalter.'], nested: [] },
      ]);
      expect(await tab.locator('.msPart > .msIdentifier').textContent()).toBe('MS. Example Liturg. 12 – flyleaf');
      expect(await tab.locator('.msPart .ms-item-lead').textContent()).toBe('fols. i–ii Fragment of a breviary');
      // Names with @key link to the entries of the registers kept in persons.xml and places.xml.
      const links = await tab.evaluate(() => [...document.querySelectorAll('.msDesc a.mention')].map((a) => `${a.textContent} → ${a.getAttribute('href')}`));
      expect(links).toEqual([
        'Thomas Becket → ../persons/person_1230.html', 'Pseudo-Jerome → ../persons/person_77.html',
        'England → ../places/place_7002445.html', 'Salisbury → ../places/place_7011931.html',
        'Thomas Becket → ../persons/person_1230.html', 'William Laud → ../persons/person_54940373.html',
      ]);
      for (const href of links.map((l) => l.split(' → ')[1])) expect(fs.existsSync(path.join(site, 'documents', href))).toBe(true);
      // A key no register has (person_88, work_501) stays text.
      expect(await tab.locator('.additions .persName').evaluate((el) => el.tagName)).toBe('SPAN');
      // The surrogate's link leads to its facsimile; hands keep their ids (a catalogue's "hand1" can be linked to).
      expect(await tab.locator('.surrogates a').getAttribute('href')).toBe('https://digital.example.org/objects/12');
      expect(await tab.locator('#hand2').textContent()).toContain('Additions on fol. 121v');
      fs.mkdirSync(path.join(ARTIFACTS, 'screenshots'), { recursive: true });
      await tab.screenshot({ path: path.join(ARTIFACTS, 'screenshots', 'manuscript-description.png'), fullPage: true });
      expect(requests).toEqual([]);
      await context.close();
    } finally {
      await browser.close();
    }
  }, 60_000);

  test('the record is dated by its origin, not by its part, its provenance or its catalogue history', () => {
    expect(main('documents/ms-psalter.html')).toContain('<div><dt>Date</dt><dd>s. xiii3/4</dd></div>');
    expect(main('documents/letter-with-source.html')).toContain('<div><dt>Date</dt><dd>1 March 1402</dd></div>');
  });

  test('the metadata panel does not repeat the provenance and summary the description shows', () => {
    const panel = /<section class="metadata"[\s\S]*?<\/section>/.exec(main('documents/ms-psalter.html'))![0];
    expect(panel).not.toContain('Provenance');
    expect(panel).not.toContain('Summary');
    const letter = /<section class="metadata"[\s\S]*?<\/section>/.exec(main('documents/letter-with-source.html'))![0];
    expect(letter).not.toContain('Provenance');
  });

  test('a transcription whose source is described in full has the description as a section, and its text', () => {
    const letter = main('documents/letter-with-source.html');
    expect(letter).toMatch(/<section class="msDesc ms-description" aria-labelledby="ms-1"><h2 id="ms-1">Description of the source<\/h2><p class="msIdentifier" id="block-1">Salisbury, Cathedral Archives, Press IV\/C2<\/p>/);
    expect(letter).toContain('<dt>Support</dt><dd id="block-2">A single sheet of parchment, folded.</dd>');
    expect(letter).toContain('class="view-switch"');
    expect(letter).toMatch(/<section class="text"[^>]*>[\s\S]*The dean greets the chapter/);
    expect(letter.indexOf('Description of the source')).toBeLessThan(letter.indexOf('The dean greets'));
    // The source of a transcription may be a stone (an EpiDoc inscription's msDesc): not called a manuscript.
    expect(letter).not.toContain('Manuscript description');
  });

  test('the text edition lays the description out as the page does', () => {
    const record = read(path.join(textDir, 'ms-psalter.txt'));
    expect(record).toContain('Manuscript description\n----------------------\n\nOxford, Example Library, MS. Example Liturg. 12\n\nPsalter with calendar; England, 13th century');
    expect(record).toContain('CONTENTS\n\nSummary: A psalter of the use of Sarum, with a calendar and litany.\n\nLanguage: Latin\n\n1. fols. 1r–6v Calendar\n\n    Note: Graded in red and blue; feasts of Thomas Becket erased.');
    expect(record).toContain('2. fols. 7r–120v Pseudo-Jerome, Psalterium Gallicanum\n\n    Rubric: Incipit psalterium secundum usum ecclesie Sarum\n\n    Incipit: Beatus vir qui non abiit in consilio impiorum');
    expect(record).toContain('    2a. fols. 118r–120v Canticles\n\n        Final rubric: Expliciunt cantica');
    expect(record).toContain('Extent: ii + 121 + ii leaves 220 × 150 mm (leaf); 160 × 95–100 mm (written)');
    expect(record).toContain('Origin: s. xiii3/4; England, Salisbury?');
    expect(record).toContain('Surrogates: Example Digital <https://digital.example.org/objects/12> (full\n            digital facsimile)');
    expect(record).toContain('Form: codex\n\nSupport: parchment\n\n');
    // A raised figure stays raised: fifteen quires of eight, not 158.
    expect(record).toContain('Collation: 1–15⁸, 16 (one leaf)');
    // A part's material, no support saying it; a measurement not taken shows no unit; a layout by its attributes.
    expect(record).toContain('Part 1\n------\n\nMS. Example Liturg. 12 – flyleaf\n\nCONTENTS\n\n- fols. i–ii Fragment of a breviary\n\n    Incipit: Deus in adiutorium\n\n'
      + 'PHYSICAL DESCRIPTION\n\nForm: leaf\n\nMaterial: paper\n\nExtent: 2 leaves\n\nLayout: 2 columns, 30–32 written lines\n\nHISTORY\n\nOrigin: 12th century');
    const letter = read(path.join(textDir, 'letter-with-source.txt'));
    expect(letter).toContain('PHYSICAL DESCRIPTION\n\nSupport: A single sheet of parchment, folded.');
    expect(letter).toContain('Text\n----\n\nThe dean greets the chapter');
  });

  test('in Chromium, the search finds the catalogue text (incipits, titles) and leads to its place on the record\'s page', async () => {
    const browser = await launchChromium();
    try {
      const { context } = await offlineContext(browser);
      const tab = await context.newPage();
      for (const [query, anchor] of [['impiorum', 'Beatus vir qui non abiit in consilio impiorum'], ['Gallicanum', '2. fols. 7r–120v Pseudo-Jerome, Psalterium Gallicanum'],
        ['pasteboard', '17th-century brown calf over pasteboard.']]) {
        await tab.goto('about:blank');
        await tab.goto(`${fileUrl(path.join(site, 'search.html'))}#q=${query}`);
        await tab.waitForFunction(() => document.documentElement.getAttribute('data-search-done') !== null, undefined, { timeout: 30000 });
        const hrefs = await tab.evaluate(() => [...document.querySelectorAll('.result .result-title a')].map((a) => a.getAttribute('href') ?? ''));
        expect(hrefs).toHaveLength(1);
        expect(hrefs[0]).toMatch(/^documents\/ms-psalter\.html#/);
        // The hit's anchor is on the page, on the field or item it was found in.
        await tab.goto(fileUrl(path.join(site, hrefs[0])));
        const id = decodeURIComponent(hrefs[0].split('#')[1]);
        expect(await tab.evaluate((i) => document.getElementById(i)?.textContent?.replace(/\s+/g, ' ').trim(), id)).toBe(anchor);
      }
      await context.close();
    } finally {
      await browser.close();
    }
  }, 90_000);

  test('hostile: markup and script in the fields stay text, script and data URLs never become links', async () => {
    const hostile = /<section class="msDesc[\s\S]*?<section class="cite"/.exec(main('documents/ms-hostile.html'))![0];
    expect(hostile).not.toMatch(/<(script|img|iframe|b|i)[\s>]/i);
    expect(hostile).not.toMatch(/href="(javascript|data):/i);
    expect(hostile).toContain('&lt;/dd&gt;&lt;script&gt;alert(4)&lt;/script&gt;');
    const browser = await launchChromium();
    try {
      const { context } = await offlineContext(browser);
      const tab = await context.newPage();
      const dialogs: string[] = [];
      tab.on('dialog', (dialog) => { dialogs.push(dialog.message()); void dialog.dismiss(); });
      await tab.goto(fileUrl(path.join(site, 'documents', 'ms-hostile.html')));
      expect(await tab.locator('.ms-description script, .ms-description img, .ms-description iframe, [onmouseover], [onerror]').count()).toBe(0);
      expect(await tab.locator('.surrogates a').count()).toBe(0);
      expect(await tab.locator('.surrogates').textContent()).toContain('Facsimile; Data;');
      await tab.locator('.dimensions').hover();
      expect(dialogs).toEqual([]);
      await context.close();
    } finally {
      await browser.close();
    }
    const text = read(path.join(textDir, 'ms-hostile.txt'));
    expect(text).toContain("<script>alert('settlement')</script>, Library, MS. Hostile 1");
  }, 60_000);
});
