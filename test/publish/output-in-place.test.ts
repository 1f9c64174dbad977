import * as fs from 'fs';
import * as path from 'path';
import { oldOutputsRemoved, OutputError, OutputFolder, OutputManifest } from '../../src/publish/atomic-output';
import type { BuildOptions } from '../../src/publish/build';
import { BuildSession } from '../../src/publish/session';
import { forgetStates } from '../../src/validation/state';
import { PINNED_EDITION, read, snapshot, TEI_DIR, temporaryDir } from '../support/publish';

/**
 * `serve` updates its output folder in place, file by file (atomic-output.ts, OutputFolder's `inPlace`): what
 * it publishes must be exactly what a build into a new folder publishes, a reader must never see part of a
 * file, and a build that does not publish must leave the output as it was.
 */

jest.setTimeout(180_000);

const CARTER = 'carter-brezhnev-1979';

function differences(before: Map<string, Buffer>, after: Map<string, Buffer>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => !before.get(name)?.equals(after.get(name) ?? Buffer.alloc(0)) || !after.has(name)).sort();
}

function inode(file: string): bigint {
  return fs.statSync(file, { bigint: true }).ino;
}

describe('OutputFolder in place', () => {
  /** A previous output of three files, written through a manifest (as a build writes them), and that manifest. */
  function previousOutput(): { out: string; manifestFile: string } {
    const dir = temporaryDir('in-place');
    const out = path.join(dir, 'dist');
    const manifestFile = path.join(dir, 'manifest.json');
    const first = new OutputFolder(out, new OutputManifest(manifestFile), undefined, true);
    first.write('html/same.html', 'same', 'key same');
    first.write('html/changes.html', 'before', 'key before');
    first.write('html/goes.html', 'goes', 'key goes');
    first.write('text/a.txt', 'text a', 'key a');
    first.commit();
    return { out, manifestFile };
  }

  test('keeps the unchanged files where they are, renames the changed ones over theirs, removes what the new output lacks', async () => {
    const { out, manifestFile } = previousOutput();
    const folder = inode(out);
    const same = inode(path.join(out, 'html', 'same.html'));
    const changes = inode(path.join(out, 'html', 'changes.html'));
    // Not the build's: a stray file, and a link out of the folder (removed, never followed).
    const outside = path.join(temporaryDir('in-place-outside'), 'secret.txt');
    fs.writeFileSync(outside, 'secret');
    fs.symlinkSync(outside, path.join(out, 'html', 'link.txt'));
    fs.writeFileSync(path.join(out, 'html', 'stray.html'), 'stray');

    const next = new OutputFolder(out, new OutputManifest(manifestFile), undefined, true);
    next.write('html/same.html', 'same', 'key same');
    next.write('html/changes.html', 'after', 'key after');
    next.write('html/new/page.html', 'new', 'key new');
    next.write('text/a.txt', 'text a', 'key a');
    // What this run has, as written: kept files are read where they are, written ones where they wait.
    expect(next.read('html/same.html').toString()).toBe('same');
    expect(next.fileOf('html/same.html')).toBe(path.join(out, 'html', 'same.html'));
    expect(next.read('html/changes.html').toString()).toBe('after');
    expect(next.linked).toBe(2);
    // Until the commit, the output is the previous one, whole.
    expect(read(path.join(out, 'html', 'changes.html'))).toBe('before');
    expect(fs.existsSync(path.join(out, 'html', 'new'))).toBe(false);
    // Only what changed waits in the temporary folder.
    expect([...snapshot(next.temporary).keys()].sort()).toEqual(['html/changes.html', 'html/new/page.html']);
    next.commit();

    expect([...snapshot(out)].map(([name, bytes]) => [name, bytes.toString()]).sort()).toEqual([
      ['html/changes.html', 'after'], ['html/new/page.html', 'new'], ['html/same.html', 'same'], ['text/a.txt', 'text a'],
    ]);
    expect(read(outside)).toBe('secret');
    expect(inode(out)).toBe(folder);
    expect(inode(path.join(out, 'html', 'same.html'))).toBe(same);
    expect(inode(path.join(out, 'html', 'changes.html'))).not.toBe(changes);
    // The temporary folder, with the replaced files, is removed in the background.
    await oldOutputsRemoved();
    expect(fs.readdirSync(path.dirname(out)).filter((name) => name.startsWith('dist'))).toEqual(['dist']);
  });

  test('a file edited in the output since is written again; a run that is discarded leaves the output as it was', () => {
    const { out, manifestFile } = previousOutput();
    fs.writeFileSync(path.join(out, 'html', 'same.html'), 'edited by hand');
    const manifest = new OutputManifest(manifestFile);
    const next = new OutputFolder(out, manifest, undefined, true);
    next.write('html/same.html', 'same', 'key same');
    expect(next.linked).toBe(0);
    next.write('html/goes.html', 'other', 'key other');
    next.discard();
    expect(read(path.join(out, 'html', 'same.html'))).toBe('edited by hand');
    expect(read(path.join(out, 'html', 'goes.html'))).toBe('goes');
    expect(fs.existsSync(next.temporary)).toBe(false);

    // The same manifest, for the session's next build: the discarded run's notes are forgotten.
    const again = new OutputFolder(out, manifest, undefined, true);
    for (const [name, content, key] of [['html/same.html', 'same', 'key same'], ['html/changes.html', 'before', 'key before'], ['html/goes.html', 'goes', 'key goes'], ['text/a.txt', 'text a', 'key a']]) again.write(name, content, key);
    expect(again.linked).toBe(3);
    again.commit();
    expect(read(path.join(out, 'html', 'same.html'))).toBe('same');
  });

  test('a page removed in the same run (a document that lost its name) is not published, kept or written', () => {
    const { out, manifestFile } = previousOutput();
    const next = new OutputFolder(out, new OutputManifest(manifestFile), undefined, true);
    next.write('html/same.html', 'same', 'key same');
    next.write('html/changes.html', 'after', 'key after');
    next.remove('html/same.html');
    next.remove('html/changes.html');
    next.write('text/a.txt', 'text a', 'key a');
    expect(next.files).toBe(1);
    next.commit();
    expect([...snapshot(out).keys()]).toEqual(['text/a.txt']);
  });

  test('a folder where a file now goes, and a file where a folder now goes, give way', () => {
    const { out, manifestFile } = previousOutput();
    const next = new OutputFolder(out, new OutputManifest(manifestFile), undefined, true);
    next.write('html/same.html/inside.html', 'inside', 'key inside');
    next.write('text', 'a file now', 'key text');
    next.commit();
    expect([...snapshot(out)].map(([name, bytes]) => [name, bytes.toString()]).sort()).toEqual([['html/same.html/inside.html', 'inside'], ['text', 'a file now']]);
  });

  test('a session\'s builds that keep every path of the last one (not listing the output) still remove what is not theirs afterwards', () => {
    const { out, manifestFile } = previousOutput();
    // One manifest for the builds of a session, as serve keeps it: after each commit it knows the output's paths and folders.
    const manifest = new OutputManifest(manifestFile);
    const all = (changes: string): Array<[string, string, string]> => [['html/same.html', 'same', 'key same'], ['html/changes.html', changes, `key ${changes}`], ['html/goes.html', 'goes', 'key goes'], ['text/a.txt', 'text a', 'key a']];
    const build = (files: Array<[string, string, string]>): void => {
      const next = new OutputFolder(out, manifest, undefined, true);
      for (const [name, content, key] of files) next.write(name, content, key);
      next.commit();
    };
    const contents = (): string[][] => [...snapshot(out)].map(([name, bytes]) => [name, bytes.toString()]).sort();
    build(all('one'));
    // The same paths, one changed: nothing to remove.
    build(all('two'));
    expect(contents()).toEqual([['html/changes.html', 'two'], ['html/goes.html', 'goes'], ['html/same.html', 'same'], ['text/a.txt', 'text a']]);
    // A file put into the output between two builds, then a file left out of the next: both are removed.
    fs.writeFileSync(path.join(out, 'html', 'stray.html'), 'stray');
    build(all('three'));
    expect(contents()).toEqual([['html/changes.html', 'three'], ['html/goes.html', 'goes'], ['html/same.html', 'same'], ['text/a.txt', 'text a']]);
    build(all('four').filter(([name]) => name !== 'html/goes.html'));
    expect(contents()).toEqual([['html/changes.html', 'four'], ['html/same.html', 'same'], ['text/a.txt', 'text a']]);
    // A new file in a new folder, then the same paths again (the new folder among the known ones).
    build([...all('five').filter(([name]) => name !== 'html/goes.html'), ['html/new/page.html', 'new', 'key new']]);
    build([...all('six').filter(([name]) => name !== 'html/goes.html'), ['html/new/page.html', 'new', 'key new']]);
    fs.writeFileSync(path.join(out, 'html', 'new', 'stray.html'), 'stray');
    build(all('seven').filter(([name]) => name !== 'html/goes.html'));
    expect(contents()).toEqual([['html/changes.html', 'seven'], ['html/same.html', 'same'], ['text/a.txt', 'text a']]);
  });
});

