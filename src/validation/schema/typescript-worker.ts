/**
 * Runs the TypeScript RelaxNG engine (src/relaxng) inside a worker thread, so that the parent can stop
 * it at a time limit (`terminate()`), and so that it validates while the main thread runs the rules.
 *
 * The worker reads no file: the parent sends the schema's files (read and hashed once, closure.ts), then
 * the documents' text. The schema comes first, on its own, so that it can compile while the parent is
 * still reading the documents. A file the schema includes that is not among them is an error.
 */
import { parentPort } from 'worker_threads';
import type { Schema, ValidationResult } from '../../relaxng';
import { MAX_SCHEMA_ERRORS_PER_DOCUMENT } from '../../limits';

export type TypescriptJob =
  /** Load the engine, before any schema is known (a worker started ahead: typescript-spare.ts). */
  | { type: 'load' }
  /** Compile the schema: `main` is its absolute path, `files` every file of it, by absolute path. */
  | { type: 'compile'; main: string; files: Array<[string, Uint8Array]> }
  /** Validate these documents (their text, or their UTF-8 bytes) against the schema compiled before (nothing, if it failed to compile). */
  | { type: 'validate'; documents: Array<string | Uint8Array> };

export type TypescriptMessage =
  | { type: 'compiled'; ms: number }
  | { type: 'compile-failed'; message: string }
  | { type: 'document'; index: number; result: ValidationResult }
  | { type: 'done'; ms: number }
  | { type: 'abort'; reason: string };

if (parentPort) {
  const port = parentPort;
  const post = (message: TypescriptMessage): void => port.postMessage(message);
  let schema: Schema | undefined;
  port.on('message', (job: TypescriptJob) => {
    try {
      if (job.type === 'load') {
        require('../../relaxng');
      } else if (job.type === 'compile') {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const { loadSchemaSync, isSchemaError } = require('../../relaxng') as typeof import('../../relaxng');
        const files = new Map(job.files);
        const decoder = new TextDecoder('utf-8');
        const started = performance.now();
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
        post({ type: 'compiled', ms: performance.now() - started });
      } else if (schema) {
        const started = performance.now();
        const compiled = schema;
        // TextDecoder leaves a byte order mark out, as the reader did for the text (collection/read.ts).
        const utf8 = new TextDecoder('utf-8');
        job.documents.forEach((document, index) => {
          const text = typeof document === 'string' ? document : utf8.decode(document);
          post({ type: 'document', index, result: compiled.validate(text, { maxErrors: MAX_SCHEMA_ERRORS_PER_DOCUMENT }) });
        });
        post({ type: 'done', ms: performance.now() - started });
      }
    } catch (error) {
      post({ type: 'abort', reason: error instanceof Error ? error.message : String(error) });
    }
  });
}
