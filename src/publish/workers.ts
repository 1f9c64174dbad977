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
 * old one (the shared corpus on two threads: 83 s with 16 MB, 74 s with 64 MB, 74 s with 192 MB). It is
 * 32 MB rather than 64 because a busy thread keeps its young generation whole in memory, and it was most of
 * a thread's heap (64 of about 100 MB, what is live 25-40 MB): 32 MB took 60 MB off the build's RSS while the
 * threads summarise and render 500 generated documents, and 50-67 MB off the collection pages' peak
 * (memory4, BENCHMARKS.md), with no CPU difference measurable under load; nor on a multi-megabyte document (the
 * corpus's 4.2 MB novel ENG18760_Collins.xml, summarised twice and rendered on one thread, two pairs alternated:
 * 93.0, 96.9 s of CPU with 64 MB, 101.5, 90.8 s with 32 MB).
 */
const RESOURCE_LIMITS = { stackSizeMb: 1, maxYoungGenerationSizeMb: 32 };

/**
 * The old generation a thread may grow to. V8 lets a heap grow far beyond what it holds alive before it
 * collects (measured: a thread that had rendered 400 of the generated documents held 256 MB of heap, 116
 * MB with this limit (its process 378 MB of RSS, 245 MB with it); 2,000 documents on two threads peaked at 3.3 GB of RSS without it), and the limit
 * makes it collect sooner. A job that needs more (a document of many megabytes) is not failed: its
 * thread runs out of memory, and the job runs again on a thread of its own without the limit
 * (WorkerPool.runLarge). TEI_EDITION_THREAD_HEAP_MB sets another limit (in MB).
 */
function oldGenerationMb(): number {
  const configured = Number(process.env.TEI_EDITION_THREAD_HEAP_MB);
  return Number.isInteger(configured) && configured > 0 ? configured : 256;
}

interface Pending {
  job: Job;
  resolve: (result: JobResult) => void;
}

const OUT_OF_MEMORY = 'ERR_WORKER_OUT_OF_MEMORY';

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
    const thread: Thread = { worker: new Worker(WORKER_SCRIPT, { workerData: this.sef, resourceLimits: { ...RESOURCE_LIMITS, maxOldGenerationSizeMb: oldGenerationMb() } }) };
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
    const replace = (reason: string, outOfMemory = false): void => {
      const index = this.pool.indexOf(thread);
      if (index < 0 || this.closed) return;
      const failure = { ok: false as const, error: `the worker thread rendering it stopped (${reason})`, ms: NO_TIME };
      // A job too large for a thread's heap limit runs again alone, without it; the thread is replaced as usual.
      const tooLarge = outOfMemory && thread.current !== undefined;
      if (tooLarge) this.runLarge(thread.current!);
      else thread.current?.resolve(failure);
      thread.current = undefined;
      if (tooLarge || ++this.deaths < DEATHS_BEFORE_GIVING_UP) {
        this.pool[index] = this.start();
      } else {
        this.pool.splice(index, 1);
        if (this.pool.length === 0) for (const pending of this.queue.splice(0)) pending.resolve(failure);
      }
      this.dispatch();
    };
    thread.worker.on('error', (error) => replace(error.message, (error as NodeJS.ErrnoException).code === OUT_OF_MEMORY));
    thread.worker.on('exit', (code) => replace(`exit code ${code}`));
    return thread;
  }

  /** Runs one job on a thread of its own, with no limit on its heap but the process's; the thread ends with the job. */
  private runLarge(pending: Pending): void {
    const worker = new Worker(WORKER_SCRIPT, { workerData: this.sef, resourceLimits: RESOURCE_LIMITS });
    let settled = false;
    const settle = (result: JobResult): void => {
      if (settled) return;
      settled = true;
      pending.resolve(result);
      void worker.terminate();
    };
    worker.on('message', settle);
    worker.on('error', (error) => settle({ ok: false, error: `the worker thread rendering it stopped (${error.message})`, ms: NO_TIME }));
    worker.on('exit', (code) => settle({ ok: false, error: `the worker thread rendering it stopped (exit code ${code})`, ms: NO_TIME }));
    worker.postMessage(pending.job);
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
