import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { parseXmlTree } from '../../src/xml/tree';
import { checkWellFormed, checkWellFormedReference, WellFormedness, WellFormednessOptions } from '../../src/xml/wellformed';
import { describeWithShared, REPO_ROOT, sharedPath } from '../support/shared';

/**
 * checkWellFormed answers most documents with one strict scan instead of fast-xml-parser's validator
 * followed by the lenient scan (the reference, checkWellFormedReference). The fast path must never
 * change an answer: same verdict, rule, message and position for a malformed document, the same tree
 * (names, namespaces, attributes, text, positions) for a well-formed one. Without text (validate
 * --no-rules), the same answer and the same tree less its text.
 */

/** Everything a verdict says, as comparable data (the tree without its parent cycles). */
function answer(text: string, check: (text: string, options?: WellFormednessOptions) => WellFormedness, options: WellFormednessOptions = {}): unknown {
  const verdict = check(text, options);
  if (!verdict.ok) return { rule: verdict.rule, message: verdict.message, raw: verdict.raw, line: verdict.line, column: verdict.column };
  const { root, elements, processingInstructions } = verdict.tree;
  return {
    root: root.index,
    processingInstructions,
    elements: elements.map((element) => ({
      ...element,
      parent: element.parent?.index ?? null,
      children: element.children.map((child) => (typeof child === 'string' ? child : child.index)),
    })),
  };
}

/** The answer with the text left out of the tree. */
function withoutText(full: unknown): unknown {
  const tree = full as { elements?: Array<{ children: Array<string | number> }> };
  if (!tree.elements) return full;
  return { ...tree, elements: tree.elements.map((element) => ({ ...element, children: element.children.filter((child) => typeof child !== 'string') })) };
}

function expectSameAnswer(text: string): void {
  // As JSON: toEqual on the trees of the corpus's large documents takes half a minute.
  const expectEqual = (actual: unknown, expected: unknown): void => {
    const [a, b] = [JSON.stringify(actual), JSON.stringify(expected)];
    if (a !== b) expect(JSON.parse(a)).toEqual(JSON.parse(b));
  };
  const reference = answer(text, checkWellFormedReference);
  expectEqual(answer(text, checkWellFormed), reference);
  expectEqual(answer(text, checkWellFormed, { text: false }), withoutText(reference));
  expectEqual(answer(text, checkWellFormedReference, { text: false }), withoutText(reference));
}

const takesFastPath = (text: string): boolean => {
  try {
    parseXmlTree(text, undefined, { strict: true });
    return true;
  } catch {
    return false;
  }
};

function xmlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return xmlFiles(file);
    return /\.(xml|tei|odd)$/.test(entry.name) ? [file] : [];
  });
}

const readText = (file: string): string => fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');

