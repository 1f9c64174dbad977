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
// eslint-disable-next-line @typescript-eslint/no-var-requires
const saxon = require('../../scripts/bench/saxon');

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
      'timing: write: 3 ms, 3 file(s)',
    ].join('\n'));
    expect(lib.stagesByCategory(stages)).toEqual({
      read: 32, 'well-formedness': 25, 'schema compile': 60, 'schema validation': 100, 'edition rules': 1026, write: 3,
    });
  });

  test("maps build's pipeline stages onto the report's categories", () => {
    const stages = lib.parseTimingLines([
      'timing: read: 119 ms, 3 file(s)', 'timing: validate: 116 ms, 3 file(s)',
      'timing: cache (79 hit(s), 0 miss(es); 2 document(s) and 65 of 66 collection pages reused, 0 summarized): 97 ms, 72 file(s)',
      'timing: summarise: 40 ms, 2 file(s)', 'timing: render-documents: 90 ms, 2 file(s)',
      'timing: search (2 document(s) indexed, 7 piece(s), 66829 bytes): 380 ms, 2 file(s)',
      'timing: collection-pages: 812 ms, 1 file(s)', 'timing: write: 40 ms, 83 file(s)',
      // Thread time inside summarise and render-documents: not added to them again.
      'timing: summary-transform: 75 ms, 0 file(s)', 'timing: html-transform: 120 ms, 2 file(s)', 'timing: text-transform: 40 ms, 2 file(s)',
    ].join('\n'));
    expect(lib.stagesByCategory(stages)).toEqual({
      read: 119, validation: 116, cache: 97, summarise: 40, 'render documents': 90, search: 380, 'collection pages': 812, write: 40,
    });
    expect(Object.keys(lib.stagesByCategory(stages)).every((c: string) => lib.CATEGORIES.includes(c))).toBe(true);
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
    expect(lib.parseArgs(['--from-json', 'run.json'])).toMatchObject({ fromJson: 'run.json' });
  });

  test('--from-json reports a saved run again, its stages regrouped, and refuses a file that is not one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-saved-'));
    try {
      const saved = {
        format: 'tei-edition-bench', version: 1, commandLine: 'npm run bench -- --json run.json',
        machine: { date: '2026-12-05T19:00:00Z', commit: 'abc1234', nproc: 2, cpu: 'test', memory: '', loadAverage: '1 1 1', node: 'v20', java: '', jing: '', xmllint: '', saxon: '', peakRss: 'GNU time %M', cli: { validate: { engines: [] }, build: {} } },
        options: { repeat: 1 },
        results: [{
          workload: 'c', task: 'build, full (cold)', tool: 'tei-edition', files: 2001, bytes: 42e6, status: 'ok', wallMs: 150000, rssMb: 700, note: '',
          rawStages: [{ stage: 'validate', detail: null, ms: 20000, files: 2001 }, { stage: 'render-documents', detail: null, ms: 90000, files: 2001 }],
          stages: { other: 110000 },
        }],
        comparisons: [{ label: '(c) build ÷ Saxon-HE Java', mine: '150 s', theirs: '50 s', ratio: '3.00×', target: '≤ 1.0×', result: 'FAIL' }],
        notices: ['Total benchmark time: 1 s.'],
      };
      const file = path.join(dir, 'run.json');
      fs.writeFileSync(file, JSON.stringify(saved));
      const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'bench', 'index.js'), '--from-json', file, '--markdown'], { encoding: 'utf8' });
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('Run 2026-12-05T19:00:00Z at commit abc1234: `npm run bench -- --json run.json`');
      const stageRow = run.stdout.split('\n').find((line) => line.startsWith('| c | build, full (cold) |') && line.includes('20000'));
      expect(stageRow).toBeDefined();
      expect(stageRow).toContain('| 20000 |');
      expect(stageRow).toContain('| 90000 |');
      expect(run.stdout).toContain('| (c) build ÷ Saxon-HE Java | 150 s | 50 s | 3.00× | ≤ 1.0× | FAIL |');

      fs.writeFileSync(file, '{"results": 1}');
      const refused = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'bench', 'index.js'), '--from-json', file], { encoding: 'utf8' });
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain('is not a run saved by');
      expect(refused.stderr).not.toMatch(/\n\s+at /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
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
      build: { timings: true, validate: true, cache: false, cacheDir: false, jobs: true, config: false, search: false },
    });
    expect(lib.detectFeatures('--schema-timeout [number]', '').validate).toMatchObject({ engines: [], cache: false, cacheDir: false, timings: false });
  });

  test('tables as aligned text and as Markdown', () => {
    expect(lib.formatTable(['a', 'b'], [['1', 'x|y']], true)).toBe('| a | b |\n|---|---|\n| 1 | x\\|y |');
    expect(lib.formatTable(['a', 'bb'], [['333', '4']], false)).toBe('a    bb\n---  --\n333  4');
    expect(lib.median([3, 1, 2])).toBe(2);
    expect(lib.median([4, 1, 2, NaN, 3])).toBe(2.5);
  });

  test('processes run one after the other count as one run: times add up, the largest RSS and the last status', () => {
    const combined = lib.combineRuns([
      { wallMs: 1200, rssMb: 150, status: 0, stdout: 'a', stderr: 'warning\n', timedOut: false },
      { wallMs: 800, rssMb: NaN, status: 2, stdout: 'b', stderr: 'error\n', timedOut: false },
    ]);
    expect(combined).toMatchObject({ wallMs: 2000, rssMb: 150, status: 2, timedOut: false, stdout: 'ab', stderr: 'warning\nerror\n' });
    expect(lib.combineRuns([{ wallMs: 5, rssMb: NaN, status: null, timedOut: true }])).toMatchObject({ wallMs: 5, status: null, timedOut: true });
    expect(Number.isNaN(lib.combineRuns([{ wallMs: 5, rssMb: NaN, status: 0 }]).rssMb)).toBe(true);
  });
});

