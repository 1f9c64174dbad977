import { execFileSync } from 'child_process';
import * as path from 'path';
import { UsageError } from '../diagnostics/errors';

/**
 * Absolute paths of the files that differ from `ref` (committed, staged or not yet committed) plus
 * untracked files, for `validate --changed`. Compares against the merge base of `ref` and HEAD, so a
 * pull request is checked for what it changes, not for what its base gained since. Deleted files are
 * left out.
 */
export function changedFiles(ref: string, cwd = process.cwd()): Set<string> {
  const git = (...args: string[]): string => {
    try {
      return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    } catch (error) {
      const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError('--changed needs git, which was not found on PATH');
      throw new UsageError(`--changed ${ref}: git ${args[0]} failed${stderr ? `: ${stderr}` : ''}`);
    }
  };
  const top = git('rev-parse', '--show-toplevel').trim();
  git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
  let base = ref;
  try {
    base = execFileSync('git', ['merge-base', ref, 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || ref;
  } catch {
    // No common history (a shallow clone): compare with the ref itself.
  }
  const changed = git('diff', '--name-only', '--no-renames', '--diff-filter=ACMRT', '-z', base, '--');
  const untracked = git('ls-files', '--others', '--exclude-standard', '-z');
  const files = new Set<string>();
  for (const name of `${changed}\0${untracked}`.split('\0')) {
    if (name) files.add(path.resolve(top, name));
  }
  return files;
}
