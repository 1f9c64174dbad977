import * as fs from 'fs';
import * as path from 'path';
import { validateCollection } from '../../src/validation';
import { temporaryDir } from './helpers';

/** The TypeScript engine's messages, worded for editors, at the attribute or element concerned. */
describe('the TypeScript engine (relaxng): messages', () => {
  let dir: string;
  beforeAll(() => {
    dir = temporaryDir();
    fs.writeFileSync(
      path.join(dir, 'ids.rng'),
      `<grammar xmlns="http://relaxng.org/ns/structure/1.0" datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <start><element name="doc"><oneOrMore><element name="item">
    <optional><attribute name="id"><data type="ID"/></attribute></optional>
    <optional><attribute name="see"><data type="IDREF"/></attribute></optional>
    <optional><attribute name="refs"><list><oneOrMore><data type="anyURI"/></oneOrMore></list></attribute></optional>
    <optional><attribute name="when"><data type="date"/></attribute></optional>
    <text/>
  </element></oneOrMore></element></start>
</grammar>`,
    );
    fs.writeFileSync(
      path.join(dir, 'doc.xml'),
      ['<doc>', '  <item id="a">one</item>', '  <item id="a" see="nowhere">two</item>', '  <item refs="" when="2024-02-30">three</item>', '</doc>', ''].join('\n'),
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('duplicate IDs, unresolved IDREFs, empty lists and bad dates', async () => {
    const report = await validateCollection(['doc.xml'], { cwd: dir, schema: 'ids.rng', skipRules: true, engine: 'relaxng' });
    expect(report.diagnostics.map(({ line, column, rule, message }) => ({ line, column, rule, message }))).toEqual([
      { line: 3, column: 9, rule: 'rng-id-duplicate', message: 'id="a" is already used on line 2; identifiers must be unique' },
      { line: 3, column: 16, rule: 'rng-idref-unresolved', message: 'see="nowhere" names no identifier (xml:id) in this document' },
      { line: 4, column: 9, rule: 'rng-value-invalid', message: 'refs="" on <item> is not valid' },
      { line: 4, column: 17, rule: 'rng-value-invalid', message: 'when="2024-02-30" on <item> is not valid: it must be an ISO date' },
    ]);
    for (const diagnostic of report.diagnostics) expect(diagnostic.raw).toMatch(/^doc\.xml:\d+:\d+: error: /);
    expect(report.files[0].schemas).toEqual([{ schema: 'ids.rng', verdict: 'invalid' }]);
  });
});
