import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { contentHash } from '../../src/cache';
import { buildEdition, BuildOptions, BuildResult, BuildStageEvent, BuildStageName } from '../../src/publish/build';
import * as stylesheetsModule from '../../src/publish/stylesheets';
import { PINNED_EDITION, PUBLISH_FIXTURES, snapshot, TEI_DIR, temporaryDir } from '../support/publish';
import { REPO_ROOT } from '../support/shared';

/**
 * The incremental build (docs/publish.md, "Cache"): every build with the cache must publish exactly, byte
 * for byte, what a build without it publishes; and what it renders again must be what a change can affect.
 */

jest.setTimeout(180_000);

// eslint-disable-next-line @typescript-eslint/no-var-requires
const compiler = require('../../scripts/compile-xslt.js') as { compileFile(source: string, target: string): string; sefPath(name: string): string };

// eslint-disable-next-line @typescript-eslint/no-var-requires
const generator = require('../../scripts/bench/generate.js') as { generateCollection(src: string, out: string, count: number): string[]; touchDocument(file: string): void };

const CARTER = 'carter-brezhnev-1979';

interface Run {
  out: string;
  stages: Map<string, BuildStageEvent>;
  files: Map<string, Buffer>;
  result: BuildResult;
}

/**
 * Builds into a fresh folder, or, with a cache, into the folder of that cache's earlier builds, as a user
 * builds into dist/ again and again (unchanged files are then kept from the previous output).
 */
async function build(src: string, options: Partial<BuildOptions> = {}): Promise<Run> {
  const out = options.cacheDir ? path.join(options.cacheDir, '..', `${path.basename(options.cacheDir)}-dist`) : path.join(temporaryDir('cache-out'), 'dist');
  const stages = new Map<string, BuildStageEvent>();
  const result = await buildEdition({ src, out, validate: false, edition: PINNED_EDITION, onStage: (event) => stages.set(event.stage, event), ...options });
  expect(result.diagnostics).toEqual([]);
  expect(result.published).toBe(true);
  return { out, stages, files: snapshot(out), result };
}

/** Output paths that differ between two builds (changed, added or removed). */
function differences(before: Map<string, Buffer>, after: Map<string, Buffer>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => !before.get(name)?.equals(after.get(name) ?? Buffer.alloc(0)) || !after.has(name)).sort();
}

/** Pages only: the search index's pieces (html/search/) change with any indexed text, and are checked on their own. */
function pages(outputs: string[]): string[] {
  return outputs.filter((output) => !output.startsWith('html/search/'));
}

/** The same files, byte for byte (reported as the list of differing paths, which reads better when it fails). */
function expectSameOutput(actual: Run, expected: Run): void {
  expect(differences(expected.files, actual.files)).toEqual([]);
}

function transformed(run: Run, stage: BuildStageName): number {
  return run.stages.get(stage)?.files ?? 0;
}

function editFile(file: string, from: string, to: string): void {
  const text = fs.readFileSync(file, 'utf8');
  expect(text).toContain(from);
  fs.writeFileSync(file, text.replace(from, to));
}

/** A fresh copy of the bundled collection and an empty cache, warmed by one build. */
async function warmCollection(): Promise<{ src: string; cacheDir: string; first: Run }> {
  const src = path.join(temporaryDir('cache-src'), 'tei');
  fs.cpSync(TEI_DIR, src, { recursive: true });
  const cacheDir = temporaryDir('cache');
  const first = await build(src, { cacheDir });
  return { src, cacheDir, first };
}

