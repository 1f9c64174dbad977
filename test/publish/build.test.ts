import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { recoverInterruptedRuns, writeFolderAtomically } from '../../src/publish/atomic-output';
import { buildEdition } from '../../src/publish/build';
import { buildInChild, PINNED_EDITION, publish, PUBLISH_FIXTURES, read, TEI_DIR, temporaryDir } from '../support/publish';
import { REPO_ROOT } from '../support/shared';

const DEAD_PID = 2147483646;

function withPreviousEdition(): string {
  const out = path.join(temporaryDir('atomic'), 'dist');
  fs.mkdirSync(path.join(out, 'html'), { recursive: true });
  fs.writeFileSync(path.join(out, 'html', 'previous.html'), 'previous edition');
  return out;
}

function siblings(out: string): string[] {
  return fs.readdirSync(path.dirname(out)).sort();
}

/**
 * `tei-edition build` run from the repository, with a cache folder of its own: by default the cache is
 * .cache/tei-edition under the working folder, which every suite's runs from the repository would share
 * (and suites run in parallel), so a run could find another's entries, or half of them.
 */
function cliBuild(args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['bin/tei-edition.js', 'build', ...args, '--cache-dir', temporaryDir('cli-cache')], { cwd: REPO_ROOT, encoding: 'utf8' });
}

// On the main thread and in worker threads alike (src/publish/workers.ts): the same failures, the same messages.
describe.each([
  ['on the main thread', 0],
  ['in worker threads', 2],
])('per-document isolation (documented policy: publish the rest, report the failures, exit non-zero), %s', (_where, workers) => {
  test('a malformed file and a document that would overwrite another are named; the good one is published', async () => {
    const { out, result } = await publish(path.join(PUBLISH_FIXTURES, 'isolation'), { workers });
    expect(result.published).toBe(true);
    expect(result.documents).toEqual(['good.xml']);
    expect(result.failed.sort()).toEqual(['malformed.xml', 'same-id.xml']);
    const malformed = result.diagnostics.find((d) => d.file.endsWith('isolation/malformed.xml'))!;
    expect(malformed).toMatchObject({ severity: 'error', layer: 'build', rule: 'xml-malformed', line: 4, column: 50 });
    expect(malformed.column).toBeGreaterThan(0);
    const duplicate = result.diagnostics.find((d) => d.file.endsWith('isolation/same-id.xml'))!;
    expect(duplicate).toMatchObject({ severity: 'error', layer: 'build', rule: 'document-name-duplicate' });
    expect(duplicate.message).toMatch(/documents\/good\.html, like good\.xml.*<TEI> element a unique xml:id/);
    expect(read(path.join(out, 'html', 'documents', 'good.html'))).toContain('This document is fine');
    expect(read(path.join(out, 'html', 'index.html'))).not.toMatch(/malformed|Another document/);
    expect(read(path.join(out, 'text', 'edition.txt'))).not.toContain('Another document');
  });

  test('three documents of one name, the later two from the cache: the first in collection order is published, the others named', async () => {
    // Cached documents settle first (b, then c, which loses its name to b), then a is rendered and takes the name
    // from b: c had lost its name to a document that had lost it too, and the build stopped with a TypeError
    // (found by the repetition fuzzer, whose mutants of one source shared their TEI/@xml:id).
    const src = temporaryDir('three-names');
    const cacheDir = temporaryDir('three-names-cache');
    const write = (file: string): void => fs.writeFileSync(path.join(src, `${file}.xml`),
      `<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="same"><teiHeader><fileDesc><titleStmt><title>Copy ${file}</title></titleStmt></fileDesc></teiHeader><text><body><p>words</p></body></text></TEI>`);
    write('b');
    write('c');
    await publish(src, { workers, cache: true, cacheDir });
    write('a');
    const { out, result } = await publish(src, { workers, cache: true, cacheDir });
    expect(result.documents).toEqual(['a.xml']);
    expect(result.failed.sort()).toEqual(['b.xml', 'c.xml']);
    expect(result.diagnostics.map((d) => [path.basename(d.file), d.rule, d.message.replace(/:.*/, '')])).toEqual([
      ['b.xml', 'document-name-duplicate', 'publishes as html/documents/same.html, like a.xml'],
      ['c.xml', 'document-name-duplicate', 'publishes as html/documents/same.html, like a.xml'],
    ]);
    expect(read(path.join(out, 'html', 'documents', 'same.html'))).toContain('Copy a');
  });

  test('a pathologically nested document is refused with an error naming it; the rest is published', async () => {
    const src = temporaryDir('deep');
    fs.copyFileSync(path.join(PUBLISH_FIXTURES, 'isolation', 'good.xml'), path.join(src, 'good.xml'));
    const depth = 3000;
    fs.writeFileSync(path.join(src, 'deep.xml'), `<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="deep"><teiHeader><fileDesc><titleStmt><title>Deep</title></titleStmt></fileDesc></teiHeader><text><body><p>${'<hi>'.repeat(depth)}words${'</hi>'.repeat(depth)}</p></body></text></TEI>`);
    const { result } = await publish(src, { workers });
    expect(result.documents).toEqual(['good.xml']);
    expect(result.failed).toEqual(['deep.xml']);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ severity: 'error', rule: 'transform-failed' });
    expect(result.diagnostics[0].file).toMatch(/deep\.xml$/);
    expect(result.diagnostics[0].message).toMatch(/nests elements too deeply/);
  });

});

