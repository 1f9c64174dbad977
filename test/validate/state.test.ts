import * as fs from 'fs';
import * as path from 'path';
import { validateCollection, ValidationReport } from '../../src/validation';
import type { ValidateOptions } from '../../src/validation';
import { forgetStates } from '../../src/validation/state';
import { bundledWithMistakes, cacheStage, editFile, reportEssence, schematronChecked, stageNames, temporaryDir } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const generator = require('../../scripts/bench/generate.js') as { generateCollection(src: string, out: string, count: number): string[]; touchDocument(file: string, round?: number): void };

/**
 * The collection's state (src/validation/state.ts): a run whose file index vouches for a document's bytes
 * takes its results from the state, with no look-up in the cache, while their basis holds. Every input a
 * result depends on invalidates it when it changes: the document, a file its rules read, the schema or
 * the rules, the set of documents, the options. Each run is compared with a run without any cache.
 *
 * The file index vouches only for files last changed more than RACY_MARGIN_MS (2 s) before they were
 * read: `settle` waits that long after each change, so that the runs after it use the state.
 */
describe('the collection state of validate', () => {
  let dir: string;
  let cacheDir: string;
  const tei = (name: string): string => path.join(dir, 'tei', name);
  const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 2200));
  const run = (options: ValidateOptions = {}): Promise<ValidationReport> => validateCollection(['tei'], { cwd: dir, cache: true, cacheDir, ...options });
  const fresh = (options: ValidateOptions = {}): Promise<ValidationReport> => validateCollection(['tei'], { cwd: dir, ...options });
  /**
   * Runs until the state knows every file: the first run vouches for them and only marks that it ran
   * (state.ts: one-off runs write no state), the second writes the state, the third takes everything from it.
   */
  const warm = async (options: ValidateOptions = {}): Promise<ValidationReport> => {
    await settle();
    await run(options);
    expect(fs.readFileSync(stateFile(), 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
    await run(options);
    return run(options);
  };
  const stateFile = (): string => {
    const folder = path.join(cacheDir, 'validate', 'state');
    const [newest] = fs.readdirSync(folder).map((name) => path.join(folder, name)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
    return newest;
  };

  beforeEach(() => {
    dir = temporaryDir();
    cacheDir = path.join(dir, 'cache');
    bundledWithMistakes(dir);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('an unchanged collection is answered from the state: no look-up, nothing checked', async () => {
    const second = await warm();
    const uncached = await fresh();
    expect(uncached.summary.errors).toBeGreaterThanOrEqual(2);
    expect(cacheStage(second)).toBe('0 hit(s), 0 miss(es)');
    expect(stageNames(second)).not.toContain('schema-compile');
    expect(stageNames(second)).not.toContain('rules-schematron');
    expect(stageNames(second)).not.toContain('rules-collection');
    expect(second.schemas).toMatchObject([{ file: 'schemas/edition.rng', compileMs: null, documents: 3, cached: 3 }]);
    expect(reportEssence(second)).toEqual(reportEssence(uncached));
    expect(fs.readdirSync(path.join(cacheDir, 'validate', 'state'))).toHaveLength(1);
  });

  test('one edited document is checked again, alone; the others come from the state', async () => {
    await warm();
    editFile(tei('politburo-directive-1980.xml'), '</p>', ' (edited)</p>');
    await settle();
    const after = await run();
    expect(schematronChecked(after)).toBe(1);
    expect(stageNames(after)).not.toContain('rules-collection'); // no name, id or pointer changed
    expect(after.schemas[0]).toMatchObject({ documents: 3, cached: 2 });
    expect(reportEssence(after)).toEqual(reportEssence(await fresh()));
    // The run after takes the edited document from the state too.
    const again = await run();
    expect(cacheStage(again)).toBe('0 hit(s), 0 miss(es)');
    expect(reportEssence(again)).toEqual(reportEssence(after));
    // A new mistake in it (a pointer) is found, and the collection-wide rules run again.
    editFile(tei('politburo-directive-1980.xml'), /ref="register.xml#china"/, 'ref="register.xml#cathay"');
    await settle();
    const pointer = await run();
    expect(stageNames(pointer)).toContain('rules-collection');
    expect(pointer.diagnostics.some((d) => d.file === 'tei/politburo-directive-1980.xml' && d.rule === 'pointer-unresolved')).toBe(true);
    expect(reportEssence(pointer)).toEqual(reportEssence(await fresh()));
  });

  test('a changed file that the rules read checks again the documents that read it', async () => {
    const before = await warm();
    editFile(tei('register.xml'), '<person xml:id="brezhnev">', '<person xml:id="brezhnev-leonid">');
    await settle();
    const after = await run();
    expect(schematronChecked(after)).toBe(3); // the register, and both letters: they read it
    expect(after.diagnostics.filter((d) => d.rule === 'pointer-unresolved').length).toBeGreaterThan(before.diagnostics.filter((d) => d.rule === 'pointer-unresolved').length);
    expect(reportEssence(after)).toEqual(reportEssence(await fresh()));
  });

  test('a changed schema, or changed rules, check every document again', async () => {
    await warm();
    editFile(path.join(dir, 'schemas', 'edition.rng'), /name="persName"/g, 'name="personName"');
    const schemaChanged = await run();
    expect(schemaChanged.schemas[0]).toMatchObject({ documents: 3, cached: 0 });
    expect(schemaChanged.diagnostics.some((d) => d.rule === 'rng-element-unexpected')).toBe(true);
    expect(reportEssence(schemaChanged)).toEqual(reportEssence(await fresh()));
    expect(schematronChecked(schemaChanged)).toBe(0); // the rules did not depend on it
    editFile(path.join(dir, 'schemas', 'edition.sch'), 'test="ed:real-date(normalize-space(.))"', 'test="false()"');
    const rulesChanged = await run();
    expect(schematronChecked(rulesChanged)).toBe(3);
    expect(rulesChanged.schemas[0]).toMatchObject({ cached: 3 });
    expect(rulesChanged.diagnostics.some((d) => d.rule === 'date-invalid' && d.file === 'tei/register.xml')).toBe(true);
    expect(reportEssence(rulesChanged)).toEqual(reportEssence(await fresh()));
  });

  test("a schema's files are parsed again only when their bytes change: a changed include is followed", async () => {
    const main = path.join(dir, 'schemas', 'main.rng');
    const other = path.join(dir, 'schemas', 'other.rng');
    fs.writeFileSync(main, '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><include href="edition.rng"/></grammar>\n');
    fs.writeFileSync(other, fs.readFileSync(path.join(dir, 'schemas', 'edition.rng'), 'utf8').replace(/name="persName"/g, 'name="personName"'));
    const options: ValidateOptions = { schema: main };
    const before = await warm(options);
    expect(before.diagnostics.some((d) => d.rule === 'rng-element-unexpected')).toBe(false);
    // What each file includes is kept in the state (by its bytes), and read from the file by a new process.
    expect(fs.readFileSync(stateFile(), 'utf8').split('\n').filter((line) => line.startsWith('["o",'))).toHaveLength(2);
    fs.writeFileSync(main, '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><include href="other.rng"/></grammar>\n');
    forgetStates();
    const switched = await run(options);
    expect(switched.diagnostics.some((d) => d.rule === 'rng-element-unexpected')).toBe(true);
    expect(reportEssence(switched)).toEqual(reportEssence(await fresh(options)));
    editFile(other, /name="personName"/g, 'name="persName"');
    forgetStates();
    const included = await run(options);
    expect(included.diagnostics.some((d) => d.rule === 'rng-element-unexpected')).toBe(false);
    expect(reportEssence(included)).toEqual(reportEssence(await fresh(options)));
  });

  test('a changed document that names another schema now is checked against it (the one started ahead for it goes unused)', async () => {
    fs.writeFileSync(path.join(dir, 'schemas', 'second.rng'), fs.readFileSync(path.join(dir, 'schemas', 'edition.rng'), 'utf8').replace(/name="persName"/g, 'name="personName"'));
    await warm();
    editFile(tei('politburo-directive-1980.xml'), '../schemas/edition.rng', '../schemas/second.rng');
    await settle();
    const after = await run();
    expect(after.diagnostics.some((d) => d.file === 'tei/politburo-directive-1980.xml' && d.rule === 'rng-element-unexpected')).toBe(true);
    expect(reportEssence(after)).toEqual(reportEssence(await fresh()));
  });

  test('after one edit among more documents than LOOKUPS_WITHOUT_PACK (64), the few look-ups go to their own entry files: the pack is neither read nor written', async () => {
    const files = generator.generateCollection(path.join(dir, 'tei'), path.join(dir, 'many'), 70);
    const many = (options: ValidateOptions = {}): Promise<ValidationReport> => validateCollection(['many'], { cwd: dir, cache: true, cacheDir, ...options });
    await settle();
    for (let i = 0; i < 3; i++) await many(); // as warm(): the third run takes everything from the state
    const packs = path.join(cacheDir, 'validate', 'packs');
    const before = fs.readdirSync(packs).map((name) => [name, fs.statSync(path.join(packs, name)).mtimeMs]);
    generator.touchDocument(files.find((file) => file.endsWith('.xml') && !file.endsWith('register.xml'))!);
    await settle();
    const after = await many();
    expect(schematronChecked(after)).toBe(1);
    // A run counting more documents to look up would add this one's entries to the pack's journal.
    expect(fs.readdirSync(packs).map((name) => [name, fs.statSync(path.join(packs, name)).mtimeMs])).toEqual(before);
    expect(reportEssence(after)).toEqual(reportEssence(await validateCollection(['many'], { cwd: dir })));
  });

  test('a document added, then removed, changes the collection the rules see', async () => {
    const before = await warm();
    const later = fs.readFileSync(tei('register.xml'), 'utf8').replace(/xml:id="register"/, 'xml:id="later"').replace(/<person xml:id="([^"]+)">/g, '<person xml:id="later-$1">');
    fs.writeFileSync(tei('later.xml'), later);
    await settle();
    const added = await run();
    expect(added.files.map((file) => file.file)).toContain('tei/later.xml');
    expect(schematronChecked(added)).toBeGreaterThanOrEqual(1);
    expect(reportEssence(added)).toEqual(reportEssence(await fresh()));
    fs.rmSync(tei('later.xml'));
    const removed = await run();
    expect(removed.files.map((file) => file.file)).not.toContain('tei/later.xml');
    expect(reportEssence(removed)).toEqual(reportEssence(before));
  });

  test('other options are another state: each run reports what a run without the cache does', async () => {
    await warm();
    for (const options of [{ skipRules: true }, { skipSchema: true }, { rules: 'schemas/edition.sch' }, {}] as ValidateOptions[]) {
      const once = await run(options);
      const twice = await run(options);
      const uncached = await fresh(options);
      expect(reportEssence(once)).toEqual(reportEssence(uncached));
      expect(reportEssence(twice)).toEqual(reportEssence(uncached));
    }
  });

  test('a damaged state file is an empty state', async () => {
    const before = await warm();
    const folder = path.join(cacheDir, 'validate', 'state');
    const [file] = fs.readdirSync(folder);
    const [header] = fs.readFileSync(path.join(folder, file), 'utf8').split('\n');
    for (const damaged of [`${header}\n["s","[]"]\n["u",`, `${header}\n["u","${tei('register.xml')}",1,2]\n`, 'not json']) {
      fs.writeFileSync(path.join(folder, file), damaged);
      forgetStates(); // as a new process would, it reads the file
      const after = await run();
      expect(reportEssence(after)).toEqual(reportEssence(before));
    }
  });
});
