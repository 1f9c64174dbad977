/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: these tests type-check it against the DOM.
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchChromium } from '../support/browser';
import { temporaryDir } from '../support/publish';
import { REPO_ROOT } from '../support/shared';

/*
 * `tei-edition serve` as users run it: the real CLI in its own process, real HTTP requests, Debian's
 * chromium. A copy of the bundled collection and its schemas in a temporary folder is edited the way an
 * editor saves (write the file), and the open page must follow without being reloaded by the test.
 */

const CLI = path.join(REPO_ROOT, 'bin', 'tei-edition.js');
const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');
const DOCUMENT = 'carter-brezhnev-1979';
/** Builds and validation on a loaded 2-core machine: a limit, not a timing assertion. */
const PATIENCE_MS = 180_000;

/** A running `tei-edition serve`: its output so far, and a way to wait for a line. */
class ServeProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;

  constructor(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
    this.child = spawn(process.execPath, [CLI, 'serve', ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (data) => { this.stdout += data; });
    this.child.stderr!.on('data', (data) => { this.stderr += data; });
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Waits until stdout + stderr match `pattern` `count` times. */
  async waitFor(pattern: RegExp, count = 1, timeoutMs = PATIENCE_MS): Promise<void> {
    const started = Date.now();
    const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    while ((`${this.stdout}\n${this.stderr}`.match(global)?.length ?? 0) < count) {
      if (!this.running) throw new Error(`serve exited before printing ${pattern}:\n${this.stdout}\n${this.stderr}`);
      if (Date.now() - started > timeoutMs) throw new Error(`no ${pattern} (×${count}) within ${timeoutMs} ms:\n${this.stdout}\n${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  count(pattern: RegExp): number {
    return `${this.stdout}\n${this.stderr}`.match(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`))?.length ?? 0;
  }

  async url(): Promise<string> {
    await this.waitFor(/^Serving (http:\/\/\S+)/m);
    return /^Serving (http:\/\/\S+)/m.exec(this.stdout)![1];
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  kill(): void {
    if (this.running) this.child.kill('SIGKILL');
  }
}

/** One request with the target exactly as written (no client-side normalisation), over a raw socket. */
function rawRequest(port: number, target: string, method = 'GET', host = `127.0.0.1:${port}`): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let response = '';
    socket.setEncoding('latin1');
    socket.on('connect', () => socket.write(`${method} ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`, 'latin1'));
    socket.on('data', (data) => { response += data; });
    socket.on('error', reject);
    socket.on('end', () => {
      const split = response.indexOf('\r\n\r\n');
      const headers = response.slice(0, split);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(headers)?.[1] ?? 0), headers, body: response.slice(split + 4) });
    });
  });
}

/** Inserts `text` after the first paragraph's start tag in the document's body; returns the line it starts on. */
function insertInFirstParagraph(source: string, text: string): { edited: string; line: number } {
  const body = source.indexOf('<body');
  const paragraph = source.indexOf('<p>', body) + '<p>'.length;
  return { edited: `${source.slice(0, paragraph)}${text}${source.slice(paragraph)}`, line: source.slice(0, paragraph).split('\n').length };
}

function portInUse(): Promise<{ port: number; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const blocker = net.createServer();
    blocker.listen(0, '127.0.0.1', () => resolve({
      port: (blocker.address() as net.AddressInfo).port,
      close: () => new Promise((done) => blocker.close(() => done())),
    }));
  });
}

