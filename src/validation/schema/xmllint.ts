import { Worker } from 'worker_threads';
import type { XmllintJob, XmllintMessage } from './xmllint-worker';
import { compiledWorkerScript } from '../../worker-script';

export interface XmllintLimits {
  /** How long libxml2 may take to compile the schema. */
  compileTimeoutMs: number;
  /** How long it may take, once compiled, to parse and validate every document of the call. */
  validateTimeoutMs: number;
}

export type XmllintOutcome =
  | { status: 'exited'; code: number; lines: string[]; compileMs?: number; elapsedMs: number }
  | { status: 'timeout'; phase: 'compile' | 'validate'; lines: string[]; compileMs?: number; elapsedMs: number }
  | { status: 'crashed'; reason: string; lines: string[]; elapsedMs: number };


const COMPILED = /^Compiling the schemas took (\d+) ms$/;

/**
 * Runs xmllint once in a worker thread and collects its stderr lines. The worker is terminated when
 * a limit passes, when xmllint exits, or when the WebAssembly module aborts; the returned promise
 * always settles.
 */
export function runXmllint(job: XmllintJob, limits: XmllintLimits): Promise<XmllintOutcome> {
  const started = Date.now();
  const lines: string[] = [];
  let compileMs: number | undefined;
  return new Promise((resolve) => {
    let settled = false;
    const worker = new Worker(compiledWorkerScript('validation/schema/xmllint-worker'));
    let timer: NodeJS.Timeout;
    const finish = (outcome: XmllintOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      // Not heard any more: a thread takes a while to exit, and until then these listeners' closures would keep the
      // job (the documents' texts) reachable. One that ignores an error stays, so that a late error is not thrown.
      worker.removeAllListeners();
      worker.on('error', () => undefined);
      resolve(outcome);
    };
    const arm = (phase: 'compile' | 'validate', ms: number): void => {
      clearTimeout(timer);
      if (settled) return; // a message the worker sent before it was terminated
      // When the limit passes while this thread was busy (the rules run here too), xmllint may have
      // finished meanwhile: let its pending messages arrive (setImmediate) before calling it a timeout.
      timer = setTimeout(() => setImmediate(() => finish({ status: 'timeout', phase, lines, compileMs, elapsedMs: Date.now() - started })), ms);
    };
    arm('compile', limits.compileTimeoutMs);
    worker.on('message', (message: XmllintMessage) => {
      if (settled) return;
      if (message.type === 'stderr') {
        lines.push(message.text);
        const compiled = COMPILED.exec(message.text);
        if (compiled && compileMs === undefined) {
          compileMs = Number(compiled[1]);
          arm('validate', limits.validateTimeoutMs);
        }
      } else if (message.type === 'exit') {
        finish({ status: 'exited', code: message.code, lines, compileMs, elapsedMs: Date.now() - started });
      } else {
        finish({ status: 'crashed', reason: message.reason, lines, elapsedMs: Date.now() - started });
      }
    });
    worker.on('error', (error) => finish({ status: 'crashed', reason: error.message, lines, elapsedMs: Date.now() - started }));
    worker.on('exit', (code) => finish({ status: 'crashed', reason: `the xmllint worker stopped (exit code ${code})`, lines, elapsedMs: Date.now() - started }));
    worker.postMessage(job);
  });
}

/** 64 KiB WebAssembly pages per MiB. */
export const PAGES_PER_MIB = 16;
/** WebAssembly's 32-bit limit (4 GiB). */
export const MAX_MEMORY_MIB = 4096;

/**
 * Memory for one call, in MiB. Measured with xmllint-wasm 5.3.0 and tei_all: about 42 MiB plus
 * 6 MiB per MB of the largest document (documents are parsed and freed one at a time); schemas cost
 * memory to compile too. Generous, because running out makes xmllint fail rather than answer.
 */
export function memoryFor(largestDocumentBytes: number, schemaBytes: number): number {
  const mib = 64 + Math.ceil((8 * largestDocumentBytes) / 1048576) + Math.ceil((32 * schemaBytes) / 1048576);
  return Math.min(MAX_MEMORY_MIB, mib);
}
