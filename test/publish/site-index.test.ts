import * as path from 'path';
import { PUBLISH_FIXTURES, publish, read } from '../support/publish';

/**
 * A register kept as a project's site index: register lists in the body's divisions, beside plain lists of
 * identified items (animals, works of art) that are no register of the edition's (ed:is-identified-item). The index
 * is a register, not a document to read; its entries have their pages; a "#id" no page has an anchor for is no link.
 */
const SRC = path.join(PUBLISH_FIXTURES, 'site-index');

describe('a site index of register lists and lists of identified items', () => {
  let site: string;
  let result: Awaited<ReturnType<typeof publish>>['result'];
  let text: string;

  beforeAll(async () => {
    const built = await publish(SRC);
    site = path.join(built.out, 'html');
    result = built.result;
    text = /<section class="text"[\s\S]*?<\/section>/.exec(read(path.join(site, 'documents/journal.html')))![0];
  }, 120_000);

  test('the index is a register: the journal is the only document, and the index entries have their pages', () => {
    expect(result.published).toBe(true);
    expect(result.documents).toEqual(['journal.xml']);
    expect(read(path.join(site, 'persons/Talfourd.html'))).toContain('<h1>Thomas Noon Talfourd</h1>');
    expect(read(path.join(site, 'places/ThreeMileCross.html'))).toContain('Three Mile Cross, Berkshire');
    expect(read(path.join(site, 'index.html'))).not.toContain('Site Index of Named Entities');
  });

  test("the journal's names lead to the entries' pages", () => {
    expect(text).toMatch(/<a [^>]*class="placeName mention" href="\.\.\/places\/ThreeMileCross\.html"[^>]*>the Cross<\/a>/);
    expect(text).toMatch(/<a [^>]*class="persName mention" href="\.\.\/persons\/Talfourd\.html"[^>]*>Mr\. Talfourd<\/a>/);
  });

  test('a name pointing to an item the site has no page for, or to no element at all, is text, not a link to nowhere', () => {
    for (const name of ['adder', 'Apollo', 'Mrs. Nobody']) {
      expect(text).toMatch(new RegExp(`<span [^>]*class="(name|persName) mention"[^>]*>${name.replace('.', '\\.')}</span>`));
    }
    expect(text).not.toMatch(/href="#(adder|Apollo_Belvedere|Nobody)"/);
  });

  test('a pointer to a file the collection does not have is text, not a link to a page the site has not', () => {
    expect(text).toContain('See <span class="ref">the commentary</span> and <span class="ref">its notes</span>.');
    expect(text).not.toMatch(/href="commentary/);
  });

  test("an entry's note keeps its paragraphs, its names linked to their entries and its titles set apart", () => {
    const talfourd = read(path.join(site, 'persons/Talfourd.html'));
    expect(talfourd).toContain('<div><dt>Note</dt><dd><p>Judge, playwright and friend of <a href="../persons/Mitford.html">the diarist</a>; legal '
      + 'correspondent for <a href="../works/Times.html"><span class="title" data-level="j">The Times</span></a>.</p>'
      + '<p>His plays include <span class="title" data-level="m">Ion</span> (1835).</p></dd></div>');
  });
});
