import * as fs from 'fs';
import * as path from 'path';
import { Rebuilder } from '../../src/serve/rebuilder';
import { contentTypeOf, pathSegments, resolveStatic } from '../../src/serve/static-files';
import { temporaryDir } from '../support/publish';

/*
 * What `serve` may send, on a real folder with real symbolic links: only files inside the served folder,
 * whatever the request target says (the HTTP side, with real requests, is in serve.test.ts).
 */

describe('serve: the request target → a file of the served folder', () => {
  const base = temporaryDir('serve-static');
  const root = path.join(base, 'html');
  const outside = path.join(base, 'outside');
  beforeAll(() => {
    fs.mkdirSync(path.join(root, 'documents'), { recursive: true });
    fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
    fs.mkdirSync(outside, { recursive: true });
    fs.writeFileSync(path.join(root, 'index.html'), '<p>home</p>');
    fs.writeFileSync(path.join(root, 'documents', 'a b.html'), '<p>a</p>');
    fs.writeFileSync(path.join(root, 'assets', 'edition.css'), 'p {}');
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret');
    fs.writeFileSync(path.join(base, 'beside.txt'), 'beside');
    fs.symlinkSync(outside, path.join(root, 'linked-folder'));
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'linked-file.txt'));
    fs.symlinkSync(path.join(root, 'index.html'), path.join(root, 'inner-link.html'));
  });
  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

  const file = (target: string): string | undefined => {
    const resolved = resolveStatic(root, target);
    return resolved.kind === 'file' ? resolved.file : undefined;
  };

  test('files, folders (their index.html), encoded names, queries and fragments', () => {
    const real = fs.realpathSync(root);
    expect(file('/')).toBe(path.join(real, 'index.html'));
    expect(file('/index.html?x=1#top')).toBe(path.join(real, 'index.html'));
    expect(file('/documents/a%20b.html')).toBe(path.join(real, 'documents', 'a b.html'));
    expect(file('/assets/edition.css')).toBe(path.join(real, 'assets', 'edition.css'));
    // A link that stays inside is served.
    expect(file('/inner-link.html')).toBe(path.join(real, 'index.html'));
    expect(resolveStatic(root, '/documents?x')).toEqual({ kind: 'redirect', location: '/documents/?x' });
    expect(resolveStatic(root, '/documents/')).toEqual({ kind: 'not-found' });
    expect(resolveStatic(root, '/nothing.html')).toEqual({ kind: 'not-found' });
  });

  test.each([
    '/../beside.txt', '/documents/../../beside.txt', '/%2e%2e/beside.txt', '/%2E%2E/beside.txt', '/.%2e/beside.txt',
    '/..%2fbeside.txt', '/..%2Fbeside.txt', '/%2e%2e%2fbeside.txt', '/..%5cbeside.txt', '/..\\beside.txt', '/documents\\..\\..\\beside.txt',
    '/./index.html', '//etc/passwd', `//${'x'}/etc/passwd`, 'http://127.0.0.1/etc/passwd', 'etc/passwd', '*',
    '/%2fetc%2fpasswd', '/index.html%00.txt', '/index.html\0', '/%E0%A4%A', '/documents//a%20b.html',
  ])('refused: %s', (target) => {
    expect(resolveStatic(root, target).kind).toBe('forbidden');
  });

  test('an absolute path is a path inside the folder, not on the disk', () => {
    expect(resolveStatic(root, '/etc/passwd')).toEqual({ kind: 'not-found' });
    expect(resolveStatic(root, `/${path.join(outside, 'secret.txt')}`).kind).toBe('forbidden'); // "//tmp/…": not a path here
    expect(resolveStatic(root, path.join(outside, 'secret.txt').replace(/^\/+/, '/')).kind).toBe('not-found');
  });

  test('symbolic links that lead outside the folder are refused', () => {
    expect(resolveStatic(root, '/linked-file.txt').kind).toBe('forbidden');
    expect(resolveStatic(root, '/linked-folder/secret.txt').kind).toBe('forbidden');
    expect(resolveStatic(root, '/linked-folder/').kind).toBe('forbidden');
    expect(resolveStatic(root, '/linked-folder').kind).toBe('forbidden');
  });

  test('segments are decoded one by one', () => {
    expect(pathSegments('/documents/a%20b.html?q=%2f..')).toEqual({ segments: ['documents', 'a b.html'] });
    expect(pathSegments('/a/%2e%2e/b')).toEqual({ refused: 'dot segment' });
  });

  test('content types of what a build publishes', () => {
    expect(contentTypeOf('x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('x/edition.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeOf('x/edition.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('x/doc.xml')).toBe('application/xml');
    expect(contentTypeOf('x/DOC.TXT')).toBe('text/plain; charset=utf-8');
    expect(contentTypeOf('x/unknown.bin')).toBe('application/octet-stream');
  });
});

describe('serve: one build at a time', () => {
  test('saves during a build make exactly one more build, with all of them', async () => {
    const builds: string[][] = [];
    let release: (() => void) | undefined;
    const rebuilder = new Rebuilder(async (changed) => {
      builds.push(changed);
      if (builds.length === 1) await new Promise<void>((resolve) => { release = resolve; });
    }, (error) => { throw error; });
    rebuilder.request(['a.xml']);
    expect(rebuilder.building).toBe(true);
    rebuilder.request(['b.xml']);
    rebuilder.request(['c.xml']);
    rebuilder.request(['b.xml']);
    expect(builds).toEqual([['a.xml']]);
    release!();
    await rebuilder.idle();
    expect(builds).toEqual([['a.xml'], ['b.xml', 'c.xml']]);
    expect(rebuilder.building).toBe(false);
    rebuilder.request(['d.xml']);
    await rebuilder.idle();
    expect(builds).toEqual([['a.xml'], ['b.xml', 'c.xml'], ['d.xml']]);
  });

  test('a build that throws is reported and the next request builds again', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const rebuilder = new Rebuilder(async () => {
      calls++;
      if (calls === 1) throw new Error('boom');
    }, (error) => errors.push(error));
    rebuilder.request();
    await rebuilder.idle();
    rebuilder.request();
    await rebuilder.idle();
    expect(calls).toBe(2);
    expect(errors).toEqual([new Error('boom')]);
  });

  test('after close, requests start nothing', async () => {
    let calls = 0;
    const rebuilder = new Rebuilder(async () => { calls++; }, () => undefined);
    rebuilder.close();
    rebuilder.request(['a.xml']);
    await rebuilder.idle();
    expect(calls).toBe(0);
  });
});