describe('a build session that updates its output in place (serve)', () => {
  test('publishes byte for byte what a build into a new folder publishes, after a change and after a document is removed', async () => {
    const src = path.join(temporaryDir('in-place-src'), 'tei');
    fs.cpSync(TEI_DIR, src, { recursive: true });
    const cacheDir = temporaryDir('in-place-cache');
    const out = path.join(temporaryDir('in-place-out'), 'dist');
    const options: BuildOptions = { src, out, validate: false, edition: PINNED_EDITION, cacheDir };
    const session = new BuildSession({ outputInPlace: true });
    const uncached = async (): Promise<Map<string, Buffer>> => {
      const target = path.join(temporaryDir('in-place-fresh'), 'dist');
      const other = new BuildSession();
      try {
        expect((await other.build({ ...options, out: target, cache: false })).published).toBe(true);
      } finally {
        await other.close();
      }
      return snapshot(target);
    };
    try {
      const first = await session.build(options);
      expect(first.published).toBe(true);
      const folder = inode(out);
      const home = inode(path.join(out, 'html', 'index.html'));
      expect(differences(await uncached(), snapshot(out))).toEqual([]);

      const letter = path.join(src, `${CARTER}.xml`);
      fs.writeFileSync(letter, read(letter).replace('We intend to scrutinize all sales', 'We intend to examine all sales'));
      const stages = new Map<string, string | undefined>();
      const second = await session.build({ ...options, onStage: (event) => stages.set(event.stage, event.detail) });
      expect(second.published).toBe(true);
      expect(second.rendered.documents).toBe(1);
      expect(stages.get('write')).toMatch(/\d+ unchanged file\(s\) kept in place/);
      expect(differences(await uncached(), snapshot(out))).toEqual([]);
      // The same folder, the unchanged home page the same file; nothing left beside the output.
      expect(inode(out)).toBe(folder);
      expect(inode(path.join(out, 'html', 'index.html'))).toBe(home);
      expect(fs.readdirSync(path.dirname(out))).toEqual(['dist']);

      // A mention pointed elsewhere: one entry page loses the letter, another (which the directive names) gains it, in
      // chronological order; the session's kept join of the mentions (mention-join.ts) must give what a fresh one gives.
      const mention = 'to <persName ref="register.xml#vance">Vance</persName>';
      expect(read(letter)).toContain(mention);
      fs.writeFileSync(letter, read(letter).replace(mention, 'to <persName ref="register.xml#kosygin">Vance</persName>'));
      const pointed = await session.build(options);
      expect(pointed.published).toBe(true);
      expect(pointed.rendered.pages).toEqual(expect.arrayContaining(['html/persons/kosygin.html', 'html/persons/vance.html']));
      expect(differences(await uncached(), snapshot(out))).toEqual([]);

      // A document removed: its pages go from the output.
      fs.rmSync(letter);
      const third = await session.build(options);
      expect(third.published).toBe(true);
      expect(fs.existsSync(path.join(out, 'html', 'documents', `${CARTER}.html`))).toBe(false);
      const published = snapshot(out);
      expect(differences(await uncached(), published)).toEqual([]);

      // Files removed from the output by hand between two builds are written again (their folders changed, so the
      // session looks at every file again rather than trusting what it noted).
      fs.rmSync(path.join(out, 'html', 'index.html'));
      fs.rmSync(path.join(out, 'text'), { recursive: true });
      const fourth = await session.build(options);
      expect(fourth.published).toBe(true);
      expect(differences(published, snapshot(out))).toEqual([]);
    } finally {
      await session.close();
    }
  });

  test('pages whose blobs were deleted from the cache are kept (or linked) from the output, which holds them: no blob looked for, nothing rendered', async () => {
    const src = path.join(temporaryDir('in-place-src'), 'tei');
    fs.cpSync(TEI_DIR, src, { recursive: true });
    for (const inPlace of [true, false]) {
      const cacheDir = temporaryDir('in-place-cache');
      const out = path.join(temporaryDir('in-place-out'), 'dist');
      const options: BuildOptions = { src, out, validate: false, edition: PINNED_EDITION, cacheDir };
      const session = new BuildSession({ outputInPlace: inPlace });
      try {
        expect((await session.build(options)).published).toBe(true);
        const before = snapshot(out);
        // Every file of the cache but its packs, manifests and indexes: the blobs of the pages among them.
        const blobs: string[] = [];
        const walk = (dir: string): void => {
          for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            if (entry.isDirectory()) {
              if (!['packs', 'outputs'].includes(entry.name)) walk(path.join(dir, entry.name));
            } else if (/^[0-9a-f]{64}$/.test(entry.name)) {
              blobs.push(path.join(dir, entry.name));
            }
          }
        };
        walk(path.join(cacheDir, 'build'));
        // The blobs of the HTML pages (documents', home page, register pages…).
        const deleted = blobs.filter((blob) => fs.readFileSync(blob).subarray(0, 15).toString() === '<!DOCTYPE html>');
        expect(deleted.length).toBeGreaterThan(20);
        for (const blob of deleted) fs.rmSync(blob);
        const again = await session.build(options);
        expect(again.published).toBe(true);
        expect(again.rendered).toEqual({ summaries: 0, documents: 0, pages: [], indexed: 0 });
        expect(differences(before, snapshot(out))).toEqual([]);
      } finally {
        await session.close();
      }
    }
  });

  test('a session that defers its cache writes (serve) writes them when told; a new session finds the output as they say', async () => {
    const src = path.join(temporaryDir('deferred-src'), 'tei');
    fs.cpSync(TEI_DIR, src, { recursive: true });
    const cacheDir = temporaryDir('deferred-cache');
    const out = path.join(temporaryDir('deferred-out'), 'dist');
    // Not validated: the copies' xml-model paths lead nowhere (the validation state's deferral: test/validate/state.test.ts).
    const options: BuildOptions = { src, out, validate: false, edition: PINNED_EDITION, cacheDir };
    const manifests = (): string[] => fs.existsSync(path.join(cacheDir, 'build', 'outputs')) ? fs.readdirSync(path.join(cacheDir, 'build', 'outputs')) : [];
    const session = new BuildSession({ outputInPlace: true, deferCacheWrites: true });
    try {
      expect((await session.build(options)).published).toBe(true);
      // Published, and the output manifest not written yet.
      expect(session.cacheWritesPending).toBe(true);
      expect(manifests()).toEqual([]);
      session.flushCacheWrites();
      expect(session.cacheWritesPending).toBe(false);
      expect(manifests()).toHaveLength(1);

      const letter = path.join(src, `${CARTER}.xml`);
      fs.writeFileSync(letter, read(letter).replace('We intend to scrutinize all sales', 'We intend to examine all sales'));
      const second = await session.build(options);
      expect(second.published).toBe(true);
      expect(second.rendered.documents).toBe(1);
      expect(session.cacheWritesPending).toBe(true);
    } finally {
      // Closing writes what is left.
      await session.close();
    }
    expect(session.cacheWritesPending).toBe(false);
    // A new process's session: the manifest it reads is the second build's, so every file of the output is kept as it is.
    forgetStates();
    const fresh = new BuildSession({ outputInPlace: true });
    try {
      const stages = new Map<string, { detail?: string; files: number }>();
      const third = await fresh.build({ ...options, onStage: (event) => stages.set(event.stage, event) });
      expect(third.published).toBe(true);
      expect(third.rendered).toEqual({ summaries: 0, documents: 0, pages: [], indexed: 0 });
      expect(stages.get('write')?.detail).toBe(`${stages.get('write')?.files} unchanged file(s) kept in place`);
    } finally {
      await fresh.close();
    }
  });
});

