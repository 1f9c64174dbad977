import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// Runs outside Jest's module sandbox (a child process), where the code cache is used.
const ROOT = path.resolve(__dirname, '..', '..');
const SCRIPT = `
const { loadSaxonJS, saxonLoadStatus } = require('./lib/saxon');
const SaxonJS = loadSaxonJS();
const result = SaxonJS.XPath.evaluate('string-join((1 to 3) ! string(.), "-")', null, {});
process.stdout.write(saxonLoadStatus() + ' ' + result);
`;

describe('SaxonJS code cache', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tei-v8-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (nodeFlags: string[] = []): string =>
    execFileSync(process.execPath, [...nodeFlags, '-e', SCRIPT], { cwd: ROOT, env: { ...process.env, JEST_WORKER_ID: '', TEI_EDITION_CODE_CACHE_DIR: dir }, encoding: 'utf8' });

  it('compiles on the first run, writes the cache at exit, and loads from it next time with the same results', () => {
    expect(run()).toBe('compiled 1-2-3');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.bin'))).toHaveLength(1);
    expect(run()).toBe('from code cache 1-2-3');
  });

  it('falls back to compiling when the cache is damaged', () => {
    const [file] = fs.readdirSync(dir).filter((f) => f.endsWith('.bin'));
    fs.writeFileSync(path.join(dir, file), Buffer.from('not a V8 code cache'));
    expect(run()).toBe('code cache rejected 1-2-3');
    expect(run()).toBe('from code cache 1-2-3');
  });

  // V8 rejects a cache made under other V8 flags; the CLI starts build and validate with different ones.
  it('keeps a cache per set of V8 flags, so that runs under different flags do not replace each other\'s', () => {
    expect(run(['--interrupt-budget=270336'])).toBe('compiled 1-2-3');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.bin'))).toHaveLength(2);
    expect(run()).toBe('from code cache 1-2-3');
    expect(run(['--interrupt-budget=270336'])).toBe('from code cache 1-2-3');
  });
});