describe('incremental build: the cache never publishes stale output', () => {
  test('an unchanged collection is copied from the cache, nothing rendered, byte for byte what --no-cache publishes', async () => {
    const { src, cacheDir, first } = await warmCollection();
    expect(transformed(first, 'html-transform')).toBe(2);
    const second = await build(src, { cacheDir });
    expect(transformed(second, 'html-transform')).toBe(0);
    expect(transformed(second, 'text-transform')).toBe(0);
    expect(second.stages.get('collection-pages')?.files).toBe(0);
    // Nothing parsed: no file summarized, no document rendered, none indexed.
    expect(second.stages.has('parse')).toBe(false);
    expect(second.stages.get('summarise')?.files).toBe(0);
    expect(second.stages.get('render-documents')?.files).toBe(0);
    expect(second.result.rendered).toEqual({ summaries: 0, documents: 0, pages: [], indexed: 0 });
    const uncached = await build(src, { cache: false });
    expectSameOutput(second, uncached);
    expectSameOutput(first, uncached);
  });

  test('a new build date or commit renders nothing again: every page is stamped with them as it is written', async () => {
    const { src, cacheDir } = await warmCollection();
    const next = { commit: '0123456789ab', 'build-date': '2026-01-02' };
    const second = await build(src, { cacheDir, edition: next });
    expect(transformed(second, 'html-transform')).toBe(0);
    expect(transformed(second, 'text-transform')).toBe(0);
    expect(second.result.rendered).toMatchObject({ summaries: 0, documents: 0, indexed: 0 });
    // edition.txt is put together again from its cached skeleton (its heading names the date): not rendered.
    expect(second.result.rendered.pages.filter((page) => page !== 'text/edition.txt')).toEqual([]);
    const pagesOf = (run: Run): string[] => [...run.files.keys()].filter((name) => name.endsWith('.html'));
    expect(pagesOf(second).length).toBeGreaterThan(40);
    for (const page of pagesOf(second)) {
      const html = second.files.get(page)?.toString('utf8') ?? '';
      expect([page, html.includes('<span class="build-date">2026-01-02</span>') && html.includes('<span class="commit">0123456789ab</span>')]).toEqual([page, true]);
    }
    const text = second.files.get('text/edition.txt')?.toString('utf8') ?? '';
    expect(text).toMatch(/^Built: +2026-01-02$/m);
    expect(text).toMatch(/^Commit: +0123456789ab$/m);
    // No placeholder is left anywhere, and the output is what a build without the cache publishes with these values.
    for (const [name, bytes] of second.files) expect([name, bytes.includes(Buffer.from('\uE000'))]).toEqual([name, false]);
    expectSameOutput(second, await build(src, { cache: false, edition: next }));
    // The same values again: the stamped files of the previous output are linked, not written.
    const third = await build(src, { cacheDir, edition: next });
    expect(third.stages.get('write')?.detail).toMatch(/\d+ unchanged file\(s\) (linked|kept from the output before)/);
    expectSameOutput(third, second);
  });

  test('a changed sentence without mentions re-renders that document only (and edition.txt, which holds its text)', async () => {
    const { src, cacheDir, first } = await warmCollection();
    editFile(path.join(src, `${CARTER}.xml`), 'We intend to scrutinize all sales', 'We intend to examine all sales');
    const second = await build(src, { cacheDir });
    expect(transformed(second, 'html-transform')).toBe(1);
    expect(transformed(second, 'text-transform')).toBe(1);
    expect(pages(differences(first.files, second.files))).toEqual([`html/documents/${CARTER}.html`, `html/documents/${CARTER}.xml`, `text/${CARTER}.txt`, 'text/edition.txt']);
    // The search index: the pieces that hold the document's words and text, and the manifest (their version).
    expect(differences(first.files, second.files)).toEqual(expect.arrayContaining(['html/search/manifest.js', 'html/search/x0.js']));
    // The HTML collection pages (home page, registers, entry pages) were reused: only edition.txt was assembled again.
    expect(second.result.rendered).toEqual({ summaries: 1, documents: 1, pages: ['text/edition.txt'], indexed: 1 });
    expect(second.stages.get('collection-pages')?.files).toBe(1);
    expectSameOutput(second, await build(src, { cache: false }));
  });

  test("a changed mention's context updates the entry page; a changed summary updates the home page", async () => {
    const { src, cacheDir, first } = await warmCollection();
    editFile(path.join(src, `${CARTER}.xml`), 'weapons and military hardware to the', 'weapons and military equipment to the');
    const second = await build(src, { cacheDir });
    expect(differences(first.files, second.files)).toEqual(expect.arrayContaining(['html/places/china.html', `html/documents/${CARTER}.html`]));
    expect(differences(first.files, second.files)).not.toContain('html/index.html');
    expect(second.files.get('html/places/china.html')!.toString()).toContain('military equipment');
    // Only the page of the entry whose mention's context changed, of all the collection pages.
    expect(second.result.rendered.pages).toEqual(['html/places/china.html', 'text/edition.txt']);
    expectSameOutput(second, await build(src, { cache: false }));

    editFile(path.join(src, `${CARTER}.xml`), 'and presses for the conclusion of SALT', 'and urges the conclusion of SALT');
    const third = await build(src, { cacheDir });
    expect(differences(second.files, third.files)).toContain('html/index.html');
    expect(third.files.get('html/index.html')!.toString()).toContain('urges the conclusion');
    expect(third.result.rendered.pages).toEqual(['html/index.html']);
    expectSameOutput(third, await build(src, { cache: false }));
  });

  test("a changed document title updates the home page and every entry page that lists the document (in the pages' keys, a hash of what they show of it)", async () => {
    const { src, cacheDir, first } = await warmCollection();
    editFile(path.join(src, `${CARTER}.xml`), '<title type="main">Letter From President Carter', '<title type="main">Letter From Jimmy Carter');
    const second = await build(src, { cacheDir });
    const listing = [...second.files.keys()].filter((output) => /^html\/(persons|places|organisations)\//.test(output)
      && second.files.get(output)!.toString().includes(`documents/${CARTER}.html`));
    expect(listing.length).toBeGreaterThan(5);
    for (const output of ['html/index.html', ...listing]) expect([output, second.files.get(output)!.toString().includes('Letter From Jimmy Carter')]).toEqual([output, true]);
    // Those pages (and the timeline, which lists titles too), not the entry pages the document does not mention.
    expect(second.result.rendered.pages).toEqual(['html/index.html', ...listing, 'html/timeline.html', 'text/edition.txt'].sort());
    expect(differences(first.files, second.files)).toEqual(expect.arrayContaining(listing));
    expectSameOutput(second, await build(src, { cache: false }));
  });

  test('a changed register entry updates the register pages and the descriptions on the document pages that mention it', async () => {
    const { src, cacheDir, first } = await warmCollection();
    editFile(path.join(src, 'register.xml'), 'author of the letter to Brezhnev.', 'author of the letter to Brezhnev of January 1979.');
    const second = await build(src, { cacheDir });
    const changed = differences(first.files, second.files);
    expect(changed).toEqual(expect.arrayContaining(['html/persons.html', 'html/persons/carter.html', `html/documents/${CARTER}.html`]));
    expect(changed).not.toContain('html/documents/politburo-directive-1980.html');
    expect(second.files.get(`html/documents/${CARTER}.html`)!.toString()).toContain('letter to Brezhnev of January 1979');
    expect(second.result.rendered.pages).toEqual(['html/persons.html', 'html/persons/carter.html']);
    expectSameOutput(second, await build(src, { cache: false }));
  });

  test('a mention pointed elsewhere re-renders the pages of both entries and the register list (its counts), nothing else', async () => {
    const { src, cacheDir, first } = await warmCollection();
    editFile(path.join(src, `${CARTER}.xml`), 'to provide arms to the <placeName ref="register.xml#china">', 'to provide arms to the <placeName ref="register.xml#usa">');
    const second = await build(src, { cacheDir });
    expect(second.result.rendered).toEqual({ summaries: 1, documents: 1, pages: ['html/places.html', 'html/places/china.html', 'html/places/usa.html'], indexed: 1 });
    expect(pages(differences(first.files, second.files))).toEqual(['html/documents/carter-brezhnev-1979.html', 'html/documents/carter-brezhnev-1979.xml',
      'html/places.html', 'html/places/china.html', 'html/places/usa.html']);
    expectSameOutput(second, await build(src, { cache: false }));
  });

  test('a speech given to another speaker re-renders both speakers\' pages and the persons list; a name no longer shared, the pages it qualified', async () => {
    // Speeches join entries as mentions do (MentionSummary.speech); a qualifier ("Servant (The Storm)") is in its page's key.
    const src = path.join(temporaryDir('cache-src'), 'drama');
    fs.cpSync(path.join(PUBLISH_FIXTURES, 'drama'), src, { recursive: true });
    const cacheDir = temporaryDir('cache');
    const first = await build(src, { cacheDir });
    editFile(path.join(src, 'the-storm.xml'), '<sp who="#storm-captain">\n            <speaker>CAPTAIN</speaker>\n            <l>All hands', '<sp who="#storm-cook">\n            <speaker>COOK</speaker>\n            <l>All hands');
    const second = await build(src, { cacheDir });
    // (edition.txt holds the play's text, whose speaker changed too.)
    expect(second.result.rendered.pages).toEqual(['html/persons.html', 'html/persons/storm-captain.html', 'html/persons/storm-cook.html', 'text/edition.txt']);
    expect(second.files.get('html/persons/storm-cook.html')!.toString()).toContain('<h4 class="speech-count">2 speeches</h4>');
    expect(pages(differences(first.files, second.files))).toEqual(['html/documents/the-storm.html', 'html/documents/the-storm.xml',
      'html/persons.html', 'html/persons/storm-captain.html', 'html/persons/storm-cook.html', 'text/edition.txt', 'text/the-storm.txt']);
    expectSameOutput(second, await build(src, { cache: false }));

    editFile(path.join(src, 'the-calm.xml'), '<persName>Servant</persName>', '<persName>Steward</persName>');
    const third = await build(src, { cacheDir });
    expect(third.result.rendered.pages).toEqual(['html/persons.html', 'html/persons/calm-servant.html', 'html/persons/storm-servant.html']);
    expect(third.files.get('html/persons/storm-servant.html')!.toString()).toContain('<h1>Servant</h1>');
    expectSameOutput(third, await build(src, { cache: false }));
  });

  test("a speaker label links to its speaker's page while the speaker is an entry, also one another document defines", async () => {
    // The Calm's Captain is defined in The Storm: The Calm's page depends on The Storm's entries (registerFilesFor).
    const src = path.join(temporaryDir('cache-src'), 'drama');
    fs.cpSync(path.join(PUBLISH_FIXTURES, 'drama'), src, { recursive: true });
    const cacheDir = temporaryDir('cache');
    const first = await build(src, { cacheDir });
    expect(first.files.get('html/documents/the-calm.html')!.toString()).toContain('class="speaker"><a href="../persons/storm-captain.html" data-desc="Captain" aria-describedby="desc-persons-storm-captain">CAPTAIN</a></div>');
    const storm = path.join(src, 'the-storm.xml');
    fs.writeFileSync(storm, fs.readFileSync(storm, 'utf8').replace(/storm-captain/g, 'storm-skipper'));
    const second = await build(src, { cacheDir });
    expect(second.files.get('html/documents/the-calm.html')!.toString()).not.toContain('persons/storm-captain.html');
    expect(second.files.get('html/documents/the-calm.html')!.toString()).toMatch(/class="speaker">CAPTAIN<\/div>/);
    expect(second.files.get('html/documents/the-storm.html')!.toString()).toContain('<a href="../persons/storm-skipper.html" data-desc="Captain" aria-describedby="desc-persons-storm-skipper">CAPTAIN</a>');
    expectSameOutput(second, await build(src, { cache: false }));
  });

  test('a new document re-renders the home page and the pages of the entries it mentions; a removed one, the same again', async () => {
    const { src, cacheDir, first } = await warmCollection();
    const copy = path.join(src, 'carter-copy.xml');
    fs.writeFileSync(copy, fs.readFileSync(path.join(src, `${CARTER}.xml`), 'utf8').replace(/carter-brezhnev-1979/g, 'carter-copy'));
    const second = await build(src, { cacheDir });
    expect(second.result.rendered.summaries).toBe(1);
    expect(second.result.rendered.documents).toBe(1);
    const mentioned = [...second.files.keys()].filter((output) => /^html\/(persons|places|organisations)\//.test(output)
      && second.files.get(output)!.toString().includes('documents/carter-copy.html'));
    expect(mentioned.length).toBeGreaterThan(5);
    // The timeline lists the new document too; the map's counts are those of places with coordinates, which it does not mention.
    expect(second.result.rendered.pages).toEqual(['html/index.html', 'html/organisations.html', 'html/persons.html', 'html/places.html', ...mentioned, 'html/timeline.html', 'text/edition.txt'].sort());
    expectSameOutput(second, await build(src, { cache: false }));
    fs.rmSync(copy);
    const third = await build(src, { cacheDir });
    // edition.txt is put together again from the documents' text editions, as it differs from the previous
    // output's (it is not kept in the cache: a copy of the whole edition's text per edit would make the
    // cache grow by the collection's size on every save); nothing is rendered.
    expect(third.result.rendered).toEqual({ summaries: 0, documents: 0, pages: ['text/edition.txt'], indexed: 0 });
    expectSameOutput(third, first);
  });

  test('a changed stylesheet re-renders every page', async () => {
    const { src, cacheDir } = await warmCollection();
    // A developer's edit of html.xsl, compiled as the build compiles it (scripts/compile-xslt.js).
    const real = stylesheetsModule.loadStylesheets();
    const xslt = temporaryDir('cache-xslt');
    for (const file of fs.readdirSync(path.join(REPO_ROOT, 'xslt')).filter((name) => name.endsWith('.xsl'))) {
      fs.copyFileSync(path.join(REPO_ROOT, 'xslt', file), path.join(xslt, file));
    }
    editFile(path.join(xslt, 'html.xsl'), 'Cite this document', 'How to cite this document');
    const sef = compiler.compileFile(path.join(xslt, 'html.xsl'), path.join(xslt, 'html.sef.json'));
    const htmlText = fs.readFileSync(sef, 'utf8');
    const textText = fs.readFileSync(compiler.sefPath('text'), 'utf8');
    const spy = jest.spyOn(stylesheetsModule, 'loadStylesheets').mockReturnValue({ html: JSON.parse(htmlText) as object, text: real.text, hash: contentHash(htmlText, textText) });
    try {
      const second = await build(src, { cacheDir });
      expect(transformed(second, 'html-transform')).toBe(2);
      expect(transformed(second, 'text-transform')).toBe(2);
      for (const name of [CARTER, 'politburo-directive-1980']) {
        expect(second.files.get(`html/documents/${name}.html`)!.toString()).toContain('How to cite this document');
      }
      expectSameOutput(second, await build(src, { cache: false }));
    } finally {
      spy.mockRestore();
    }
  });

  test('worker threads publish byte for byte what the main thread publishes, cold and incremental', async () => {
    const src = path.join(temporaryDir('cache-threads'), 'tei');
    generator.generateCollection(TEI_DIR, src, 12);
    const threads = (run: Run): string | undefined => /on (\d+) thread/.exec(run.stages.get('render-documents')?.detail ?? '')?.[1];
    const single = await build(src, { cache: false, workers: 0 });
    expect(threads(single)).toBe('1');
    const cacheDir = temporaryDir('cache');
    const cold = await build(src, { cacheDir, workers: 2 });
    expect(threads(cold)).toBe('2');
    expectSameOutput(cold, single);
    generator.touchDocument(path.join(src, 'carter-brezhnev-1979-g01.xml'));
    const incremental = await build(src, { cacheDir, workers: 2 });
    expect(incremental.result.rendered).toEqual({ summaries: 1, documents: 1, pages: ['text/edition.txt'], indexed: 1 });
    expectSameOutput(incremental, await build(src, { cache: false, workers: 0 }));
  });

  test('validation runs on every build, even when every page comes from the cache (a changed schema is noticed)', async () => {
    const { src, cacheDir } = await warmCollection();
    const calls: string[][] = [];
    const valid = async (files: string[]): Promise<{ diagnostics: [] }> => {
      calls.push(files);
      return { diagnostics: [] };
    };
    await build(src, { cacheDir, validate: true, validator: valid });
    expect(calls).toHaveLength(1);
    const out = path.join(temporaryDir('cache-out'), 'dist');
    const invalid = async (files: string[]) => ({
      diagnostics: [{ file: files[0], line: 1, column: 1, severity: 'error' as const, rule: 'schema', layer: 'schema' as const, message: 'the new schema rejects it' }],
    });
    const result = await buildEdition({ src, out, validate: true, validator: invalid, edition: PINNED_EDITION, cacheDir });
    expect(result.published).toBe(false);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('a damaged cache (entries deleted or truncated) is a miss, never wrong output', async () => {
    const { src, cacheDir } = await warmCollection();
    const entries = (): string[] => {
      const files: string[] = [];
      const walk = (folder: string): void => {
        for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
          if (entry.isDirectory()) walk(path.join(folder, entry.name));
          else files.push(path.join(folder, entry.name));
        }
      };
      walk(cacheDir);
      return files;
    };
    const uncached = await build(src, { cache: false });
    // Every entry cut short: JSON entries no longer parse, pages are shorter than their entries say.
    expect(entries().length).toBeGreaterThan(10);
    for (const entry of entries()) fs.writeFileSync(entry, fs.readFileSync(entry).subarray(0, 10));
    expectSameOutput(await build(src, { cacheDir }), uncached);
    // Every other entry deleted (what `rm` of part of the folder does).
    entries().forEach((entry, index) => index % 2 === 0 && fs.rmSync(entry));
    expectSameOutput(await build(src, { cacheDir }), uncached);
    // And what those builds stored is whole again.
    expectSameOutput(await build(src, { cacheDir }), uncached);
  });

  test('--no-cache writes no cache; --timings prints one line per stage in the format of validate --timings', () => {
    const out = path.join(temporaryDir('cache-cli'), 'dist');
    const cacheDir = path.join(temporaryDir('cache-cli'), 'cache');
    const uncached = spawnSync(process.execPath, ['bin/tei-edition.js', 'build', '--no-validate', '--out', out, '--cache-dir', cacheDir, '--no-cache', '--timings'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(uncached.status).toBe(0);
    expect(fs.existsSync(cacheDir)).toBe(false);
    const cached = spawnSync(process.execPath, ['bin/tei-edition.js', 'build', '--no-validate', '--out', out, '--cache-dir', cacheDir, '--timings'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(cached.status).toBe(0);
    expect(fs.existsSync(cacheDir)).toBe(true);
    const lines = cached.stderr.trim().split('\n');
    for (const line of lines) expect(line).toMatch(/^timing: [a-z-]+( \(.*\))?: \d+ ms, \d+ file\(s\)$/);
    const stages = lines.map((line) => /^timing: ([a-z-]+)/.exec(line)![1]);
    expect(stages).toEqual(expect.arrayContaining(['read', 'summarise', 'render-documents', 'collection-pages', 'html-transform', 'text-transform', 'write', 'cache']));
  });
});
