import * as fs from 'fs';
import * as path from 'path';
import { makeFolders } from '../../src/make-folders';
import { temporaryDir } from './support';

/*
 * makeFolders stands in for fs.mkdirSync(folder, { recursive: true }) everywhere (src/make-folders.ts), and the
 * output folder's code tells "a file in the way" by its error codes (atomic-output.ts, makeFolder): the same
 * codes as Node's, but for a broken symbolic link in the way (EEXIST, a thing in the way, where Node follows the
 * link and says ENOENT) and where Node's loops for ever (/proc).
 */

function codeOf(body: () => unknown): string {
  try {
    body();
    return 'ok';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error);
  }
}

describe('makeFolders', () => {
  let root: string;
  beforeEach(() => {
    root = temporaryDir('make-folders');
    fs.writeFileSync(path.join(root, 'file'), 'x');
    fs.mkdirSync(path.join(root, 'dir'));
    fs.symlinkSync(path.join(root, 'dir'), path.join(root, 'link-to-dir'));
    fs.symlinkSync(path.join(root, 'nowhere'), path.join(root, 'broken'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test.each([
    ['a file where the folder goes', 'file', 'EEXIST'],
    ['a file where a parent goes', 'file/sub/deeper', 'ENOTDIR'],
    ['an existing folder', 'dir', 'ok'],
    ['new folders in an existing one', 'dir/a/b', 'ok'],
    ['new folders through a link to a folder', 'link-to-dir/c', 'ok'],
    ['a whole new branch', 'new/x/y', 'ok'],
  ])('%s: what Node says (%s)', (_case, relative, expected) => {
    const folder = path.join(root, relative);
    const ours = codeOf(() => makeFolders(folder));
    if (ours === 'ok') expect(fs.statSync(folder).isDirectory()).toBe(true);
    fs.rmSync(path.join(root, 'dir', 'a'), { recursive: true, force: true });
    fs.rmSync(path.join(root, 'dir', 'c'), { recursive: true, force: true });
    fs.rmSync(path.join(root, 'new'), { recursive: true, force: true });
    expect({ ours, node: codeOf(() => fs.mkdirSync(folder, { recursive: true })) }).toEqual({ ours: expected, node: expected });
  });

  test('returns the folders it made, outermost first', () => {
    expect(makeFolders(path.join(root, 'new', 'x', 'y'))).toEqual(['new', 'new/x', 'new/x/y'].map((relative) => path.join(root, relative)));
    expect(makeFolders(path.join(root, 'new', 'x', 'y'))).toEqual([]);
  });

  test('a broken link in the way is a thing in the way (EEXIST), which the output folder replaces', () => {
    expect(codeOf(() => makeFolders(path.join(root, 'broken', 'sub')))).toBe('EEXIST');
  });

  (fs.existsSync('/proc/self') ? test : test.skip)('/proc, where mkdir says "no such file" under a folder that exists: an error at once', () => {
    expect(codeOf(() => makeFolders('/proc/tei-edition-make-folders/x'))).toBe('ENOENT');
  });
});
