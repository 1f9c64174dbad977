import { loadSaxonJS } from '../../src/saxon';
import { compile, Ctx, Scope } from '../../src/validation/rules/fast/evaluate';
import { Unsupported, XDocument } from '../../src/validation/rules/fast/xdm';
import { FN, parseXPath } from '../../src/validation/rules/fast/xpath-parser';
import { parseXmlTree } from '../../src/xml/tree';

/**
 * The fast evaluator's XPath against SaxonJS's own XPath, expression by expression, on one document:
 * each answer must be SaxonJS's, or Unsupported (the document would then go to SaxonJS). Rules files
 * other than ours use more of XPath than edition.sch: this is where that is checked.
 */
const DOCUMENT = `<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="doc-1" xml:lang="en"><text xml:base="sub/dir/page.xml">
<body><p n="1" xml:id="doc-1-p1">Alpha <persName ref="#pers1 reg.xml#x">Leonid Brezhnev</persName> beta.</p>
<p n="2" when="1979-06-18" notBefore="1979-02" notAfter="1979-01-17"><note n="1" xml:id="doc-1-n1">first</note> and <note n="3">third</note></p>
<p n=" 7 " rend="a  b&#9;c">Zwölf Boxkämpfer jagen Viktor 12 ١٢</p><list><item>a</item><item>b</item><item>c</item></list></body></text></TEI>`;
const URI = 'file:///project/tei/doc-1.xml';
const NS = { xml: 'http://www.w3.org/XML/1998/namespace', tei: 'http://www.tei-c.org/ns/1.0', xs: 'http://www.w3.org/2001/XMLSchema', map: 'http://www.w3.org/2005/xpath-functions/map' };

const EXPRESSIONS = [
  // Paths, axes, predicates, positions.
  'count(//tei:p)', '//tei:p[2]/@n', '(//tei:item)[last()]', '//tei:item[position() > 1]', '//tei:note/preceding-sibling::*', '//tei:note[1]/following-sibling::tei:note/@n',
  '//tei:item[2]/preceding-sibling::tei:item[1]', '//tei:note/ancestor::*/local-name()', '//tei:persName/../@n', 'name(//*[@xml:id][2])', '//tei:p[tei:note]/@n',
  'count(//@*)', 'count(//tei:text//tei:note)', '//tei:list/tei:item[. = "b"]/following::tei:item', '//tei:item[2]/preceding::tei:note/@n', '/tei:TEI/@xml:id',
  '(//tei:p)[2]//tei:note[@n = 3]', '//tei:item[last() - 1]', 'count(//node())', '//text()[normalize-space()][1]', 'count(//tei:p/node())',
  // Comparisons and arithmetic.
  '//tei:p/@n = 2', '//tei:p/@n = "2"', '//tei:p[3]/@n = 7', '//tei:p/@n != 1', '1 + 2 * 3 - 4 idiv 3', '7 mod -3', '-7 mod 3', '10 div 4', '2 div 0e0', '1e0 div 3',
  'string(0.1 + 0.2)', '3 = (1, 2, 3)', '"a" lt "b"', '"Z" < "a"', 'xs:integer("  42 ") + 1', '//tei:p[1]/@n + 1', 'sum(//tei:p/@n[. castable as xs:integer])',
  // Strings.
  'normalize-space(//tei:p[3]/@rend)', 'string-length(//tei:p[3])', 'substring("12345", 1.5, 2.6)', 'substring("12345", 0)', 'substring("12345", -42, 1 div 0e0)',
  'substring-before("a#b#c", "#")', 'substring-after("a#b#c", "#")', 'upper-case("straße")', 'translate("bar", "abc", "ABC")', 'concat("a", 1, true())',
  'string-join(("a", "b"), ", ")', 'string-join(1 to 5)', 'tokenize("a b  c")', 'tokenize(" a,b ", ",")', 'tokenize("a1b22c", "[0-9]+")', 'contains("abc", "")',
  'starts-with(//tei:persName/@ref, "#")', 'encode-for-uri("lettre été (1)!")', 'codepoints-to-string(string-to-codepoints("aé"))', 'compare("a", "b")',
  // Regular expressions.
  'matches("1980-02-30", "^\\d{4}-\\d{2}-\\d{2}$")', 'matches("١٢", "^\\d+$")', 'replace("a.b.c", "\\.", "-")', 'replace("abc", "(b)", "[$1]")', 'replace("2024-01", "(\\d+)-(\\d+)", "$2/$1")',
  'matches("a\nb", "a.b")', 'replace("aaa", "a*?", "x")', 'matches("x", "[a-z-[x]]")', 'matches("ABC", "abc", "i")', 'replace("a b", "\\s", "_")', 'matches("é", "\\w")',
  // Dates.
  '"1980-02-29" castable as xs:date', '"1981-02-29" castable as xs:date', '"1979-13" castable as xs:gYearMonth', '"2000" castable as xs:gYear', '"--12-25" castable as xs:gMonthDay',
  '"1979-06-18T12:00:00Z" castable as xs:dateTime', '"12:61:00" castable as xs:time', 'xs:date("1979-01-31") + xs:yearMonthDuration("P1M")', 'xs:date("1980-03-01") - xs:dayTimeDuration("P1D")',
  'xs:date("1979-02-01") le xs:date("1979-01-17")', 'string(xs:date("0001-01-01"))', 'xs:date("2000-01-01") - xs:date("1999-12-31")', 'xs:date("2000-01-01Z") = xs:date("2000-01-01")',
  // Sequences, maps, control.
  'for $i in 1 to 3 return $i * 2', 'let $x := 5 return $x + 1', 'some $n in //tei:note/@n satisfies $n = 3', 'every $n in //tei:note/@n satisfies $n castable as xs:integer',
  'if (//tei:note) then "yes" else "no"', 'distinct-values((1, 2, 1, "a", "a"))', 'reverse(1 to 3)', 'subsequence(1 to 10, 3, 2)', 'index-of((1, 2, 1), 1)', 'insert-before((1, 2), 2, 9)',
  'remove((1, 2, 3), 2)', 'head(//tei:item) ! string()', 'tail(1 to 3)', 'map:merge((map { "a": 1 }, map { "a": 2 }))("a")', 'map { "k": (1, 2) }?k', 'map:contains(map { 1: 2 }, 1.0)',
  '[1, (2, 3)](2)', 'array { 1, 2 }?*', '(1, 2) ! (. * 10)', '//tei:note ! @n', 'exists(()) or empty(())', 'boolean("0")', 'not(0)', 'number("x")', 'number(" 12 ")', 'round(2.5)', 'round(-2.5)',
  'floor(-1.5)', 'abs(-3)', 'min((3, 1, 2))', 'max(("b", "a"))', 'string(1e6)', 'string(123456.5e0)', 'string(-0e0)', 'string(1 div 3)', 'string(xs:double("1e-7"))', 'zero-or-one(())',
  // Names, nodes, URIs, documents.
  'local-name(//tei:p[1])', 'namespace-uri(//tei:p[1])', 'name(//tei:p[1]/@xml:id)', 'root(//tei:p[1]) is /', '//tei:note[1] << //tei:note[2]', 'base-uri(//tei:p[1])', 'base-uri(/)',
  'resolve-uri("reg.xml", base-uri(//tei:p[1]))', 'resolve-uri("../x y.xml#a", "file:///a/b/c.xml")', 'resolve-uri("http://e.org/x")', 'doc-available("nothing.xml")',
  'generate-id(//tei:note[1]) = generate-id(//tei:note[1])', 'generate-id(//tei:note[1]) = generate-id(//tei:note[2])', 'has-children(//tei:list)', 'data(//tei:p[1]/@n)', 'string(/)',
];

