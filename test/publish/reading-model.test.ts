import * as path from 'path';
import { documentFidelity } from '../support/fidelity';
import { alignWords, htmlReadingText, readingWords, textEditionWords, words } from '../support/tei-words';
import { publish, PUBLISH_FIXTURES, read } from '../support/publish';

/**
 * Issue 12: one word-boundary model and one reading policy (xslt/common.xsl) for every output. The
 * fixture encodes words as foreign projects do: tokens with no white space between them, lines and
 * letter parts side by side, a fragmented word, alternatives without the editors' side, a note in the
 * header; the register pages' contexts read it as the editions do.
 */

const FIXTURE = path.join(PUBLISH_FIXTURES, 'reading');

describe('the reading model: where words begin and end, and which side the reading view shows', () => {
  let out: string;
  let text: string;
  let html: string;
  beforeAll(async () => {
    const built = await publish(FIXTURE);
    expect(built.result.diagnostics).toEqual([]);
    out = built.out;
    text = read(path.join(out, 'text', 'letter.txt'));
    html = read(path.join(out, 'html', 'documents', 'letter.html'));
  });

  test('both editions have every word of the reference reading, none glued to another', () => {
    const fidelity = documentFidelity(read(path.join(FIXTURE, 'letter.xml')), text, html);
    expect(fidelity.text.missing).toEqual([]);
    expect(fidelity.html.missing).toEqual([]);
    expect(fidelity.text.words).toBeGreaterThan(40);
  });

  test('a w is a word whether or not white space follows it; a pc attaches as punctuation does', () => {
    expect(text).toContain("\nand ne'er but once, my son, he said\n(quietly) again.\n");
    expect(htmlReadingText(html).text.replace(/\s+/g, ' ')).toContain("and ne'er but once, my son, he said (quietly) again.");
  });

  test('the parts of a fragmented word (w/@part) and joined tokens (@join) make one word, across a line break', () => {
    expect(text).toContain("Belfast stayed whole; l'homme too.");
  });

  test('raised and lowered figures are read as such, never run into the figures before them; raised letters stay on the line', () => {
    expect(text.replace(/\s+/g, ' ')).toContain('Water is H₂O; see IG II² 1035, quires 1–15⁸, and Mr Smith.');
  });

  test('lines and letter parts never join the words beside them', () => {
    expect(text).toContain('\nDr Rich Beer-Hofmann\nVahrn\nbei Brixen\nTirol\n');
    expect(text).toContain('\nHerzlich Hugo.\n');
    expect(htmlReadingText(html).text).toMatch(/Herzlich\s+Hugo\./);
  });

  test('the reading view: the first alternative of a choice, the first reading of an app without lemma, what a subst puts in', () => {
    // The text edition marks the app with the number of its apparatus entry, where the other reading is.
    expect(text).toContain('The first word chose Hugo, and one{1} reading; new text for the friends.');
    expect(text).not.toMatch(/second|two reading|old/);
    expect(text).toContain('\n{1} one] two\n');
    const reading = htmlReadingText(html).text.replace(/\s+/g, ' ');
    expect(reading).toContain('The first word chose Hugo, and one reading; new text for the friends.');
    // The diplomatic view (hidden by default) still has what was taken out.
    expect(html).toMatch(/<span class="del diplomatic">.*old.*<\/span>/);
  });

  test('white space between the parts of a subst is not a space of the text; another edition\'s page break between two letters is inside a word', () => {
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('The scribe wrote it kindly, one word, and the first edition\'s page ends in [first: p. 96] heavens: one word too.');
    const reading = htmlReadingText(html).text.replace(/\s+/g, ' ');
    expect(reading).toContain('The scribe wrote it kindly, one word');
    expect(reading).toMatch(/page ends in (\[first: p\. 96\] )?heavens: one word too\./);
    // Chinese and Japanese put no space between words: a line's end between two of their characters is none.
    expect(flat).toContain('一時，佛在舍衛國。是時，賢者舍利弗，東京 [T: p. 3] Tokyo.');
    expect(reading).toContain('一時，佛在舍衛國。是時，賢者舍利弗，東京');
    // Nor is a line's end in the source's own text, with no lb; Korean spaces its words, and keeps it.
    expect(flat).toContain('吾輩は猫である。名前はまだ無い。');
    expect(reading).toContain('吾輩は猫である。名前はまだ無い。');
    expect(flat).toContain('한국어는 띄어 쓴다.');
    expect(reading).toContain('한국어는 띄어 쓴다.');
    // A line of this text is a boundary without break="no", white space or not.
    expect(flat).toContain('She met her friend');
  });

  test('a cit in a sentence stays in it, its quote and its source two words apart', () => {
    expect(text).toContain('He wrote, omnes insulani mali Titus 1:12, and went on.');
    expect(htmlReadingText(html).text.replace(/\s+/g, ' ')).toContain('He wrote, omnes insulani mali Titus 1:12, and went on.');
    // Inline: no part of it is laid out as a block of its own.
    expect(html).toMatch(/<span class="cit"><span lang="la" class="quote">omnes insulani mali<\/span>\s*<span class="bibl">Titus 1:12<\/span><\/span>, and went on/);
  });

  test('index entries are not part of the reading text', () => {
    expect(text).toContain('Richard there at last.');
    expect(html).not.toMatch(/there\s*<[^>]*>\s*Richard/);
  });

  test("register pages show a mention's context as the editions read it", () => {
    const entry = (file: string): string => read(path.join(out, 'html', 'persons', file)).replace(/\s+/g, ' ');
    expect(entry('beer-hofmann.html')).toContain('<span class="context">She met her friend </span>');
    expect(entry('hugo.html')).toContain('<span class="context">The first word chose </span>');
    expect(entry('hugo.html')).toContain('<span class="context">, and one reading; new text for the …</span>');
  });

  test('a group of persons is a register entry with its own page, and its mentions link to it', () => {
    expect(read(path.join(out, 'html', 'persons', 'friends.html'))).toContain('<h1>The friends</h1>');
    expect(html).toContain('href="../persons/friends.html"');
  });

  test('a note where the numbering does not reach (the header) is shown where it stands, and the document is published', () => {
    expect(html).toContain('A note in the source description, which no numbering counts.');
  });
});

