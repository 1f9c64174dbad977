import { Worker } from 'worker_threads';
import { compiledWorkerScript } from '../../../worker-script';
import type { FastOutcome } from './fast-run';
import type { FastWorkerReply, FastWorkerRequest } from './fast-worker';

/**
 * The fast rules on worker threads (fast-worker.ts), for the runs where they are most of the work: on
 * ../shared/corpus the main thread parsed every document and then ran the rules over each tree alone
 * (5-7 s of its CPU), while the RelaxNG worker waited half its time. Each thread parses the document
 * again from its text (the tree cannot be handed over for less) and runs the same compiled rules, so the
 * findings are those of the main thread's path: test/validate/rules-threads.test.ts compares them.
 *
 * `doc()` reads only the collection the caller gives (absolute path → text). A thread is sent the text
 * of each document it checks, and the other texts only once its rules asked for them: a document whose
 * rules read a file of the collection the thread did not have yet is checked again with it (its outcome
 * lists what it read), so the result is the one the whole collection at hand gives.
 */

/** A document for the threads. */
export interface ThreadInput {
  path: string;
  absolutePath: string;
  text: string;
}

/** A document's outcome: `outcome` undefined when the evaluator handed it back (SaxonJS checks it), or `ran` false when no thread could check it. */
export interface ThreadResult {
  ran: boolean;
  outcome?: FastOutcome;
  /** This thread's time for the document: its parse and its rules. */
  ms: number;
}

/**
 * How many threads check the rules: TEI_EDITION_RULES_THREADS, else none (the calling thread). Measured on
 * ../shared/corpus against tei_all on the project's 2-core machine while other jobs kept it busy (load
 * 17-23): CPU 9.2-9.8 s on the calling thread, 12.8-13.8 s with one thread, 16.4 s with two, and wall time
 * worse in step: each thread parses its documents again and has its own garbage collection and compiled
 * code, and with both cores taken that costs more than it spreads. Measured again with less load (3.9-6.4):
 * 8.2-10.0 s of CPU without threads, 10.4-11.8 s with one, wall worse too; a new thread's code is cold, and
 * the rules take 2-3 s in all (docs/validate.md).
 */
export function rulesThreadCount(): number {
  const configured = process.env.TEI_EDITION_RULES_THREADS;
  if (configured !== undefined && /^\d+$/.test(configured)) return Number(configured);
  return 0;
}

interface Thread {
  worker: Worker;
  /**
   * The collection's files this thread has been sent since the collection began, each with the id of the
   * check it was sent before: a check had the files sent with an id up to its own (two checks are in
   * flight at once, and the second one's files reach the thread after the first check).
   */
  sent: Map<string, number>;
  busy: number;
  broken: boolean;
}

interface Job {
  index: number;
  input: ThreadInput;
  thread?: Thread;
}

export class FastRulesThreads {
  private readonly threads: Thread[] = [];
  private nextId = 0;
  private closed = false;

  /** `rules`: the Schematron's text (as compileSchematron compiled it), `rulesUri` its URI. */
  constructor(rules: string, rulesUri: string, count: number) {
    for (let i = 0; i < count; i += 1) {
      let worker: Worker;
      try {
        worker = new Worker(compiledWorkerScript('validation/rules/fast/fast-worker'));
      } catch {
        break; // no thread: its share runs on the calling thread
      }
      const thread: Thread = { worker, sent: new Map(), busy: 0, broken: false };
      worker.on('error', () => (thread.broken = true));
      worker.on('exit', () => (thread.broken = true));
      worker.unref();
      this.post(thread, { type: 'compile', rules, rulesUri });
      this.threads.push(thread);
    }
  }

  get size(): number {
    return this.threads.length;
  }

  private post(thread: Thread, request: FastWorkerRequest): void {
    thread.worker.postMessage(request);
  }

