import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { contentHash, ResultCache } from '../../src/cache';

describe('ResultCache', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tei-cache-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('returns what was stored under the same key, and nothing under another', () => {
    const cache = new ResultCache(dir, 'validate');
    const key = contentHash('document', 'schema');
    cache.set(key, { diagnostics: [{ line: 3 }] });
    expect(new ResultCache(dir, 'validate').get(key)).toEqual({ diagnostics: [{ line: 3 }] });
    expect(cache.get(contentHash('document', 'other schema'))).toBeUndefined();
    expect(new ResultCache(dir, 'build').get(key)).toBeUndefined();
  });

  it('keeps parts apart when hashing', () => {
    expect(contentHash('ab', 'c')).not.toBe(contentHash('a', 'bc'));
    expect(contentHash(Buffer.from('x'))).toBe(contentHash('x'));
  });

  it('treats a corrupt entry as a miss and leaves no temporary files', () => {
    const cache = new ResultCache(dir, 'validate');
    const key = contentHash('k');
    cache.set(key, [1, 2]);
    const entry = path.join(dir, 'validate', key.slice(0, 2), key);
    expect(fs.readdirSync(path.dirname(entry))).toEqual([key]);
    fs.writeFileSync(entry, '{"trunc');
    expect(cache.get(key)).toBeUndefined();
    expect(cache.stats).toMatchObject({ hits: 0, misses: 1, writes: 1 });
  });

  it('skips writing when the cache folder cannot be created', () => {
    const blocker = path.join(dir, 'file');
    fs.writeFileSync(blocker, '');
    const cache = new ResultCache(blocker, 'validate');
    expect(() => cache.set(contentHash('k'), 1)).not.toThrow();
    expect(cache.get(contentHash('k'))).toBeUndefined();
    expect(cache.stats.writes).toBe(0);
  });
});
