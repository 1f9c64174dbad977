import * as fs from 'fs';
import * as path from 'path';
import { alignWords, readingWords, textEditionWords } from '../support/tei-words';
import { publish, PUBLISH_FIXTURES, read, TEI_DIR } from '../support/publish';
import { REPO_ROOT } from '../support/shared';

const DOCUMENTS = ['carter-brezhnev-1979', 'politburo-directive-1980'];
const GOLDEN = path.join(REPO_ROOT, 'test', 'golden');

/** The text edition split into running text and the Notes section. */
function parts(text: string): { body: string; notes: string } {
  const at = text.lastIndexOf('\n\nNotes\n-----\n');
  return at < 0 ? { body: text, notes: '' } : { body: text.slice(0, at), notes: text.slice(at) };
}

describe('the plain-text edition of the bundled collection', () => {
  let out: string;
  beforeAll(async () => {
    const built = await publish(TEI_DIR);
    expect(built.result.diagnostics).toEqual([]);
    out = built.out;
  });

  for (const name of DOCUMENTS) {
    test(`${name}.txt matches its golden file byte for byte (regenerate deliberately: npm run golden)`, () => {
      const actual = fs.readFileSync(path.join(out, 'text', `${name}.txt`));
      const expected = fs.readFileSync(path.join(GOLDEN, `${name}.txt`));
      if (!actual.equals(expected)) {
        // Show the first differing line rather than two whole files.
        const a = actual.toString('utf8').split('\n');
        const e = expected.toString('utf8').split('\n');
        const line = a.findIndex((l, i) => l !== e[i]);
        throw new Error(`${name}.txt differs from test/golden at line ${line + 1}:\n  golden: ${e[line]}\n  actual: ${a[line]}`);
      }
    });

    test(`${name}.txt: UTF-8, LF, 78 columns, blank-line paragraphs, no doubled spaces, one final newline`, () => {
      const bytes = fs.readFileSync(path.join(out, 'text', `${name}.txt`));
      const text = bytes.toString('utf8');
      expect(Buffer.from(text, 'utf8').equals(bytes)).toBe(true);
      expect(text).not.toMatch(/\r/);
      expect(text.endsWith('\n') && !text.endsWith('\n\n')).toBe(true);
      expect(text).not.toMatch(/\n\n\n/);
      for (const line of text.split('\n')) {
        expect({ line, long: [...line].length > 78 && / /.test(line.trim()) }).toEqual({ line, long: false });
        expect({ line, trailing: /\s$/.test(line) }).toEqual({ line, trailing: false });
        // Indentation and the aligned labels of the title block are layout; inside the text, one space.
        const content = line.replace(/^ +/, '').replace(/^[A-Z][a-z]+: +/, '');
        expect({ line, doubled: /  /.test(content) }).toEqual({ line, doubled: false });
      }
      expect(text).not.toMatch(/<\/?[a-zA-Z][\w:-]*(\s[^>]*)?\/?>/); // no markup remnants (URLs in <…> are fine)
    });

    test(`${name}.txt has every word of the TEI text, in order, and the notes in their own section`, () => {
      const expected = readingWords(read(path.join(TEI_DIR, `${name}.xml`)));
      const { body, notes } = parts(read(path.join(out, 'text', `${name}.txt`)));
      const text = alignWords(expected.text, textEditionWords(body));
      const noteWords = alignWords(expected.notes, textEditionWords(notes));
      expect(text.missing).toEqual([]);
      expect(noteWords.missing).toEqual([]);
      expect(text.total).toBeGreaterThan(300);
    });
  }

  test('the letter: title block, source note as note 1 not inline, page break inside a word, closer on its own lines', () => {
    const text = read(path.join(out, 'text', 'carter-brezhnev-1979.txt'));
    expect(text.startsWith('Letter From President Carter to Soviet General Secretary Brezhnev\n=====')).toBe(true);
    expect(text).toMatch(/\nDate: +January 1979, by 17 January\n/);
    expect(text).toMatch(/\nSource: +Letter From President Carter/);
    expect(text).toMatch(/\nEdition: +Cold War Diplomatic Sources: a TEI edition, version \d+\.\d+\.\d+\n/);
    expect(text).toContain('169. Letter From President Carter to Soviet General Secretary Brezhnev[1]\n');
    expect(parts(text).body).not.toContain('No classification marking');
    expect(parts(text).notes).toMatch(/\n\[1\] Source: Carter Library/);
    expect(text).toContain('long-term [p. 509] interests');
    expect(text).not.toMatch(/in ?\[p\. 509\] ?terests|in terests/);
    expect(text).toContain('\n\nSincerely,\nJimmy Carter\n');
  });

  test('the directive: the reading view of the editorial policy, restricted passages set apart', () => {
    const text = read(path.join(out, 'text', 'politburo-directive-1980.txt'));
    for (const reading of ['Kosygin', 'averse', 'such a way', 'would choose', 'consequences', 'protocol No. 217', '[aid]', 'MID [Ministry of Foreign Affairs]']) {
      expect(text).toContain(reading);
    }
    for (const source of ['Kosygyn', 'adverse', 'such as way', 'would chose', 'counsequences', 'prot.']) expect(text).not.toContain(source);
    expect(text).toMatch(/\n {4}\[Restricted distribution\]\n\n {4}\(For New Delhi only\./);
    expect(text).toMatch(/\n {36}\* \* \*\n/);
    expect(text).toMatch(/\nTranslator: +Elizabeth Wishnick\n/);
  });

  test('edition.txt holds the whole collection in chronological order, with version and build date', () => {
    const edition = read(path.join(out, 'text', 'edition.txt'));
    expect(edition).toMatch(/Built: +2026-01-01/);
    const letter = edition.indexOf('Letter From President Carter');
    const directive = edition.indexOf('CPSU CC Politburo Directive');
    expect(letter).toBeGreaterThan(0);
    expect(directive).toBeGreaterThan(letter);
    expect(edition).toContain(read(path.join(out, 'text', 'carter-brezhnev-1979.txt')));
  });
});

describe('the text edition of TEI our documents do not use', () => {
  let text: string;
  beforeAll(async () => {
    const { out, result } = await publish(path.join(PUBLISH_FIXTURES, 'rich'));
    expect(result.diagnostics).toEqual([]);
    text = read(path.join(out, 'text', 'rich.txt'));
  });

  test('keeps every word, in order, notes (nested too) in their own sequence', () => {
    const expected = readingWords(read(path.join(PUBLISH_FIXTURES, 'rich', 'rich.xml')));
    const { body, notes } = parts(text);
    expect(alignWords(expected.text, textEditionWords(body)).missing).toEqual([]);
    expect(alignWords(expected.notes, textEditionWords(notes)).missing).toEqual([]);
  });

  test('verse lines and list items stay on their lines; breaks inside words join the word', () => {
    expect(text).toContain('\nFirst line of verse\nSecond line of verse\n');
    expect(text).toContain('\n- alpha item\n- beta item\n');
    expect(text).toContain('\n1. gamma\n2. delta\n');
    expect(text).toContain('document and');
    expect(text.replace(/\s+/g, ' ')).toContain('[p. 2] manifesto');
    expect(text).toContain('a normal break');
    // The lemma is the reading text, with the number of its apparatus entry; the variant is in the Apparatus only.
    expect(text).toContain('The lemma reading{1} wins');
    expect(text.slice(0, text.indexOf('\nApparatus\n'))).not.toContain('variant reading');
    expect(text).toContain('\nApparatus\n---------\n\n{1} lemma reading] variant reading\n');
  });
});