describe('tei-edition serve', () => {
  const work = temporaryDir('serve');
  const tei = path.join(work, 'tei');
  const documentFile = path.join(tei, `${DOCUMENT}.xml`);
  const secretDir = path.join(work, 'secret');
  const SECRET = 'TOP-SECRET-7f3a9c';
  const openLog = path.join(work, 'opened.txt');
  let original: string;
  let serve: ServeProcess;
  let url: string;
  let port: number;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // The collection and the schemas its documents name (xml-model: ../schemas/edition.rng, .sch).
    fs.cpSync(path.join(REPO_ROOT, 'tei'), tei, { recursive: true });
    fs.cpSync(path.join(REPO_ROOT, 'schemas'), path.join(work, 'schemas'), { recursive: true });
    original = fs.readFileSync(documentFile, 'utf8');
    fs.mkdirSync(secretDir);
    fs.writeFileSync(path.join(secretDir, 'secret.txt'), SECRET);
    fs.writeFileSync(path.join(work, 'secret.txt'), SECRET);
    // --open runs the system's opener: this one records what it was asked to open.
    const bin = path.join(work, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${openLog}'\n`, { mode: 0o755 });
    serve = new ServeProcess(work, ['--port', '0', '--open', '--cache-dir', path.join(work, 'cache')], { PATH: `${bin}:${process.env.PATH}` });
    url = await serve.url();
    port = Number(new URL(url).port);
    await serve.waitFor(/^Published \d+ document/m);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    serve?.kill();
    await browser?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('serves on 127.0.0.1 and opens the browser (--open)', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(fs.readFileSync(openLog, 'utf8')).toBe(url);
  });

  test('the home page loads, with the live script added to what is served and never to dist/', async () => {
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toBe('text/html; charset=utf-8');
    await page.getByRole('link', { name: /Letter From President Carter/ }).waitFor();
    expect(await page.title()).toMatch(/TEI edition/);
    const served = await response!.text();
    expect(served).toContain('/__tei-edition/live.js');
    expect(fs.readFileSync(path.join(work, 'dist', 'html', 'index.html'), 'utf8')).not.toContain('__tei-edition');
    expect(fs.readdirSync(path.join(work, 'dist', 'html', 'assets')).sort()).toEqual(fs.readdirSync(path.join(REPO_ROOT, 'assets')).sort());
    await page.screenshot({ path: path.join(SCREENSHOTS, 'serve-home.png') });
  });

  test('content types, folders, methods, the Host header', async () => {
    const types: Record<string, string> = {
      '/assets/edition.css': 'text/css; charset=utf-8',
      '/assets/edition.js': 'text/javascript; charset=utf-8',
      [`/documents/${DOCUMENT}.xml`]: 'application/xml',
      [`/documents/${DOCUMENT}.html`]: 'text/html; charset=utf-8',
      '/__tei-edition/live.js': 'text/javascript; charset=utf-8',
    };
    for (const [target, type] of Object.entries(types)) {
      const response = await rawRequest(port, target);
      expect([target, response.status, /content-type: ([^\r\n]+)/i.exec(response.headers)?.[1]]).toEqual([target, 200, type]);
    }
    const xml = await rawRequest(port, `/documents/${DOCUMENT}.xml`);
    expect(xml.body).toBe(Buffer.from(original, 'utf8').toString('latin1'));
    expect((await rawRequest(port, '/documents')).headers).toMatch(/^HTTP\/1\.1 301[^]*\r\nLocation: \/documents\/\r?$/im);
    expect((await rawRequest(port, '/')).body).toContain('<h1>');
    expect((await rawRequest(port, '/index.html', 'HEAD')).body).toBe('');
    expect((await rawRequest(port, '/index.html', 'POST')).status).toBe(405);
    expect((await rawRequest(port, '/index.html', 'DELETE')).status).toBe(405);
    expect((await rawRequest(port, '/no-such-page.html')).status).toBe(404);
    expect((await rawRequest(port, '/__tei-edition/nothing')).status).toBe(404);
    // Only the loopback names (a rebound DNS name pointing here gets nothing).
    expect((await rawRequest(port, '/', 'GET', `localhost:${port}`)).status).toBe(200);
    const rebound = await rawRequest(port, '/', 'GET', `attacker.example:${port}`);
    expect(rebound.status).toBe(403);
    expect(rebound.body).not.toContain('<h1>');
  });

  test('never a file outside the output folder: traversal, encoded traversal, absolute paths, symbolic links', async () => {
    const html = path.join(work, 'dist', 'html');
    // Links planted in the published folder (the next build replaces the folder, and them with it).
    fs.symlinkSync(secretDir, path.join(html, 'linked-folder'));
    fs.symlinkSync(path.join(secretDir, 'secret.txt'), path.join(html, 'linked.txt'));
    const targets = [
      '/../secret.txt', '/../../secret.txt', '/documents/../../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E/%2e%2e/secret.txt',
      '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt', '/..%5csecret.txt', '/documents/..%5c..%5csecret.txt',
      `/${path.join(work, 'secret.txt')}`, `/%2f${path.join(work, 'secret.txt').slice(1).split('/').join('%2f')}`, path.join(work, 'secret.txt'),
      `http://127.0.0.1:${port}/../secret.txt`, '//etc/passwd', '/etc/passwd', '/%2fetc%2fpasswd', '/index.html%00.txt',
      '/linked.txt', '/linked-folder/secret.txt', '/linked-folder/', '/linked-folder',
    ];
    for (const target of targets) {
      const response = await rawRequest(port, target);
      expect([target, [403, 404].includes(response.status)]).toEqual([target, true]);
      expect(response.body).not.toContain(SECRET);
      expect(response.body).not.toMatch(/root:.*:0:0:/);
    }
  });

  test('a saved change to a document reaches the open page, with no reload by hand', async () => {
    const clients: string[] = [];
    page.on('request', (request) => { if (request.url().endsWith('/__tei-edition/live.js')) clients.push(request.url()); });
    await page.goto(`${url}documents/${DOCUMENT}.html`);
    // The search page, whose scripts keep state of their own, open beside it.
    const search = await page.context().newPage();
    await search.goto(`${url}search.html`);
    await search.locator('script[src="/__tei-edition/live.js"]').waitFor({ state: 'attached' });
    // Marks of the documents the pages are now: gone once a page is reloaded.
    await page.evaluate(() => { (window as unknown as { __before?: boolean }).__before = true; });
    await search.evaluate(() => { (window as unknown as { __before?: boolean }).__before = true; });
    await page.evaluate(() => window.scrollTo(0, 400));
    const scrolled = await page.evaluate(() => window.scrollY);
    const published = serve.count(/^Published \d+ document/m);
    const { edited } = insertInFirstParagraph(original, 'LIVE-EDIT-ONE ');
    fs.writeFileSync(documentFile, edited);
    await serve.waitFor(new RegExp(`^Rebuilding: tei/${DOCUMENT}\\.xml changed`, 'm'));
    await page.waitForFunction(() => document.body.textContent!.includes('LIVE-EDIT-ONE'), undefined, { timeout: PATIENCE_MS });
    expect(serve.count(/^Published \d+ document/m)).toBe(published + 1);
    // A document's page gets the new body in place: the same document, scrolled where it was, one live client (the new
    // body's own tag ran no second one), and the edition's script run again on the new body (the citation's address).
    expect(await page.evaluate(() => (window as unknown as { __before?: boolean }).__before)).toBe(true);
    expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
    await page.waitForFunction(() => document.querySelector('.cite-url')?.textContent === window.location.href);
    expect(clients).toHaveLength(1);
    // The search page reloads.
    await search.waitForFunction(() => (window as unknown as { __before?: boolean }).__before === undefined && document.readyState === 'complete', undefined, { timeout: PATIENCE_MS });
    await search.close();
    await page.getByText('LIVE-EDIT-ONE').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'serve-live-reload.png') });
  });

  test('a broken document: problems in the terminal and over the page (file:line:column, linked), the last good site still served; a fix clears them', async () => {
    await page.goto(`${url}documents/${DOCUMENT}.html`);
    await page.waitForFunction(() => document.body.textContent!.includes('LIVE-EDIT-ONE'));
    const failures = serve.count(/^Nothing published/m);
    // An element the schema does not allow, on a line of its own; and a new file whose name is markup.
    const { edited, line } = insertInFirstParagraph(fs.readFileSync(documentFile, 'utf8'), '\n<bogus>LIVE-EDIT-TWO</bogus>');
    fs.writeFileSync(documentFile, edited);
    const markupName = '<img src=x onerror=window.__injected=1>.xml';
    fs.writeFileSync(path.join(tei, markupName), '<TEI><unclosed></TEI>\n');
    await serve.waitFor(/^Nothing published/m, failures + 1);
    const where = new RegExp(`tei/${DOCUMENT}\\.xml:${line + 1}:\\d+`);
    expect(serve.stderr).toMatch(new RegExp(`${where.source}\\s+error\\s+.*bogus`));

    const problems = page.locator('#tei-edition-overlay [data-tei-edition="problems"]');
    await problems.waitFor({ timeout: PATIENCE_MS });
    const text = await problems.textContent();
    expect(text).toMatch(where);
    expect(text).toMatch(/bogus/);
    expect(text).toContain(`tei/${markupName}`);
    const link = problems.locator('a', { hasText: where });
    expect(await link.first().getAttribute('href')).toBe(`/documents/${DOCUMENT}.html`);
    // The file name is text: no element was made of it, no script ran.
    expect(await page.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBeUndefined();
    expect(await page.evaluate(() => document.getElementById('tei-edition-overlay')!.shadowRoot!.querySelectorAll('img').length)).toBe(0);
    // The page was not reloaded into anything new: the last good build is what is served.
    expect(await page.evaluate(() => document.body.textContent!.includes('LIVE-EDIT-TWO'))).toBe(false);
    const served = await rawRequest(port, `/documents/${DOCUMENT}.html`);
    expect(served.status).toBe(200);
    expect(served.body).not.toContain('LIVE-EDIT-TWO');
    expect(fs.readFileSync(path.join(work, 'dist', 'html', 'documents', `${DOCUMENT}.html`), 'utf8')).not.toContain('__tei-edition');
    await page.getByText('LIVE-EDIT-ONE').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'serve-overlay.png') });

    // Another page opened while the document is broken shows the problems too.
    const other = await page.context().newPage();
    await other.goto(url);
    await other.locator('#tei-edition-overlay [data-tei-edition="problems"]').waitFor();
    await other.close();

    // The link leads to the document's page.
    await link.first().click();
    await page.waitForURL(`${url}documents/${DOCUMENT}.html`);

    // The fix: the broken file removed, the element made text the schema allows.
    fs.rmSync(path.join(tei, markupName));
    fs.writeFileSync(documentFile, edited.replace('\n<bogus>LIVE-EDIT-TWO</bogus>', 'LIVE-EDIT-TWO '));
    await page.waitForFunction(() => document.body.textContent!.includes('LIVE-EDIT-TWO'), undefined, { timeout: PATIENCE_MS });
    await problems.waitFor({ state: 'detached' });
    await page.getByText('LIVE-EDIT-TWO').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'serve-fixed.png') });
  });

  test('the edition configuration and the schemas the documents name are watched', async () => {
    const builds = serve.count(/^Published \d+ document/m);
    const failures = serve.count(/^Nothing published/m);
    // Created while serving: read from then on; a mistake in it is a problem like any other.
    fs.writeFileSync(path.join(work, 'edition.yml'), 'title: A test edition\ncolour: blue\n');
    await serve.waitFor(/^Rebuilding: edition\.yml changed/m);
    await serve.waitFor(/^Nothing published/m, failures + 1);
    expect(serve.stderr).toMatch(/^edition\.yml:2:1\s+error\s+/m);
    fs.writeFileSync(path.join(work, 'edition.yml'), 'title: A test edition\n');
    await serve.waitFor(/^Published \d+ document/m, builds + 1);
    expect((await rawRequest(port, '/')).body).toContain('A test edition');
    const schema = path.join(work, 'schemas', 'edition.rng');
    // As an editor saves: a new file renamed over the old one.
    fs.writeFileSync(`${schema}.tmp`, `${fs.readFileSync(schema, 'utf8')}<!-- edited -->\n`);
    fs.renameSync(`${schema}.tmp`, schema);
    await serve.waitFor(/^Rebuilding: schemas\/edition\.rng changed/m);
    await serve.waitFor(/^Published \d+ document/m, builds + 2);
  });

  test('Ctrl-C stops it cleanly, in the middle of a build, with a page still connected: the build finishes, the output stays whole, nothing is left behind', async () => {
    // A page of its own: the open one may still be reloading after the last build.
    const connected = await page.context().newPage();
    await connected.goto(url);
    await connected.locator('script[src="/__tei-edition/live.js"]').waitFor({ state: 'attached' });
    const rebuilds = serve.count(/^Rebuilding:/m);
    fs.writeFileSync(documentFile, insertInFirstParagraph(fs.readFileSync(documentFile, 'utf8'), 'LIVE-EDIT-THREE ').edited);
    await serve.waitFor(/^Rebuilding:/m, rebuilds + 1);
    const published = serve.count(/^Published \d+ document/m);
    serve.signal('SIGINT');
    expect(await serve.exited).toEqual({ code: 0, signal: null });
    await expect(rawRequest(port, '/')).rejects.toThrow(/ECONNREFUSED/);
    // The build in progress was let finish (then the build session's threads stopped): it published whole.
    expect(serve.stderr).toContain('Stopping once the build in progress is done (Ctrl-C again to stop at once).\n');
    expect(serve.count(/^Published \d+ document/m)).toBe(published + 1);
    const documentPage = fs.readFileSync(path.join(work, 'dist', 'html', 'documents', `${DOCUMENT}.html`), 'utf8');
    expect(documentPage).toContain('LIVE-EDIT-TWO');
    expect(documentPage).toContain('LIVE-EDIT-THREE');
    expect(documentPage).toContain('</html>');
    expect(fs.existsSync(path.join(work, 'dist', 'html', 'index.html'))).toBe(true);
    // No temporary or previous output folder beside dist/.
    expect(fs.readdirSync(work).filter((name) => name.startsWith('dist.'))).toEqual([]);
  });
});

