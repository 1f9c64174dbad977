/**
 * Runs the TypeScript RelaxNG engine (src/relaxng) inside a worker thread, so that the parent can stop
 * it at a time limit (`terminate()`), and so that it validates while the main thread runs the rules.
 *
 * The worker reads no file: the parent sends the schema's files (read and hashed once, closure.ts) and
 * the documents' text. A file the schema includes that is not among them is an error.
 */
import { parentPort } from 'worker_threads';
import type { ValidationResult } from '../../relaxng';

export interface TypescriptJob {
  /** Absolute path of the main schema file. */
  main: string;
  /** Every file of the schema, by absolute path. */
  files: Array<[string, Uint8Array]>;
  documents: string[];
}

export type TypescriptMessage =
  | { type: 'compiled'; ms: number }
  | { type: 'compile-failed'; message: string }
  | { type: 'document'; index: number; result: ValidationResult }
  | { type: 'done'; ms: number }
  | { type: 'abort'; reason: string };

if (parentPort) {
  const port = parentPort;
  port.once('message', (job: TypescriptJob) => {
    const post = (message: TypescriptMessage): void => port.postMessage(message);
    try {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const { loadSchemaSync, isSchemaError } = require('../../relaxng') as typeof import('../../relaxng');
      const files = new Map(job.files);
      const decoder = new TextDecoder('utf-8');
      const started = performance.now();
      let schema;
      try {
        schema = loadSchemaSync(job.main, {
          readFile: (file) => {
            const bytes = files.get(file);
            if (!bytes) throw new Error(`${file} is not among the files the schema includes`);
            return decoder.decode(bytes);
          },
        });
      } catch (error) {
        if (!isSchemaError(error)) throw error;
        post({ type: 'compile-failed', message: (error as Error).message });
        return;
      }
      const compiled = performance.now();
      post({ type: 'compiled', ms: compiled - started });
      job.documents.forEach((text, index) => post({ type: 'document', index, result: schema.validate(text) }));
      post({ type: 'done', ms: performance.now() - compiled });
    } catch (error) {
      post({ type: 'abort', reason: error instanceof Error ? error.message : String(error) });
    }
  });
}
