import * as fs from 'fs';
import * as path from 'path';
import { describeWithShared, REPO_ROOT, sharedPath } from '../support/shared';
import { relaxng } from '../support/xmllint';

const PROJECT_SCHEMA = path.join(REPO_ROOT, 'schemas', 'edition.rng');
const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'encoding');
const collection = fs
  .readdirSync(path.join(REPO_ROOT, 'tei'))
  .filter((name) => name.endsWith('.xml'))
  .map((name) => path.join(REPO_ROOT, 'tei', name));
const validFixture = path.join(FIXTURES, 'valid-letter.xml');

/**
 * Each invalid fixture is valid-letter.xml with one realistic encoding mistake (its first comment says
 * which); `element` is the element libxml2 must name in its message.
 */
const mistakes: Record<string, { element: string }> = {
  'unknown-element': { element: 'emph' },
  'note-without-type': { element: 'note' },
  'note-unknown-type': { element: 'note' },
  'note-without-number': { element: 'note' },
  'date-malformed': { element: 'date' },
  'date-impossible': { element: 'date' },
  'date-not-normalised': { element: 'date' },
  'persname-ref-not-pointer': { element: 'persName' },
  'placename-local-pointer': { element: 'placeName' },
  'persname-without-ref': { element: 'persName' },
  'div-unknown-type': { element: 'div' },
  'pb-without-number': { element: 'pb' },
  'choice-without-correction': { element: 'choice' },
  'supplied-without-resp': { element: 'supplied' },
  'ref-javascript-target': { element: 'ref' },
  'paragraph-before-head': { element: 'head' },
  'tei-without-id': { element: 'TEI' },
  'metonym-type-misspelt': { element: 'placeName' },
};

describe('the project schema (schemas/edition.rng)', () => {
  test('the collection in tei/ is valid', async () => {
    expect(collection.length).toBeGreaterThanOrEqual(3);
    const result = await relaxng(PROJECT_SCHEMA, collection);
    for (const file of collection) {
      expect({ file: path.basename(file), valid: result.valid.get(path.basename(file)), errors: result.errors.get(path.basename(file)) })
        .toEqual({ file: path.basename(file), valid: true, errors: undefined });
    }
  });

  test('the fixture the mistakes are made from is valid', async () => {
    const result = await relaxng(PROJECT_SCHEMA, [validFixture]);
    expect(result.valid.get('valid-letter.xml')).toBe(true);
  });

  test('every fixture in invalid/ is listed here', () => {
    const files = fs.readdirSync(path.join(FIXTURES, 'invalid')).map((name) => name.replace(/\.xml$/, ''));
    expect(files.sort()).toEqual(Object.keys(mistakes).sort());
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  describe('rejects realistic encoding mistakes', () => {
    let result: Awaited<ReturnType<typeof relaxng>>;
    beforeAll(async () => {
      result = await relaxng(PROJECT_SCHEMA, Object.keys(mistakes).map((name) => path.join(FIXTURES, 'invalid', `${name}.xml`)));
    });
    for (const [name, { element }] of Object.entries(mistakes)) {
      test(`${name}`, () => {
        const file = `${name}.xml`;
        expect(result.valid.get(file)).toBe(false);
        // libxml2 reports some attribute errors without a file name; those are filed under "".
        const messages = [...(result.errors.get(file) ?? []), ...(result.errors.get('') ?? [])];
        expect(messages.some((message) => new RegExp(`[Ee]lement ${element}\\b`).test(message))).toBe(true);
      });
    }
  });
});

describeWithShared('the official TEI schema (../shared/schemas/tei_all.rng)', () => {
  test('the collection and the valid fixture are valid TEI P5', async () => {
    const files = [...collection, validFixture];
    const result = await relaxng(sharedPath('schemas', 'tei_all.rng'), files);
    for (const file of files) {
      expect({ file: path.basename(file), valid: result.valid.get(path.basename(file)), errors: result.errors.get(path.basename(file)) })
        .toEqual({ file: path.basename(file), valid: true, errors: undefined });
    }
  });
});

/**
 * "Valid TEI P5" includes the Schematron constraints that tei_all.rng embeds (att.datable's @when
 * exclusions, abstract-model rules…), which RelaxNG validators, jing included, do not evaluate. They
 * are extracted from ../shared at test time and run with the edition's own Schematron compiler.
 */
describeWithShared('the Schematron constraints embedded in tei_all.rng', () => {
  const extract = (): string => {
    const rng = fs.readFileSync(sharedPath('schemas', 'tei_all.rng'), 'utf8');
    const patterns = rng.match(/<pattern xmlns="http:\/\/purl\.oclc\.org\/dsdl\/schematron"[\s\S]*?<\/pattern>/g) ?? [];
    const namespaces: Record<string, string> = {
      tei: 'http://www.tei-c.org/ns/1.0', xs: 'http://www.w3.org/2001/XMLSchema', rng: 'http://relaxng.org/ns/structure/1.0',
      rna: 'http://relaxng.org/ns/compatibility/annotations/1.0', sch: 'http://purl.oclc.org/dsdl/schematron',
      sch1x: 'http://www.ascc.net/xml/schematron', teix: 'http://www.tei-c.org/ns/Examples', xi: 'http://www.w3.org/2001/XInclude',
    };
    const ns = Object.entries(namespaces).map(([prefix, uri]) => `  <ns prefix="${prefix}" uri="${uri}"/>`).join('\n');
    expect(patterns.length).toBeGreaterThan(50);
    return `<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">\n${ns}\n${patterns.join('\n')}\n</schema>\n`;
  };

  let rulesFile: string;
  beforeAll(() => {
    rulesFile = path.join(fs.mkdtempSync(path.join(require('os').tmpdir(), 'tei-all-sch-')), 'tei_all-embedded.sch');
    fs.writeFileSync(rulesFile, extract());
  });

  test('the collection satisfies every one of them', async () => {
    const { validateCollection } = await import('../../src/validation');
    const report = await validateCollection(collection, { cwd: REPO_ROOT, rules: rulesFile, skipSchema: true });
    expect(report.diagnostics).toEqual([]);
  });

  test('they are really evaluated: a date with both @when and @notBefore is reported', async () => {
    const { validateCollection } = await import('../../src/validation');
    const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'tei-all-sch-doc-'));
    for (const file of collection) {
      const xml = fs.readFileSync(file, 'utf8').replace(/href="\.\.\/schemas\//g, `href="${path.join(REPO_ROOT, 'schemas')}/`);
      fs.writeFileSync(path.join(dir, path.basename(file)), xml.replace('<date when="1979-01-17">', '<date when="1979-01-17" notBefore="1979-01-01">'));
    }
    const report = await validateCollection([dir], { cwd: dir, rules: rulesFile, skipSchema: true });
    expect(report.diagnostics.map((d) => [path.basename(d.file), d.rule])).toEqual([
      ['carter-brezhnev-1979.xml', 'tei_all-att.datable.w3c-att-datable-w3c-when-constraint-rule-2'],
    ]);
  });
});