describe('the fast evaluator\'s XPath gives what SaxonJS gives, or hands the expression back', () => {
  const SaxonJS = loadSaxonJS<{ XPath: { evaluate(expr: string, context: unknown, options: Record<string, unknown>): unknown } }>();
  const ours = new XDocument(parseXmlTree(DOCUMENT), URI, 0, false);
  const wrap = (expr: string): string => `string-join((${expr}) ! string(.), '|')`;
  const evaluateOurs = (expr: string): string => {
    const scope = Scope.root(new Map(), new Set());
    const evaluator = compile(parseXPath(wrap(expr), { namespaces: (prefix) => NS[prefix as keyof typeof NS] }), scope);
    const run = { document: () => undefined, textAvailable: () => false, staticBaseUri: URI, key: () => [] };
    const result = evaluator(new Ctx(ours, 1, 1, new Array(scope.frameSize.n), run, ours));
    return String(result[0]);
  };
  // parse-xml() gives the document the static base URI: the document's URI, as the rules layer gives it.
  const saxonDocument = SaxonJS.XPath.evaluate('parse-xml($text)', null, { params: { text: DOCUMENT }, staticBaseURI: URI });
  const evaluateSaxon = (expr: string): string => String(SaxonJS.XPath.evaluate(wrap(expr), saxonDocument, { namespaceContext: NS, staticBaseURI: URI }));

  const outcomes: Array<{ expr: string; ours: string; saxon: string }> = [];
  test.each(EXPRESSIONS)('%s', (expr) => {
    let saxon: string;
    try {
      saxon = evaluateSaxon(expr);
    } catch {
      saxon = '<error>';
    }
    let mine: string;
    try {
      mine = evaluateOurs(expr);
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      mine = '<unsupported>';
    }
    outcomes.push({ expr, ours: mine, saxon });
    if (mine !== '<unsupported>') expect(mine).toBe(saxon);
  });

  afterAll(() => {
    const handed = outcomes.filter((o) => o.ours === '<unsupported>');
    // eslint-disable-next-line no-console
    console.log(`XPath battery: ${outcomes.length} expressions, ${outcomes.length - handed.length} evaluated like SaxonJS, ${handed.length} handed to SaxonJS: ${handed.map((o) => o.expr).join('  ;  ')}`);
  });

  test('most of the battery is evaluated by the fast evaluator itself', () => {
    const handed = outcomes.filter((o) => o.ours === '<unsupported>');
    expect(handed.length).toBeLessThan(outcomes.length / 5);
  });

  test('the function namespace is the standard one', () => {
    expect(FN).toBe('http://www.w3.org/2005/xpath-functions');
  });
});