describe('worker threads and their heap limit', () => {
  test('a document too large for a thread\'s heap is rendered on a thread of its own: published as the main thread publishes it', async () => {
    const src = temporaryDir('large');
    fs.copyFileSync(path.join(TEI_DIR, 'register.xml'), path.join(src, 'register.xml'));
    // A letter of 2 MB (its first paragraph 3,000 times), against a limit of 60 MB of heap per thread.
    const letter = read(path.join(TEI_DIR, 'carter-brezhnev-1979.xml'));
    const start = letter.indexOf('<p>', letter.indexOf('<body'));
    const end = letter.indexOf('</p>', start) + 4;
    fs.writeFileSync(path.join(src, 'large.xml'), letter.slice(0, end) + letter.slice(start, end).replace(/ xml:id="[^"]*"/g, '').repeat(3000) + letter.slice(end));
    const limit = process.env.TEI_EDITION_THREAD_HEAP_MB;
    process.env.TEI_EDITION_THREAD_HEAP_MB = '60';
    try {
      const threads = await publish(src, { workers: 2 });
      expect(threads.result.diagnostics).toEqual([]);
      expect(threads.result.documents).toEqual(['large.xml']);
      // The main thread's build in a child process, where SaxonJS runs faster than in Jest's sandbox (about half the CPU).
      const mainOut = path.join(temporaryDir('large-main'), 'dist');
      const main = buildInChild(src, undefined, mainOut, { workers: 0 });
      expect(main.diagnostics).toEqual([]);
      for (const file of ['html/documents/carter-brezhnev-1979.html', 'text/carter-brezhnev-1979.txt', 'text/edition.txt']) {
        expect(read(path.join(threads.out, file))).toBe(read(path.join(mainOut, file)));
      }
    } finally {
      if (limit === undefined) delete process.env.TEI_EDITION_THREAD_HEAP_MB;
      else process.env.TEI_EDITION_THREAD_HEAP_MB = limit;
    }
  }, 600_000);
});

describe('per-document isolation in the CLI', () => {
  test('the CLI prints file:line:column, severity and message (validate\'s formatter) and exits 1, having published the rest', () => {
    const out = path.join(temporaryDir('cli'), 'dist');
    const run = cliBuild(['--src', path.join(PUBLISH_FIXTURES, 'isolation'), '--out', out, '--no-validate']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/test\/fixtures\/publish\/isolation\/malformed\.xml:4:50 +error +cannot be parsed/);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no traceback
    expect(fs.existsSync(path.join(out, 'html', 'documents', 'good.html'))).toBe(true);
  });
});

describe('atomic output', () => {
  test('an invalid collection is never published: the previous output is left untouched', async () => {
    const out = withPreviousEdition();
    const invalid = { file: 'tei/x.xml', line: 3, column: 4, severity: 'error' as const, rule: 'rng-invalid', layer: 'schema' as const, message: 'invalid' };
    const result = await buildEdition({ src: TEI_DIR, out, validate: true, edition: PINNED_EDITION, cacheDir: temporaryDir('atomic-cache'), validator: async () => ({ diagnostics: [invalid] }) });
    expect(result.published).toBe(false);
    expect(result.diagnostics).toEqual([invalid]);
    expect(fs.readdirSync(out)).toEqual(['html']);
    expect(read(path.join(out, 'html', 'previous.html'))).toBe('previous edition');
    expect(siblings(out)).toEqual(['dist']);
  });

  test('with the real validator: an invalid document stops the build, reported like `validate`, exit 1, dist untouched', () => {
    const src = path.join(temporaryDir('invalid'), 'tei');
    fs.cpSync(TEI_DIR, src, { recursive: true });
    const letter = path.join(src, 'carter-brezhnev-1979.xml');
    fs.writeFileSync(letter, read(letter).replace('<note type="editorial" n="2"', '<note n="2"'));
    const out = withPreviousEdition();
    const run = cliBuild(['--src', src, '--out', out]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/carter-brezhnev-1979\.xml:\d+:\d+ +error +/);
    expect(run.stderr).toMatch(/Nothing published; .* is unchanged\./);
    expect(read(path.join(out, 'html', 'previous.html'))).toBe('previous edition');
    expect(siblings(out)).toEqual(['dist']);
  });

  test('without a validator of its own, the build validates with the real validator: it runs on every file, and an invalid document stops the build', async () => {
    const stages = new Map<string, number>();
    const out = withPreviousEdition();
    const result = await buildEdition({ src: TEI_DIR, out, validate: true, edition: PINNED_EDITION, cache: false, onStage: (event) => stages.set(event.stage, event.files) });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.published).toBe(true);
    expect(stages.get('validate')).toBe(fs.readdirSync(TEI_DIR).filter((name) => name.endsWith('.xml')).length);

    // The same collection (its documents name ../schemas/…) with one date the schema refuses: the
    // validator's finding, nothing published.
    const project = temporaryDir('invalid');
    const src = path.join(project, 'tei');
    fs.cpSync(TEI_DIR, src, { recursive: true });
    fs.cpSync(path.join(REPO_ROOT, 'schemas'), path.join(project, 'schemas'), { recursive: true });
    const letter = path.join(src, 'carter-brezhnev-1979.xml');
    fs.writeFileSync(letter, read(letter).replace(/<date when="(\d{4})-(\d\d)-(\d\d)"/, '<date when="$1-02-30"'));
    const next = withPreviousEdition();
    const refused = await buildEdition({ src, out: next, validate: true, edition: PINNED_EDITION, cache: false });
    expect(refused.published).toBe(false);
    expect(refused.diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', layer: 'schema', rule: 'rng-value-invalid' }));
    expect(read(path.join(next, 'html', 'previous.html'))).toBe('previous edition');
  });

  test('a valid collection replaces the previous output completely, leaving nothing beside it', async () => {
    const out = withPreviousEdition();
    fs.mkdirSync(`${out}.tmp-${DEAD_PID}`);
    fs.writeFileSync(path.join(`${out}.tmp-${DEAD_PID}`, 'half-written.html'), '');
    const result = await buildEdition({ src: TEI_DIR, out, validate: true, edition: PINNED_EDITION, cacheDir: temporaryDir('atomic-cache'), validator: async () => ({ diagnostics: [] }) });
    expect(result.published).toBe(true);
    expect(fs.existsSync(path.join(out, 'html', 'previous.html'))).toBe(false);
    expect(fs.existsSync(path.join(out, 'html', 'index.html'))).toBe(true);
    expect(fs.readdirSync(path.join(out, 'text')).sort()).toEqual(['carter-brezhnev-1979.txt', 'edition.txt', 'politburo-directive-1980.txt']);
    expect(siblings(out)).toEqual(['dist']);
  });

  test('a write that fails half-way leaves the previous output and no temporary folder', () => {
    const out = withPreviousEdition();
    const files = new Map<string, string>([['html/index.html', 'new'], ['../escape.html', 'outside']]);
    expect(() => writeFolderAtomically(out, files)).toThrow(/outside the output folder/);
    expect(read(path.join(out, 'html', 'previous.html'))).toBe('previous edition');
    expect(siblings(out)).toEqual(['dist']);
  });

  test('an output a killed run had moved aside is put back by the next run', () => {
    const out = withPreviousEdition();
    fs.renameSync(out, `${out}.old-${DEAD_PID}`);
    recoverInterruptedRuns(out);
    expect(read(path.join(out, 'html', 'previous.html'))).toBe('previous edition');
    expect(siblings(out)).toEqual(['dist']);
  });
});

describe('tei-edition build (the CLI)', () => {
  test('publishes the bundled collection with --no-validate and says where', () => {
    const out = path.join(temporaryDir('cli'), 'dist');
    const run = cliBuild(['--src', 'tei', '--out', out, '--no-validate']);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toMatch(/^Published 2 document\(s\) in [\d.]+ s: .*html\/index\.html and .*text\n$/);
    expect(fs.existsSync(path.join(out, 'html', 'documents', 'carter-brezhnev-1979.html'))).toBe(true);
  });

  test('a missing collection folder is a clear error, exit 1', () => {
    const run = cliBuild(['--src', 'no-such-folder', '--out', path.join(temporaryDir('cli'), 'dist'), '--no-validate']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^no-such-folder +error +the collection folder does not exist/m);
  });
});
