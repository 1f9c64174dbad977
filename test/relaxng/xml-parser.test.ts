import * as fc from 'fast-check';
import { parseXml, XmlSyntaxError } from '../../src/relaxng/xml-parser';

/** XML 1.0's Char production, as a Unicode regex: the oracle for the parser's faster search. */
const NOT_A_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function firstError(xml: string): { offset: number; message: string } | null {
  try {
    parseXml(xml, { startTag: () => undefined, endTag: () => undefined, text: () => undefined });
    return null;
  } catch (error) {
    if (!(error instanceof XmlSyntaxError)) throw error;
    return { offset: error.offset, message: error.message };
  }
}

describe('characters XML does not allow', () => {
  test.each([
    ['a lone high surrogate', '\uD800x', 3],
    ['a lone high surrogate at the end of the text', 'x\uDBFF', 4],
    ['a lone low surrogate', 'x\uDC00', 4],
    ['two high surrogates before a low one', '\uD800\uD800\uDC00', 3],
    ['a control character after a pair', '😀\u0001', 5],
    ['U+FFFE', '\uFFFE', 3],
  ])('%s', (_name, text, offset) => {
    const code = NOT_A_CHAR.exec(text)![0].codePointAt(0)!;
    expect(firstError(`<a>${text}</a>`)).toEqual({ offset, message: `character U+${code.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML` });
  });

  test('pairs, astral characters and allowed controls pass', () => {
    expect(firstError('<a>😀 \uD83D\uDE00\t\n\r\uFFFD\uE000</a>')).toBeNull();
  });

  test('the first one is found where the Char production says', () => {
    const units = ['a', ' ', '\t', '\u0000', '\u0008', '\u001F', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uFFFE', '\uFFFF', '\uFFFD', '😀', 'é'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...units), { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        const bad = NOT_A_CHAR.exec(text);
        const error = firstError(`<a>${text}</a>`);
        if (!bad) expect(error).toBeNull();
        else expect(error).toEqual({ offset: 3 + bad.index, message: `character U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML` });
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});
