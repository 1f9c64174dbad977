import * as fs from 'fs';
import * as path from 'path';
import { buildEdition } from '../../src/publish/build';
import { validateCollection } from '../../src/validation';
import { EDITION_RULES_FILE, rulesFor } from '../../src/validation/associations';
import { parseXmlTree } from '../../src/xml/tree';
import { describeWithShared, REPO_ROOT, sharedPath } from '../support/shared';
import { temporaryDir } from './helpers';

/** Every rule of the edition: the Schematron asserts and reports of schemas/edition.sch, and the TypeScript collection rules. */
const SCHEMATRON_RULES = [...fs.readFileSync(EDITION_RULES_FILE, 'utf8').matchAll(/<sch:(?:assert|report)\s[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
const EDITION_RULES = new Set([...SCHEMATRON_RULES, 'id-duplicate', 'register-entry-unused', 'name-spelling-drift']);

const tree = (xmlModel: string): ReturnType<typeof parseXmlTree> => parseXmlTree(`<?xml version="1.0"?>\n${xmlModel}<TEI xmlns="http://www.tei-c.org/ns/1.0"/>`);

describe('which rules apply to a document (rulesFor)', () => {
  test('the edition collection (tei/ of the working folder) gets the edition rules without naming them', () => {
    const choice = rulesFor(tree(''), path.join(REPO_ROOT, 'tei', 'letter.xml'), { cwd: REPO_ROOT });
    expect(choice).toEqual({ rules: [{ file: EDITION_RULES_FILE }], problems: [], edition: true });
  });

  test('a document elsewhere that names no Schematron gets none, and is not the edition\'s', () => {
    const choice = rulesFor(tree(''), path.join(REPO_ROOT, 'elsewhere', 'letter.xml'), { cwd: REPO_ROOT });
    expect(choice).toEqual({ rules: [], problems: [], edition: false });
  });

  test('a document that names the edition rules in an xml-model gets them, wherever it is', () => {
    const dir = temporaryDir();
    const document = path.join(dir, 'letter.xml');
    const href = path.relative(dir, EDITION_RULES_FILE).split(path.sep).join('/');
    const choice = rulesFor(tree(`<?xml-model href="${href}" schematypens="http://purl.oclc.org/dsdl/schematron"?>\n`), document, { cwd: dir });
    expect(choice.rules.map((r) => r.file)).toEqual([EDITION_RULES_FILE]);
    expect(choice.rules[0].at).toEqual({ line: 2, column: 1 });
    expect(choice.edition).toBe(true);
  });

  test('a document that names its own (missing) Schematron gets the problem, not the edition rules, even in tei/', () => {
    const choice = rulesFor(tree('<?xml-model href="own.sch" schematypens="http://purl.oclc.org/dsdl/schematron"?>\n'), path.join(REPO_ROOT, 'tei', 'x.xml'), { cwd: REPO_ROOT });
    expect(choice.rules).toEqual([]);
    expect(choice.problems.map((p) => p.problem?.rule)).toEqual(['schema-not-found']);
  });

  test('--rules applies anywhere; the edition rules named by --rules make a document the edition\'s', () => {
    const elsewhere = path.join(REPO_ROOT, 'elsewhere', 'letter.xml');
    expect(rulesFor(tree(''), elsewhere, { cwd: REPO_ROOT, override: EDITION_RULES_FILE })).toEqual({ rules: [{ file: EDITION_RULES_FILE }], problems: [], edition: true });
    const other = path.join(REPO_ROOT, 'test', 'fixtures', 'validate', 'schematron', 'features.sch');
    expect(rulesFor(tree(''), elsewhere, { cwd: REPO_ROOT, override: other })).toEqual({ rules: [{ file: other }], problems: [], edition: false });
  });
});

describe('build --rules / --no-rules', () => {
  test('reach the validator as validate takes them', async () => {
    const calls: Array<{ rules?: string; skipRules?: boolean }> = [];
    const validator = async (_files: string[], options: { rules?: string; skipRules?: boolean }) => {
      calls.push({ rules: options.rules, skipRules: options.skipRules });
      return { diagnostics: [{ file: 'x.xml', line: 1, column: 1, severity: 'error' as const, rule: 'stop', layer: 'rules' as const, message: 'stop here' }] };
    };
    const out = temporaryDir();
    for (const options of [{ rules: EDITION_RULES_FILE }, { skipRules: true }]) {
      const result = await buildEdition({ src: path.join(REPO_ROOT, 'tei'), out, validate: true, cache: false, validator, ...options });
      expect(result.published).toBe(false);
    }
    expect(calls).toEqual([{ rules: EDITION_RULES_FILE, skipRules: undefined }, { rules: undefined, skipRules: true }]);
  });
});

describeWithShared('a foreign collection is validated by its own rules', () => {
  jest.setTimeout(600_000);
  const folder = sharedPath('corpus', 'frus-history', 'documents');
  const schema = sharedPath('schemas', 'tei_all.rng');

  test('validate --schema tei_all.rng with no --rules reports no rule of the edition', async () => {
    const report = await validateCollection([folder], { cwd: REPO_ROOT, schema });
    expect(report.files.length).toBeGreaterThan(3);
    expect(report.diagnostics.filter((d) => EDITION_RULES.has(d.rule))).toEqual([]);
  });

  test('the same with --rules schemas/edition.sch reports them', async () => {
    const report = await validateCollection([folder], { cwd: REPO_ROOT, schema, rules: path.join('schemas', 'edition.sch') });
    const reported = new Set(report.diagnostics.filter((d) => EDITION_RULES.has(d.rule)).map((d) => d.rule));
    expect([...reported].filter((rule) => SCHEMATRON_RULES.includes(rule)).length).toBeGreaterThan(0);
  });
});
