import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadSchemaSync, SchemaError, toDiagnostics } from '../../src/relaxng';

function schemaFile(text: string, dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rng-'))): string {
  const file = path.join(dir, 'schema.rng');
  fs.writeFileSync(file, text);
  return file;
}
const RNG = 'xmlns="http://relaxng.org/ns/structure/1.0"';
const recursive = schemaFile(`<grammar ${RNG}><start><ref name="a"/></start>
  <define name="a"><element name="a"><optional><attribute name="n"/></optional><optional><ref name="a"/></optional></element></define></grammar>`);

describe('bounded resources', () => {
  test('100,000 nested elements neither overflow the stack nor take long', () => {
    const schema = loadSchemaSync(recursive);
    const n = 100_000;
    expect(schema.validate(`${'<a>'.repeat(n)}${'</a>'.repeat(n)}`).valid).toBe(true);
    const bad = schema.validate(`${'<a>'.repeat(n)}<b/>${'</a>'.repeat(n)}`);
    expect(bad.valid).toBe(false);
    expect(bad.errors[0].message).toBe('element "b" not allowed anywhere; expected the element end-tag or element "a"');
  });

  test('a choice of 20,000 alternatives is walked without recursion', () => {
    const alternatives = Array.from({ length: 20_000 }, (_, i) => `<element name="e${i}"><optional><attribute name="a"/></optional><text/></element>`).join('');
    const schema = loadSchemaSync(schemaFile(`<element name="doc" ${RNG}><zeroOrMore><choice>${alternatives}</choice></zeroOrMore></element>`));
    const result = schema.validate('<doc><e5 a="1">x</e5><e19999/><zz/></doc>');
    expect(result.errors.map((e) => e.message.slice(0, 60))).toEqual(['element "zz" not allowed anywhere; expected the element end-']);
  });

  test('maxErrors stops a document with too many errors', () => {
    const schema = loadSchemaSync(recursive);
    const result = schema.validate(`<a>${'<a m="1"/>'.repeat(100)}</a>`, { maxErrors: 5 });
    expect(result.valid).toBe(false);
    expect(result.errors).toHaveLength(5);
    expect(result.incomplete).toBe('maxErrors');
  });

  test('timeLimitMs stops a long validation with an error', () => {
    const schema = loadSchemaSync(recursive);
    const result = schema.validate(`${'<a>'.repeat(200_000)}${'</a>'.repeat(200_000)}`, { timeLimitMs: 0 });
    expect(result.valid).toBe(false);
    expect(result.incomplete).toBe('timeLimit');
    expect(result.errors[result.errors.length - 1].message).toMatch(/time limit/);
  });

  test('a schema\'s pattern budget (maxPatterns) stops a document cleanly instead of growing without bound', () => {
    const budget = loadSchemaSync(recursive).patternCount + 1; // room for one pattern beyond the schema's own
    const tight = loadSchemaSync(recursive, { maxPatterns: budget });
    const result = tight.validate('<a n="1"><a/></a>');
    expect(result.valid).toBe(false);
    expect(result.incomplete).toBe('patternLimit');
    expect(result.errors[result.errors.length - 1].message).toBe(`validation stopped: pattern limit (${budget}) exceeded`);
  });

  test('one schema validates many documents and its memo tables are shared', () => {
    const schema = loadSchemaSync(recursive);
    schema.validate('<a><a/></a>');
    const patterns = schema.patternCount;
    for (let i = 0; i < 50; i++) expect(schema.validate('<a n="x"><a><a/></a></a>').valid).toBe(true);
    expect(schema.patternCount).toBeLessThan(patterns + 20);
  });
});

describe('documents: security and well-formedness', () => {
  const schema = loadSchemaSync(recursive);

  test('external entities and DTDs are never loaded', () => {
    const secret = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rng-')), 'secret.txt');
    fs.writeFileSync(secret, 'SECRET');
    const result = schema.validate(`<!DOCTYPE a [<!ENTITY x SYSTEM "file://${secret}">]><a n="&x;"/>`);
    expect(result.valid).toBe(false);
    expect(result.wellFormed).toBe(false);
    expect(JSON.stringify(result)).not.toContain('SECRET');
  });

  test('internal-subset entities are expanded', () => {
    expect(schema.validate('<!DOCTYPE a [<!ENTITY x "value">]><a n="&x;"/>').valid).toBe(true);
  });

  test('malformed XML is one fatal error with a position', () => {
    const result = schema.validate('<a>\n<a></b></a>');
    expect(result).toMatchObject({ valid: false, wellFormed: false });
    expect(result.errors[0]).toMatchObject({ line: 2, fatal: true });
    expect(schema.validate('<p:a xmlns:q="urn:q"/>').wellFormed).toBe(false); // unbound prefix
    expect(schema.validate('<a xmlns:p="urn:p" xmlns:q="urn:p" p:n="1" q:n="2"/>').wellFormed).toBe(false); // same expanded name twice
  });

  test('results convert to the project\'s diagnostics', () => {
    const diagnostics = toDiagnostics('doc.xml', schema.validate('<a>\n<b/></a>'));
    expect(diagnostics).toEqual([expect.objectContaining({ file: 'doc.xml', line: 2, column: 5, layer: 'schema', rule: 'rng-invalid', severity: 'error' })]);
  });
});

describe('schemas: local files only, clear errors', () => {
  test('http(s) references are refused', () => {
    for (const href of ['http://example.org/x.rng', 'https://example.org/x.rng']) {
      const file = schemaFile(`<grammar ${RNG}><include href="${href}"/><start><empty/></start></grammar>`);
      expect(() => loadSchemaSync(file)).toThrow(/only local schema files/);
      const ext = schemaFile(`<element name="a" ${RNG}><externalRef href="${href}"/></element>`);
      expect(() => loadSchemaSync(ext)).toThrow(SchemaError);
    }
  });

  test('recursive inclusion, undefined references and bad recursion are schema errors', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rng-'));
    const self = schemaFile(`<grammar ${RNG}><include href="schema.rng"/><start><empty/></start></grammar>`, dir);
    expect(() => loadSchemaSync(self)).toThrow(/recursive inclusion/);
    expect(() => loadSchemaSync(schemaFile(`<grammar ${RNG}><start><ref name="nope"/></start></grammar>`))).toThrow(/undefined pattern "nope"/);
    expect(() => loadSchemaSync(schemaFile(`<grammar ${RNG}><start><ref name="x"/></start><define name="x"><choice><text/><ref name="x"/></choice></define></grammar>`)))
      .toThrow(/bad recursive reference/);
    expect(() => loadSchemaSync(schemaFile(`<grammar ${RNG}><start><element name="a"><data type="date"/></element></start></grammar>`)))
      .toThrow(/no such builtin datatype/);
    expect(() => loadSchemaSync(schemaFile(`<grammar ${RNG}><start><empty/></start><define name="x"><text/></define><define name="x"><empty/></define></grammar>`)))
      .toThrow(/multiple definitions of "x"/);
  });
});