  /**
   * Checks documents against `collection` (what `doc()` may read), the largest first, each thread kept two
   * documents ahead; results in input order.
   */
  run(inputs: ThreadInput[], collection: Map<string, string>): Promise<ThreadResult[]> {
    const results: ThreadResult[] = inputs.map(() => ({ ran: false, ms: 0 }));
    const live = this.threads.filter((thread) => !thread.broken);
    if (inputs.length === 0 || live.length === 0 || this.closed) return Promise.resolve(results);
    for (const thread of live) {
      thread.sent = new Map();
      this.post(thread, { type: 'collection' });
    }
    const queue: Job[] = inputs.map((input, index) => ({ index, input })).sort((a, b) => b.input.text.length - a.input.text.length);
    const pending = new Map<number, Job>();
    const had = (thread: Thread, file: string, id: number): boolean => (thread.sent.get(file) ?? Infinity) <= id;
    return new Promise((resolve) => {
      let outstanding = inputs.length;
      const settle = (job: Job, result: ThreadResult): void => {
        results[job.index] = result;
        outstanding -= 1;
        if (outstanding === 0) {
          for (const thread of live) {
            thread.worker.off('message', listeners.get(thread)!);
            thread.worker.off('exit', exits.get(thread)!);
            thread.worker.unref();
          }
          resolve(results);
        }
      };
      const send = (thread: Thread, job: Job, extra: string[] = []): void => {
        const id = this.nextId++;
        job.thread = thread;
        pending.set(id, job);
        thread.busy += 1;
        const own = collection.get(job.input.absolutePath) === job.input.text;
        const entries: Array<[string, string]> = [];
        for (const file of own ? [job.input.absolutePath, ...extra] : extra) {
          if (thread.sent.has(file)) continue;
          const text = collection.get(file);
          if (text === undefined) continue;
          thread.sent.set(file, id);
          entries.push([file, text]);
        }
        if (entries.length > 0) this.post(thread, { type: 'add', entries });
        this.post(thread, { type: 'check', id, path: job.input.path, absolutePath: job.input.absolutePath, ...(own ? {} : { text: job.input.text }) });
      };
      const feed = (thread: Thread): void => {
        while (!thread.broken && thread.busy < 2 && queue.length > 0) send(thread, queue.shift()!);
      };
      const onReply = (thread: Thread, reply: FastWorkerReply): void => {
        if (reply.id === undefined) return;
        const job = pending.get(reply.id);
        if (!job) return;
        pending.delete(reply.id);
        thread.busy -= 1;
        if (reply.type === 'failed') settle(job, { ran: false, ms: 0 });
        else {
          // Files of the collection its rules asked for that this thread did not have: again, with them.
          const missing = (reply.outcome?.reads ?? []).filter((file) => collection.has(file) && !had(thread, file, reply.id!));
          if (missing.length > 0) send(thread, job, missing);
          else settle(job, { ran: true, outcome: reply.outcome ?? undefined, ms: reply.ms });
        }
        feed(thread);
      };
      // A thread that stops leaves its documents to the calling thread (ran: false); the others go on.
      const onExit = (thread: Thread): void => {
        thread.broken = true;
        for (const [id, job] of [...pending]) {
          if (job.thread !== thread) continue;
          pending.delete(id);
          settle(job, { ran: false, ms: 0 });
        }
        if (live.every((other) => other.broken)) for (const job of queue.splice(0)) settle(job, { ran: false, ms: 0 });
        else for (const other of live) feed(other);
      };
      const listeners = new Map<Thread, (reply: FastWorkerReply) => void>();
      const exits = new Map<Thread, () => void>();
      for (const thread of live) {
        const listener = (reply: FastWorkerReply): void => onReply(thread, reply);
        listeners.set(thread, listener);
        exits.set(thread, () => onExit(thread));
        thread.worker.on('message', listener);
        thread.worker.on('exit', exits.get(thread)!);
        thread.worker.ref();
      }
      for (const thread of live) feed(thread);
    });
  }

  /** Stops the threads. */
  close(): void {
    this.closed = true;
    for (const thread of this.threads) void thread.worker.terminate();
  }
}
