import * as fs from 'fs';
import * as path from 'path';
import { validateCollection, ValidationReport } from '../../src/validation';
import type { EngineChoice } from '../../src/validation/schema/engine';
import { FIXTURES, temporaryDir } from './helpers';

/**
 * The schema layer validates a document kept in several files with its includes in place (xmllint --xinclude, oXygen):
 * a teiCorpus root that includes its register and its sittings, a book that includes its chapters. Each finding is
 * reported in the file, line and column where the markup is written; a file included is checked as part of the
 * document that includes it, not alone (a chapter that is a bare <div>, a listPerson file, are not TEI documents).
 * The fixture's schema is small and its own (test/fixtures/validate/xinclude-expanded/schema.rng).
 */

const FIXTURE = path.join(FIXTURES, 'xinclude-expanded');

/** The fixture copied into a working folder of its own (the cache tests edit it). */
function copy(): string {
  const cwd = temporaryDir();
  fs.cpSync(FIXTURE, path.join(cwd, 'x'), { recursive: true });
  return cwd;
}

/** Dates every file of a folder `seconds` back: the file index then vouches for their bytes by their stat (the state's path). */
function age(dir: string, seconds: number): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    if (entry.isFile()) fs.utimesSync(file, new Date(Date.now() - seconds * 1000), new Date(Date.now() - seconds * 1000));
  }
}

const lines = (report: ValidationReport): string[] => report.diagnostics.filter((d) => d.layer === 'schema' || d.layer === 'wellformed').map((d) => `${d.file}:${d.line}:${d.column} ${d.rule} ${d.message}`);
const verdicts = (report: ValidationReport): Record<string, string> => Object.fromEntries(report.files.map((file) => [file.file, file.schemas.map((schema) => schema.verdict).join(',')]));

describe.each<EngineChoice>(['relaxng', 'xmllint'])('XInclude in the schema layer (%s engine)', (engine) => {
  test('a corpus and a book are valid or not as wholes; each finding is in the file where its markup is', async () => {
    const cwd = copy();
    const report = await validateCollection(['x'], { cwd, engine, skipRules: true });
    const found = lines(report);
    // Not `<xi:include> is not allowed here` in corpus.xml and book.xml, nor `<listPerson>`/`<div>` not allowed as a root.
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^x\/chapters\/ch2\.xml:3:6 rng-[a-z-]+ xml:id="start" is already used in x\/chapters\/ch1\.xml on line 3; identifiers must be unique$/);
    expect(found[1]).toMatch(/^x\/sittings\/one\.xml:8:41 rng-element-unexpected <bogus> is not allowed here inside <u>/);
    expect(verdicts(report)).toEqual({
      'x/book.xml': 'invalid', 'x/chapters/ch1.xml': 'valid', 'x/chapters/ch2.xml': 'invalid',
      'x/corpus.xml': 'invalid', 'x/people.xml': 'valid', 'x/sittings/one.xml': 'invalid', 'x/sittings/two.xml': 'valid',
    });
  });
});

