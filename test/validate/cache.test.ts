import * as fs from 'fs';
import * as path from 'path';
import { validateCollection, ValidationReport } from '../../src/validation';
import type { ValidateOptions } from '../../src/validation';
import { REPO_ROOT } from '../support/shared';
import { temporaryDir } from './helpers';

/**
 * The persistent result cache never gives a stale answer: a cached run reports exactly what a fresh
 * run does, and every input a result depends on (the document, the schema and the files it includes,
 * the Schematron rules, the other documents the rules look into) invalidates it when it changes.
 */
describe.each(['relaxng', 'xmllint'] as const)('the validation result cache (%s engine)', (engine) => {
  let dir: string;
  let cacheDir: string;
  const tei = (name: string): string => path.join(dir, 'tei', name);
  const edit = (file: string, from: string | RegExp, to: string): void => {
    const text = fs.readFileSync(file, 'utf8');
    const changed = text.replace(from, to);
    expect(changed).not.toBe(text);
    fs.writeFileSync(file, changed);
  };
  const run = (options: ValidateOptions = {}): Promise<ValidationReport> => validateCollection(['tei'], { cwd: dir, engine, cache: true, cacheDir, ...options });
  const fresh = (options: ValidateOptions = {}): Promise<ValidationReport> => validateCollection(['tei'], { cwd: dir, engine, ...options });
  /** Everything but the timings and the cache counts. */
  const essence = (report: ValidationReport): unknown => ({ diagnostics: report.diagnostics, files: report.files, summary: report.summary });
  const stages = (report: ValidationReport): string[] => report.timings.map((t) => t.stage);
  const cacheStage = (report: ValidationReport): string | undefined => report.timings.find((t) => t.stage === 'cache')?.detail;

  beforeEach(() => {
    dir = temporaryDir();
    cacheDir = path.join(dir, 'cache');
    fs.cpSync(path.join(REPO_ROOT, 'tei'), path.join(dir, 'tei'), { recursive: true });
    fs.cpSync(path.join(REPO_ROOT, 'schemas'), path.join(dir, 'schemas'), { recursive: true });
    // One mistake per layer, so that both cached layers have something to say.
    edit(tei('politburo-directive-1980.xml'), /<date when="(\d{4})-(\d\d)-(\d\d)"/, '<date when="$1-02-30"');
    edit(tei('carter-brezhnev-1979.xml'), /ref="register.xml#carter"/, 'ref="register.xml#nobody"');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a cached run reports exactly what a run without the cache does', async () => {
    const first = await run();
    const second = await run();
    const uncached = await fresh();
    expect(uncached.summary.errors).toBeGreaterThanOrEqual(2);
    expect(essence(first)).toEqual(essence(uncached));
    expect(essence(second)).toEqual(essence(uncached));
    expect(cacheStage(first)).toBe('0 hit(s), 4 miss(es)');
    expect(cacheStage(second)).toBe('4 hit(s), 0 miss(es)');
    expect(stages(second)).not.toContain('schema-compile');
    expect(stages(second)).not.toContain('rules-schematron');
    expect(second.schemas).toEqual([{ file: 'schemas/edition.rng', engine, reason: `chosen with --engine ${engine}`, compileMs: null, documents: 3, cached: 3 }]);
    expect(stages(uncached)).not.toContain('cache');
  });

  test('a changed document is validated again; the others come from the cache', async () => {
    await run();
    edit(tei('register.xml'), /<person xml:id="brezhnev">/, '<person xml:id="brezhnev" colour="red">');
    const after = await run();
    expect(essence(after)).toEqual(essence(await fresh()));
    expect(after.diagnostics.some((d) => d.file === 'tei/register.xml' && d.rule === 'rng-attribute-invalid')).toBe(true);
    expect(after.schemas[0]).toMatchObject({ documents: 3, cached: 2 });
  });

  test('a changed schema, or a changed file it includes, revalidates every document', async () => {
    fs.writeFileSync(path.join(dir, 'schemas', 'main.rng'), '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><include href="edition.rng"/></grammar>\n');
    const schema = path.join(dir, 'schemas', 'main.rng');
    const before = await run({ schema });
    expect(before.diagnostics.some((d) => d.rule === 'rng-element-unexpected')).toBe(false);
    // The included file changes: <persName> is no longer defined.
    edit(path.join(dir, 'schemas', 'edition.rng'), /name="persName"/g, 'name="personName"');
    const afterInclude = await run({ schema });
    expect(afterInclude.schemas[0]).toMatchObject({ file: 'schemas/main.rng', cached: 0 });
    expect(afterInclude.diagnostics.some((d) => d.rule === 'rng-element-unexpected')).toBe(true);
    expect(essence(afterInclude)).toEqual(essence(await fresh({ schema })));
    // The main file changes.
    fs.writeFileSync(schema, '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><include href="edition.rng"/>\n</grammar>\n');
    const afterMain = await run({ schema });
    expect(afterMain.schemas[0]).toMatchObject({ cached: 0 });
    expect(essence(afterMain)).toEqual(essence(afterInclude));
  });

  test('changed Schematron rules are run again', async () => {
    const before = await run();
    expect(before.diagnostics.some((d) => d.rule === 'date-invalid' && d.file === 'tei/register.xml')).toBe(false);
    edit(path.join(dir, 'schemas', 'edition.sch'), 'test="ed:real-date(normalize-space(.))"', 'test="false()"');
    const after = await run();
    expect(stages(after)).toContain('rules-schematron');
    expect(after.diagnostics.some((d) => d.rule === 'date-invalid' && d.file === 'tei/register.xml')).toBe(true);
    expect(after.schemas[0]).toMatchObject({ cached: 3 }); // the RelaxNG results did not depend on it
    expect(essence(after)).toEqual(essence(await fresh()));
  });

  test('a changed register re-evaluates the pointers of the documents that did not change', async () => {
    const before = await run();
    const unresolved = (report: ValidationReport): string[] => report.diagnostics.filter((d) => d.rule === 'pointer-unresolved').map((d) => `${d.file}:${d.line}`);
    expect(unresolved(before)).toHaveLength(1);
    // brezhnev is mentioned in carter-brezhnev-1979.xml, which does not change.
    edit(tei('register.xml'), '<person xml:id="brezhnev">', '<person xml:id="brezhnev-leonid">');
    const after = await run();
    expect(unresolved(after).filter((where) => where.startsWith('tei/carter-brezhnev-1979.xml')).length).toBeGreaterThan(1);
    expect(essence(after)).toEqual(essence(await fresh()));
  });

  test('--no-cache (cache: false) neither reads nor writes the cache', async () => {
    await fresh({ cacheDir });
    expect(fs.existsSync(cacheDir)).toBe(false);
  });
});
