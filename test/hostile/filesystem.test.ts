import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../support/shared';
import { CLI, expectNoCrash, runCli, SCHEMA, temporaryDir, treeHashes, walkFiles } from './support';
import { teiDocument } from './tei';

/** The repository's collection and schemas (its documents name ../schemas/…). */
function copyProject(project: string): void {
  for (const dir of ['tei', 'schemas']) fs.cpSync(path.join(REPO_ROOT, dir), path.join(project, dir), { recursive: true });
}

const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;
/**
 * chmod cannot stop root, and CI runs as root: there the permission cases run the CLI as the unprivileged
 * user nobody, provided nobody can read the repository (its compiled code and node_modules). Otherwise
 * they are skipped with a visible notice.
 */
const NOBODY = { uid: 65534, gid: 65534 };
function repositoryReadableByOthers(): boolean {
  for (let dir = REPO_ROOT; ; dir = path.dirname(dir)) {
    if ((fs.statSync(dir).mode & 0o005) !== 0o005) return false;
    if (path.dirname(dir) === dir) return true;
  }
}
const PERMISSION_USER = IS_ROOT && repositoryReadableByOthers() ? NOBODY : undefined;
const testWithPermissions = IS_ROOT && !PERMISSION_USER ? test.skip : test;
if (IS_ROOT && !PERMISSION_USER) {
  // eslint-disable-next-line no-console
  console.warn('NOTICE: running as root, where chmod 000 blocks nothing, and the repository is not readable by nobody: the unreadable-file and read-only-output cases are skipped.');
}

const HAS_PROC = fs.existsSync('/proc/self');
const testWithProc = HAS_PROC ? test : test.skip;
if (!HAS_PROC) {
  // eslint-disable-next-line no-console
  console.warn('NOTICE: no /proc file system here: the case of an output where no folder can be made is skipped.');
}

