import * as path from 'path';
import { validateCollection } from '../../src/validation';
import { FIXTURES } from './helpers';

/** Our Schematron compiler (xslt/schematron/sch2xslt.xsl), run through the rules layer. */
describe('the Schematron compiler', () => {
  const run = (rules: string, files = ['schematron/items.xml', 'schematron/other.xml']) =>
    validateCollection(files, { cwd: FIXTURES, rules: path.join('schematron', rules), skipSchema: true });

  test('lets, first matching rule, assert, report, value-of, name, diagnostics, subject and roles', async () => {
    const report = await run('features.sch');
    const items = report.diagnostics.filter((d) => d.file === 'schematron/items.xml').map(({ rule, line, column, severity, message }) => ({ rule, at: `${line}:${column}`, severity, message }));
    expect(items).toEqual([
      { rule: 'reads-collection', at: '2:1', severity: 'warning', message: 'other.xml is readable' },
      // pattern "limits": the special item matches the first rule only; schema, pattern and rule lets.
      { rule: 'item-limit', at: '4:3', severity: 'error', message: 'item 5 of 4 exceeds the item limit of 3. Lower it.' },
      { rule: 'special', at: '5:3', severity: 'warning', message: 'special item 7' },
      // pattern "attribute-contexts": an attribute behind element steps with predicates is still visited.
      { rule: 'special-code', at: '5:29', severity: 'warning', message: 'special item code c' },
      // pattern "codes" sees every item again; @subject puts the finding on the attribute.
      { rule: 'needs-code', at: '7:7', severity: 'warning', message: 'item n="2" has no code' },
    ]);
  });

  test('rules read documents of the collection, and nothing else (no file outside it, no network)', async () => {
    const report = await run('features.sch');
    expect(report.diagnostics.map((d) => d.rule)).not.toContain('reads-outside');
    expect(report.diagnostics.filter((d) => d.rule === 'reads-collection')).toHaveLength(2);
  });

  test.each([
    ['unsupported.sch', /unsupported Schematron construct sch:include/],
    ['not-schematron.sch', /the root element is rules, not an ISO Schematron sch:schema/],
    ['bad-xpath.sch', /Static error in XPath \{not\(count\(\(\(\)\}/],
  ])('%s cannot be used: a clear error on each document, not a crash', async (rules, message) => {
    const report = await run(rules);
    expect(report.diagnostics.map((d) => d.rule)).toEqual(['rules-compile-failed', 'rules-compile-failed']);
    for (const diagnostic of report.diagnostics) expect(diagnostic.message).toMatch(message);
  });
});
