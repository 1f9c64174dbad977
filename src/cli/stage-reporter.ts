import type { StageEvent, StageListener } from '../stages';

/**
 * How `build` and `validate` show their stages on standard error: `--timings` prints each stage's totals
 * at the end (`timing: <stage>[ (detail)]: <ms> ms, <n> file(s)`, a format `npm run bench` parses), and on
 * a terminal one line is kept up to date while the run lasts (stage, files done of all, elapsed time).
 * The progress line is for people only: never in CI logs, a pipe or a file, with `--quiet`, or beside a
 * machine-readable report.
 */

export function timingLine(event: StageEvent): string {
  return `timing: ${event.stage}${event.detail ? ` (${event.detail})` : ''}: ${Math.round(event.ms)} ms, ${event.files} file(s)\n`;
}

/** Whether to show progress: on a terminal, outside CI, not --quiet, and with a report meant for people. */
export function progressWanted(stream: { isTTY?: boolean }, options: { quiet?: boolean; format?: string; env?: NodeJS.ProcessEnv } = {}): boolean {
  const env = options.env ?? process.env;
  if (stream.isTTY !== true) return false;
  if (env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0') return false;
  if (env.TERM === 'dumb') return false;
  if (options.quiet) return false;
  return options.format === undefined || options.format === 'pretty';
}

/** What the progress line says: `build: render-documents 812/2,000 · 41.3 s`. */
export function progressText(command: string, event: StageEvent, elapsedMs: number): string {
  const count = event.total !== undefined ? `${event.files.toLocaleString('en')}/${event.total.toLocaleString('en')}` : event.files.toLocaleString('en');
  return `${command}: ${event.stage} ${count} · ${(elapsedMs / 1000).toFixed(1)} s`;
}

/** Redraws at most this often (a run reports progress thousands of times a second). */
const REDRAW_MS = 100;

export interface StageReporter extends StageListener {
  /** Clears the progress line, so that what is printed next starts on a clean line. */
  clear(): void;
}

/**
 * The listener the commands give the library: `--timings` lines and, when `progress` is on, the
 * progress line (drawn over itself with a carriage return, cleared before anything else is printed).
 */
export function stageReporter(command: string, options: { timings: boolean; progress: boolean; stream?: NodeJS.WriteStream }): StageReporter {
  const stream = options.stream ?? process.stderr;
  const started = performance.now();
  let shown = false;
  let last = -Infinity;
  const clear = (): void => {
    if (shown) stream.write('\r\x1b[K');
    shown = false;
  };
  return {
    onStage: options.timings ? (event) => {
      clear();
      stream.write(timingLine(event));
    } : undefined,
    onProgress: options.progress ? (event) => {
      const now = performance.now();
      // Always the last file of a stage, so the line never stays short of the total; otherwise at most every REDRAW_MS.
      if (now - last < REDRAW_MS && event.files !== event.total) return;
      last = now;
      const columns = stream.columns || 80;
      stream.write(`\r\x1b[K${progressText(command, event, now - started).slice(0, columns - 1)}`);
      shown = true;
    } : undefined,
    clear,
  };
}