describe('XInclude in the schema layer', () => {
  test('a corpus validated alone is validated with the files it includes, and reports what is wrong in them', async () => {
    const cwd = copy();
    const report = await validateCollection(['x/corpus.xml'], { cwd, skipRules: true });
    expect(lines(report)).toEqual([expect.stringMatching(/^x\/sittings\/one\.xml:8:41 rng-element-unexpected /)]);
    expect(report.files.map((file) => file.file)).toEqual(['x/corpus.xml']);
    expect(report.summary.errors).toBe(1);
    // The files it includes are read: xinclude-unresolved finds them (it said "names no file of the collection" of each).
    const withRules = await validateCollection(['x/corpus.xml'], { cwd });
    expect(withRules.diagnostics.filter((d) => d.rule === 'xinclude-unresolved')).toEqual([]);
  });

  test('a sitting validated alone (its corpus not named) is validated as written', async () => {
    const cwd = copy();
    const report = await validateCollection(['x/sittings/one.xml'], { cwd, skipRules: true });
    expect(lines(report)).toEqual([expect.stringMatching(/^x\/sittings\/one\.xml:8:41 rng-element-unexpected /)]);
  });

  test('a change in an included file validates the corpus again, though the corpus did not change (result cache and state)', async () => {
    const cwd = copy();
    age(path.join(cwd, 'x'), 60);
    const cacheDir = path.join(cwd, 'cache');
    const run = (): Promise<ValidationReport> => validateCollection(['x'], { cwd, cache: true, cacheDir, skipRules: true });
    const before = lines(await run());
    // Three runs: the first leaves a mark, the second the collection's state, the third answers from it.
    expect(lines(await run())).toEqual(before);
    const warm = await run();
    expect(lines(warm)).toEqual(before);
    const two = path.join(cwd, 'x', 'sittings', 'two.xml');
    // Same size, other bytes, same times: only the bytes tell (the file index hashes a file whose stat changed).
    fs.writeFileSync(two, fs.readFileSync(two, 'utf8').replace('<p>As ', '<q>As ').replace(' yesterday.</p>', ' yesterday.</q>'));
    const after = lines(await run());
    expect(after).toEqual([...before, 'x/sittings/two.xml:7:7 rng-content-missing <u> is incomplete: a required <p> is missing',
      'x/sittings/two.xml:7:21 rng-element-unexpected <q> is not allowed here inside <u>; the schema defines no element <q>']);
    age(path.join(cwd, 'x'), 30);
    expect(lines(await run())).toEqual(after);
    // And back: valid again.
    fs.writeFileSync(two, fs.readFileSync(path.join(FIXTURE, 'sittings', 'two.xml')));
    expect(lines(await run())).toEqual(before);
    const people = path.join(cwd, 'x', 'people.xml');
    fs.writeFileSync(people, fs.readFileSync(people, 'utf8').replace('<persName>Ben Franklin</persName>', ''));
    const missing = lines(await run());
    expect(missing).toHaveLength(3);
    expect(missing[1]).toMatch(/^x\/people\.xml:4:3 rng-content-missing /);
  });

  test('an included root in no namespace stays in none; a fallback stands in for a file that is not there', async () => {
    const cwd = copy();
    fs.writeFileSync(path.join(cwd, 'x', 'chapters', 'ch1.xml'), '<div xml:id="c1">\n  <p>No namespace.</p>\n</div>\n');
    const report = await validateCollection(['x/book.xml'], { cwd, skipRules: true });
    expect(lines(report)).toEqual([expect.stringMatching(/^x\/chapters\/ch1\.xml:1:1 rng-namespace <div> is in no namespace/)]);
  });

  test('a corpus saved as UTF-16 is read as such by both engines', async () => {
    const cwd = copy();
    const corpus = path.join(cwd, 'x', 'corpus.xml');
    const text = fs.readFileSync(corpus, 'utf8').replace('encoding="UTF-8"', 'encoding="UTF-16"').replace('Minutes of the assembly', 'Procès-verbaux');
    fs.writeFileSync(corpus, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    for (const engine of ['relaxng', 'xmllint'] as EngineChoice[]) {
      const report = await validateCollection(['x/corpus.xml'], { cwd, engine, skipRules: true });
      expect(lines(report)).toEqual([expect.stringMatching(/^x\/sittings\/one\.xml:8:41 rng-element-unexpected /)]);
    }
  });

  test('hostile: an include out of the folder, a URL and a loop are not followed; what lies outside is never read', async () => {
    const root = temporaryDir();
    const cwd = path.join(root, 'work');
    fs.mkdirSync(path.join(cwd, 'x'), { recursive: true });
    fs.writeFileSync(path.join(root, 'secret.xml'), '<div xmlns="http://www.tei-c.org/ns/1.0"><p>SECRET-CANARY</p></div>');
    for (const name of ['schema.rng']) fs.copyFileSync(path.join(FIXTURE, name), path.join(cwd, 'x', name));
    const XI = 'xmlns:xi="http://www.w3.org/2001/XInclude"';
    fs.writeFileSync(path.join(cwd, 'x', 'a.xml'), `<div xmlns="http://www.tei-c.org/ns/1.0" ${XI}><p>A</p><xi:include href="b.xml"/></div>`);
    fs.writeFileSync(path.join(cwd, 'x', 'b.xml'), `<div xmlns="http://www.tei-c.org/ns/1.0" ${XI}><p>B</p><xi:include href="a.xml"/></div>`);
    fs.writeFileSync(path.join(cwd, 'x', 'book.xml'), [
      '<?xml-model href="schema.rng" schematypens="http://relaxng.org/ns/structure/1.0"?>',
      `<TEI xmlns="http://www.tei-c.org/ns/1.0" ${XI}><teiHeader><title>T</title></teiHeader><text><body>`,
      '<xi:include href="../../secret.xml"/>',
      '<xi:include href="%2E%2E/%2E%2E/secret.xml"/>',
      '<xi:include href="https://example.org/x.xml"/>',
      '<xi:include href="book.xml"/>',
      '<xi:include href="a.xml"/>',
      '</body></text></TEI>',
    ].join('\n'));
    const report = await validateCollection(['x/book.xml'], { cwd });
    expect(JSON.stringify(report)).not.toContain('SECRET-CANARY');
    const found = report.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.rule}`);
    // Each include not followed stays as written: the schema does not allow it, and xinclude-unresolved says why.
    for (const line of [3, 4, 5, 6]) {
      expect(found).toContain(`x/book.xml:${line}:1 rng-element-unexpected`);
      expect(found).toContain(`x/book.xml:${line}:1 xinclude-unresolved`);
    }
    // a.xml is included (its loop back through b.xml is not followed): its own include of b.xml is in place, b's of a stays.
    expect(found).toContain('x/book.xml:7:1 xinclude-unresolved');
    expect(found).not.toContain('x/book.xml:7:1 rng-element-unexpected');
  });
});
