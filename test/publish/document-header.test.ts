import * as path from 'path';
import { PUBLISH_FIXTURES, publish, read } from '../support/publish';

/**
 * What the metadata panel and the text edition's title block take from a header that is not ours.
 * The date that places a document in time, for documents whose header has none of the usual ones
 * (correspDesc, creation, a dated source): an inscription dated by its object's origDate (in words), a
 * dispatch dated by its dateline; and a document dated nowhere, which has no Date field at all (not an empty one).
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

  test("an inscription: its object's date of origin, as the edition words it", () => {
    expect(html('inscription')).toContain('<div><dt>Date</dt><dd>Imperial period</dd></div>');
    expect(text('inscription')).toMatch(/^Date: +Imperial period$/m);
  });

  test('a dispatch: the date of its dateline, sorted by it', () => {
    expect(html('dispatch')).toContain('<div><dt>Date</dt><dd>7 March 1815</dd></div>');
    expect(text('dispatch')).toMatch(/^Date: +7 March 1815$/m);
    // Dated documents come first on the home page, in time ("Vienna, ..." before "Funerary ..." and "Undated ..."), then the undated ones by title.
    const home = read(path.join(out, 'html', 'index.html'));
    const order = ['critique', 'dispatch', 'novel', 'inscription', 'fragment'].map((name) => home.indexOf(`documents/${name}.html`));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
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
