import * as fs from 'fs';
import * as path from 'path';
import { typescriptEngine, validateCollection } from '../../src/validation';
import type { SchemaEngine } from '../../src/validation/schema/engine';
import { readSchemaFiles, SchemaFiles } from '../../src/validation/schema/closure';
import type { SchemaInput, SchemaLimits } from '../../src/validation/schema/relaxng';
import { TypescriptSchemaWorker } from '../../src/validation/schema/typescript-engine';
import { MAX_SCHEMA_ERRORS_PER_DOCUMENT } from '../../src/limits';
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

/** A document with more schema errors than the engine reports says that the rest of it was not checked. */
describe('the TypeScript engine (relaxng): the error limit per document', () => {
  let dir: string;
  const items = MAX_SCHEMA_ERRORS_PER_DOCUMENT + 5;
  beforeAll(() => {
    dir = temporaryDir();
    fs.writeFileSync(path.join(dir, 'list.rng'), `<element name="doc" xmlns="http://relaxng.org/ns/structure/1.0"><zeroOrMore><element name="item"><text/></element></zeroOrMore></element>`);
    fs.writeFileSync(path.join(dir, 'many.xml'), `<doc>\n${'<item type="x">one</item>\n'.repeat(items)}</doc>\n`);
    fs.writeFileSync(path.join(dir, 'few.xml'), `<doc>\n${'<item type="x">one</item>\n'.repeat(3)}</doc>\n`);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('every error up to the limit is reported, then one schema-error-limit error at the last of them', async () => {
    const report = await validateCollection(['many.xml', 'few.xml'], { cwd: dir, schema: 'list.rng', skipRules: true, engine: 'relaxng' });
    const many = report.diagnostics.filter((d) => d.file === 'many.xml');
    expect(many.filter((d) => d.rule === 'rng-attribute-invalid')).toHaveLength(MAX_SCHEMA_ERRORS_PER_DOCUMENT);
    const limit = many.filter((d) => d.rule === 'schema-error-limit');
    expect(limit).toHaveLength(1);
    expect(limit[0]).toMatchObject({ line: MAX_SCHEMA_ERRORS_PER_DOCUMENT + 1, severity: 'error', layer: 'schema' });
    expect(limit[0].message).toBe(`validation against list.rng stopped after 10,000 errors in this document: the rest of it was not checked (fix these and validate again)`);
    // Below the limit: every error, and no such note.
    const few = report.diagnostics.filter((d) => d.file === 'few.xml');
    expect(few.map((d) => d.rule)).toEqual(['rng-attribute-invalid', 'rng-attribute-invalid', 'rng-attribute-invalid']);
    expect(report.files.map((f) => f.schemas[0].verdict)).toEqual(['invalid', 'invalid']);
  });
});

/** A schema prepared ahead (SchemaEngine.prepare) compiles while the documents are read; validate takes it over. */
describe('the TypeScript engine (relaxng): schemas prepared ahead', () => {
  let dir: string;
  const schemaText = `<element name="doc" xmlns="http://relaxng.org/ns/structure/1.0"><zeroOrMore><element name="item"><text/></element></zeroOrMore></element>`;
  const limits = (files: SchemaFiles): SchemaLimits => ({ compileTimeoutMs: 60000, files });
  const input = (text: string): SchemaInput => ({ path: 'doc.xml', bytes: Buffer.from(text), text });
  beforeAll(() => {
    dir = temporaryDir();
    fs.writeFileSync(path.join(dir, 'a.rng'), schemaText);
    fs.writeFileSync(path.join(dir, 'b.rng'), schemaText.replace('"item"', '"entry"'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('validate takes over a schema prepared for the same files, and gives the same answer', async () => {
    const schema = path.join(dir, 'a.rng');
    const files = readSchemaFiles(schema);
    const prepared = typescriptEngine.prepare!(schema, files);
    await new Promise((resolve) => setTimeout(resolve, 200)); // compiled by now, its messages waiting
    const inputs = [input('<doc><item>x</item></doc>'), input('<doc><other/></doc>')];
    const ahead = await typescriptEngine.validate(schema, inputs, limits(files), 'a.rng', prepared);
    const fresh = await typescriptEngine.validate(schema, inputs, limits(files), 'a.rng');
    expect(ahead.documents.map((d) => d.verdict)).toEqual(['valid', 'invalid']);
    expect(ahead.documents).toEqual(fresh.documents);
    expect(ahead.compileMs).toBeGreaterThan(0);
    prepared.release(); // taken over: nothing to release
  });

  test('documents sent as their UTF-8 bytes get the findings their text gets (a byte order mark, astral characters)', async () => {
    const schema = path.join(dir, 'a.rng');
    const files = readSchemaFiles(schema);
    const texts = ['<doc><item>é 𝔄 —</item>\n  <bad>ü</bad></doc>', '<doc>\n<item>x</item><𝔄𝔅 a="ö"/></doc>', '<doc><item>plain</item></doc>'];
    // As the reader gives them (collection/read.ts): the bytes, with a byte order mark for the first, and the text without it.
    const asBytes = texts.map((text, i): SchemaInput => ({ path: `d${i}.xml`, bytes: Buffer.concat([Buffer.from(i === 0 ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text)]), text, utf8: true }));
    const asText = asBytes.map(({ utf8: _utf8, ...input }) => input);
    const sent = await typescriptEngine.validate(schema, asBytes, limits(files), 'a.rng');
    const worded = await typescriptEngine.validate(schema, asText, limits(files), 'a.rng');
    expect(sent.documents.map((d) => d.verdict)).toEqual(['invalid', 'invalid', 'valid']);
    expect(sent.documents).toEqual(worded.documents);
  });

  test('a schema prepared for other files is released, and validate compiles its own', async () => {
    const a = path.join(dir, 'a.rng');
    const b = path.join(dir, 'b.rng');
    const prepared = typescriptEngine.prepare!(a, readSchemaFiles(a)) as TypescriptSchemaWorker;
    let exited = false;
    prepared.worker.once('exit', () => {
      exited = true;
    });
    const result = await typescriptEngine.validate(b, [input('<doc><entry>x</entry></doc>')], limits(readSchemaFiles(b)), 'b.rng', prepared);
    expect(result.documents.map((d) => d.verdict)).toEqual(['valid']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(exited).toBe(true);
  });

  test('validateCollection releases a prepared schema that nothing validates against', async () => {
    // Malformed, with no prolog to read early: the schema is prepared when the file is read, then never used.
    fs.writeFileSync(path.join(dir, 'broken.xml'), '<!-- never closed');
    const calls: string[] = [];
    const engine: SchemaEngine = {
      name: 'recording',
      prepare: (schema) => {
        calls.push(`prepare ${path.basename(schema)}`);
        return { release: () => calls.push(`release ${path.basename(schema)}`) };
      },
      validate: async () => {
        throw new Error('not expected');
      },
    };
    const report = await validateCollection(['broken.xml'], { cwd: dir, schema: 'a.rng', skipRules: true, schemaEngine: engine });
    expect(report.files[0].wellformed).toBe(false);
    expect(calls).toEqual(['prepare a.rng', 'release a.rng']);
  });

  test('a run with a prepared schema leaves no worker behind', async () => {
    fs.writeFileSync(path.join(dir, 'doc.xml'), '<doc><item>x</item></doc>');
    const before = process.getActiveResourcesInfo().filter((name) => name === 'MessagePort').length;
    const report = await validateCollection(['doc.xml'], { cwd: dir, schema: 'a.rng', skipRules: true, engine: 'relaxng' });
    expect(report.files[0].schemas).toEqual([{ schema: 'a.rng', verdict: 'valid' }]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(process.getActiveResourcesInfo().filter((name) => name === 'MessagePort').length).toBe(before);
  });
});
