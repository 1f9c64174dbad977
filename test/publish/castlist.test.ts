/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: it type-checks against the DOM.
import * as fs from 'fs';
import * as path from 'path';
import { validateCollection } from '../../src/validation';
import { EDITION_RULES_FILE } from '../../src/validation/associations';
import { ARTIFACTS, fileUrl, launchChromium, offlineContext } from '../support/browser';
import { PUBLISH_FIXTURES, publish, read } from '../support/publish';
import { REPO_ROOT } from '../support/shared';

/**
 * A play whose characters are defined in its cast list (TEI Guidelines 7.1.4: castList/castItem/role, roleDesc,
 * castGroup), as Folger Digital Texts and many TEI drama editions define them; its speeches' @who point to the roles.
 * The roles are entries of the persons register, as persons are wherever a project keeps them: a page each, listed
 * and counted with their speeches. The cast list stays text of the play. A speech's speaker label links to its
 * speaker's entry page. The fixture: test/fixtures/publish/castlist/the-wreck.xml.
 */

const SRC = path.join(PUBLISH_FIXTURES, 'castlist');
const PLAY = path.join(SRC, 'the-wreck.xml');

describe('characters defined in a cast list', () => {
  let site: string;
  let text: string;
  const page = (file: string): string => read(path.join(site, file));
  const main = (file: string): string => /<main[\s\S]*<\/main>/.exec(page(file))![0];

  beforeAll(async () => {
    const built = await publish(SRC);
    site = path.join(built.out, 'html');
    text = read(path.join(built.out, 'text', 'the-wreck.txt'));
    expect(built.result.published).toBe(true);
    expect(built.result.diagnostics).toEqual([]);
  }, 120_000);

  test('each role has an entry page: its name from the role, its description from its roleDesc or its castGroup\'s', () => {
    expect(fs.readdirSync(path.join(site, 'persons')).sort()).toEqual([
      'feast-flavius.html', 'feast-guest.html', 'feast-timon.html',
      'wreck-adrian.html', 'wreck-boatswain.html', 'wreck-francisco.html', 'wreck-master.html', 'wreck-miranda.html', 'wreck-prospero.html', 'wreck-spirit.html',
    ]);
    expect(main('persons/wreck-prospero.html')).toContain('<h1>PROSPERO</h1><dl class="entry-data"><div><dt>Role</dt><dd>the rightful Duke of Milan</dd></div></dl>');
    expect(main('persons/wreck-miranda.html')).toContain('<h1>MIRANDA</h1><dl class="entry-data"><div><dt>Role</dt><dd>his daughter</dd></div></dl>');
    // Described by its castGroup; speaking and named in a stage direction.
    const master = main('persons/wreck-master.html');
    expect(master).toContain('<h1>MASTER</h1><dl class="entry-data"><div><dt>Role</dt><dd>of the King\'s ship</dd></div></dl>');
    expect(master).toContain('<h2 id="mentions-heading">Speeches and mentions</h2>');
    expect(master).toContain('<h4 class="speech-count">2 speeches</h4><ol class="speeches"><li lang="en"><span class="speech-place">Act 1, Scene 1</span> <a href="../documents/the-wreck.html#speech-1">Boatswain!</a></li>'
      + '<li lang="en"><span class="speech-place">Act 1, Scene 1</span> <a href="../documents/the-wreck.html#speech-3">We split, we split!</a></li></ol>');
    expect(master).toContain('<a href="../documents/the-wreck.html#mention-1">Ship-master</a>');
    // Described by its castGroup's head, the group having no roleDesc (Folger's "lords attending on the King").
    expect(main('persons/wreck-adrian.html')).toContain('<h1>ADRIAN</h1><dl class="entry-data"><div><dt>Role</dt><dd>lords attending on the King</dd></div></dl>');
    expect(main('persons/wreck-francisco.html')).toContain('<h1>FRANCISCO</h1><dl class="entry-data"><div><dt>Role</dt><dd>lords attending on the King</dd></div></dl>');
  });

  test("a person the cast list's castItem is the same as (@sameAs, as DraCor's plays point to their particDesc) takes its description", () => {
    expect(main('persons/feast-timon.html')).toContain('<h1>Timon</h1><dl class="entry-data"><div><dt>Role</dt><dd>a lord of Athens</dd></div></dl>');
    expect(main('persons/feast-flavius.html')).toContain('<h1>Flavius</h1><dl class="entry-data"><div><dt>Role</dt><dd>his steward</dd></div></dl>');
    // Its castItem has no roleDesc: its castGroup's head.
    expect(main('persons/feast-guest.html')).toContain('<h1>Guest</h1><dl class="entry-data"><div><dt>Role</dt><dd>of his household</dd></div></dl>');
    const persons = main('persons.html');
    expect(persons).toContain('<li><a href="persons/feast-timon.html">Timon</a><span class="entry-short">: a lord of Athens</span> <span class="mention-count">(1 speech)</span></li>');
    // A speech's first words are its words, not the stage direction beside them; a speech of action alone, its action.
    expect(main('persons/feast-flavius.html')).toContain('<a href="../documents/the-feast.html#speech-2">The coffers are empty, my lord.</a>');
    expect(main('persons/feast-guest.html')).toContain('<a href="../documents/the-feast.html#speech-3">bows and leaves</a>');
    // The play's page describes its speakers on hover, from the same castItems.
    expect(main('documents/the-feast.html')).toContain('<span id="desc-persons-feast-guest">Guest: of his household</span>');
  });

  test('the persons list lists the roles with their descriptions and counts their speeches; a speaker the play does not have is dropped', () => {
    const persons = main('persons.html');
    expect(persons).toContain('<li><a href="persons/wreck-boatswain.html">BOATSWAIN</a><span class="entry-short">: of the King\'s ship</span> <span class="mention-count">(2 speeches)</span></li>');
    expect(persons).toContain('<li><a href="persons/wreck-master.html">MASTER</a><span class="entry-short">: of the King\'s ship</span> <span class="mention-count">(2 speeches, 1 mention)</span></li>');
    expect(persons).toContain('<li><a href="persons/wreck-prospero.html">PROSPERO</a><span class="entry-short">: the rightful Duke of Milan</span> <span class="mention-count">(1 speech)</span></li>');
    expect(persons).toContain('<li><a href="persons/wreck-spirit.html">A SPIRIT</a><span class="entry-short">: who does not speak</span> <span class="mention-count">(0 mentions)</span></li>');
    expect(persons).not.toContain('GONZALO');
  });

  test('the cast list stays in the play as the play prints it, on the document page and in the text edition', () => {
    const document = main('documents/the-wreck.html');
    expect(document).toMatch(/<div[^>]* class="castList">\s*<div[^>]* class="head">Characters in the Play<\/div>/);
    expect(document).toMatch(/<div id="block-\d+" class="castItem"> <span id="wreck-prospero" class="role">PROSPERO<\/span> {2}<span class="roleDesc">the rightful Duke of Milan<\/span> <\/div>/);
    expect(document).toMatch(/<div id="block-\d+" class="roleDesc">of the King's ship<\/div>/);
    expect(text).toContain('Characters in the Play');
    expect(text).toContain('PROSPERO the rightful Duke of Milan');
    expect(text).toContain('A SPIRIT who does not speak');
  });

  test("a speaker label links to its speaker's entry page, as written; not when its speech has several speakers or none the edition has", () => {
    const document = main('documents/the-wreck.html');
    expect(document).toContain('<div id="speech-1" class="sp"><div id="block-14" class="speaker"><a href="../persons/wreck-master.html" data-desc="MASTER: of the King\'s ship" aria-describedby="desc-persons-wreck-master">MASTER</a></div>');
        expect(document).toContain('<div id="speech-3" class="sp"><div id="block-18" class="speaker">BOTH</div>');
    expect(document).toContain('<div id="speech-4" class="sp"><div id="block-20" class="speaker">GONZALO</div>');
    // Every speaker link lands on a page of the site.
    const links = [...document.matchAll(/class="speaker"><a href="\.\.\/([^"]+)"/g)].map((match) => match[1]);
    expect(links).toEqual(['persons/wreck-master.html', 'persons/wreck-boatswain.html', 'persons/wreck-miranda.html', 'persons/wreck-prospero.html']);
    for (const link of links) expect(fs.existsSync(path.join(site, link))).toBe(true);
    // Each link describes its speaker on hover and focus as a name's link does (data-desc, and for screen readers
    // aria-describedby naming the page's hidden description).
    expect(document).toContain('class="speaker"><a href="../persons/wreck-prospero.html" data-desc="PROSPERO: the rightful Duke of Milan" aria-describedby="desc-persons-wreck-prospero">PROSPERO</a>');
    for (const [, id] of document.matchAll(/class="speaker"><a [^>]*aria-describedby="([^"]+)"/g)) expect(document).toContain(`<span id="${id}">`);
    expect([...document.matchAll(/class="speaker"><a [^>]*data-desc=/g)]).toHaveLength(links.length);
  });

  test('in Chromium, a speaker label shows its speaker\'s description on hover and on keyboard focus', async () => {
    const browser = await launchChromium();
    try {
      const { context } = await offlineContext(browser);
      const page = await context.newPage();
      await page.goto(fileUrl(path.join(site, 'documents', 'the-feast.html')));
      const speaker = page.locator('.speaker a[href="../persons/feast-flavius.html"]');
      await speaker.focus();
      expect(await speaker.evaluate((el) => getComputedStyle(el, '::after').content)).toBe('"Flavius: his steward"');
      await page.locator('.speaker a[href="../persons/feast-timon.html"]').hover();
      fs.mkdirSync(path.join(ARTIFACTS, 'screenshots'), { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'screenshots', 'speaker-hover.png') });
      expect(await page.locator('.speaker a[href="../persons/feast-timon.html"]').evaluate((el) => getComputedStyle(el, '::after').content)).toBe('"Timon: a lord of Athens"');
      // The description a screen reader reads is the page's own text.
      expect(await page.locator('#desc-persons-feast-flavius').textContent()).toBe('Flavius: his steward');
      await context.close();
    } finally {
      await browser.close();
    }
  }, 60_000);

  test('the edition rules take the roles as register entries: a name may point to one, a mute role is not unused, a speaker the play lacks is unresolved', async () => {
    const report = await validateCollection([PLAY], { cwd: REPO_ROOT, rules: EDITION_RULES_FILE });
    const rules = report.diagnostics.filter((d) => d.layer === 'rules').map(({ rule, line, message }) => `${rule} ${line}: ${message}`);
    expect(rules.sort()).toEqual([
      'pointer-unresolved 42: @who on sp points nowhere: #wreck-gonzalo: no element in this document has xml:id="wreck-gonzalo"',
    ]);
  }, 120_000);
});