describe('the word alignment the fidelity tests rely on', () => {
  test('a glued word is a lost word; a word split by white space is a lost word', () => {
    expect(alignWords(['herzlich', 'hugo'], textEditionWords('HerzlichHugo.')).matched).toBe(0);
    expect(alignWords(['interests'], textEditionWords('in terests')).matched).toBe(0);
    expect(alignWords(['herzlich', 'hugo'], textEditionWords('Herzlich Hugo.')).matched).toBe(2);
  });

  test('marks, note and page markers and code tags inside a word do not split it', () => {
    expect(alignWords(['augustus'], textEditionWords('Aug[ustus]')).matched).toBe(1);
    expect(alignWords(['brezhnev', 'said'], textEditionWords('Brezh[12]nev said')).matched).toBe(2);
    expect(alignWords(['manifesto'], textEditionWords('mani[p. 2]festo')).matched).toBe(1);
    expect(alignWords(['transfers'], textEditionWords('<gi>transfer</gi>s')).matched).toBe(1);
  });

  test('the reference reading knows tokens, lines, breaks and the reading policy', () => {
    const tei = (body: string): string => `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body>${body}</body></text></TEI>`;
    expect(readingWords(tei('<p><w>and</w><w>ne</w><pc>,</pc><w>but</w></p>')).text).toEqual(['and', 'ne', 'but']);
    expect(readingWords(tei('<p>in<lb break="no"/>\n  terests met<lb/>her</p>')).text).toEqual(['interests', 'met', 'her']);
    expect(readingWords(tei('<p><choice><sic>Kosygyn</sic><corr>Kosygin</corr></choice><app><rdg>one</rdg><rdg>two</rdg></app></p>')).text)
      .toEqual(['kosyginone']);
    expect(readingWords(tei('<closer>Herzlich<signed>Hugo.</signed></closer><p>a<note>in the note</note>b</p>'))).toEqual({
      text: ['herzlich', 'hugo', 'ab'], notes: ['in', 'the', 'note'],
    });
    expect(words('Ἡ πᾶσι τέκνοισι')).toEqual(['ἡ', 'πᾶσι', 'τέκνοισι']);
  });
});
