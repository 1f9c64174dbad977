import { Worker } from 'worker_threads';
import type { RulesJob, RulesOutcome } from './schematron-run';
import type { RulesWorkerReply, RulesWorkerRequest } from './schematron-worker';
import { compiledWorkerScript } from '../../worker-script';

/**
 * The rules worker (schematron-worker.ts), started ahead by the CLI when a command will run the edition
 * rules. Loading SaxonJS takes about 45 ms of CPU even from V8's code cache, and the main thread has as
 * much to do before the rules can start (loading the CLI, reading and parsing the documents): in a
 * worker, the two happen at once. The worker is an accelerator only: without one (a library caller, a
 * test), or when it fails, the rules run on the calling thread, with the same code and results.
 *
 * Imports nothing heavy: the CLI loads this module before its own.
 */


let worker: Worker | undefined;
let nextId = 0;

/**
 * Starts the rules worker (once); it loads SaxonJS, then waits for jobs without keeping the process alive.
 * Not while the fast evaluator checks the documents (./fast/): SaxonJS then checks only what it hands
 * back, usually nothing, and a thread loading SaxonJS ahead would only compete for the CPU (a cold
 * `validate` of tei/: 0.90 s of CPU with the worker, 0.73 s without). `evenWithFastRules` starts it all the same (tests).
 */
export function prestartRulesWorker(options: { evenWithFastRules?: boolean } = {}): void {
  if (worker) return;
  if (!options.evenWithFastRules && process.env.TEI_EDITION_RULES_ENGINE !== 'saxon') return;
  try {
    worker = new Worker(compiledWorkerScript('validation/rules/schematron-worker'));
  } catch {
    return; // no worker: the rules run on the main thread
  }
  worker.unref();
  // A worker that fails is dropped; its job, if any, runs on the calling thread (see runInRulesWorker).
  const dropped = worker;
  dropped.on('error', () => { if (worker === dropped) worker = undefined; });
  dropped.on('exit', () => { if (worker === dropped) worker = undefined; });
}

/** Runs a job in the prestarted worker; undefined when there is none or it failed (the caller then runs the job itself). */
export function runInRulesWorker(job: RulesJob): Promise<RulesOutcome | undefined> {
  const current = worker;
  if (!current) return Promise.resolve(undefined);
  const id = nextId++;
  return new Promise((resolve) => {
    const finish = (outcomes: RulesOutcome | undefined): void => {
      current.off('message', onMessage);
      current.off('exit', onExit);
      current.unref();
      if (outcomes === undefined && worker === current) {
        worker = undefined;
        void current.terminate();
      }
      resolve(outcomes);
    };
    const onMessage = (reply: RulesWorkerReply): void => {
      if (reply.id === id) finish('outcomes' in reply ? reply.outcomes : undefined);
    };
    const onExit = (): void => finish(undefined);
    current.on('message', onMessage);
    current.on('exit', onExit);
    current.ref();
    current.postMessage({ id, job } satisfies RulesWorkerRequest);
  });
}

/** Stops the worker once the rules have run: its SaxonJS would otherwise hold memory until the process exits. */
export function releaseRulesWorker(): void {
  const current = worker;
  worker = undefined;
  if (current) void current.terminate();
}
