import * as os from 'os';
import { Worker } from 'worker_threads';
import { DocumentJob, DocumentResult, Job, JobResult, JobRunner, PagesJob, PagesResult, SummaryJob, SummaryResult } from './jobs';
import { compiledWorkerScript } from '../worker-script';

/**
 * Where a build's jobs (src/publish/jobs.ts) run: on the main thread, or spread over worker threads, one
 * per core, each with SaxonJS and both stylesheets loaded once. Either way a job's result is the same:
 * the pool only decides where and when, and the build takes the results in collection order.
 */
export interface Executor {
  /** How many jobs run at once. */
  readonly threads: number;
  run(job: SummaryJob): Promise<SummaryResult>;
  run(job: DocumentJob): Promise<DocumentResult>;
  run(job: PagesJob): Promise<PagesResult>;
  close(): Promise<void>;
}

export class InlineExecutor implements Executor {
  readonly threads = 1;
  private readonly runner: JobRunner;
  /** One job after the other, as a thread runs them: never a thousand documents parsed at once. */
  private last: Promise<unknown> = Promise.resolve();

  constructor(stylesheets: { html: object; text: object }) {
    this.runner = new JobRunner(stylesheets);
  }

  run(job: SummaryJob): Promise<SummaryResult>;
  run(job: DocumentJob): Promise<DocumentResult>;
  run(job: PagesJob): Promise<PagesResult>;
  run(job: Job): Promise<JobResult> {
    const result = this.last.then(() => this.runner.run(job));
    this.last = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    // nothing to stop
  }
}

const WORKER_SCRIPT = compiledWorkerScript('publish/worker');

/**
 * The threads' limits. The stack is the main thread's (V8's default, about 1 MB), so that a document
 * nesting too deeply to be transformed is refused whether or not a worker renders it. The young generation
 * is larger than V8's default for the same reason as the corpus test's --max-semi-space-size: SaxonJS makes
 * many short-lived objects, and on multi-megabyte documents a small young generation promotes them to the
 * old one (the shared corpus on two threads: 83 s with 16 MB, 74 s with 64 MB, 74 s with 192 MB).
 */
const RESOURCE_LIMITS = { stackSizeMb: 1, maxYoungGenerationSizeMb: 64 };

interface Pending {
  job: Job;
  resolve: (result: JobResult) => void;
}

interface Thread {
  worker: Worker;
  current?: Pending;
}

/** Threads that die one after the other without finishing a job (a broken install): the pool gives up then. */
const DEATHS_BEFORE_GIVING_UP = 4;

const NO_TIME = { read: 0, html: 0, text: 0, pages: 0, summary: 0 };

export class WorkerPool implements Executor {
  private readonly queue: Pending[] = [];
  private readonly pool: Thread[] = [];
  private closed = false;
  /** Threads died since a job last finished. */
  private deaths = 0;

  /** @param sef the compiled stylesheets' JSON texts (each worker parses its own copy) */
  constructor(private readonly sef: { html: string; text: string }, readonly threads: number) {
    for (let i = 0; i < threads; i++) this.pool.push(this.start());
  }

  run(job: SummaryJob): Promise<SummaryResult>;
  run(job: DocumentJob): Promise<DocumentResult>;
  run(job: PagesJob): Promise<PagesResult>;
  run(job: Job): Promise<JobResult> {
    return new Promise((resolve) => {
      this.queue.push({ job, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.pool.map((thread) => thread.worker.terminate()));
  }

  private start(): Thread {
    const thread: Thread = { worker: new Worker(WORKER_SCRIPT, { workerData: this.sef, resourceLimits: RESOURCE_LIMITS }) };
    thread.worker.unref();
    thread.worker.on('message', (result: JobResult) => {
      this.deaths = 0;
      const done = thread.current;
      thread.current = undefined;
      done?.resolve(result);
      this.dispatch();
    });
    // A thread that dies (out of memory, a crash in SaxonJS) fails its job alone; a new thread takes its place,
    // unless threads keep dying without finishing anything: then every job left fails with the reason.
    const replace = (reason: string): void => {
      const index = this.pool.indexOf(thread);
      if (index < 0 || this.closed) return;
      const failure = { ok: false as const, error: `the worker thread rendering it stopped (${reason})`, ms: NO_TIME };
      thread.current?.resolve(failure);
      thread.current = undefined;
      if (++this.deaths < DEATHS_BEFORE_GIVING_UP) {
        this.pool[index] = this.start();
      } else {
        this.pool.splice(index, 1);
        if (this.pool.length === 0) for (const pending of this.queue.splice(0)) pending.resolve(failure);
      }
      this.dispatch();
    };
    thread.worker.on('error', (error) => replace(error.message));
    thread.worker.on('exit', (code) => replace(`exit code ${code}`));
    return thread;
  }

  private dispatch(): void {
    for (const thread of this.pool) {
      if (!thread.current && this.queue.length > 0) {
        thread.current = this.queue.shift()!;
        thread.worker.ref();
        thread.worker.postMessage(thread.current.job);
      }
      // An idle thread must not keep the process alive.
      if (!thread.current) thread.worker.unref();
    }
  }
}

/** How many threads a build may use: every core (os.availableParallelism), or TEI_EDITION_WORKERS. */
export function availableThreads(): number {
  const configured = Number(process.env.TEI_EDITION_WORKERS);
  if (process.env.TEI_EDITION_WORKERS !== undefined && Number.isInteger(configured) && configured >= 0) return configured;
  return os.availableParallelism();
}
