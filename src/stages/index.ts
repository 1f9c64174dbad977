/**
 * What `build` and `validate` tell about their stages while they run and when they end: one event type,
 * one timer. The CLI turns the events into `--timings` lines (src/cli/timings.ts) and, on a terminal, a
 * progress line (src/cli/progress.ts); `npm run bench` parses the lines; code gets the same events
 * through `onStage` and `onProgress` (BuildOptions, ValidateOptions).
 */

export interface StageEvent {
  /** The stage: `read`, `summarise`, `render-documents`, `rules-schematron`… (docs/publish.md, docs/validate.md). */
  stage: string;
  /** Wall-clock milliseconds spent in the stage: over the whole run (totals), or so far (progress). */
  ms: number;
  /** Files (documents, pages) the stage handled: over the whole run, or so far. */
  files: number;
  /** Progress only: how many files the stage has to handle in all. */
  total?: number;
  /** What the figures are about (a schema file), or what they amount to (cache hits and misses). */
  detail?: string;
}

export interface StageListener {
  /** Each stage's totals, once per stage (and subject), at the end of the run. */
  onStage?: (event: StageEvent) => void;
  /** While a stage runs: files done so far out of `total`. Called often: the listener throttles what it shows. */
  onProgress?: (event: StageEvent) => void;
}

interface Row {
  stage: string;
  subject?: string;
  ms: number;
  files: number;
  detail?: string;
}

/**
 * Adds up each stage's time and files over a run (a stage may be entered many times: once per schema,
 * per batch, per cache look-up) and reports the totals once, at the end, in the order the stages were
 * first entered. Rows are per stage and, where given, per subject (one row per schema file).
 */
export class StageTimer {
  private readonly rows = new Map<string, Row>();
  private readonly started = new Map<string, number>();

  constructor(private readonly listener: StageListener = {}) {}

  private row(stage: string, subject?: string): Row {
    const key = subject === undefined ? stage : `${stage}\0${subject}`;
    let row = this.rows.get(key);
    if (!row) this.rows.set(key, (row = { stage, subject, ms: 0, files: 0 }));
    return row;
  }

  /** Adds time and files to a stage's totals. */
  add(stage: string, ms: number, files = 0, subject?: string): void {
    const row = this.row(stage, subject);
    row.ms += ms;
    row.files += files;
  }

  /** Runs `body`, adding its wall-clock time (and `files`) to the stage. */
  time<T>(stage: string, files: number, body: () => T, subject?: string): T {
    const started = performance.now();
    try {
      return body();
    } finally {
      this.add(stage, performance.now() - started, files, subject);
    }
  }

  /** The same for asynchronous work. */
  async timeAsync<T>(stage: string, files: number, body: () => Promise<T>, subject?: string): Promise<T> {
    const started = performance.now();
    try {
      return await body();
    } finally {
      this.add(stage, performance.now() - started, files, subject);
    }
  }

  /** What a stage's totals amount to, printed beside them. */
  detail(stage: string, detail: string, subject?: string): void {
    this.row(stage, subject).detail = detail;
  }

  /** Reports progress: `done` of `total` files of `stage` (time counted from the stage's first progress report). */
  progress(stage: string, done: number, total: number): void {
    if (!this.listener.onProgress) return;
    const now = performance.now();
    if (!this.started.has(stage)) this.started.set(stage, now);
    this.listener.onProgress({ stage, ms: now - this.started.get(stage)!, files: done, total });
  }

  /** The totals so far, in the order the stages were first entered. */
  totals(): StageEvent[] {
    return [...this.rows.values()].map(({ stage, subject, ms, files, detail }) => {
      const shown = detail ?? subject;
      return { stage, ms, files, ...(shown !== undefined ? { detail: shown } : {}) };
    });
  }

  /** Reports every stage's totals to `onStage` (at the end of the run) and returns them. */
  finish(): StageEvent[] {
    const totals = this.totals();
    for (const event of totals) this.listener.onStage?.(event);
    return totals;
  }
}
