import { spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../support/shared';

export const CLI = path.join(REPO_ROOT, 'bin', 'tei-edition.js');
export const HOSTILE = path.join(REPO_ROOT, 'test', 'fixtures', 'hostile');
export const SCHEMA = path.join(REPO_ROOT, 'schemas', 'edition.rng');

export interface CliRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the compiled CLI as CI does (CI=true, no stdin, no colour). The time limit is a hang guard, not
 * a speed assertion: a run that passes it is killed and the test fails on its null status.
 */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; nodeArgs?: string[]; user?: { uid: number; gid: number } } = {},
): Promise<CliRun> {
  // Run from the repository (no cwd given), the CLI would keep its cache in the repository's .cache/tei-edition,
  // shared by every suite's runs (and suites run in parallel): such a run gets a cache of its own. A run in a
  // project folder keeps the project's default cache, which some tests look at.
  const ownCache = options.cwd === undefined && options.env?.TEI_EDITION_CACHE_DIR === undefined ? { TEI_EDITION_CACHE_DIR: temporaryDir('cli-cache') } : {};
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', NO_COLOR: '1', ...ownCache, ...options.env };
  delete env.FORCE_COLOR;
  delete env.GITHUB_STEP_SUMMARY;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], { cwd: options.cwd ?? REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], ...options.user });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120000);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}

/** What a crash of the Node process itself looks like: never acceptable, whatever the input. */
export function expectNoCrash(run: CliRun): void {
  const output = run.stdout + run.stderr;
  expect(run.signal).toBeNull();
  expect(output).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n|FATAL ERROR|heap out of memory|Maximum call stack size exceeded|internal error|Aborted|Segmentation/);
}

export interface ExpectedDiagnostic {
  rule: string;
  line: number;
  column: number;
  /** A fragment of the message. */
  message: string;
}

export interface Expected {
  exit: number;
  /** Path relative to the fixture folder → its exact diagnostics, in order. */
  files: Record<string, ExpectedDiagnostic[]>;
}

export function readExpected(dir: string): Expected {
  return JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Expected;
}

export interface ReportDiagnostic {
  file: string;
  line: number;
  column: number;
  severity: string;
  rule: string;
  layer: string;
  message: string;
}

/** Checks a JSON report against expected.json: exactly these diagnostics for exactly these files. */
export function expectReport(report: { diagnostics: ReportDiagnostic[]; files: Array<{ file: string }> }, expected: Expected, prefix: string): void {
  expect(report.files.map((f) => f.file).sort()).toEqual(Object.keys(expected.files).map((f) => `${prefix}${f}`).sort());
  for (const [file, diagnostics] of Object.entries(expected.files)) {
    const actual = report.diagnostics.filter((d) => d.file === `${prefix}${file}`).map(({ rule, line, column, message }) => ({ rule, line, column, message }));
    expect({ file, diagnostics: actual }).toEqual({
      file,
      diagnostics: diagnostics.map((d) => ({ rule: d.rule, line: d.line, column: d.column, message: expect.stringContaining(d.message) })),
    });
  }
}

export function temporaryDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `tei-hostile-${prefix}-`));
}

/** Every file under a folder, as paths relative to it. */
export function walkFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

/** A canary: a file outside every collection whose unique content must never show up anywhere. */
export function plantCanary(dir: string, name = 'canary.txt'): { file: string; secret: string } {
  const secret = `CANARY-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${secret}\n`);
  return { file, secret };
}

/** Whether any file under these folders, or any of these texts, contains the secret. */
export function leaks(secret: string, texts: string[], dirs: string[]): string[] {
  const found: string[] = [];
  texts.forEach((text, i) => text.includes(secret) && found.push(`output #${i}`));
  for (const dir of dirs) for (const file of walkFiles(dir)) if (fs.readFileSync(path.join(dir, file)).includes(secret)) found.push(path.join(dir, file));
  return found;
}

/** A local TCP server that records every connection (and answers like an HTTP server would). */
export async function connectionRecorder(): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  let count = 0;
  const server = net.createServer((socket) => {
    count += 1;
    socket.end('HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nREMOTE-CONTENT-MUST-NOT-APPEAR\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return { port, connections: () => count, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** sha256 of every file under a folder: sources must never change. */
export function treeHashes(dir: string): Record<string, string> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { createHash } = require('crypto') as typeof import('crypto');
  return Object.fromEntries(walkFiles(dir).map((f) => [f, createHash('sha256').update(fs.readFileSync(path.join(dir, f))).digest('hex')]));
}
