import * as fs from 'fs';
import * as path from 'path';
import { validateCollection } from '../../src/validation';
import { EDITION_RULES_FILE } from '../../src/validation/associations';
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
    expect(fs.readdirSync(path.join(site, 'persons')).sort()).toEqual(['wreck-boatswain.html', 'wreck-master.html', 'wreck-miranda.html', 'wreck-prospero.html', 'wreck-spirit.html']);
    expect(main('persons/wreck-prospero.html')).toContain('<h1>PROSPERO</h1><dl class="entry-data"><div><dt>Role</dt><dd>the rightful Duke of Milan</dd></div></dl>');
    expect(main('persons/wreck-miranda.html')).toContain('<h1>MIRANDA</h1><dl class="entry-data"><div><dt>Role</dt><dd>his daughter</dd></div></dl>');
    // Described by its castGroup; speaking and named in a stage direction.
    const master = main('persons/wreck-master.html');
    expect(master).toContain('<h1>MASTER</h1><dl class="entry-data"><div><dt>Role</dt><dd>of the King\'s ship</dd></div></dl>');
    expect(master).toContain('<h2 id="mentions-heading">Speeches and mentions</h2>');
    expect(master).toContain('<h4 class="speech-count">2 speeches</h4><ol class="speeches"><li lang="en"><span class="speech-place">Act 1, Scene 1</span> <a href="../documents/the-wreck.html#speech-1">Boatswain!</a></li>'
      + '<li lang="en"><span class="speech-place">Act 1, Scene 1</span> <a href="../documents/the-wreck.html#speech-3">We split, we split!</a></li></ol>');
    expect(master).toContain('<a href="../documents/the-wreck.html#mention-1">Ship-master</a>');
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
    expect(document).toContain('<div id="speech-1" class="sp"><div id="block-11" class="speaker"><a href="../persons/wreck-master.html">MASTER</a></div>');
    expect(document).toContain('class="speaker"><a href="../persons/wreck-prospero.html">PROSPERO</a></div>');
    expect(document).toContain('<div id="speech-3" class="sp"><div id="block-15" class="speaker">BOTH</div>');
    expect(document).toContain('<div id="speech-4" class="sp"><div id="block-17" class="speaker">GONZALO</div>');
    // Every speaker link lands on a page of the site.
    const links = [...document.matchAll(/class="speaker"><a href="\.\.\/([^"]+)"/g)].map((match) => match[1]);
    expect(links).toEqual(['persons/wreck-master.html', 'persons/wreck-boatswain.html', 'persons/wreck-miranda.html', 'persons/wreck-prospero.html']);
    for (const link of links) expect(fs.existsSync(path.join(site, link))).toBe(true);
  });

  test('the edition rules take the roles as register entries: a name may point to one, a mute role is not unused, a speaker the play lacks is unresolved', async () => {
    const report = await validateCollection([PLAY], { cwd: REPO_ROOT, rules: EDITION_RULES_FILE });
    const rules = report.diagnostics.filter((d) => d.layer === 'rules').map(({ rule, line, message }) => `${rule} ${line}: ${message}`);
    expect(rules.sort()).toEqual([
      'pointer-unresolved 37: @who on sp points nowhere: #wreck-gonzalo: no element in this document has xml:id="wreck-gonzalo"',
    ]);
  }, 120_000);
});
