import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ResultCache } from '../../src/cache';

/**
 * gitCommit (src/collection/git-commit.ts) asks git once per state of HEAD and keeps the answer: these tests
 * move HEAD every way a user does (commit, branch switch, detached checkout, reset, packed refs, a linked
 * worktree) and check the answer is git's own after each, and that an unmoved HEAD is answered without git.
 */

const GIT_ENV = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org' };

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...GIT_ENV }, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** What git itself says the folder's commit is. */
function revParse(dir: string): string {
  return git(dir, 'rev-parse', '--short=12', 'HEAD');
}

/** gitCommit from a fresh copy of the module (nothing known in memory: as a new process). */
function freshGitCommit(): typeof import('../../src/collection/git-commit').gitCommit {
  let fn: typeof import('../../src/collection/git-commit').gitCommit | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    fn = (require('../../src/collection/git-commit') as typeof import('../../src/collection/git-commit')).gitCommit;
  });
  return fn!;
}

/** Runs `body` with git unreachable (as when it is not installed): an answer then cannot come from git. */
function withoutGit<T>(body: () => T): T {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const spy = jest.spyOn(require('child_process') as typeof import('child_process'), 'execFileSync').mockImplementation(() => {
    throw Object.assign(new Error('spawnSync git ENOENT'), { code: 'ENOENT' });
  });
  try {
    return body();
  } finally {
    spy.mockRestore();
  }
}

describe('gitCommit: the collection commit, git asked once per state of HEAD', () => {
  let root: string;
  let repo: string;
  let collection: string;
  let cacheDir: string;

  const commitFile = (name: string, text: string, dir = repo): void => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', `${name}: ${text}`);
  };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'git-commit-'));
    repo = path.join(root, 'edition');
    collection = path.join(repo, 'tei');
    cacheDir = path.join(root, 'cache');
    fs.mkdirSync(repo);
    git(repo, 'init', '-q', '-b', 'main');
    commitFile('tei/a.xml', '<TEI/>');
  });

  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('the answer is git\'s after every way HEAD moves, and an unmoved HEAD is answered without git (in memory and from the cache)', () => {
    const gitCommit = freshGitCommit();
    const cache = new ResultCache(cacheDir, 'build');
    const first = revParse(collection);
    expect(gitCommit(collection, cache)).toBe(first);
    // HEAD has not moved: answered without git, by this process and by the next one (the cache).
    expect(withoutGit(() => gitCommit(collection, cache))).toBe(first);
    expect(withoutGit(() => freshGitCommit()(collection, new ResultCache(cacheDir, 'build')))).toBe(first);

    const check = (): void => {
      const expected = revParse(collection);
      expect(gitCommit(collection, cache)).toBe(expected);
      expect(freshGitCommit()(collection, new ResultCache(cacheDir, 'build'))).toBe(expected);
    };
    // A commit on the branch.
    commitFile('tei/a.xml', '<TEI>2</TEI>');
    expect(revParse(collection)).not.toBe(first);
    check();
    // Another branch, with a commit of its own; then back.
    git(repo, 'checkout', '-q', '-b', 'other');
    commitFile('tei/b.xml', '<TEI/>');
    check();
    git(repo, 'checkout', '-q', 'main');
    check();
    // A detached HEAD, then a reset of the branch back to the first commit.
    git(repo, 'checkout', '-q', '--detach', 'other');
    check();
    git(repo, 'checkout', '-q', 'main');
    git(repo, 'reset', '-q', '--hard', first);
    check();
    // The branches packed into packed-refs (no loose file), then a commit while packed.
    git(repo, 'pack-refs', '--all');
    check();
    git(repo, 'checkout', '-q', 'other');
    check();
    commitFile('tei/c.xml', '<TEI/>');
    check();
  });

  test('a linked worktree has its own HEAD; its commits are seen, and the main checkout\'s stay its own', () => {
    const gitCommit = freshGitCommit();
    const cache = new ResultCache(cacheDir, 'build');
    const worktree = path.join(root, 'feature');
    git(repo, 'worktree', 'add', '-q', '-b', 'feature', worktree);
    const main = revParse(collection);
    expect(gitCommit(collection, cache)).toBe(main);
    expect(gitCommit(path.join(worktree, 'tei'), cache)).toBe(main);
    commitFile('tei/d.xml', '<TEI/>', worktree);
    expect(gitCommit(path.join(worktree, 'tei'), cache)).toBe(revParse(path.join(worktree, 'tei')));
    expect(gitCommit(path.join(worktree, 'tei'), cache)).not.toBe(main);
    expect(gitCommit(collection, cache)).toBe(main);
  });

  test('a folder in no repository has no commit, and git is not started for it', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'git-commit-none-'));
    try {
      // Inside os.tmpdir(), which is in no repository (else this test says nothing).
      expect(() => git(outside, 'rev-parse', 'HEAD')).toThrow();
      expect(withoutGit(() => freshGitCommit()(outside))).toBeUndefined();
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  test('git that cannot answer (not installed) gives no commit, and the failure is not kept', () => {
    const gitCommit = freshGitCommit();
    const cache = new ResultCache(cacheDir, 'build');
    expect(withoutGit(() => gitCommit(collection, cache))).toBeUndefined();
    expect(gitCommit(collection, cache)).toBe(revParse(collection));
  });
});

describe('build: the commit in the pages follows HEAD', () => {
  test('a build after a commit stamps the new commit (the pages are not rendered again)', async () => {
    const { buildEdition } = await import('../../src/publish/build');
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'git-commit-build-'));
    try {
      const repo = path.join(root, 'edition');
      const src = path.join(repo, 'tei');
      fs.mkdirSync(src, { recursive: true });
      for (const file of ['carter-brezhnev-1979.xml', 'register.xml']) fs.copyFileSync(path.join(__dirname, '..', '..', 'tei', file), path.join(src, file));
      fs.writeFileSync(path.join(repo, 'notes.txt'), 'one');
      git(repo, 'init', '-q', '-b', 'main');
      git(repo, 'add', '-A');
      git(repo, 'commit', '-q', '-m', 'first');
      const out = path.join(root, 'dist');
      const options = { src, out, validate: false, cacheDir: path.join(root, 'cache'), edition: { 'build-date': '2026-01-01' }, workers: 0 };
      const first = await buildEdition(options);
      expect(first.published).toBe(true);
      const home = (): string => fs.readFileSync(path.join(out, 'html', 'index.html'), 'utf8');
      expect(home()).toContain(revParse(repo));

      // A commit that does not touch the collection: only HEAD moves.
      fs.writeFileSync(path.join(repo, 'notes.txt'), 'two');
      git(repo, 'commit', '-q', '-am', 'second');
      const second = await buildEdition(options);
      expect(second.published).toBe(true);
      expect(second.rendered.documents).toBe(0);
      expect(home()).toContain(revParse(repo));
      expect(home()).not.toContain(git(repo, 'rev-parse', '--short=12', 'HEAD~1'));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 240000);
});
