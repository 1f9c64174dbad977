import * as fs from 'fs';
import * as path from 'path';
import { oldOutputsRemoved, OutputFolder, OutputManifest } from '../../src/publish/atomic-output';
import type { BuildOptions } from '../../src/publish/build';
import { BuildSession } from '../../src/publish/session';
import { PINNED_EDITION, read, snapshot, TEI_DIR, temporaryDir } from '../support/publish';

/**
 * `build` keeps the output it swaps out as the next build's temporary folder (the spare, in the cache) and brings it
 * up to date by difference (atomic-output.ts): what it publishes must be exactly what a build into a new folder
 * publishes (no file, and no folder, left over from an older output), the output in place must never change before
 * the swap, and a spare or an output changed by hand since must not be trusted.
 */

jest.setTimeout(180_000);

const CARTER = 'carter-brezhnev-1979';

function inode(file: string): bigint {
  return fs.statSync(file, { bigint: true }).ino;
}

/** Every folder under `dir` (paths relative to it), empty ones included: a cold build leaves none empty. */
function folders(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string, prefix: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      found.push(`${prefix}${entry.name}`);
      walk(path.join(folder, entry.name), `${prefix}${entry.name}/`);
    }
  };
  walk(dir, '');
  return found.sort();
}

function contents(dir: string): string[][] {
  return [...snapshot(dir)].map(([name, bytes]) => [name, bytes.toString()]).sort();
}

describe('OutputFolder by difference (build)', () => {
  type Files = Array<[string, string, string]>;
  const files = (changes: string): Files => [['html/same.html', 'same', 'key same'], ['html/changes.html', changes, `key ${changes}`], ['html/goes/page.html', 'goes', 'key goes'], ['text/a.txt', 'text a', 'key a']];

  function setting(): { out: string; manifestFile: string; build: (written: Files, check?: (folder: OutputFolder) => void) => OutputFolder } {
    const dir = temporaryDir('by-difference');
    const out = path.join(dir, 'dist');
    const manifestFile = path.join(temporaryDir('by-difference-cache'), 'outputs', 'manifest.json');
    // A new manifest for each build, read from its file: as a new process finds it.
    const build = (written: Files, check?: (folder: OutputFolder) => void): OutputFolder => {
      const folder = new OutputFolder(out, new OutputManifest(manifestFile));
      for (const [name, content, key] of written) folder.write(name, content, key);
      check?.(folder);
      folder.commit();
      return folder;
    };
    return { out, manifestFile, build };
  }

  test('the third build takes the output the second swapped out, keeps what is the same, replaces what changed, removes what is gone', async () => {
    const { out, manifestFile, build } = setting();
    const spare = new OutputManifest(manifestFile).spareFolder;
    expect(build(files('one')).byDifference).toBe(false);
    const same = inode(path.join(out, 'html', 'same.html'));
    // The first output is kept as the spare (the second build found it as the first left it).
    expect(build(files('two')).byDifference).toBe(false);
    expect(contents(spare)).toEqual([['html/changes.html', 'one'], ['html/goes/page.html', 'goes'], ['html/same.html', 'same'], ['text/a.txt', 'text a']]);

    const third = build([...files('three').filter(([name]) => !name.startsWith('html/goes/')), ['html/new/page.html', 'new', 'key new']], (folder) => {
      // Until the swap, the output in place is the second one, whole.
      expect(contents(out)).toEqual([['html/changes.html', 'two'], ['html/goes/page.html', 'goes'], ['html/same.html', 'same'], ['text/a.txt', 'text a']]);
      expect(folder.read('html/changes.html').toString()).toBe('three');
      expect(folder.read('html/same.html').toString()).toBe('same');
    });
    expect(third.byDifference).toBe(true);
    expect(third.linked).toBe(2);
    expect(contents(out)).toEqual([['html/changes.html', 'three'], ['html/new/page.html', 'new'], ['html/same.html', 'same'], ['text/a.txt', 'text a']]);
    // The folder of the page that went goes with it; the unchanged file is the one the first build wrote.
    expect(folders(out)).toEqual(['html', 'html/new', 'text']);
    expect(inode(path.join(out, 'html', 'same.html'))).toBe(same);
    // The second output is the next spare; nothing is left beside the output.
    expect(contents(spare)).toEqual([['html/changes.html', 'two'], ['html/goes/page.html', 'goes'], ['html/same.html', 'same'], ['text/a.txt', 'text a']]);
    await oldOutputsRemoved();
    expect(fs.readdirSync(path.dirname(out))).toEqual(['dist']);

    // A page back to the content the spare holds of it (the second output's): kept from the spare, not written.
    const fourth = build(files('two'));
    expect(fourth.byDifference).toBe(true);
    expect(contents(out)).toEqual([['html/changes.html', 'two'], ['html/goes/page.html', 'goes'], ['html/same.html', 'same'], ['text/a.txt', 'text a']]);
    expect(folders(out)).toEqual(['html', 'html/goes', 'text']);
  });

  test('a file edited by hand in the output (the spare has the same file) is written anew, in the next output only', () => {
    const { out, build } = setting();
    build(files('one'));
    build(files('two'));
    // Written into the output's file itself: the spare's link to it shows the edit too.
    fs.writeFileSync(path.join(out, 'html', 'same.html'), 'edited by hand');
    const third = build(files('three'), (folder) => {
      expect(read(path.join(out, 'html', 'same.html'))).toBe('edited by hand');
      expect(folder.read('html/same.html').toString()).toBe('same');
    });
    expect(third.byDifference).toBe(true);
    expect(contents(out)).toEqual([['html/changes.html', 'three'], ['html/goes/page.html', 'goes'], ['html/same.html', 'same'], ['text/a.txt', 'text a']]);
  });

  test('a spare changed since it was put aside is not used; an output changed by hand is not kept as the spare', async () => {
    const { out, manifestFile, build } = setting();
    const spare = new OutputManifest(manifestFile).spareFolder;
    build(files('one'));
    build(files('two'));
    fs.writeFileSync(path.join(spare, 'html', 'stray.html'), 'stray in the spare');
    const third = build(files('three'));
    expect(third.byDifference).toBe(false);
    expect(contents(out)).toEqual([['html/changes.html', 'three'], ['html/goes/page.html', 'goes'], ['html/same.html', 'same'], ['text/a.txt', 'text a']]);

    // A file put into the output by hand: that output is not the next spare, so it reaches no later output.
    fs.writeFileSync(path.join(out, 'html', 'goes', 'stray.html'), 'stray in the output');
    build(files('four'));
    expect(fs.existsSync(spare)).toBe(false);
    build(files('five'));
    expect(build(files('six')).byDifference).toBe(true);
    expect(contents(out)).toEqual([['html/changes.html', 'six'], ['html/goes/page.html', 'goes'], ['html/same.html', 'same'], ['text/a.txt', 'text a']]);
    await oldOutputsRemoved();
    expect(fs.readdirSync(path.dirname(out))).toEqual(['dist']);
  });

  test('a build that is discarded leaves the output as it was; the next starts from an empty folder', async () => {
    const { out, manifestFile, build } = setting();
    build(files('one'));
    build(files('two'));
    const discarded = new OutputFolder(out, new OutputManifest(manifestFile));
    expect(discarded.byDifference).toBe(true);
    discarded.write('html/changes.html', 'never published', 'key never');
    discarded.discard();
    expect(fs.existsSync(discarded.temporary)).toBe(false);
    expect(contents(out)).toEqual([['html/changes.html', 'two'], ['html/goes/page.html', 'goes'], ['html/same.html', 'same'], ['text/a.txt', 'text a']]);
    const next = build(files('three'));
    expect(next.byDifference).toBe(false);
    expect(contents(out)).toEqual([['html/changes.html', 'three'], ['html/goes/page.html', 'goes'], ['html/same.html', 'same'], ['text/a.txt', 'text a']]);
    await oldOutputsRemoved();
    expect(fs.readdirSync(path.dirname(out))).toEqual(['dist']);
  });
});

