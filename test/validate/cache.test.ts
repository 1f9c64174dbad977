import * as fs from 'fs';
import * as path from 'path';
import { validateCollection, ValidationReport } from '../../src/validation';
import type { ValidateOptions } from '../../src/validation';
import { REPO_ROOT } from '../support/shared';
import { bundledWithMistakes, cacheStage, editFile, reportEssence, runCli, schematronChecked, stageNames, temporaryDir } from './helpers';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { generateCollection } = require('../../scripts/bench/generate') as { generateCollection(srcDir: string, outDir: string, count: number): string[] };


/**
 * The persistent result cache never gives a stale answer: a cached run reports exactly what a fresh
 * run does, and every input a result depends on (the document, the schema and the files it includes,
 * the Schematron rules, the other documents the rules look into) invalidates it when it changes.
 */
describe.each(['relaxng', 'xmllint'] as const)('the validation result cache (%s engine)', (engine) => {
  let dir: string;
  let cacheDir: string;
  const tei = (name: string): string => path.join(dir, 'tei', name);
  const run = (options: ValidateOptions = {}): Promise<ValidationReport> => validateCollection(['tei'], { cwd: dir, engine, cache: true, cacheDir, ...options });
  const fresh = (options: ValidateOptions = {}): Promise<ValidationReport> => validateCollection(['tei'], { cwd: dir, engine, ...options });
      const unresolved = (report: ValidationReport): string[] => report.diagnostics.filter((d) => d.rule === 'pointer-unresolved').map((d) => `${d.file}:${d.line}`);

  beforeEach(() => {
    dir = temporaryDir();
    cacheDir = path.join(dir, 'cache');
    bundledWithMistakes(dir);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a cached run reports exactly what a run without the cache does', async () => {
    const first = await run();
    const second = await run();
    const uncached = await fresh();
    expect(uncached.summary.errors).toBeGreaterThanOrEqual(2);
    expect(reportEssence(first)).toEqual(reportEssence(uncached));
    expect(reportEssence(second)).toEqual(reportEssence(uncached));
    // Per document: its digest (well-formed, its prolog, the collection rules' facts), a RelaxNG result, a
    // Schematron result and (while the collection's result is not known) name-spelling-drift's result;
    // and the collection-wide rules' results for the whole run.
    expect(cacheStage(first)).toBe('0 hit(s), 13 miss(es)');
    // (The first run leaves no collection state, only a mark that it ran: src/validation/state.ts.)
    expect(cacheStage(second)).toBe('10 hit(s), 0 miss(es)');
    expect(schematronChecked(first)).toBe(3);
    expect(stageNames(second)).not.toContain('schema-compile');
    expect(stageNames(second)).not.toContain('rules-schematron');
    expect(stageNames(second)).not.toContain('rules-collection');
    expect(second.schemas).toEqual([{ file: 'schemas/edition.rng', engine, reason: `chosen with --engine ${engine}`, compileMs: null, documents: 3, cached: 3 }]);
    expect(stageNames(uncached)).not.toContain('cache');
  });

  test('a changed document is validated again; the others come from the cache', async () => {
    await run();
    editFile(tei('register.xml'), /<person xml:id="brezhnev">/, '<person xml:id="brezhnev" colour="red">');
    const after = await run();
    expect(reportEssence(after)).toEqual(reportEssence(await fresh()));
    expect(after.diagnostics.some((d) => d.file === 'tei/register.xml' && d.rule === 'rng-attribute-invalid')).toBe(true);
    expect(after.schemas[0]).toMatchObject({ documents: 3, cached: 2 });
  });

  test('an edited document is the only one the Schematron rules check again, when no other reads it', async () => {
    await run();
    editFile(tei('politburo-directive-1980.xml'), '</p>', ' (edited)</p>');
    const after = await run();
    expect(schematronChecked(after)).toBe(1);
    // The collection-wide rules read no text but names, ids and pointers (DocumentDigest.rulesRead): a word
    // more in a paragraph leaves their result in the cache.
    expect(stageNames(after)).not.toContain('rules-collection');
    expect(reportEssence(after)).toEqual(reportEssence(await fresh()));
    // A new mistake in it is found; a changed pointer runs the collection-wide rules again.
    editFile(tei('politburo-directive-1980.xml'), /ref="register.xml#china"/, 'ref="register.xml#cathay"');
    const again = await run();
    expect(schematronChecked(again)).toBe(1);
    expect(stageNames(again)).toContain('rules-collection');
    expect(unresolved(again).some((where) => where.startsWith('tei/politburo-directive-1980.xml'))).toBe(true);
    expect(reportEssence(again)).toEqual(reportEssence(await fresh()));
  });

  test('a name spelt differently runs the collection-wide rules again (its ids and pointers did not change)', async () => {
    const before = await run();
    const drift = (report: ValidationReport): string[] => report.diagnostics.filter((d) => d.rule === 'name-spelling-drift' && d.file === 'tei/politburo-directive-1980.xml').map((d) => d.message);
    editFile(tei('politburo-directive-1980.xml'), '<persName ref="register.xml#gromyko">Gromyko</persName>', '<persName ref="register.xml#gromyko">Gormyko</persName>');
    const after = await run();
    expect(stageNames(after)).toContain('rules-collection');
    expect(drift(after).length).toBe(drift(before).length + 1);
    expect(reportEssence(after)).toEqual(reportEssence(await fresh()));
  });

  test('a changed schema, or a changed file it includes, revalidates every document', async () => {
    fs.writeFileSync(path.join(dir, 'schemas', 'main.rng'), '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><include href="edition.rng"/></grammar>\n');
    const schema = path.join(dir, 'schemas', 'main.rng');
    const before = await run({ schema });
    expect(before.diagnostics.some((d) => d.rule === 'rng-element-unexpected')).toBe(false);
    // The included file changes: <persName> is no longer defined.
    editFile(path.join(dir, 'schemas', 'edition.rng'), /name="persName"/g, 'name="personName"');
    const afterInclude = await run({ schema });
    expect(afterInclude.schemas[0]).toMatchObject({ file: 'schemas/main.rng', cached: 0 });
    expect(afterInclude.diagnostics.some((d) => d.rule === 'rng-element-unexpected')).toBe(true);
    expect(reportEssence(afterInclude)).toEqual(reportEssence(await fresh({ schema })));
    // The main file changes.
    fs.writeFileSync(schema, '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><include href="edition.rng"/>\n</grammar>\n');
    const afterMain = await run({ schema });
    expect(afterMain.schemas[0]).toMatchObject({ cached: 0 });
    expect(reportEssence(afterMain)).toEqual(reportEssence(afterInclude));
  });

  test('changed Schematron rules are run again', async () => {
    const before = await run();
    expect(before.diagnostics.some((d) => d.rule === 'date-invalid' && d.file === 'tei/register.xml')).toBe(false);
    editFile(path.join(dir, 'schemas', 'edition.sch'), 'test="ed:real-date(normalize-space(.))"', 'test="false()"');
    const after = await run();
    expect(stageNames(after)).toContain('rules-schematron');
    expect(after.diagnostics.some((d) => d.rule === 'date-invalid' && d.file === 'tei/register.xml')).toBe(true);
    expect(schematronChecked(after)).toBe(3);
    expect(after.schemas[0]).toMatchObject({ cached: 3 }); // the RelaxNG results did not depend on it
    expect(reportEssence(after)).toEqual(reportEssence(await fresh()));
  });

  test('a changed register re-evaluates the pointers of the documents that did not change', async () => {
    const before = await run();
    expect(unresolved(before)).toHaveLength(1);
    // brezhnev is mentioned in carter-brezhnev-1979.xml, which does not change.
    editFile(tei('register.xml'), '<person xml:id="brezhnev">', '<person xml:id="brezhnev-leonid">');
    const after = await run();
    expect(unresolved(after).filter((where) => where.startsWith('tei/carter-brezhnev-1979.xml')).length).toBeGreaterThan(1);
    // The register, and both letters: they read it.
    expect(schematronChecked(after)).toBe(3);
    expect(reportEssence(after)).toEqual(reportEssence(await fresh()));
  });

  test('a pointer into a file that does not exist is checked again when the file appears, and when it goes', async () => {
    // (The RelaxNG schema wants register.xml: the rules are what this is about.)
    const missing = (report: ValidationReport): boolean =>
      report.diagnostics.some((d) => d.file === 'tei/carter-brezhnev-1979.xml' && d.rule === 'pointer-unresolved' && d.message.includes('later.xml is not a document of the collection'));
    editFile(tei('carter-brezhnev-1979.xml'), 'ref="register.xml#nobody"', 'ref="later.xml#later-nobody"');
    const before = await run();
    expect(missing(before)).toBe(true);
    const later = fs.readFileSync(tei('register.xml'), 'utf8').replace(/xml:id="register"/, 'xml:id="later"').replace('<person xml:id="carter">', '<person xml:id="later-nobody">');
    fs.writeFileSync(tei('later.xml'), later);
    const appeared = await run();
    expect(missing(appeared)).toBe(false);
    expect(appeared.diagnostics.filter((d) => d.file === 'tei/carter-brezhnev-1979.xml' && d.layer === 'rules' && d.message.includes('later.xml'))).toEqual([]);
    expect(schematronChecked(appeared)).toBeGreaterThanOrEqual(2); // later.xml, new; the letter, which reads it
    expect(reportEssence(appeared)).toEqual(reportEssence(await fresh()));
    fs.rmSync(tei('later.xml'));
    const gone = await run();
    expect(missing(gone)).toBe(true);
    expect(reportEssence(gone)).toEqual(reportEssence(before));
  });

  test('a register deleted, or no longer well-formed, leaves no stale clean result: the pointers into it fail', async () => {
    const before = await run();
    expect(unresolved(before)).toHaveLength(1);
    const register = fs.readFileSync(tei('register.xml'), 'utf8');
    fs.writeFileSync(tei('register.xml'), register.replace('</TEI>', ''));
    const malformed = await run();
    expect(unresolved(malformed).filter((where) => where.startsWith('tei/politburo-directive-1980.xml')).length).toBeGreaterThan(1);
    expect(reportEssence(malformed)).toEqual(reportEssence(await fresh()));
    fs.rmSync(tei('register.xml'));
    const deleted = await run();
    expect(unresolved(deleted).filter((where) => where.startsWith('tei/politburo-directive-1980.xml')).length).toBeGreaterThan(1);
    expect(reportEssence(deleted)).toEqual(reportEssence(await fresh()));
    // Back as it was: the results are those of the first run.
    fs.writeFileSync(tei('register.xml'), register);
    const restored = await run();
    expect(reportEssence(restored)).toEqual(reportEssence(before));
  });

  test('--no-cache (cache: false) neither reads nor writes the cache', async () => {
    await fresh({ cacheDir });
    expect(fs.existsSync(cacheDir)).toBe(false);
  });
});