describe('hostile input: the file system', () => {
  let root: string;
  beforeAll(() => {
    root = temporaryDir('fs');
    // mkdtemp makes the folder private to its owner: the unprivileged user must be able to enter it.
    if (PERMISSION_USER) fs.chmodSync(root, 0o755);
  });
  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  test("spaces and non-ASCII characters in every path segment: validated and published, paths reported as given", async () => {
    const project = path.join(root, 'My Édition 北京');
    const src = path.join(project, 'tei dir');
    fs.mkdirSync(src, { recursive: true });
    fs.writeFileSync(path.join(src, 'lettre-été.xml'), teiDocument('lettre-été', { schemaHref: SCHEMA }));
    fs.writeFileSync(path.join(src, 'Брежнев-1979.xml'), teiDocument('Брежнев-1979', { schemaHref: SCHEMA, body: '<p>Leak <hi>bad</p>' }));
    const before = treeHashes(src);
    const validate = await runCli(['validate', 'tei dir', '--format', 'json'], { cwd: project });
    expectNoCrash(validate);
    expect(validate.status).toBe(1);
    const report = JSON.parse(validate.stdout);
    expect(report.files.map((f: { file: string }) => f.file)).toEqual(['tei dir/lettre-été.xml', 'tei dir/Брежнев-1979.xml']);
    expect(report.diagnostics).toMatchObject([{ file: 'tei dir/Брежнев-1979.xml', line: 25, column: 24, rule: 'xml-malformed' }]);
    fs.writeFileSync(path.join(src, 'Брежнев-1979.xml'), teiDocument('Брежнев-1979', { schemaHref: SCHEMA }));
    const fixed = treeHashes(src);
    const build = await runCli(['build', '--src', 'tei dir', '--out', 'dist ü'], { cwd: project });
    expectNoCrash(build);
    expect(build.status).toBe(0);
    expect(walkFiles(path.join(project, 'dist ü', 'text'))).toEqual(['edition.txt', 'lettre-été.txt', 'Брежнев-1979.txt']);
    // Every link of the home page leads to a file that exists (hrefs are percent-encoded).
    const html = path.join(project, 'dist ü', 'html');
    const hrefs = [...fs.readFileSync(path.join(html, 'index.html'), 'utf8').matchAll(/href="(documents\/[^"#]+)"/g)].map((m) => decodeURIComponent(m[1]));
    expect(hrefs.sort()).toEqual(['documents/lettre-été.html', 'documents/Брежнев-1979.html']);
    for (const href of hrefs) expect(fs.existsSync(path.join(html, href))).toBe(true);
    expect(treeHashes(src)).toEqual(fixed);
    expect(Object.keys(before)).toEqual(Object.keys(fixed));
  });

  test('a symbolic link loop in the collection: each file checked once, no hang', async () => {
    const src = path.join(root, 'loop', 'tei');
    fs.mkdirSync(path.join(src, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(src, 'a.xml'), teiDocument('a', { schemaHref: SCHEMA }));
    fs.writeFileSync(path.join(src, 'sub', 'b.xml'), teiDocument('b', { schemaHref: SCHEMA }));
    fs.symlinkSync('..', path.join(src, 'sub', 'up'));
    fs.symlinkSync('.', path.join(src, 'self'));
    fs.symlinkSync('missing-target.xml', path.join(src, 'dangling.xml'));
    const run = await runCli(['validate', 'tei', '--format', 'json'], { cwd: path.dirname(src), timeoutMs: 60000 });
    expectNoCrash(run);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).files.map((f: { file: string }) => f.file)).toEqual(['tei/a.xml', 'tei/sub/b.xml']);
  });

  testWithPermissions('an unreadable file: file-unreadable, the others still checked', async () => {
    const src = path.join(root, 'unreadable', 'tei');
    fs.mkdirSync(src, { recursive: true });
    fs.writeFileSync(path.join(src, 'a.xml'), teiDocument('a', { schemaHref: SCHEMA }));
    fs.writeFileSync(path.join(src, 'locked.xml'), teiDocument('locked', { schemaHref: SCHEMA }));
    fs.chmodSync(path.join(src, 'locked.xml'), 0o000);
    try {
      const run = await runCli(['validate', 'tei', '--format', 'json', '--no-cache'], { cwd: path.dirname(src), user: PERMISSION_USER });
      expectNoCrash(run);
      expect(run.status).toBe(1);
      const report = JSON.parse(run.stdout);
      expect(report.diagnostics).toEqual([{ file: 'tei/locked.xml', line: 0, column: 0, severity: 'error', rule: 'file-unreadable', layer: 'io', message: 'cannot read the file: permission denied' }]);
      expect(report.files.find((f: { file: string }) => f.file === 'tei/a.xml')).toMatchObject({ wellformed: true, rules: 'checked' });
    } finally {
      fs.chmodSync(path.join(src, 'locked.xml'), 0o644);
    }
  });

  test('no tei/ folder: validate is a usage error (exit 2, one line); build reports src-missing (exit 1)', async () => {
    const empty = path.join(root, 'empty-project');
    fs.mkdirSync(empty);
    const validate = await runCli(['validate'], { cwd: empty });
    expectNoCrash(validate);
    expect(validate.status).toBe(2);
    expect(validate.stderr.split('\n')[0]).toBe(`tei-edition: no paths were given and there is no tei/ folder in ${empty}; name the files or folders to validate`);
    const build = await runCli(['build'], { cwd: empty });
    expectNoCrash(build);
    expect(build.status).toBe(1);
    expect(build.stderr).toContain('tei  error    the collection folder does not exist  src-missing');
    expect(build.stderr).toContain('Nothing published');
    expect(fs.readdirSync(empty)).toEqual([]);
  });

  test('an output that cannot be written: output-unwritable, the previous output untouched', async () => {
    const project = path.join(root, 'unwritable');
    fs.mkdirSync(project);
    copyProject(project);
    fs.writeFileSync(path.join(project, 'not-a-folder'), 'a file where a folder should be\n');
    const run = await runCli(['build', '--out', 'not-a-folder/dist', '--schema', SCHEMA], { cwd: project });
    expectNoCrash(run);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/not-a-folder\/dist {2}error {4}cannot write the edition: .*(ENOTDIR|not a directory).* {2}output-unwritable/);
    expect(fs.readFileSync(path.join(project, 'not-a-folder'), 'utf8')).toBe('a file where a folder should be\n');
  });

  // Linux's /proc answers mkdir with "no such file" under a folder that exists, where Node's own recursive mkdir
  // tried again for ever: the build, `init` and a cache there hung (src/make-folders.ts).
  testWithProc('an output, a cache and a new edition under /proc, where no folder can be made: an error or no cache, never a hang', async () => {
    const project = path.join(root, 'proc');
    fs.mkdirSync(project);
    copyProject(project);
    const out = await runCli(['build', '--out', '/proc/tei-edition-test/dist', '--schema', SCHEMA, '--no-cache'], { cwd: project, timeoutMs: 60_000 });
    expectNoCrash(out);
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/cannot write the edition: .*mkdir '\/proc\/tei-edition-test'.* {2}output-unwritable/);
    // A cache that cannot be written is done without.
    const cache = await runCli(['build', '--schema', SCHEMA, '--cache-dir', '/proc/tei-edition-test/cache'], { cwd: project, timeoutMs: 60_000 });
    expectNoCrash(cache);
    expect(cache.status).toBe(0);
    expect(fs.existsSync(path.join(project, 'dist', 'html', 'index.html'))).toBe(true);
    const init = await runCli(['init', '/proc/tei-edition-test/edition'], { cwd: project, timeoutMs: 60_000 });
    expectNoCrash(init);
    expect(init.status).not.toBe(0);
    expect(init.stderr).toContain("init could not write the edition in /proc/tei-edition-test/edition: ENOENT: no such file or directory, mkdir '/proc/tei-edition-test'. Nothing was written.");
  });

  testWithPermissions('dist/ in a read-only folder: output-unwritable, the previous output untouched', async () => {
    const project = path.join(root, 'readonly');
    fs.mkdirSync(path.join(project, 'site'), { recursive: true });
    copyProject(project);
    expect((await runCli(['build', '--out', 'site/dist', '--schema', SCHEMA], { cwd: project })).status).toBe(0);
    const before = treeHashes(path.join(project, 'site'));
    fs.chmodSync(path.join(project, 'site'), 0o555);
    try {
      const run = await runCli(['build', '--out', 'site/dist', '--schema', SCHEMA, '--no-cache'], { cwd: project, user: PERMISSION_USER });
      expectNoCrash(run);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('output-unwritable');
      expect(treeHashes(path.join(project, 'site'))).toEqual(before);
    } finally {
      fs.chmodSync(path.join(project, 'site'), 0o755);
    }
  });
});

