import { alignWords, EditionWords, htmlEditionWords, htmlReadingText, readingWords, textEditionWords } from './tei-words';

/**
 * Word fidelity of one published document: both editions (the text edition and the HTML page's reading
 * view) compared with the reference reading of its TEI (test/support/tei-words.ts): the running text
 * with the running text, the notes with the Notes section.
 */

export interface Measure {
  /** Reference words (text and notes). */
  words: number;
  /** Of those, found in order in the edition. */
  matched: number;
  /** The first words not found, with a few reference words around them. */
  missing: { index: number; word: string; context: string }[];
  /** Edition words matched by no reference word (markers, link addresses...). */
  unmatched: string[];
}

export interface DocumentFidelity {
  text: Measure;
  html: Measure;
}

const NOTES_HEADING = '\n\nNotes\n-----\n';
/** The text edition's title block ends with its fields (Date:, From:... Edition:, always there), then a blank line. */
const TITLE_BLOCK_END = /^Edition: .*\n(?: {12}.*\n)*\n/m;

/** A text edition without its title block: the fields repeat what the header says (the date may be the one a dateline gives), not the text. */
function textEditionBody(textEdition: string): string {
  const end = TITLE_BLOCK_END.exec(textEdition);
  return end ? textEdition.slice(end.index + end[0].length) : textEdition;
}

function measure(reference: { text: string[]; notes: string[] }, edition: { text: EditionWords; notes: EditionWords }): Measure {
  const text = alignWords(reference.text, edition.text);
  const notes = alignWords(reference.notes, edition.notes);
  return {
    words: text.total + notes.total,
    matched: text.matched + notes.matched,
    missing: [...text.missing, ...notes.missing].slice(0, 10),
    unmatched: [...text.unmatched, ...notes.unmatched],
  };
}

/** The reference reading of a TEI document: no words when it has no text (a register, or not TEI). */
export function reference(tei: string): { text: string[]; notes: string[] } {
  return readingWords(tei);
}

const APPARATUS_SECTION = /\n\nApparatus\n-{9}\n[\s\S]*?(?=\n\nNotes\n-----\n|\n\nRegister\n-{8}\n|$)/;

/** The text edition without its Apparatus section (after the text, before the Notes): it repeats the lemmas and gives the variant readings. */
function withoutApparatus(body: string): string {
  return body.replace(APPARATUS_SECTION, '');
}

export function documentFidelity(tei: string | { text: string[]; notes: string[] }, textEdition: string, htmlPage: string): DocumentFidelity {
  const expected = typeof tei === 'string' ? readingWords(tei) : tei;
  const body = withoutApparatus(textEditionBody(textEdition));
  const at = expected.notes.length > 0 ? body.lastIndexOf(NOTES_HEADING) : -1;
  const textParts = at < 0 ? { text: body, notes: '' } : { text: body.slice(0, at), notes: body.slice(at) };
  const htmlParts = htmlReadingText(htmlPage);
  return {
    text: measure(expected, { text: textEditionWords(textParts.text), notes: textEditionWords(textParts.notes) }),
    html: measure(expected, { text: htmlEditionWords(htmlParts.text), notes: htmlEditionWords(htmlParts.notes) }),
  };
}

export function percent(m: { words: number; matched: number }): number {
  return m.words === 0 ? 100 : (100 * m.matched) / m.words;
}
