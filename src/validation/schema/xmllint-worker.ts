/**
 * Runs one xmllint (libxml2 compiled to WebAssembly, from xmllint-wasm) inside a worker thread.
 *
 * xmllint-wasm's own `validateXML()` also uses a worker, but keeps it private: a caller can neither
 * stop it (libxml2 never finishes compiling some RelaxNG schemas) nor see its output before it ends.
 * This worker runs the same WebAssembly module and forwards every stderr line as it is printed, so
 * the parent sees "Compiling the schemas took …" the moment compilation ends, and can `terminate()`
 * the worker when a time limit passes.
 */
import { parentPort } from 'worker_threads';

export interface XmllintJob {
  /** Files placed in xmllint's in-memory file system (at "/" + fileName); nothing else is visible. */
  inputFiles: Array<{ fileName: string; contents: Uint8Array }>;
  args: string[];
  /** WebAssembly memory, in 64 KiB pages. */
  initialMemory: number;
  maxMemory: number;
}

export type XmllintMessage =
  | { type: 'stderr'; text: string }
  | { type: 'exit'; code: number; stdout: string }
  | { type: 'abort'; reason: string };

type EmscriptenModule = (options: Record<string, unknown>) => Promise<unknown>;
// TypeScript's ES2022 library has no WebAssembly types; Node has the global.
const { WebAssembly: Wasm } = globalThis as unknown as { WebAssembly: { Memory: new (limits: { initial: number; maximum: number }) => unknown } };

if (parentPort) {
  const port = parentPort;
  port.once('message', (job: XmllintJob) => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const Module: EmscriptenModule = require('xmllint-wasm/xmllint-node.js');
    let stdout = '';
    const post = (message: XmllintMessage): void => port.postMessage(message);
    Module({
      inputFiles: job.inputFiles,
      arguments: job.args,
      wasmMemory: new Wasm.Memory({ initial: job.initialMemory, maximum: job.maxMemory }),
      print(text: string) {
        stdout += `${text}\n`;
      },
      printErr(text: string) {
        post({ type: 'stderr', text });
      },
      onExit(code: number) {
        post({ type: 'exit', code, stdout });
      },
      onAbort(reason: unknown) {
        post({ type: 'abort', reason: String(reason) });
      },
    }).catch((error: unknown) => post({ type: 'abort', reason: String(error) }));
  });
}