describe('OutputFolder.writeParts', () => {
  test('writes a file of many parts (texts, files, this output\'s files) in order, over several batches, and says so in the manifest', async () => {
    const dir = temporaryDir('write-parts');
    const out = path.join(dir, 'dist');
    const copied = path.join(dir, 'copied.txt');
    fs.writeFileSync(copied, 'from a file — ✓\n');
    const folder = new OutputFolder(out, new OutputManifest(path.join(dir, 'manifest.json')));
    folder.write('text/a.txt', 'text of a\n', 'key a');
    // More parts than a batch holds (512), and more bytes (4 MB): written a batch at a time, the next read meanwhile.
    const big = 'é'.repeat(700_000);
    const parts: Parameters<OutputFolder['writeParts']>[1] = [];
    const expected: string[] = [];
    for (let i = 0; i < 1200; i++) {
      const part = i % 3 === 0 ? { output: 'text/a.txt' } : i % 3 === 1 ? { copyOf: copied } : i % 100 === 2 ? big : `part ${i}\n`;
      parts.push(part);
      expected.push(typeof part === 'string' ? part : 'output' in part ? 'text of a\n' : 'from a file — ✓\n');
    }
    await folder.writeParts('text/edition.txt', parts, 'key edition');
    folder.commit();
    expect(fs.readFileSync(path.join(out, 'text', 'edition.txt'), 'utf8')).toBe(expected.join(''));
    const manifest = new OutputManifest(path.join(dir, 'manifest.json'));
    expect(new OutputFolder(out, manifest).holds('text/edition.txt', 'key edition')).toBe(true);
  });

  test('a part that cannot be read fails the write with an OutputError, and the output stays as it was', async () => {
    const dir = temporaryDir('write-parts-fail');
    const out = path.join(dir, 'dist');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'before.txt'), 'before');
    const folder = new OutputFolder(out);
    const parts = [...Array.from({ length: 600 }, (_, i) => `part ${i}\n`), { copyOf: path.join(dir, 'missing.txt') }];
    await expect(folder.writeParts('text/edition.txt', parts)).rejects.toThrow(OutputError);
    folder.discard();
    expect(fs.readdirSync(out)).toEqual(['before.txt']);
  });
});