describe('bench: Saxon-HE Java', () => {
  test('lists the files in a manifest the XPath parameters read (any number of files, any path), the edition as a parameter, quotes doubled', () => {
    const src = path.join(os.tmpdir(), 'src');
    const files = [path.join(src, 'a.xml'), path.join(src, 'sub', 'say "hi" & <bye>.xml')];
    const { runs: [html, text], manifest } = saxon.saxonRuns({ jar: 'S.jar', srcDir: src, files, stageDir: '/stage', outDir: '/out', edition: { version: '1', commit: 'c', 'build-date': 'd' } });
    expect(html.args.slice(0, 3)).toEqual(['-cp', 'S.jar', 'net.sf.saxon.Transform']);
    expect(html.args).toEqual(expect.arrayContaining([`-xsl:${saxon.HTML_DRIVER}`, '-s:/stage', `-o:${path.join('/out', 'html')}`]));
    expect(manifest.file).toBe('/stage.files.xml');
    expect(manifest.xml).toContain('<file staged="document-00002.xml" path="sub/say &quot;hi&quot; &amp; &lt;bye>.xml" href="file://');
    for (const parameter of ['?bench-paths=', '?bench-collection=']) expect(html.args.find((a: string) => a.startsWith(parameter))).toContain('doc("file:///stage.files.xml")/*/*:file');
    expect(text.args.find((a: string) => a.startsWith('?collection='))).toContain('doc("file:///stage.files.xml")/*/*:file');
    expect(text.args).toEqual(expect.arrayContaining([`-xsl:${saxon.TEXT_DRIVER}`, '-it:{urn:tei-edition:bench}main', '?edition=map { "version": "1", "commit": "c", "build-date": "d" }']));
    expect(saxon.xpathString(`it's "x"`)).toBe(`"it's ""x"""`);
    // 2,000 paths no longer make an argument longer than the system allows (128 KB on Linux).
    const many = Array.from({ length: 10000 }, (_, i) => path.join(src, `a-rather-long-folder-name/document-${i}.xml`));
    const longest = Math.max(...saxon.saxonRuns({ jar: 'S.jar', srcDir: src, files: many, stageDir: '/stage', outDir: '/out', edition: {} }).runs.flatMap((run: { args: string[] }) => run.args.map((a) => a.length)));
    expect(longest).toBeLessThan(4096);
  });

  const jar = process.env.SAXON_JAR ?? '/usr/share/java/Saxon-HE.jar';
  const java = spawnSync('java', ['-version']).status === 0;
  const withSaxon = java && fs.existsSync(jar) ? test : test.skip;
  // eslint-disable-next-line no-console
  if (withSaxon === test.skip) console.warn(`NOTICE: skipping the Saxon-HE Java output comparison: ${java ? `${jar} is not there` : 'java is not installed'}.`);
  withSaxon('publishes the same pages as build --no-validate, so that the benchmark compares like with like', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-saxon-'));
    try {
      const srcDir = path.join(REPO_ROOT, 'tei');
      const files = fs.readdirSync(srcDir).filter((f) => f.endsWith('.xml')).sort().map((f) => path.join(srcDir, f));
      const ours = path.join(dir, 'ours');
      const env = { ...process.env, SOURCE_DATE_EPOCH: '1767225600' };
      const built = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'tei-edition.js'), 'build', '--src', srcDir, '--out', ours, '--no-validate', '--no-cache', '--no-config'], { cwd: REPO_ROOT, encoding: 'utf8', env });
      expect(built.status).toBe(0);
      // The metadata our build printed (version, commit, date), as the benchmark passes it.
      const info = spawnSync(process.execPath, ['-p', `JSON.stringify(require('./lib/publish/edition-info').editionInfo(${JSON.stringify(srcDir)}))`], { cwd: REPO_ROOT, encoding: 'utf8', env });
      const edition = JSON.parse(info.stdout);

      const theirs = path.join(dir, 'saxon');
      const stageDir = path.join(dir, 'stage');
      const { runs, manifest } = saxon.saxonRuns({ jar, srcDir, files, stageDir, outDir: theirs, edition });
      saxon.stageSaxonRun({ files, stageDir, outDir: theirs, manifest });
      for (const { args } of runs) {
        const r = spawnSync('java', args, { encoding: 'utf8' });
        expect([r.status, r.stderr]).toEqual([0, expect.not.stringMatching(/transformation failed|^Error/m)]);
      }

      const list = (root: string): string[] => fs.readdirSync(root, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile()).map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')).sort();
      // The search index and its pages come from the search stage (src/search/: data made in TypeScript from the
      // summaries), which the Saxon driver has no counterpart for; every page made from the documents is compared.
      const published = list(ours).filter((file) => !file.startsWith('html/assets/') && !/^html\/(search\/|(search|timeline|map)\.html$)/.test(file));
      expect(list(theirs).filter((file) => !saxon.isDriverManifest(file))).toEqual(published);
      expect(published).toEqual(expect.arrayContaining(['html/index.html', 'html/persons.html', 'html/documents/carter-brezhnev-1979.html', 'text/edition.txt']));
      // Saxon Java spells the HTML5 doctype in capitals; nothing else may differ.
      const read = (file: string): string => fs.readFileSync(file, 'utf8').replace(/^<!DOCTYPE HTML>/, '<!DOCTYPE html>');
      for (const file of published) expect([file, read(path.join(theirs, file))]).toEqual([file, read(path.join(ours, file))]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120000);
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
