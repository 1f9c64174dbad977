import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { contentHash, ResultCache } from '../cache';

/**
 * The commit a folder is checked out at, as `git rev-parse --short=12 HEAD` run in it says, or undefined
 * when it is in no git repository (or git cannot say: not installed, a repository it refuses).
 *
 * Every build shows the collection's commit (edition-info.ts), and starting git costs 20-60 ms on a quiet
 * machine, 60-250 ms on a busy one, on every build and every save of `serve`. So git is asked once per
 * state of the repository's HEAD: the answer is kept (in this process, and in `cache` when given) under the
 * identity of the files git reads to answer, found without git: the repository's HEAD (its content and
 * file identity), and, when HEAD names a branch, the branch's file (content and identity) and `packed-refs`
 * (identity): a commit, a checkout, a reset or a pull rewrites one of them. A folder in no repository (no `.git` in it
 * or any folder above it, and none of them a bare repository) is answered without git. With GIT_DIR or
 * another variable that changes where git looks set, git is asked every time.
 */
export function gitCommit(folder: string, cache?: ResultCache): string | undefined {
  if (Object.keys(process.env).some((name) => DISCOVERY_VARIABLES.has(name))) return revParse(folder);
  const repository = repositoryOf(folder);
  if (!repository) return undefined;
  const identity = headIdentity(repository);
  if (identity === undefined) return revParse(folder);
  const key = contentHash('git commit', folder, identity);
  let commit = known.get(key) ?? cache?.get<string>(key, (value) => typeof value === 'string' && /^[0-9a-f]{4,64}$/.test(value));
  if (commit === undefined) {
    commit = revParse(folder);
    // Only what git answered is kept: a failure (git missing, a repository refused) is asked again next time.
    if (commit !== undefined) cache?.set(key, commit);
  }
  if (commit !== undefined) known.set(key, commit);
  return commit;
}

/** Answers of this process (serve), by key (see gitCommit). */
const known = new Map<string, string>();

/** Environment variables that change where git finds the repository or its HEAD (git help environment). */
const DISCOVERY_VARIABLES = new Set(['GIT_DIR', 'GIT_WORK_TREE', 'GIT_COMMON_DIR', 'GIT_CEILING_DIRECTORIES', 'GIT_DISCOVERY_ACROSS_FILESYSTEM', 'GIT_NAMESPACE', 'GIT_CONFIG_PARAMETERS']);

function revParse(folder: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: folder, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

interface Repository {
  /** The repository's own folder (`.git`, or a worktree's folder under `.git/worktrees/`): where its HEAD is. */
  gitDir: string;
  /** Where its branches are (`commondir` of a linked worktree; else gitDir). */
  commonDir: string;
}

/** The repository git would find from `folder`, looking as git does: `.git` (a folder, or a file naming one) in it or above it, or a bare repository. */
function repositoryOf(folder: string): Repository | undefined {
  for (let dir = path.resolve(folder); ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, '.git');
    const stat = fs.statSync(dotGit, { throwIfNoEntry: false });
    if (stat?.isDirectory()) return withCommonDir(dotGit);
    if (stat?.isFile()) {
      const named = /^gitdir: (.*)$/m.exec(readText(dotGit) ?? '')?.[1]?.trim();
      return named ? withCommonDir(path.resolve(dir, named)) : undefined;
    }
    if (isBareRepository(dir)) return withCommonDir(dir);
    if (path.dirname(dir) === dir) return undefined;
  }
}

function withCommonDir(gitDir: string): Repository {
  const common = readText(path.join(gitDir, 'commondir'))?.trim();
  return { gitDir, commonDir: common ? path.resolve(gitDir, common) : gitDir };
}

function isBareRepository(dir: string): boolean {
  return Boolean(fs.statSync(path.join(dir, 'HEAD'), { throwIfNoEntry: false })?.isFile()
    && fs.statSync(path.join(dir, 'objects'), { throwIfNoEntry: false })?.isDirectory()
    && fs.statSync(path.join(dir, 'refs'), { throwIfNoEntry: false })?.isDirectory());
}

/**
 * What `HEAD` resolves through, as a string that changes whenever the commit it resolves to may have: HEAD's
 * content and identity, and for a branch its file's content and identity and packed-refs' identity. Undefined when
 * HEAD cannot be read, or names a branch that is a symbolic reference itself.
 */
function headIdentity({ gitDir, commonDir }: Repository): string | undefined {
  const head = path.join(gitDir, 'HEAD');
  const content = readText(head);
  if (content === undefined) return undefined;
  const parts = [gitDir, content, fileIdentity(head)];
  const branch = /^ref: (refs\/\S+)\s*$/.exec(content)?.[1];
  if (branch) {
    // A branch's file is in the common folder; refs of a worktree's own (refs/bisect, refs/worktree) in its folder.
    const own = branch.startsWith('refs/bisect/') || branch.startsWith('refs/worktree/');
    const loose = path.join(own ? gitDir : commonDir, branch);
    const target = readText(loose);
    // A branch that is itself a symbolic reference: followed by git only.
    if (target?.startsWith('ref:')) return undefined;
    parts.push(target ?? 'none', fileIdentity(loose), fileIdentity(path.join(commonDir, 'packed-refs')));
  }
  return JSON.stringify(parts);
}

/** A file's identity (device, inode, size, modification time), or 'none'. */
function fileIdentity(file: string): string {
  const stat = fs.statSync(file, { bigint: true, throwIfNoEntry: false });
  return stat ? `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}` : 'none';
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
