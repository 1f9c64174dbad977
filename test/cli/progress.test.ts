import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { progressText, progressWanted, stageReporter, timingLine } from '../../src/cli/stage-reporter';
import { StageTimer } from '../../src/stages';
import { REPO_ROOT } from '../support/shared';

/**
 * Progress on long runs (issue 15): `build` and `validate` show the stage, files done of all and the
 * elapsed time on one line of a terminal, and nothing of it anywhere else (a pipe, a file, CI logs,
 * --quiet, a machine-readable report). Both commands draw it from the same stage events as --timings.
 */

/** A stream that records what is written to it. */
function recorder(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const stream = { isTTY, columns: 60, text: '', write(chunk: string) { stream.text += chunk; return true; } };
  return stream as unknown as NodeJS.WriteStream & { text: string };
}

describe('when progress is shown', () => {
  const tty = { isTTY: true };
  test('on a terminal, with the pretty report, outside CI', () => {
    expect(progressWanted(tty, { env: {} })).toBe(true);
    expect(progressWanted(tty, { env: {}, format: 'pretty' })).toBe(true);
    expect(progressWanted(tty, { env: { CI: 'false' } })).toBe(true);
  });
  test('never in a pipe or a file, in CI, with --quiet, beside a machine-readable report, or on a dumb terminal', () => {
    expect(progressWanted({ isTTY: false }, { env: {} })).toBe(false);
    expect(progressWanted({}, { env: {} })).toBe(false);
    expect(progressWanted(tty, { env: { CI: 'true' } })).toBe(false);
    expect(progressWanted(tty, { env: { CI: '1' } })).toBe(false);
    expect(progressWanted(tty, { env: {}, quiet: true })).toBe(false);
    for (const format of ['json', 'junit', 'github']) expect(progressWanted(tty, { env: {}, format })).toBe(false);
    expect(progressWanted(tty, { env: { TERM: 'dumb' } })).toBe(false);
  });
});

describe('the progress line and the --timings lines', () => {
  test('the line names the stage, the files done of all and the elapsed time', () => {
    expect(progressText('build', { stage: 'render-documents', ms: 0, files: 812, total: 2000 }, 41_250)).toBe('build: render-documents 812/2,000 · 41.3 s');
  });

  test('progress is drawn over itself, at most every 100 ms but always at the end of a stage, and cleared before the timings', () => {
    const stream = recorder(true);
    const reporter = stageReporter('validate', { timings: true, progress: true, stream });
    const timer = new StageTimer(reporter);
    for (let done = 1; done <= 1000; done++) timer.progress('wellformed', done, 1000);
    timer.add('wellformed', 12.4, 1000);
    const draws = stream.text.split('\r\x1b[K').filter(Boolean);
    // Many fewer draws than reports, and the last one is complete.
    expect(draws.length).toBeLessThan(50);
    expect(draws[draws.length - 1]).toMatch(/^validate: wellformed 1,000\/1,000 · \d+\.\d s$/);
    timer.finish();
    expect(stream.text.endsWith(`\r\x1b[K${timingLine({ stage: 'wellformed', ms: 12.4, files: 1000 })}`)).toBe(true);
    expect(timingLine({ stage: 'schema-compile', ms: 41.6, files: 3, detail: 'schemas/edition.rng' })).toBe('timing: schema-compile (schemas/edition.rng): 42 ms, 3 file(s)\n');
  });

  test('without progress nothing but the timings is written; clear() then writes nothing', () => {
    const stream = recorder(false);
    const reporter = stageReporter('build', { timings: false, progress: false, stream });
    const timer = new StageTimer(reporter);
    timer.progress('read', 1, 2);
    timer.add('read', 3, 2);
    timer.finish();
    reporter.clear();
    expect(stream.text).toBe('');
    expect(reporter.onProgress).toBeUndefined();
  });
});

const SCRIPT = '/usr/bin/script';
const haveScript = fs.existsSync(SCRIPT);
if (!haveScript) {
  // eslint-disable-next-line no-console
  console.warn('NOTICE: util-linux `script` is not installed: the progress line is not tested on a real terminal.');
}

describe('the CLI on a terminal and off it', () => {
  const cli = path.join(REPO_ROOT, 'bin', 'tei-edition.js');
  const envWithout = (...names: string[]): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = { ...process.env, TEI_EDITION_CACHE_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'tei-edition-progress-')) };
    for (const name of names) delete env[name];
    return env;
  };
  /** Runs the CLI on a pseudo-terminal (script(1)): what a user at a terminal sees, standard output and error together. */
  const onTerminal = (args: string[], env: NodeJS.ProcessEnv): string => {
    const command = [process.execPath, cli, ...args].map((arg) => `'${arg.replace(/'/g, "'\\''")}'`).join(' ');
    return spawnSync(SCRIPT, ['-qec', command, '/dev/null'], { cwd: REPO_ROOT, env, encoding: 'utf8' }).stdout;
  };

  (haveScript ? test : test.skip)('validate on a terminal shows the progress line, and clears it before the report', () => {
    const seen = onTerminal(['validate', 'tei', '--no-cache'], envWithout('CI'));
    expect(seen).toMatch(/\r\x1b\[Kvalidate: (read|wellformed|rules-schematron) \d+\/\d+ · \d+\.\d s/);
    // The report starts on a clean line.
    expect(seen).toMatch(/\r\x1b\[K(\r?\n)?.*0 errors/s);
  });

  (haveScript ? test : test.skip)('build on a terminal shows it too', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tei-edition-progress-')), 'dist');
    const seen = onTerminal(['build', '--src', 'tei', '--out', out, '--no-validate', '--no-cache'], envWithout('CI'));
    expect(seen).toMatch(/\r\x1b\[Kbuild: (read|summarise|render-documents|collection-pages|write) \d+\/\d+ · \d+\.\d s/);
    expect(seen).toMatch(/Published 2 document\(s\)/);
  });

  (haveScript ? test : test.skip)('nothing of it on a terminal with CI set, with --quiet, or with --format json', () => {
    const inCi = { ...envWithout(), CI: 'true' };
    expect(onTerminal(['validate', 'tei'], inCi)).not.toContain('\x1b[K');
    expect(onTerminal(['validate', 'tei', '--quiet'], envWithout('CI'))).not.toContain('\x1b[K');
    expect(onTerminal(['validate', 'tei', '--format', 'json'], envWithout('CI'))).not.toContain('\x1b[K');
  });

  test('nothing of it when standard error is not a terminal (a pipe, a CI log)', () => {
    const run = spawnSync(process.execPath, [cli, 'validate', 'tei', '--timings'], { cwd: REPO_ROOT, env: envWithout('CI'), encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stderr).not.toMatch(/\r|\x1b/);
    expect(run.stderr.trim().split('\n').every((line) => line.startsWith('timing: '))).toBe(true);
  });
});
