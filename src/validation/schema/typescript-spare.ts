import { Worker } from 'worker_threads';
import { compiledWorkerScript } from '../../worker-script';
import type { TypescriptJob } from './typescript-worker';

/**
 * A worker thread of the TypeScript RelaxNG engine (typescript-worker.ts) started ahead by the CLI, before it knows
 * whether any document will need it: when `validate` runs on a result cache, usually only the few documents that
 * changed do, and their schema would otherwise start compiling only once the collection's state is read and the
 * documents found, in a thread that first boots and loads the engine (at 2,000 documents the main thread then waited
 * some 125 ms for it, idle). Started ahead, the thread boots and loads the engine while the main thread loads the
 * CLI. The first schema to compile takes it (TypescriptSchemaWorker); one never taken costs its start-up on the other
 * core, and never keeps the process alive.
 *
 * Imports nothing heavy: the CLI loads this module before its own.
 */

let spare: Worker | undefined;

/** Starts the spare worker (once), loading the engine. */
export function prestartTypescriptWorker(): void {
  if (spare) return;
  let started: Worker;
  try {
    started = new Worker(compiledWorkerScript('validation/schema/typescript-worker'));
  } catch {
    return; // no worker now: the schema's own starts when it is needed
  }
  started.unref();
  started.postMessage({ type: 'load' } satisfies TypescriptJob);
  // A worker that fails before it is taken is dropped.
  const drop = (): void => { if (spare === started) spare = undefined; };
  started.on('error', drop);
  started.on('exit', drop);
  spare = started;
}

/** The spare worker, if one was started and is still there (once: the next caller starts its own). */
export function takeSpareTypescriptWorker(): Worker | undefined {
  const taken = spare;
  spare = undefined;
  taken?.removeAllListeners();
  return taken;
}
