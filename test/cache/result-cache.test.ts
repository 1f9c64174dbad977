import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { contentHash, contentHashOfJoined, partsByteLength, ResultCache } from '../../src/cache';

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

  it('hashes and stores parts as the text they make joined, without joining them', () => {
    // Short and long parts (4,096 characters is where contentHash stops joining a part with the others), and characters of two to four UTF-8 bytes.
    const long = 'é'.repeat(3000) + '𝔄'.repeat(1500);
    for (const parts of [['<p>', 'a'], [long, '<b>—</b>', long], ['x'.repeat(5000)], [''], []]) {
      const joined = parts.join('');
      expect(contentHashOfJoined(['blob'], parts)).toBe(contentHash('blob', joined));
      expect(contentHashOfJoined(['blob'], parts)).not.toBe(contentHash('blob', `${joined}.`));
      expect(partsByteLength(parts)).toBe(Buffer.byteLength(joined));
      const cache = new ResultCache(dir, 'build');
      const key = contentHashOfJoined(['blob'], parts);
      cache.setBuffer(key, parts);
      expect(cache.getBuffer(key)?.toString('utf8')).toBe(joined);
    }
    expect(fs.readdirSync(dir, { recursive: true }).filter((file) => String(file).endsWith('.tmp'))).toEqual([]);
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

  it('writes entry files in the background, atomically and a few at a time, answering from memory meanwhile', async () => {
    const cache = new ResultCache(dir, 'validate', 'collection');
    cache.writeInBackground();
    const values = Array.from({ length: 40 }, (_, i) => ({ i, text: `é ${'x'.repeat(i * 100)}`, nested: [i, null, 'a"b'] }));
    const keys = values.map((_, i) => contentHash('entry', String(i)));
    values.forEach((value, i) => cache.set(keys[i], value));
    // Before the writes are done: every value answers from memory, in this view and in another kind's.
    values.forEach((value, i) => expect(cache.get(keys[i])).toEqual(value));
    expect(cache.kind('other', { pack: false }).get(keys[3])).toEqual(values[3]);
    await cache.flush();
    expect(cache.stats.writes).toBe(40);
    expect(fs.readdirSync(dir, { recursive: true }).filter((file) => String(file).endsWith('.tmp'))).toEqual([]);
    // Each file as a write on this thread leaves it; a new cache (no pack) reads it.
    values.forEach((value, i) => expect(fs.readFileSync(path.join(dir, 'validate', keys[i].slice(0, 2), keys[i]), 'utf8')).toBe(JSON.stringify(value)));
    values.forEach((value, i) => expect(new ResultCache(dir, 'validate').get(keys[i])).toEqual(value));
    // After flush the cache writes on this thread again.
    const later = contentHash('later');
    cache.set(later, 1);
    expect(fs.existsSync(path.join(dir, 'validate', later.slice(0, 2), later))).toBe(true);
  });

  it('writes the pack from the JSON made for the entry files: the lines a serialization of each entry gives', () => {
    const cache = new ResultCache(dir, 'validate', 'collection');
    const entries: Array<[string, unknown]> = [[contentHash('a'), { diagnostics: [[1, 2, 0, 'rule', 'a "quoted" message\nand a line', 'raw']] }], [contentHash('b'), ['é', '𝔄', 3.5, null]], [contentHash('c'), 'text']];
    for (const [key, value] of entries) cache.set(key, value);
    cache.savePack();
    const [pack] = fs.readdirSync(path.join(dir, 'validate', 'packs'));
    expect(fs.readFileSync(path.join(dir, 'validate', 'packs', pack), 'utf8')).toBe(entries.map(([key, value]) => `${JSON.stringify([1, key, value])}\n`).join(''));
  });

  it('skips writing when the cache folder cannot be created', () => {
    const blocker = path.join(dir, 'file');
    fs.writeFileSync(blocker, '');
    const cache = new ResultCache(blocker, 'validate');
    expect(() => cache.set(contentHash('k'), 1)).not.toThrow();
    expect(cache.get(contentHash('k'))).toBeUndefined();
    expect(cache.stats.writes).toBe(0);
  });

  describe('packs', () => {
    /** A ResultCache of a process that has not seen the pack yet (packs are kept in memory per process). */
    const freshCache = (scope: string): ResultCache => {
      let made: ResultCache | undefined;
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const fresh = require('../../src/cache') as typeof import('../../src/cache');
        made = new fresh.ResultCache(dir, 'test', scope);
      });
      return made!;
    };
    const key = (name: string): string => contentHash(name);
    const packFile = (): string => {
      const folder = path.join(dir, 'test', 'packs');
      return path.join(folder, fs.readdirSync(folder).find((name) => name.endsWith('.jsonl'))!);
    };
    /** Removes every entry's own file: what is found then comes from the pack. */
    const removeEntryFiles = (): void => {
      for (const name of fs.readdirSync(path.join(dir, 'test'))) if (name !== 'packs') fs.rmSync(path.join(dir, 'test', name), { recursive: true });
    };

    it('appends the entries a run added to the pack\'s journal, and the next process reads both', () => {
      const first = freshCache('collection');
      for (const name of ['a', 'b', 'c', 'd']) first.set(key(name), { name });
      first.savePack();
      const pack = packFile();
      const written = fs.readFileSync(pack, 'utf8');
      expect(fs.existsSync(`${pack}.add`)).toBe(false);

      const second = freshCache('collection');
      for (const name of ['a', 'b', 'c', 'd']) expect(second.get(key(name))).toEqual({ name });
      second.set(key('e'), { name: 'e' });
      second.savePack();
      // The pack itself is not written again for one new entry: it goes to the journal.
      expect(fs.readFileSync(pack, 'utf8')).toBe(written);
      expect(fs.readFileSync(`${pack}.add`, 'utf8').trim().split('\n')).toHaveLength(1);

      removeEntryFiles();
      // A line damaged by a run killed while appending is skipped.
      fs.appendFileSync(`${pack}.add`, '[1,"trunc');
      const third = freshCache('collection');
      for (const name of ['a', 'b', 'c', 'd', 'e']) expect(third.get(key(name))).toEqual({ name });
      expect(third.get(key('f'))).toBeUndefined();
    });

    it('removes a pack of the earlier format (one JSON object) when it writes its own', () => {
      const first = freshCache('upgraded');
      first.set(key('a'), { name: 'a' });
      first.savePack();
      const pack = packFile();
      const earlier = pack.replace(/\.jsonl$/, '.json');
      fs.writeFileSync(earlier, JSON.stringify({ format: 1, entries: { [key('old')]: { name: 'old' } } }));
      fs.writeFileSync(`${earlier}.add`, '');
      const second = freshCache('upgraded');
      second.set(key('b'), { name: 'b' });
      second.set(key('c'), { name: 'c' });
      second.savePack();
      expect(fs.existsSync(earlier)).toBe(false);
      expect(fs.existsSync(`${earlier}.add`)).toBe(false);
    });

    it('writes and reads a pack a piece at a time: entries larger than a piece, and characters split between pieces, come back whole', () => {
      const first = freshCache('large');
      // 3 × 3 MB of text, each character 3 bytes in UTF-8: the lines cross the 4 MB pieces, and some piece
      // boundaries fall inside a character; and one line of 6 MB, longer than a piece.
      const values = ['a', 'b', 'c'].map((name, i) => ({ name, text: `${'x'.repeat(i)}${'€'.repeat(1 << 20)}` }));
      values.push({ name: 'd', text: '€'.repeat(2 << 20) });
      values.forEach((value) => first.set(key(value.name), value));
      first.savePack();
      const pack = packFile();
      expect(fs.statSync(pack).size).toBeGreaterThan(15 * (1 << 20));
      removeEntryFiles();
      const second = freshCache('large');
      for (const value of values) expect(second.get(key(value.name))).toEqual(value);
    });

    it('writes the pack anew, without its journal, when many of its entries are no longer used', () => {
      const first = freshCache('collection');
      for (const name of ['a', 'b', 'c', 'd']) first.set(key(name), { name });
      first.savePack();
      const second = freshCache('collection');
      for (const name of ['a', 'b', 'c', 'd']) second.get(key(name));
      second.set(key('e'), { name: 'e' });
      second.savePack();
      const pack = packFile();
      expect(fs.existsSync(`${pack}.add`)).toBe(true);

      // A run that used two entries of six: the pack now holds those two, and no journal.
      const third = freshCache('collection');
      expect(third.get(key('e'))).toEqual({ name: 'e' });
      third.set(key('f'), { name: 'f' });
      third.savePack();
      expect(fs.existsSync(`${pack}.add`)).toBe(false);
      expect(fs.readFileSync(pack, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as [number, string])[1]).sort()).toEqual([key('e'), key('f')].sort());
      removeEntryFiles();
      const fourth = freshCache('collection');
      expect(fourth.get(key('a'))).toBeUndefined();
      expect(fourth.get(key('f'))).toEqual({ name: 'f' });
    });
  });
});
