import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { editSource, EDITED_VERSION, loadSaxonJS, saxonSourceEdits, SOURCE_EDITS } from '../../src/saxon';

/*
 * src/saxon edits SaxonJS's source for speed (SOURCE_EDITS). Each edit must apply to the installed
 * SaxonJS (else it silently stops helping) and must change no result: the edited SaxonJS, as the
 * validator and the build load it, is compared with SaxonJS as published, on what the edits touch.
 */

type XPath = { evaluate(expression: string, context: unknown, options: Record<string, unknown>): unknown };
const edited = loadSaxonJS<{ XPath: XPath }>();
// eslint-disable-next-line @typescript-eslint/no-var-requires
const published = require('saxon-js') as { XPath: XPath };

const outcome = (saxon: { XPath: XPath }, expression: string): unknown => {
  try {
    return saxon.XPath.evaluate(`serialize((${expression}), map { 'method': 'adaptive' })`, null, {});
  } catch (error) {
    return { error: (error as { code?: string }).code ?? String(error) };
  }
};

describe('SaxonJS source edits', () => {
  test('every edit applies to the installed SaxonJS, once', () => {
    expect(saxonSourceEdits()).toEqual(SOURCE_EDITS.map((edit) => edit.name));
    expect(edited).not.toBe(published);
  });

  test('an edit whose anchor is missing or ambiguous is left out', () => {
    const [edit] = SOURCE_EDITS;
    expect(editSource('var x = 1;', EDITED_VERSION)).toEqual({ source: 'var x = 1;', applied: [] });
    expect(editSource(`${edit.anchor}${edit.anchor}`, EDITED_VERSION).applied).toEqual([]);
    expect(editSource(`a${edit.anchor}z`, EDITED_VERSION)).toEqual({ source: `a${edit.replacement}z`, applied: [edit.name] });
  });

  test('another version of SaxonJS loads unedited, even where an anchor occurs in it once', () => {
    // SaxonJS 3.0.0-beta2's source has the regular-expression memo's anchor once.
    const [edit] = SOURCE_EDITS;
    expect(editSource(`a${edit.anchor}z`, '3.0.0-beta2')).toEqual({ source: `a${edit.anchor}z`, applied: [] });
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    expect((require('saxon-js/package.json') as { version: string }).version).toBe(EDITED_VERSION);
  });

  test('the edits made in one pass give the text that making them one after the other gives', () => {
    const installed = fs.readFileSync(require.resolve('saxon-js'), 'utf8');
    let oneByOne = installed;
    for (const edit of SOURCE_EDITS) {
      const at = oneByOne.indexOf(edit.anchor);
      if (at >= 0 && oneByOne.indexOf(edit.anchor, at + 1) < 0) oneByOne = oneByOne.slice(0, at) + edit.replacement + oneByOne.slice(at + edit.anchor.length);
    }
    expect(editSource(installed, EDITED_VERSION).source === oneByOne).toBe(true);
    const [first, second] = SOURCE_EDITS;
    expect(editSource(`${second.anchor}-${first.anchor}`, EDITED_VERSION)).toEqual({ source: `${second.replacement}-${first.replacement}`, applied: [first.name, second.name] });
  });

  // Each regular expression twice and with other flags, so that remembered translations are used.
  test.each([
    `(1 to 2) ! matches('Année 1979-12-29', '^\\p{Lu}\\p{Ll}+ \\d{4}-\\d{2}')`,
    `(matches('ABC', 'b', 'i'), matches('ABC', 'b'), matches('ABC', 'b', 'i'), matches('a.c', '.', 'q'), matches('abc', 'a b c', 'x'))`,
    `(matches('a&#10;b', '^b$', 'm'), matches('a&#10;b', '^b$'), matches('a&#10;b', 'a.b', 's'), matches('a&#10;b', 'a.b'))`,
    `(1 to 3) ! replace('2026-01-31', '(\\d+)-(\\d+)-(\\d+)', '$3.$2.$1')`,
    `(tokenize('a1b22c', '\\d+'), tokenize('a1b22c', '\\d+'), tokenize(' x  y ', '\\s+'))`,
    `(1 to 2) ! serialize(analyze-string('tei:persName tei:placeName', '(\\w+):(\\w+)'))`,
    `(format-number(1234.5, '#,##0.00'), format-number(1234.5, '#,##0.00'), format-date(xs:date('1979-06-18'), '[D] [MNn] [Y]'), format-date(xs:date('1979-06-18'), '[D01]/[M01]/[Y0001]'))`,
    `matches('x', '(')`,
    `(matches('x', '['), matches('x', '['))`,
    `replace('abc', 'b', '$2')`,
    `matches('a', '\\p{IsNoSuchBlock}')`,
    // Maps: look-ups and insertions walk a trie keyed on hash strings (edited to loop instead of recursing).
    `let $m := map:merge((1 to 300) ! map { 'k' || . || '-a-long-key-name': . }) return (count(map:keys($m)), $m('k7-a-long-key-name'), $m('nope'), sum(map:keys($m) ! $m(.)), string-join(map:keys($m), ','))`,
    `let $m := map:merge(((1 to 50) ! map { .: 'n' || . }, (1 to 50) ! map { string(.): 's' || . }, map { 1.5: 'd', xs:date('1979-06-18'): 'date', 'x': 1 }), map { 'duplicates': 'combine' }) return (map:keys($m) ! string(.), $m(7), $m('7'), $m(1.5), $m(xs:date('1979-06-18')), map:contains($m, 51))`,
    `let $m := map:put(map:put(map { 'a': 1, 'bb': 2 }, 'a', 3), 'ccc-dddd-eeee', 4) return (map:remove($m, 'bb') ! map:keys(.), $m?a, $m('ccc-dddd-eeee'), map:size($m))`,
    // Characters: strings without surrogates are counted and cut natively, others as before.
    `for $s in ('', 'abcdef', codepoints-to-string((97, 128512, 98, 128513, 99)), codepoints-to-string((233, 116, 233))) return (string-length($s), substring($s, 2), substring($s, 0), substring($s, 2, 3), substring($s, 0, 3),
       substring($s, -2, 4), substring($s, 1.5, 2.6), substring($s, 3, -1), substring($s, 10), substring($s, 3, 100), substring($s, 0 div 0e0, 3), substring($s, 2, 0 div 0e0),
       substring($s, -1 div 0e0, 1 div 0e0), substring($s, -1 div 0e0, 3), substring($s, 1 div 0e0), substring($s, 2, 1 div 0e0), substring($s, -0.5, 2), substring($s, 2.5, 1))`,
    `(string-length(()), substring((), 1, 2))`,
    // Strings with characters beyond the BMP compare by code point (a surrogate pair is not below U+FFFF).
    `let $x := codepoints-to-string((97, 128512)), $y := codepoints-to-string((97, 65535)), $z := codepoints-to-string((97, 55357)) return ($x lt $y, $x eq $y, compare($x, $y),
       $z lt $x, sort(($y, $x, $z, 'a')) ! string-to-codepoints(.), distinct-values(($x, $y, $x)) ! string-length(.))`,
  ])('%s: as published', (expression) => {
    expect(outcome(edited, expression)).toEqual(outcome(published, expression));
  });

  // On a parsed document: element names, remembered on the element once made (name tests, node-name); generated
  // ids, remembered within a transformation; the HTML serializer's URI attributes. A document parsed by one of two
  // SaxonJS instances in a process is no node to the other, so each runs in a process of its own here.
  test.each([
    `(1 to 2) ! (count($d//Q{urn:p}b), count($d//Q{}c), $d//* ! string(node-name(.)), $d//* ! namespace-uri-from-QName(node-name(.)),
      $d//* ! local-name(.), count($d//*[self::Q{urn:p}b]), count($d//@x/..[self::Q{urn:p}b]))`,
    `(1 to 2) ! ($d/descendant-or-self::node() ! generate-id(.), $d//@x ! generate-id(.), count(distinct-values(($d/descendant-or-self::node() | $d//@*) ! generate-id(.))),
      generate-id($d//c) eq generate-id($d/*/*[2]), generate-id(()))`,
    // Ids made from the parent's and the position before: asked last node first, then in document order, of
    // text, comment and processing-instruction siblings, of 40 siblings of one parent, and of a fragment's nodes.
    `(reverse($d/descendant-or-self::node()) ! generate-id(.), $d//node() ! generate-id(.), $d//c/node()[last()] ! generate-id(.),
      let $many := parse-xml('<r>' || string-join((1 to 40) ! ('<s n="' || . || '">t<!--c--><?p q?><u/></s>')) || '</r>')
      return (reverse($many//node()) ! generate-id(.), $many//s[@n = 37]/u ! generate-id(.), $many//s/@n ! generate-id(.)),
      let $fragment := parse-xml-fragment('t<x><y/>text<y/></x><x/>') return (reverse($fragment//node()) ! generate-id(.), generate-id($fragment)))`,
    `(1 to 2) ! serialize($d, map { 'method': 'html' })`,
  ])('on a document: %s: as published', (expression) => {
    const script = (load: string): string => `
      const saxon = ${load};
      saxon.getResource({ text: '<a xmlns:p="urn:p"><p:b/><c><p:b x="1"/>t<!--c--><?pi d?><img src="a b" alt="x y"/>u<a href="é f" name="n m"/></c></a>', type: 'xml' })
        .then((d) => process.stdout.write(saxon.XPath.evaluate(process.argv[1], null, { params: { d } })));`;
    const run = (load: string): string => execFileSync(process.execPath, ['-e', script(load), `serialize((${expression}), map { 'method': 'adaptive' })`],
      { cwd: path.resolve(__dirname, '../..'), encoding: 'utf8' });
    const asPublished = run("require('saxon-js')");
    expect(asPublished).not.toEqual('');
    expect(run("require('./lib/saxon').loadSaxonJS()")).toEqual(asPublished);
  });
});
