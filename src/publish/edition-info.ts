import { execFileSync } from 'child_process';
import type { EditionConfig } from '../config/edition-config';
import type { EditionInfo } from './transform';
import { packageVersion } from '../package-files';

/** The package version, the collection's commit (when it is in git) and the build date. */
export function editionInfo(srcDir: string): EditionInfo {
  const version = packageVersion();
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: srcDir, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' }).trim() || commit;
  } catch {
    // Not a git checkout (a downloaded archive): the pages say "unknown".
  }
  // SOURCE_DATE_EPOCH (reproducible-builds.org) lets packagers and tests pin the date.
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  const date = Number.isFinite(epoch) && process.env.SOURCE_DATE_EPOCH ? new Date(epoch * 1000) : new Date();
  return { version, commit, 'build-date': date.toISOString().slice(0, 10) };
}

/** The edition configuration as the stylesheets take it: its keys as they are, and the languages' names to show. */
export function configParameters(config: EditionConfig): Partial<EditionInfo> {
  if (!config.languages) return { ...config };
  const names = new Intl.DisplayNames(['en'], { type: 'language' });
  return { ...config, 'language-names': config.languages.map((code) => names.of(code) ?? code) };
}