/*
 * The rules record the files they read per SaxonJS transformation, and documents that point into the same
 * files share transformations: a changed file is checked again in the documents that read it, not in the
 * others.
 */
describe('documents that do not read a changed file', () => {
  let dir: string;
  const tei = (name: string): string => path.join(dir, 'tei', name);
  const run = (): Promise<ValidationReport> => validateCollection(['tei'], { cwd: dir, cache: true, cacheDir: path.join(dir, 'cache') });

  beforeEach(() => {
    dir = temporaryDir();
    // Twelve letters, each pointing into the register, and a memo that names no one.
    generateCollection(path.join(REPO_ROOT, 'tei'), path.join(dir, 'tei'), 12);
    const associations = fs.readFileSync(tei('register.xml'), 'utf8').match(/<\?xml-model[^>]*\?>/g)!.join('\n');
    fs.writeFileSync(
      tei('memo.xml'),
      `<?xml version="1.0" encoding="UTF-8"?>\n${associations}\n<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="memo"><teiHeader><fileDesc><titleStmt><title>Memo</title></titleStmt>` +
        '<publicationStmt><p>Unpublished.</p></publicationStmt><sourceDesc><p>Born digital.</p></sourceDesc></fileDesc></teiHeader><text><body><p>No one is named.</p></body></text></TEI>\n',
    );
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('keep their Schematron results when the register changes', async () => {
    expect(schematronChecked(await run())).toBe(14);
    const register = fs.readFileSync(tei('register.xml'), 'utf8');
    fs.writeFileSync(tei('register.xml'), register.replace('<person xml:id="brezhnev">', '<person xml:id="brezhnev-leonid">'));
    const after = await run();
    expect(schematronChecked(after)).toBe(13); // the register and the twelve letters, not the memo
    expect(after.diagnostics.filter((d) => d.rule === 'pointer-unresolved').length).toBeGreaterThan(0);
    expect(reportEssence(after)).toEqual(reportEssence(await validateCollection(['tei'], { cwd: dir })));
  });
});

/*
 * A cold `validate` runs the rules in the rules worker (started ahead by the CLI when no cached results
 * exist): what it read is recorded too, so its results are reused only while those files are unchanged.
 */
describe('results from the rules worker', () => {
  test('are checked again when a file they read changes, as results from this thread are', () => {
    const dir = temporaryDir();
    try {
      fs.cpSync(path.join(REPO_ROOT, 'tei'), path.join(dir, 'tei'), { recursive: true });
      fs.cpSync(path.join(REPO_ROOT, 'schemas'), path.join(dir, 'schemas'), { recursive: true });
      const env = { TEI_EDITION_CACHE_DIR: path.join(dir, 'cache') }; // none yet: the worker is started
      const validate = (...args: string[]): ValidationReport => JSON.parse(runCli(['validate', 'tei', '--format', 'json', ...args], { cwd: dir, env }).stdout) as ValidationReport;
      const cold = validate();
      expect(cold.summary.errors).toBe(0);
      expect(schematronChecked(cold)).toBe(3);
      const register = path.join(dir, 'tei', 'register.xml');
      fs.writeFileSync(register, fs.readFileSync(register, 'utf8').replace('<person xml:id="brezhnev">', '<person xml:id="brezhnev-leonid">'));
      const after = validate();
      expect(after.summary.errors).toBeGreaterThan(0);
      expect(schematronChecked(after)).toBe(3); // the register, and the two letters that read it
      expect(reportEssence(after)).toEqual(reportEssence(validate('--no-cache')));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
