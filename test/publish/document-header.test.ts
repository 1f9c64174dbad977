import * as path from 'path';
import { PUBLISH_FIXTURES, publish, read } from '../support/publish';

/**
 * What the metadata panel and the text edition's title block take from a header that is not ours.
 * The date that places a document in time, for documents whose header has none of the usual ones
 * (correspDesc, creation): inscriptions dated by their object's origDate (in words, with Julian years in custom
 * attributes, some before the common era), a novel by the earliest of its sources (its first edition, not its e-text),
 * a dispatch by its dateline; and a document dated nowhere, which has no Date field at all (not an empty one).
 * A source whose bibliographic fields stand side by side without a space (ELTeC's headers) reads as separate words;
 * the header's names written surname first (the DTA's headers) read as sort names, as register entries do.
 */

const SRC = path.join(PUBLISH_FIXTURES, 'header');

describe("a document's header, as other projects write it", () => {
  let out: string;
  const html = (name: string): string => read(path.join(out, 'html', 'documents', `${name}.html`));
  const text = (name: string): string => read(path.join(out, 'text', `${name}.txt`));

  beforeAll(async () => {
    const built = await publish(SRC);
    out = built.out;
    expect(built.result.published).toBe(true);
    expect(built.result.diagnostics).toEqual([]);
  }, 120_000);

  /** Where each document's link first occurs in a page, in the order given: ascending when the page lists them so. */
  const order = (page: string, names: string[], prefix = 'documents/'): number[] => names.map((name) => page.indexOf(`${prefix}${name}.html`));
  const ascending = (at: number[]): boolean => at.every((n) => n > 0) && at.every((n, i) => i === 0 || at[i - 1] < n);
  // In time: the inscriptions before the common era (550, 500, 480 BCE), the Imperial one (1-300 CE), the
  // critique (1781), the dispatch (1815), the novels (1847, 1856); the undated fragment last.
  const IN_TIME = ['kouros', 'stele', 'decree', 'inscription', 'critique', 'dispatch', 'novel', 'first-edition', 'fragment'];

  test("an inscription: its object's date of origin, as the edition words it, sorted by its Julian years", () => {
    expect(html('inscription')).toContain('<div><dt>Date</dt><dd>Imperial period</dd></div>');
    expect(text('inscription')).toMatch(/^Date: +Imperial period$/m);
    expect(html('stele')).toContain('<div><dt>Date</dt><dd>500—480 BCE</dd></div>');
  });

  test('a dispatch: the date of its dateline, sorted by it', () => {
    expect(html('dispatch')).toContain('<div><dt>Date</dt><dd>7 March 1815</dd></div>');
    expect(text('dispatch')).toMatch(/^Date: +7 March 1815$/m);
  });

  test("a novel: its first edition's year, not its e-text's, though neither is an attribute", () => {
    expect(html('first-edition')).toContain('<div><dt>Date</dt><dd>1856</dd></div>');
    expect(text('first-edition')).toMatch(/^Date: +1856$/m);
  });

  test('a date given by attributes alone reads as its bounds; years before the common era read "BCE"', () => {
    expect(html('decree')).toContain('<div><dt>Date</dt><dd>480 BCE – 470 BCE</dd></div>');
    expect(text('decree')).toMatch(/^Date: +480 BCE – 470 BCE$/m);
  });

  test('documents before the common era come in time (as written, "-0480" sorts before "-0500"), everywhere the edition lists documents', () => {
    expect(ascending(order(read(path.join(out, 'html', 'index.html')), IN_TIME))).toBe(true);
    const edition = read(path.join(out, 'text', 'edition.txt'));
    const titles = ['Dedication on a kouros base', 'Funerary stele of Kallias', 'Decree of the council', 'Funerary inscription for Acilia Vitalis'];
    expect(ascending(titles.map((title) => edition.indexOf(`\n${title}\n`)))).toBe(true);
    // An entry page's documents are sorted by the build (src/chronology.ts), the home page by the stylesheet.
    expect(ascending(order(read(path.join(out, 'html', 'places', 'sicily.html')), ['kouros', 'stele', 'decree', 'inscription'], '../documents/'))).toBe(true);
    const timeline = read(path.join(out, 'html', 'timeline.html'));
    expect(ascending(IN_TIME.slice(0, -1).map((name) => timeline.indexOf(`documents/${name}.html`)))).toBe(true);
    expect(timeline).toContain('<h2 id="year--0550-heading">550 BCE <span class="count">(1)</span></h2>');
    expect(timeline).toContain('<h2 id="year-0001-heading">1 <span class="count">(1)</span></h2>');
  });

  test('a document dated nowhere has no Date field, in either edition', () => {
    expect(html('fragment')).not.toContain('<dt>Date</dt>');
    expect(text('fragment')).not.toMatch(/^Date:/m);
  });

  test("a source's fields side by side are separate words, in both editions; text between fields stays as it is", () => {
    const page = html('novel');
    const source = /<dt>Source<\/dt><dd class="source">([\s\S]*?)<\/dd>/.exec(page)![1].replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
    expect(source).toBe('The Project Gutenberg EBook of Home Influence, by Grace Aguilar Gutenberg Project Gutenberg 2011, vol. 1.');
    expect(page).toContain('<a class="ref" href="http://www.gutenberg.org/files/36648/36648-h/36648-h.htm">Gutenberg</a>');
    expect(text('novel').replace(/\n {12}/g, ' ')).toMatch(/^Source: +The Project Gutenberg EBook of Home Influence, by Grace Aguilar Gutenberg Project Gutenberg 2011, vol\. 1\.$/m);
  });

  test('a source described field by field reads as a citation, in both editions: biblStruct, biblFull, a bibl of fields alone', () => {
    const source = (name: string): string => /<dt>Source<\/dt><dd class="source">([\s\S]*?)<\/dd>/.exec(html(name))![1].replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
    const textSource = (name: string): string => /^Source: +(.*(?:\n {12}.*)*)$/m.exec(text(name))![1].replace(/\n {12}/g, ' ');
    // A journal article: its fields in order, the place before its publisher.
    expect(source('dispatch')).toBe('Anonymous, A Dispatch from Vienna, The Example Gazette, London: Example Press, 12–13');
    expect(textSource('dispatch')).toBe(source('dispatch'));
    expect(html('dispatch')).toContain('<span class="title" data-level="j">The Example Gazette</span>');
    // A file's description (DraCor's Folger texts): its editors named as such, a statement of responsibility as it
    // reads, not its address or availability; a field that ends with its own full stop takes no comma.
    expect(source('fragment')).toBe('The Fragment, William Shakespeare, ed. Barbara A. Mowat, Paul Werstine, Encoded by Michael Poston, Rebecca Niles, '
      + 'An early release. Example Library, Washington, DC, April, 2015');
    expect(textSource('fragment')).toBe(source('fragment'));
    // A bibl of fields and white space (ELTeC's): a citation too. A link with no text of its own is named by its site
    // (the text edition gives its address); a hostile one stays text.
    expect(source('first-edition')).toBe('The Daisy Chain, by Charlotte M. Yonge, Project Gutenberg, 2000, www.gutenberg.org, javascript:alert(1)');
    expect(html('first-edition')).toContain('<a class="ref" href="https://www.gutenberg.org/ebooks/4022">www.gutenberg.org</a>');
    expect(html('first-edition')).not.toContain('href="javascript');
    expect(textSource('first-edition')).toBe('The Daisy Chain, by Charlotte M. Yonge, Project Gutenberg, 2000, https://www.gutenberg.org/ebooks/4022, javascript:alert(1)');
    // No field is spaced twice.
    expect(/<dt>Source<\/dt><dd class="source">([\s\S]*?)<\/dd>/.exec(html('dispatch'))![1]).not.toMatch(/ {2}|> </);
  });

  test("an author's identifier is not part of the name: a link to its authority file, labelled by the file", () => {
    const author = /<dt>Author<\/dt><dd>([\s\S]*?)<\/dd>/.exec(html('fragment'))![1];
    expect(author.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim()).toBe('William Shakespeare Wikidata');
    expect(author).toContain('<a class="idno" href="https://www.wikidata.org/wiki/Q692">Wikidata</a>');
    expect(author).not.toContain('>Q692<');
  });

  test("the identifiers an idno groups read one by one; a catalogue record's address is a link named by its site, a hostile one text", () => {
    const archive = /<dt>Archive<\/dt><dd class="archive">([\s\S]*?)<\/dd>/.exec(html('critique'))![1];
    expect(archive).toBe('Staatsbibliothek zu Berlin, 8 Libri impr. rari 290, javascript:alert(1), '
      + '<a class="idno" href="http://stabikat.de/DB=1/CMD?ACT=SRCHA&amp;TRM=414821769">stabikat.de</a>, '
      + 'https://example.org/"&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    // The text edition keeps every address, to be read and copied.
    expect(text('critique')).toMatch(/^Archive: +Staatsbibliothek zu Berlin, 8 Libri impr\. rari 290,\n +javascript:alert\(1\),\n +http:\/\/stabikat\.de\/DB=1\/CMD\?ACT=SRCHA&TRM=414821769,$/m);
  });

  test('names of the header written surname first read "Surname, Forename" (the text keeps its names as written)', () => {
    const page = html('critique');
    const field = (label: string): string => new RegExp(`<dt>${label}</dt>(<dd>[\\s\\S]*?</dd>)`).exec(page)![1];
    const plain = (markup: string): string => markup.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
    expect(plain(field('Author'))).toBe('Kant, Immanuel');
    expect(field('Author')).toMatch(/<a class="persName mention" href="http:\/\/d-nb\.info\/gnd\/118559796">/);
    expect(plain(field('Editors'))).toBe('Geyken, Alexander; Haaf, Susanne');
    expect(plain(field('Transcription'))).toBe('Wiegand, Frank; CLARIN-D');
    const text = /<section class="text"[\s\S]*?<\/section>/.exec(page)![0];
    expect(plain(text)).toContain('so spricht Kant Immanuel.');
  });
});
