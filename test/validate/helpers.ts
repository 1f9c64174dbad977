import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../support/shared';
import type { ValidationReport } from '../../src/validation';

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

/** Everything of a report but the timings and the cache counts: what a run with the cache must give exactly as one without. */
export const reportEssence = (report: ValidationReport): unknown => ({ diagnostics: report.diagnostics, files: report.files, summary: report.summary });
/** How many documents the Schematron rules checked (the others' results were kept). */
export const schematronChecked = (report: ValidationReport): number => report.timings.filter((t) => t.stage === 'rules-schematron').reduce((sum, t) => sum + t.files, 0);
export const stageNames = (report: ValidationReport): string[] => report.timings.map((t) => t.stage);
/** The cache stage's detail: "N hit(s), M miss(es)". */
export const cacheStage = (report: ValidationReport): string | undefined => report.timings.find((t) => t.stage === 'cache')?.detail;

/** Replaces part of a file; the test fails if the part is not there (an edit that changes nothing proves nothing). */
export function editFile(file: string, from: string | RegExp, to: string): void {
  const text = fs.readFileSync(file, 'utf8');
  const changed = text.replace(from, to);
  expect(changed).not.toBe(text);
  fs.writeFileSync(file, changed);
}

/** The bundled collection and its schemas copied into `dir`, with one mistake per layer so that each has something to say. */
export function bundledWithMistakes(dir: string): void {
  fs.cpSync(path.join(REPO_ROOT, 'tei'), path.join(dir, 'tei'), { recursive: true });
  fs.cpSync(path.join(REPO_ROOT, 'schemas'), path.join(dir, 'schemas'), { recursive: true });
  editFile(path.join(dir, 'tei', 'politburo-directive-1980.xml'), /<date when="(\d{4})-(\d\d)-(\d\d)"/, '<date when="$1-02-30"');
  editFile(path.join(dir, 'tei', 'carter-brezhnev-1979.xml'), /ref="register.xml#carter"/, 'ref="register.xml#nobody"');
}
