import * as fs from 'fs';
import * as path from 'path';
import { shouldPrestartRules, shouldPrestartSchemaWorker } from '../../src/cli/prestart';
import { validateCollection } from '../../src/validation';
import { prestartTypescriptWorker, takeSpareTypescriptWorker } from '../../src/validation/schema/typescript-spare';
import { temporaryDir } from './helpers';

const cwd = path.resolve('/project');
const noCache = (): boolean => false;
/** The project's default result cache and `my-cache` exist. */
const cached = (file: string): boolean => file === path.join(cwd, '.cache', 'tei-edition', 'validate') || file === path.resolve(cwd, 'my-cache', 'validate');

/** A prestart guess from the raw arguments, with TEI_EDITION_CACHE_DIR unset and the given files existing. */
function guesser(decide: (argv: string[], cwd: string, exists: (file: string) => boolean) => boolean, existing: (file: string) => boolean) {
  return (argv: string[], exists: (file: string) => boolean = existing): boolean => {
    const saved = process.env.TEI_EDITION_CACHE_DIR;
    delete process.env.TEI_EDITION_CACHE_DIR;
    try {
      return decide(argv, cwd, exists);
    } finally {
      if (saved !== undefined) process.env.TEI_EDITION_CACHE_DIR = saved;
    }
  };
}

/* When the CLI starts the rules worker ahead (src/cli/prestart.ts): a guess from the raw arguments. */
describe('starting the rules worker ahead', () => {
  const guess = guesser(shouldPrestartRules, noCache);

  test('when validate will run the rules and no cached results exist', () => {
    expect(guess(['validate'])).toBe(true);
    expect(guess(['validate', 'tei/a.xml', '--format', 'json'])).toBe(true);
    expect(guess(['--color', 'validate'])).toBe(true);
  });

  test('not when the rules will not run, nor for build (it loads SaxonJS on the main thread to publish)', () => {
    expect(guess(['validate', '--no-rules'])).toBe(false);
    expect(guess(['build', '--src', 'tei'])).toBe(false);
    expect(guess(['validate', '--help'])).toBe(false);
    expect(guess(['--version'])).toBe(false);
    expect(guess([])).toBe(false);
  });

  test('with a result cache, only when told not to use it', () => {
    expect(guess(['validate'], cached)).toBe(false);
    expect(guess(['validate', '--no-cache'], cached)).toBe(true);
    expect(guess(['validate', '--cache-dir', 'my-cache'], cached)).toBe(false);
    expect(guess(['validate', '--cache-dir=elsewhere'], cached)).toBe(true);
  });
});

/* When the CLI starts a worker of the RelaxNG engine ahead (src/validation/schema/typescript-spare.ts): validate on a result cache. */
describe('starting a schema worker ahead', () => {
  const guess = guesser(shouldPrestartSchemaWorker, cached);

  test('when validate runs on a result cache with the TypeScript engine', () => {
    expect(guess(['validate'])).toBe(true);
    expect(guess(['validate', 'tei', '--format', 'json', '--cache-dir', 'my-cache'])).toBe(true);
    expect(guess(['validate', '--engine', 'relaxng'])).toBe(true);
  });

  test('not without a cache, nor with xmllint, nor for other commands', () => {
    expect(guess(['validate'], () => false)).toBe(false);
    expect(guess(['validate', '--no-cache'])).toBe(false);
    expect(guess(['validate', '--cache-dir=elsewhere'])).toBe(false);
    expect(guess(['validate', '--engine', 'xmllint'])).toBe(false);
    expect(guess(['validate', '--engine=xmllint'])).toBe(false);
    expect(guess(['build', '--src', 'tei'])).toBe(false);
    expect(guess(['validate', '--help'])).toBe(false);
  });
});

/* The worker started ahead is a worker like any other: the first schema takes it, and validates as with its own. */
describe('a schema worker started ahead', () => {
  let dir: string;
  beforeAll(() => {
    dir = temporaryDir();
    fs.writeFileSync(path.join(dir, 'ids.rng'), `<grammar xmlns="http://relaxng.org/ns/structure/1.0" datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <start><element name="doc"><oneOrMore><element name="item"><optional><attribute name="id"><data type="ID"/></attribute></optional><optional><attribute name="when"><data type="date"/></attribute></optional><text/></element></oneOrMore></element></start>
</grammar>`);
    fs.writeFileSync(path.join(dir, 'doc.xml'), ['<doc>', '  <item id="a">one</item>', '  <item id="a" when="2024-02-30">two</item>', '  <other/>', '</doc>', ''].join('\n'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('is taken by the first schema, which reports what a worker of its own reports', async () => {
    const alone = await validateCollection(['doc.xml'], { cwd: dir, schema: 'ids.rng', skipRules: true, engine: 'relaxng' });
    expect(alone.diagnostics.length).toBeGreaterThan(1);
    prestartTypescriptWorker();
    const ahead = await validateCollection(['doc.xml'], { cwd: dir, schema: 'ids.rng', skipRules: true, engine: 'relaxng' });
    // Taken: none left for another.
    expect(takeSpareTypescriptWorker()).toBeUndefined();
    expect(ahead.diagnostics).toEqual(alone.diagnostics);
    expect(ahead.files).toEqual(alone.files);
  });
});