describe('tei-edition serve: refusals', () => {
  const work = temporaryDir('serve-refusals');
  beforeAll(() => fs.cpSync(path.join(REPO_ROOT, 'tei'), path.join(work, 'tei'), { recursive: true }));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('a port in use: a clear error, exit 2', async () => {
    const blocker = await portInUse();
    try {
      const serve = new ServeProcess(work, ['--port', String(blocker.port)]);
      expect(await serve.exited).toEqual({ code: 2, signal: null });
      expect(serve.stderr).toBe(`tei-edition: cannot serve on 127.0.0.1:${blocker.port}: the port is in use (choose another with --port)\n`);
    } finally {
      await blocker.close();
    }
  });

  test('a collection folder that does not exist, a missing --schema, a bad port: exit 2', async () => {
    const missing = new ServeProcess(work, ['--src', 'nothing-here', '--port', '0']);
    expect(await missing.exited).toEqual({ code: 2, signal: null });
    expect(missing.stderr).toMatch(/^tei-edition: no such folder: nothing-here/);
    const badSchema = new ServeProcess(work, ['--port', '0', '--schema', 'no-such.rng', '--cache-dir', path.join(work, 'cache')]);
    expect(await badSchema.exited).toEqual({ code: 2, signal: null });
    expect(badSchema.stderr).toBe('tei-edition: --schema no-such.rng: no such file\n');
    const badPort = new ServeProcess(work, ['--port', '70000']);
    expect(await badPort.exited).toEqual({ code: 2, signal: null });
    expect(badPort.stderr).toMatch(/--port must be a whole number from 0 to 65535, not "70000"/);
    // Quoted as typed, not as the number yargs would have made of it (NaN).
    const wordPort = new ServeProcess(work, ['--port', 'abc']);
    expect(await wordPort.exited).toEqual({ code: 2, signal: null });
    expect(wordPort.stderr).toMatch(/^tei-edition: --port must be a whole number from 0 to 65535, not "abc"\n/);
  });
});