describe('hostile input: a build killed midway (SIGKILL)', () => {
  let project: string;
  let reference: Record<string, string>;
  let sources: Record<string, string>;
  beforeAll(async () => {
    project = temporaryDir('killed');
    copyProject(project);
    // More documents, so that the write phase has something to interrupt.
    for (let i = 0; i < 20; i += 1) fs.writeFileSync(path.join(project, 'tei', `extra-${i}.xml`), teiDocument(`extra-${i}`, { schemaHref: SCHEMA }));
    sources = treeHashes(path.join(project, 'tei'));
    const first = await runCli(['build', '--schema', SCHEMA], { cwd: project });
    expect(first.status).toBe(0);
    reference = treeHashes(path.join(project, 'dist'));
  });
  // The paused build's options live beside the project (not in it: it is the collection's folder).
  const pausedOptions = (): string => path.join(project, '..', `killed-options-${process.pid}.json`);
  afterAll(() => {
    fs.rmSync(project, { recursive: true, force: true });
    fs.rmSync(pausedOptions(), { force: true });
  });

  /**
   * Starts a build and kills it (SIGKILL) at a point of its run: `afterMs` after the CLI started, or,
   * with `stage`, while the build's main thread is held in that stage (test/support/build-paused.js holds
   * it once `files` files of the stage are done, and reports it). Resolves once the process is gone, with
   * how it ended and where it was.
   */
  function killedBuild(when: { afterMs?: number; stage?: string; files?: number }): Promise<{ signal: NodeJS.Signals | null; killedAt: string; temporary: number }> {
    return new Promise((resolve) => {
      let child: ChildProcess;
      if (when.stage) {
        const options = pausedOptions();
        fs.writeFileSync(options, JSON.stringify({ src: path.join(project, 'tei'), out: path.join(project, 'dist'), validate: true, schema: SCHEMA, cacheDir: path.join(project, '.cache', 'tei-edition') }));
        child = spawn(process.execPath, [path.join(REPO_ROOT, 'test', 'support', 'build-paused.js'), options, when.stage, String(when.files ?? 1)], { cwd: project, stdio: ['ignore', 'pipe', 'ignore'] });
      } else {
        child = spawn(process.execPath, [CLI, 'build', '--schema', SCHEMA], { cwd: project, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'ignore'] });
      }
      let killedAt = 'exit before kill';
      let temporary = 0;
      const kill = (why: string): void => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        killedAt = why;
        // What the build had written of its next output when it was killed.
        const folder = fs.readdirSync(project).find((name) => /^dist\.tmp-\d+$/.test(name));
        temporary = folder ? walkFiles(path.join(project, folder)).length : 0;
        child.kill('SIGKILL');
      };
      if (when.afterMs !== undefined) setTimeout(() => kill(`after ${when.afterMs} ms`), when.afterMs);
      let output = '';
      child.stdout!.on('data', (data: Buffer) => {
        output += data.toString();
        const paused = /^paused (.*)$/m.exec(output);
        if (paused) kill(`in ${paused[1]}`);
      });
      child.on('exit', (_code, signal) => resolve({ signal, killedAt, temporary }));
    });
  }

  const points: Array<[string, { afterMs?: number; stage?: string; files?: number }, RegExp, (files: number) => boolean]> = [
    ['at start-up', { afterMs: 150 }, /^after 150 ms$/, (files) => files === 0],
    ['while validating', { stage: 'validate: wellformed' }, /^in validate: wellformed 1\/\d+$/, (files) => files === 0],
    ['as the first document is written', { stage: 'render-documents' }, /^in render-documents 1\/22$/, (files) => files > 0],
    ['with the temporary output half written', { stage: 'render-documents', files: 11 }, /^in render-documents 11\/22$/, (files) => files >= 30],
    ['while the collection pages are written', { stage: 'collection-pages' }, /^in collection-pages \d+\/\d+$/, (files) => files >= 66],
    ['with the temporary output complete, before the swap', { stage: 'write' }, /^in write \d+\/\d+$/, (files) => files >= 66],
  ];
  test.each(points)('killed %s: the previous dist/ is intact and complete; sources unchanged; the next build recovers', async (_label, when, point, written) => {
    const { signal, killedAt, temporary } = await killedBuild(when);
    // It was killed, and where it was meant to be.
    expect({ signal, killedAt }).toEqual({ signal: 'SIGKILL', killedAt: expect.stringMatching(point) });
    expect(written(temporary)).toBe(true);
    // Whatever the moment, dist/ is the previous complete output, byte for byte.
    expect(treeHashes(path.join(project, 'dist'))).toEqual(reference);
    expect(treeHashes(path.join(project, 'tei'))).toEqual(sources);
    // The recovering run need not validate again (the collection is valid): quicker, same output.
    const next = await runCli(['build', '--no-validate'], { cwd: project });
    expect(next.status).toBe(0);
    expect(fs.readdirSync(project).filter((name) => name !== '.cache').sort()).toEqual(['dist', 'schemas', 'tei']); // .cache: the build cache
    expect(Object.keys(treeHashes(path.join(project, 'dist')))).toEqual(Object.keys(reference));
    reference = treeHashes(path.join(project, 'dist'));
  });

  test('killed between the two renames (dist/ moved aside, new one not yet in place): the next run puts it back first', async () => {
    const aside = path.join(project, 'dist.old-999999');
    fs.renameSync(path.join(project, 'dist'), aside);
    fs.mkdirSync(path.join(project, 'dist.tmp-999999'));
    fs.writeFileSync(path.join(project, 'dist.tmp-999999', 'half.html'), '<p>half');
    // A failing run (a broken document) must still restore the previous output, and publish nothing.
    fs.writeFileSync(path.join(project, 'tei', 'broken.xml'), '<TEI><unclosed></TEI>');
    const failing = await runCli(['build'], { cwd: project });
    fs.rmSync(path.join(project, 'tei', 'broken.xml'));
    expect(failing.status).toBe(1);
    const next = await runCli(['build', '--no-validate'], { cwd: project });
    expect(next.status).toBe(0);
    expect(fs.readdirSync(project).filter((name) => name !== '.cache').sort()).toEqual(['dist', 'schemas', 'tei']); // .cache: the build cache
    expect(Object.keys(treeHashes(path.join(project, 'dist')))).toEqual(Object.keys(reference));
    expect(treeHashes(path.join(project, 'tei'))).toEqual(sources);
  });
});
