import * as fs from 'fs';
import * as path from 'path';
import { validateCollection, ValidationReport } from '../../src/validation';
import { expectations, FIXTURES, xmlFiles } from './helpers';

/**
 * Each fixture states, in its own comments, the diagnostics it must produce (`expect: RULE LINE:COL`);
 * these tests check that a run produces exactly those: the rule ID, the line and the column.
 */
function actual(report: ValidationReport, file: string): Array<{ rule: string; line: number; column: number }> {
  const shown = path.relative(FIXTURES, file).split(path.sep).join('/');
  return report.diagnostics.filter((d) => d.file === shown).map(({ rule, line, column }) => ({ rule, line, column }));
}

function sorted<T extends { rule: string; line: number; column: number }>(list: T[]): T[] {
  return [...list].sort((a, b) => a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : 1));
}

describe('layer 1: well-formedness', () => {
  let report: ValidationReport;
  const files = xmlFiles(path.join(FIXTURES, 'wellformed'));
  beforeAll(async () => {
    report = await validateCollection(['wellformed'], { cwd: FIXTURES });
  });

  test.each(files.map((file) => [path.basename(file), file]))('%s', (_name, file) => {
    expect(expectations(file).length).toBeGreaterThan(0);
    expect(sorted(actual(report, file))).toEqual(sorted(expectations(file)));
  });

  test('a malformed file is skipped by the later layers', () => {
    for (const file of report.files) {
      expect(file.schemas).toEqual([]);
      expect(file.rules).toBe('not-checked');
    }
    expect(report.diagnostics.every((d) => d.layer === 'wellformed' || d.layer === 'io')).toBe(true);
  });
});

describe.each(['relaxng', 'xmllint'] as const)('layer 2: RelaxNG, %s engine', (engine) => {
  let report: ValidationReport;
  const files = xmlFiles(path.join(FIXTURES, 'schema-layer'));
  beforeAll(async () => {
    report = await validateCollection(['schema-layer'], { cwd: FIXTURES, engine });
  });

  // Both engines give the same rules at the same positions: the fixtures' expectations hold for each.
  test.each(files.map((file) => [path.basename(file), file]))('%s', (_name, file) => {
    expect(expectations(file).length).toBeGreaterThan(0);
    expect(sorted(actual(report, file))).toEqual(sorted(expectations(file)));
  });

  test("every RelaxNG message keeps the engine's original text in raw", () => {
    const rng = report.diagnostics.filter((d) => d.rule.startsWith('rng-'));
    expect(rng.length).toBeGreaterThan(5);
    for (const diagnostic of rng) expect(diagnostic.raw).toMatch(engine === 'xmllint' ? /Relax-NG validity error/ : /^schema-layer\/[\w-]+\.xml:\d+:\d+: error: (element|attribute|value|text|found) /);
  });

  test('the schema is compiled once for all documents naming it, by the engine asked for', () => {
    const compiles = report.timings.filter((t) => t.stage === 'schema-compile' && t.detail === 'schema/edition-mini.rng');
    expect(compiles).toHaveLength(1);
    expect(compiles[0].files).toBeGreaterThanOrEqual(6);
    const used = report.schemas.find((schema) => schema.file === 'schema/edition-mini.rng');
    expect(used).toMatchObject({ engine, reason: `chosen with --engine ${engine}`, cached: 0 });
    expect(used!.compileMs).not.toBeNull();
  });
});

describe('layer 3: edition rules, one fixture folder per rule', () => {
  const folders = fs
    .readdirSync(path.join(FIXTURES, 'rules'))
    .sort()
    .map((name) => path.join(FIXTURES, 'rules', name));

  test.each(folders.map((folder) => [path.basename(folder), folder]))('%s', async (rule, folder) => {
    const report = await validateCollection([path.relative(FIXTURES, folder)], { cwd: FIXTURES });
    const files = xmlFiles(folder);
    const expected = files.flatMap((file) => expectations(file).map((e) => ({ file: path.basename(file), ...e })));
    expect(expected.some((e) => e.rule === rule)).toBe(true);
    const got = files.flatMap((file) => actual(report, file).map((d) => ({ file: path.basename(file), ...d })));
    expect(sorted(got)).toEqual(sorted(expected));
  });
});

describe('a file with ten problems of different kinds', () => {
  test('yields all ten in one run, with exact rule, line and column', async () => {
    const file = path.join(FIXTURES, 'ten-problems', 'ten-problems.xml');
    const expected = expectations(file);
    expect(expected).toHaveLength(10);
    expect(new Set(expected.map((e) => e.line)).size).toBe(10);
    const report = await validateCollection(['ten-problems'], { cwd: FIXTURES });
    expect(sorted(actual(report, file))).toEqual(sorted(expected));
    const layers = new Set(report.diagnostics.map((d) => d.layer));
    expect([...layers].sort()).toEqual(['rules', 'schema']);
  });
});

describe('the fixture collection', () => {
  test('is clean in all three layers, and every document was checked by each', async () => {
    const report = await validateCollection(['collection'], { cwd: FIXTURES });
    expect(report.diagnostics).toEqual([]);
    expect(report.files.map((f) => f.file)).toEqual(['collection/letter-1979.xml', 'collection/memo-1980.xml', 'collection/register.xml']);
    for (const file of report.files) {
      expect(file.wellformed).toBe(true);
      expect(file.schemas).toEqual([{ schema: 'schema/edition-mini.rng', verdict: 'valid' }]);
      expect(file.rules).toBe('checked');
    }
  });

  test('a single document finds its register for pointer checks without reporting on it', async () => {
    const report = await validateCollection(['collection/letter-1979.xml'], { cwd: FIXTURES });
    expect(report.diagnostics).toEqual([]);
    expect(report.files.map((f) => f.file)).toEqual(['collection/letter-1979.xml']);
  });

  test('each stage reports its time to the hook', async () => {
    const stages: string[] = [];
    await validateCollection(['collection'], { cwd: FIXTURES, onStage: (event) => stages.push(event.stage) });
    for (const stage of ['discover', 'read', 'wellformed', 'schema-compile', 'schema-validate', 'rules-compile', 'rules-schematron', 'rules-collection']) {
      expect(stages).toContain(stage);
    }
  });
});
