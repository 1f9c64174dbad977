import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { validateCollection } from '../../src/validation';
import { REPO_ROOT } from '../support/shared';

/*
 * The pure parts of `npm run bench` (scripts/bench/), so the benchmark cannot rot silently: the
 * parser of the CLI's --timings lines, option and --help detection, and the generated collection
 * (unique IDs, valid against schemas/edition.rng and the edition rules). No timing is asserted.
 */

// eslint-disable-next-line @typescript-eslint/no-var-requires
const lib = require('../../scripts/bench/lib');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const generate = require('../../scripts/bench/generate');

describe('bench: --timings lines', () => {
  test('parses stage, detail, milliseconds and file count; ignores every other line', () => {
    const stderr = [
      'timing: read: 33 ms, 3 file(s)',
      'timing: schema-validate (schemas/edition.rng): 1365 ms, 3 file(s)',
      'timing: html-transform (12 documents): 12.5 ms, 1 file(s)',
      'tei/a.xml:1:1: error: something',
      'timing: nonsense',
    ].join('\n');
    expect(lib.parseTimingLines(stderr)).toEqual([
      { stage: 'read', detail: null, ms: 33, files: 3 },
      { stage: 'schema-validate', detail: 'schemas/edition.rng', ms: 1365, files: 3 },
      { stage: 'html-transform', detail: '12 documents', ms: 12.5, files: 1 },
    ]);
  });

  test("maps validate's stage names onto the report's categories and adds up repeated stages", () => {
    const stages = lib.parseTimingLines([
      'timing: discover: 2 ms, 3 file(s)', 'timing: read: 30 ms, 3 file(s)', 'timing: wellformed: 25 ms, 3 file(s)',
      'timing: schema-compile (a.rng): 50 ms, 2 file(s)', 'timing: schema-compile (b.rng): 10 ms, 1 file(s)',
      'timing: schema-validate (a.rng): 100 ms, 2 file(s)', 'timing: rules-compile (e.sch): 16 ms, 3 file(s)',
      'timing: rules-schematron (e.sch): 1000 ms, 3 file(s)', 'timing: rules-collection: 10 ms, 3 file(s)',
      'timing: transform-html: 7 ms, 3 file(s)', 'timing: transform-text: 5 ms, 3 file(s)', 'timing: write: 3 ms, 3 file(s)',
    ].join('\n'));
    expect(lib.stagesByCategory(stages)).toEqual({
      read: 32, 'well-formedness': 25, 'schema compile': 60, 'schema validation': 100, 'edition rules': 1026,
      'HTML transform': 7, 'text transform': 5, write: 3,
    });
  });

  test('reads the lines the real CLI prints', () => {
    const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'tei-edition.js'), 'validate', 'tei/register.xml', '--no-rules', '--timings', '--no-cache'], { cwd: REPO_ROOT, encoding: 'utf8' });
    const stages = lib.parseTimingLines(run.stderr).map((s: { stage: string }) => s.stage);
    expect(stages).toEqual(expect.arrayContaining(['read', 'wellformed', 'schema-validate']));
    expect(run.stderr.split('\n').filter((l) => l.startsWith('timing:'))).toHaveLength(stages.length);
  });
});

describe('bench: options and CLI features', () => {
  test('parses the options and refuses unknown ones', () => {
    expect(lib.parseArgs(['--quick', '--only', 'a,c', '--repeat=3', '--json', 'r.json', '--markdown'])).toMatchObject({
      quick: true, only: ['a', 'c'], repeat: 3, json: 'r.json', markdown: true,
    });
    expect(() => lib.parseArgs(['--only', 'd'])).toThrow(/--only/);
    expect(() => lib.parseArgs(['--repeat', '0'])).toThrow(/--repeat/);
    expect(() => lib.parseArgs(['--fast'])).toThrow(/unknown option/);
  });

  test('detects --engine choices, the cache and build --timings from --help, and their absence', () => {
    const validateHelp = `
      --engine        RelaxNG engine  [choices: "auto", "xmllint", "relaxng"] [default: "auto"]
      --cache         reuse results   [boolean] [default: true]
      --cache-dir     where           [string]
      --timings       print stages    [boolean]`;
    const buildHelp = '--src  [string]\n--timings [boolean]\n--jobs [number]\n--validate [boolean]';
    expect(lib.detectFeatures(validateHelp, buildHelp)).toEqual({
      validate: { timings: true, rules: false, engines: ['auto', 'xmllint', 'relaxng'], cache: true, cacheDir: true },
      build: { timings: true, validate: true, cache: false, cacheDir: false, jobs: true },
    });
    expect(lib.detectFeatures('--schema-timeout [number]', '').validate).toMatchObject({ engines: [], cache: false, cacheDir: false, timings: false });
  });

  test('tables as aligned text and as Markdown', () => {
    expect(lib.formatTable(['a', 'b'], [['1', 'x|y']], true)).toBe('| a | b |\n|---|---|\n| 1 | x\\|y |');
    expect(lib.formatTable(['a', 'bb'], [['333', '4']], false)).toBe('a    bb\n---  --\n333  4');
    expect(lib.median([3, 1, 2])).toBe(2);
    expect(lib.median([4, 1, 2, NaN, 3])).toBe(2.5);
  });
});

describe('bench: the generated collection', () => {
  let dir: string;
  let files: string[];
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-generated-'));
    files = generate.generateCollection(path.join(REPO_ROOT, 'tei'), dir, 4);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('keeps the register, names each copy after its fresh TEI/@xml:id, and keeps every xml:id unique', () => {
    expect(files.map((f) => path.basename(f)).sort()).toEqual([
      'carter-brezhnev-1979-g1.xml', 'carter-brezhnev-1979-g3.xml', 'politburo-directive-1980-g2.xml', 'politburo-directive-1980-g4.xml', 'register.xml',
    ]);
    const ids = files.flatMap((f) => generate.xmlIds(fs.readFileSync(f, 'utf8')));
    expect(new Set(ids).size).toBe(ids.length);
    for (const file of files.filter((f) => !f.endsWith('register.xml'))) {
      const text = fs.readFileSync(file, 'utf8');
      expect(/<TEI\b[^>]*xml:id="([^"]+)"/.exec(text)?.[1]).toBe(path.basename(file, '.xml'));
      expect(text).toContain('ref="register.xml#');
    }
  });

  test('is valid against schemas/edition.rng and the edition rules, also after touchDocument', async () => {
    generate.touchDocument(files.find((f) => f.endsWith('-g1.xml')), 1);
    const report = await validateCollection([dir], { cwd: REPO_ROOT });
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(report.files).toHaveLength(5);
    expect(report.files.every((f) => f.schemas.some((s) => s.verdict === 'valid'))).toBe(true);
  });
});
