import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../support/shared';

export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'validate');
export const CLI = path.join(REPO_ROOT, 'bin', 'tei-edition.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the compiled CLI as a user would (`npm test` compiles it first). */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  // A fresh result cache per run, unless the test brings its own: runs stay independent, and nothing is
  // written under the fixtures.
  const cacheDir = options.env?.TEI_EDITION_CACHE_DIR ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'tei-edition-cache-'));
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...(cacheDir ? { TEI_EDITION_CACHE_DIR: cacheDir } : {}), ...options.env };
  delete env.FORCE_COLOR;
  delete env.GITHUB_STEP_SUMMARY;
  if (options.env?.GITHUB_STEP_SUMMARY) env.GITHUB_STEP_SUMMARY = options.env.GITHUB_STEP_SUMMARY;
  try {
    const result = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd ?? FIXTURES, env, encoding: 'utf8', timeout: 300000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    if (cacheDir) fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}

export interface Expectation {
  rule: string;
  line: number;
  column: number;
}

/**
 * The diagnostics a fixture must produce, from its own comments: one `expect: RULE LINE:COLUMN` per
 * problem. A fixture without any must produce none.
 */
export function expectations(file: string): Expectation[] {
  const text = fs.readFileSync(file, 'latin1');
  return [...text.matchAll(/expect: ([a-z][a-z0-9-]*) (\d+):(\d+)/g)].map((m) => ({ rule: m[1], line: Number(m[2]), column: Number(m[3]) }));
}

export function xmlFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.xml'))
    .sort()
    .map((name) => path.join(dir, name));
}

/** A fresh temporary folder, removed by the caller with `fs.rmSync(dir, { recursive: true })`. */
export function temporaryDir(prefix = 'tei-edition-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Copies a folder tree (fixtures into a temporary folder). */
export function copyTree(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}