describe('the well-formedness fast path', () => {
  const files = [...xmlFiles(path.join(REPO_ROOT, 'tei')), ...xmlFiles(path.join(REPO_ROOT, 'test', 'fixtures'))];

  test('gives the reference answer on every fixture and bundled document', () => {
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) expectSameAnswer(readText(file));
  });

  test('takes the bundled documents without fast-xml-parser', () => {
    for (const file of xmlFiles(path.join(REPO_ROOT, 'tei'))) expect(takesFastPath(readText(file))).toBe(true);
  });

  test.each([
    ['no white space between attributes (fast-xml-parser refuses, the lenient scan does not)', '<a b="1"c="2"/>'],
    ['a repeated attribute', '<a b="1" b="2"/>'],
    ['a bare ampersand in an attribute value (both accept)', '<a b="x & y"/>'],
    ['a bare ampersand in text', '<a>x & y</a>'],
    ['an undefined entity after other text and an "&" in an attribute', '<a b="&amp;">x<c/>y &nbsp; z</a>'],
    ['references in text, then an undefined entity', '<a>&lt;<c/>&#x41;<c/>&bad;</a>'],
    ['an attribute name after U+FEFF (the lenient scan skips it as white space)', '<a \uFEFFb="1"/>'],
    ['an ideographic space in a tag', '<a\u3000b="1"/>'],
    ['a no-break space before ">"', '<a b="1"\u00A0>x</a>'],
    ['a name fast-xml-parser refuses', '<a\u00D7b/>'],
    ['an end tag with a space after "</"', '<a></ a>'],
    ['"/" not followed by ">"', '<a/ >'],
    ['a DOCTYPE with ">" in a quoted default', '<!DOCTYPE a [<!ATTLIST a b CDATA "x>y">]><a/>'],
    ['a DOCTYPE fast-xml-parser reads alike', '<!DOCTYPE a [<!ELEMENT a ANY>]><a/>'],
    ['text after a self-closing root', '<a/>junk'],
    ['a character reference with uppercase X', '<a>&#X41;</a>'],
    ['an empty character reference', '<a>&#;</a>'],
    ['a character reference beyond U+10FFFF', '<a>&#1114112;</a>'],
    ['a character reference to U+0000 (both accept it; the RelaxNG layer does not)', '<a>&#x0;</a>'],
    ['a CDATA section', '<a><![CDATA[<b>&]]></a>'],
    ['comments and processing instructions around the root', '<?xml version="1.0"?>\n<!-- c --><?pi x?>\n<a><?pi y?><!--d--></a>\n<!-- e -->\n'],
    ['a prefix bound on the element itself', '<x:a xmlns:x="urn:x" x:b="1"><x:c/></x:a>'],
    ['an undeclared prefix', '<a><x:b/></a>'],
    ['a name starting with a colon', '<:a/>'],
    ['a byte order mark before the XML declaration', '\uFEFF<?xml version="1.0"?><a/>'],
    ['a byte order mark before the root', '\uFEFF <a/>'],
  ])('%s', (_name, text) => {
    expectSameAnswer(text);
  });

  test('a character reference beyond U+10FFFF is a well-formedness error, not a crash', () => {
    const verdict = checkWellFormed('<a>\n&#1114112;</a>');
    expect(verdict).toMatchObject({ ok: false, rule: 'xml-malformed', message: 'the character reference &#1114112; is not a character allowed in XML', line: 2, column: 1 });
  });

  test('an element left open at the end of the file is named at its start tag, not as a list at 1:1', () => {
    // fast-xml-parser says "Invalid '[    "TEI",    "teiHeader",    "broken"]' found." at line 1, column 1.
    const verdict = checkWellFormed('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader>\n  <broken>\n<p>x</p>\n');
    expect(verdict).toMatchObject({ ok: false, rule: 'xml-malformed', message: 'the element <broken> is never closed: the file ends before its end tag', line: 2, column: 3 });
  });

  test('gives the reference answer on mutated documents', () => {
    const seeds = [...xmlFiles(path.join(REPO_ROOT, 'tei')), path.join(REPO_ROOT, 'test', 'fixtures', 'hostile', 'malformed', 'valid.xml')].map(readText);
    // Markup, and the characters where the two scans could part: white space JavaScript knows and XML
    // does not, names fast-xml-parser refuses, references, quotes.
    const pieces = ['<', '>', '&', ';', '"', "'", '/', '=', '!', '?', '[', ']', '-', '#', ':', ' ', '\n', '\r', '\t', '\uFEFF', '\u00A0', '\u3000', '\u1680', '\u00D7', 'é', '😀', '\uD800', '\u0000',
      '<p>', '</p>', '</ p>', '<p/>', '<p/ >', '<hi rend="x">', "<hi rend='x'>", '<hi rend=x>', '<hi rend>', '<hi a="1"b="2">', '<hi a="1" a="2">', '<hi a = "1">', '</hi>',
      '<!--', '-->', '<![CDATA[', ']]>', '<?pi data?>', '<?xml version="1.0"?>', '&amp;', '&#x41;', '&#X41;', '&#;', '&#1114112;', '&nbsp;', '& ',
      '<!DOCTYPE TEI>', 'xmlns:x="urn:x"', '<x:y>', '<:a>', '<é>'];
    fc.assert(
      fc.property(
        fc.nat({ max: seeds.length - 1 }),
        fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), piece: fc.constantFrom(...pieces), remove: fc.nat({ max: 3 }) }), { minLength: 1, maxLength: 3 }),
        (seed, edits) => {
          let text = seeds[seed];
          for (const { at, piece, remove } of edits) {
            const i = Math.floor(at * text.length);
            text = text.slice(0, i) + piece + text.slice(i + remove);
          }
          expectSameAnswer(text);
        },
      ),
      { numRuns: 400, seed: 20261129 },
    );
  });
});

describeWithShared('the well-formedness fast path on the real TEI corpus (../shared/corpus)', () => {
  const files = xmlFiles(sharedPath('corpus'));

  test('gives the reference answer, and takes every well-formed document without fast-xml-parser', () => {
    expect(files.length).toBeGreaterThan(70);
    for (const file of files) {
      const text = readText(file);
      expectSameAnswer(text);
      if (checkWellFormedReference(text).ok) expect({ file, fast: takesFastPath(text) }).toEqual({ file, fast: true });
    }
  });
});
