import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BlobPack, contentHash, ResultCache } from '../../src/cache';

describe('BlobPack', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tei-blobs-'));
    file = path.join(dir, 'packs', 'scope.mentions.blobs');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const keyOf = (text: string): string => contentHash(text).slice(0, 32);
  const entry = (text: string): [string, string] => [keyOf(text), text];
  const records = (): number => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length;

  it('gives back each text by its key, in this run and in the next, and nothing for another key', () => {
    const texts = ['[{"label":"Brezhnev"}]', '[{"label":"Москва – 北京"}]', '[]'];
    const pack = new BlobPack(file);
    pack.add(texts.map(entry));
    expect(pack.get(keyOf(texts[1]))).toBe(texts[1]);
    pack.save();
    const next = new BlobPack(file);
    for (const text of texts) expect(next.get(keyOf(text))).toBe(text);
    expect(next.get(keyOf('never stored'))).toBeUndefined();
    next.close();
  });

  it('stores a text once, however often it is added, and refuses keys that are not hashes and texts with a line break', () => {
    const pack = new BlobPack(file);
    pack.add([entry('[1]'), entry('[2]')]);
    pack.add([entry('[1]'), ['not a key', '[3]'], entry('[4]\n')]);
    expect(records()).toBe(2);
    expect(pack.get(keyOf('[4]\n'))).toBeUndefined();
  });

  it('treats a record that is not where the index says (changed, cut short, written anew) as a miss', () => {
    const pack = new BlobPack(file);
    pack.add([entry('[{"a":1}]'), entry('[{"b":2}]')]);
    pack.save();
    // Another text of the same length in the first record's place: its key no longer matches.
    const bytes = fs.readFileSync(file);
    bytes.write(keyOf('[{"x":9}]'), 0, 'latin1');
    fs.writeFileSync(file, bytes);
    const next = new BlobPack(file);
    expect(next.get(keyOf('[{"a":1}]'))).toBeUndefined();
    expect(next.get(keyOf('[{"b":2}]'))).toBe('[{"b":2}]');
    // Made again by the caller: added again, and found from then on.
    next.add([entry('[{"a":1}]')]);
    expect(next.get(keyOf('[{"a":1}]'))).toBe('[{"a":1}]');
    next.save();
    const again = new BlobPack(file);
    expect(again.get(keyOf('[{"a":1}]'))).toBe('[{"a":1}]');
    again.close();
    // Cut short: the last record's end (the list added again) is gone.
    fs.truncateSync(file, fs.statSync(file).size - 1);
    const cut = new BlobPack(file);
    expect(cut.get(keyOf('[{"a":1}]'))).toBeUndefined();
    expect(cut.get(keyOf('[{"b":2}]'))).toBe('[{"b":2}]');
    cut.close();
  });

  it('finds the texts added after its files were cut short (a damaged cache is a miss, then whole again)', () => {
    const pack = new BlobPack(file);
    pack.add([entry('["first"]'), entry('["second"]')]);
    pack.save();
    for (const damaged of [file, `${file}.idx`]) fs.writeFileSync(damaged, fs.readFileSync(damaged).subarray(0, 10));
    const next = new BlobPack(file);
    expect(next.get(keyOf('["first"]'))).toBeUndefined();
    next.add([entry('["first"]'), entry('["third"]')]);
    next.save();
    const last = new BlobPack(file);
    expect([last.get(keyOf('["first"]')), last.get(keyOf('["second"]')), last.get(keyOf('["third"]'))]).toEqual(['["first"]', undefined, '["third"]']);
    last.close();
  });

  it('is written anew with only the live texts when it holds many others, and they are read back from there', () => {
    const pack = new BlobPack(file);
    const old = Array.from({ length: 200 }, (_, i) => entry(`["old ${i}"]`));
    const live = Array.from({ length: 10 }, (_, i) => entry(`["live ${i}"]`));
    pack.add([...old, ...live]);
    pack.keepOnly(new Set(live.map(([key]) => key)));
    pack.save();
    expect(records()).toBe(10);
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(['scope.mentions.blobs', 'scope.mentions.blobs.idx']);
    const next = new BlobPack(file);
    for (const [key, text] of live) expect(next.get(key)).toBe(text);
    expect(next.get(old[0][0])).toBeUndefined();
    // Few stale records: left as they are.
    next.add([entry('["one more"]')]);
    next.keepOnly(new Set(live.map(([key]) => key)));
    next.save();
    expect(records()).toBe(11);
  });

  it('is one pack per cache scope and kind, beside the cache\'s packs, and saved with them', () => {
    const cache = new ResultCache(dir, 'build', '/some/collection');
    const text = '[{"label":"Carter"}]';
    cache.blobs('mentions').add([entry(text)]);
    cache.savePack();
    expect(new ResultCache(dir, 'build', '/some/collection').blobs('mentions').get(keyOf(text))).toBe(text);
    expect(new ResultCache(dir, 'build', '/another/collection').blobs('mentions').get(keyOf(text))).toBeUndefined();
    expect(fs.readdirSync(path.join(dir, 'build', 'packs')).filter((name) => name.endsWith('.mentions.blobs'))).toHaveLength(1);
  });
});