describe('builds by difference, each in a session of its own (as `tei-edition build` runs)', () => {
  test('publish byte for byte what a build without a cache publishes: after a change, a mention pointed elsewhere, a removed document, a serve', async () => {
    const src = path.join(temporaryDir('by-difference-src'), 'tei');
    fs.cpSync(TEI_DIR, src, { recursive: true });
    const cacheDir = temporaryDir('by-difference-cache');
    const out = path.join(temporaryDir('by-difference-out'), 'dist');
    const options: BuildOptions = { src, out, validate: false, edition: PINNED_EDITION, cacheDir };
    const build = async (): Promise<{ written?: string }> => {
      const stages = new Map<string, string | undefined>();
      const session = new BuildSession({ once: true });
      try {
        expect((await session.build({ ...options, onStage: (event) => stages.set(event.stage, event.detail) })).published).toBe(true);
      } finally {
        await session.close();
      }
      return { written: stages.get('write') };
    };
    const uncached = async (): Promise<string> => {
      const target = path.join(temporaryDir('by-difference-fresh'), 'dist');
      const session = new BuildSession({ once: true });
      try {
        expect((await session.build({ ...options, out: target, cache: false })).published).toBe(true);
      } finally {
        await session.close();
      }
      return target;
    };
    const same = async (): Promise<void> => {
      const fresh = await uncached();
      expect(snapshot(out)).toEqual(snapshot(fresh));
      expect(folders(out)).toEqual(folders(fresh));
    };

    await build();
    await build();
    const letter = path.join(src, `${CARTER}.xml`);
    fs.writeFileSync(letter, read(letter).replace('We intend to scrutinize all sales', 'We intend to examine all sales'));
    expect((await build()).written).toMatch(/^\d+ unchanged file\(s\) kept from the output before$/);
    await same();

    const mention = 'to <persName ref="register.xml#vance">Vance</persName>';
    expect(read(letter)).toContain(mention);
    fs.writeFileSync(letter, read(letter).replace(mention, 'to <persName ref="register.xml#kosygin">Vance</persName>'));
    expect((await build()).written).toMatch(/kept from the output before/);

    // A document removed: its pages, and the folders only they were in, go.
    fs.rmSync(letter);
    expect((await build()).written).toMatch(/kept from the output before/);
    expect(fs.existsSync(path.join(out, 'html', 'documents', `${CARTER}.html`))).toBe(false);
    await same();
    expect(fs.readdirSync(path.dirname(out))).toEqual(['dist']);

    // `serve` between two builds changes the output in place (files replaced, new inodes): the next build must not take
    // the spare's files for the output's, and the one after it is by difference again.
    const directive = path.join(src, 'politburo-directive-1980.xml');
    fs.writeFileSync(directive, read(directive).replace('</p>', ' (served)</p>'));
    const serve = new BuildSession({ outputInPlace: true });
    try {
      expect((await serve.build(options)).published).toBe(true);
    } finally {
      await serve.close();
    }
    fs.writeFileSync(directive, read(directive).replace(' (served)</p>', ' (built)</p>'));
    expect((await build()).written).toMatch(/linked from the previous output/);
    await same();
    fs.writeFileSync(directive, read(directive).replace(' (built)</p>', '</p>'));
    await build();
    fs.writeFileSync(directive, read(directive).replace('</p>', ' (again)</p>'));
    expect((await build()).written).toMatch(/kept from the output before/);
    await same();
    // Some twenty builds of the bundled edition.
  }, 600_000);
});
