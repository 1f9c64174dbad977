import * as fs from 'fs';
import * as path from 'path';
import { activeContent, parseDocument } from '../../src/publish/transform';
import { REPO_ROOT } from '../support/shared';

/*
 * activeContent (src/publish/transform.ts) decides whether a document's TEI copy is withheld. Given the
 * document's text, it skips the search when the text cannot spell any such markup: it must answer exactly
 * what the search answers, also when the markup is spelled with character references.
 */

const TEI = 'http://www.tei-c.org/ns/1.0';
const tei = (body: string, prolog = ''): string => `<?xml version="1.0" encoding="UTF-8"?>${prolog}<TEI xmlns="${TEI}"><text><body>${body}</body></text></TEI>`;

const cases: Array<[string, string]> = [
  ['plain TEI', tei('<p>Nothing to run here, not even &amp; or &lt;script&gt;.</p>')],
  ['an XHTML element', tei('<p><h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></p>')],
  ['an SVG element, its namespace spelled with character references', tei('<p><s:svg xmlns:s="http://www.w3.org/2000/&#x73;vg" onload="alert(1)"/></p>')],
  ['MathML as the default namespace of an element', tei('<p><math xmlns="http://www.w3.org/1998/Math/MathML"><mi>x</mi></math></p>')],
  ['an xml-stylesheet instruction', tei('<p>x</p>', '<?xml-stylesheet type="text/xsl" href="evil.xsl"?>')],
  ['a character reference that spells nothing active', tei('<p>&#x2014; a dash</p>')],
  ['another namespace', tei('<p><x:y xmlns:x="urn:x"/></p>')],
  ...['carter-brezhnev-1979.xml', 'politburo-directive-1980.xml', 'register.xml'].map((file): [string, string] => [file, fs.readFileSync(path.join(REPO_ROOT, 'tei', file), 'utf8')]),
  ...fs.readdirSync(path.join(REPO_ROOT, 'test', 'fixtures', 'hostile', 'injection', 'tei')).filter((file) => file.endsWith('.xml'))
    .map((file): [string, string] => [`hostile ${file}`, fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'hostile', 'injection', 'tei', file), 'utf8')]),
];

describe('activeContent: the TEI copy check', () => {
  test.each(cases)('%s: the same answer with and without the text', async (_name, text) => {
    let document;
    try {
      document = await parseDocument(text);
    } catch {
      return; // a file SaxonJS refuses is never published
    }
    expect(activeContent(document, text)).toEqual(activeContent(document));
  });

  test('finds the markup however its namespace is spelled', async () => {
    for (const index of [1, 2, 3, 4]) {
      const [, text] = cases[index];
      expect(activeContent(await parseDocument(text), text)).not.toBeNull();
    }
    expect(activeContent(await parseDocument(cases[0][1]), cases[0][1])).toBeNull();
  });
});
