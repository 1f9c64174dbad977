import { schemaValidateTimeoutMs } from '../../limits';
import { Worker } from 'worker_threads';
import { displayPath } from '../../collection';
import { readSchemaFiles, SchemaFiles, SchemaLoadError } from './closure';
import type { PreparedSchema } from './engine';
import type { SchemaBatchResult, SchemaDocumentResult, SchemaInput, SchemaLimits } from './relaxng';
import { interpretTypescriptErrors } from './typescript-messages';
import type { TypescriptJob, TypescriptMessage } from './typescript-worker';
import { compiledWorkerScript } from '../../worker-script';
import { takeSpareTypescriptWorker } from './typescript-spare';


/** What the parent hears from a worker: its messages, and how it ended if it ended on its own. */
type WorkerEvent = TypescriptMessage | { type: 'error'; message: string } | { type: 'exit'; code: number };

/**
 * A worker thread compiling one schema, possibly before the documents are known (the pipeline
 * prepares a schema as soon as it knows it is needed, so that it compiles while the documents are
 * read). validateWithTypescript takes it over; one that is never taken is released (terminated), and
 * until it is taken it does not keep the process alive.
 */
export class TypescriptSchemaWorker implements PreparedSchema {
  /** When the compilation started: the compile time limit counts from here. */
  readonly startedAt = Date.now();
  readonly worker: Worker;
  private backlog: WorkerEvent[] = [];
  private listener: ((event: WorkerEvent) => void) | undefined;
  private taken = false;
  /** It compiled its schema and validated with it before, and waits for more documents (see park). */
  warm = false;
  /** Ended by its taker (end): what it still says is not heard. */
  private ended = false;

  constructor(readonly files: SchemaFiles) {
    this.worker = takeSpareTypescriptWorker() ?? new Worker(compiledWorkerScript('validation/schema/typescript-worker'));
    this.worker.unref();
    const deliver = (event: WorkerEvent): void => {
      if (this.ended) return;
      if (this.listener) this.listener(event);
      else this.backlog.push(event);
    };
    this.worker.on('message', deliver);
    this.worker.on('error', (error) => deliver({ type: 'error', message: error.message }));
    this.worker.on('exit', (code) => deliver({ type: 'exit', code }));
    this.send({ type: 'compile', main: files.main, files: [...files.files] });
  }

  send(job: TypescriptJob): void {
    this.worker.postMessage(job);
  }

  /** Takes the worker over: `listener` hears what it said so far, then everything it says. False if already taken or released. */
  take(listener: (event: WorkerEvent) => void): boolean {
    if (this.taken) return false;
    this.taken = true;
    this.worker.ref();
    this.listener = listener;
    const backlog = this.backlog;
    this.backlog = [];
    for (const event of backlog) listener(event);
    return true;
  }

  /**
   * Gives a worker that validated without trouble back, idle, to be taken again (CompiledSchemas keeps it
   * between runs): its schema stays compiled. Until taken, it does not keep the process alive.
   */
  park(): void {
    this.listener = undefined;
    this.backlog = [];
    this.taken = false;
    this.warm = true;
    this.worker.unref();
  }

  release(): void {
    if (this.taken) return;
    this.taken = true;
    void this.worker.terminate();
  }

  /**
   * Ends a worker that was taken: it stops listening first, for a thread takes a while to exit, and until then its
   * listener's closure (the batch's inputs: the collection's texts, some 50 MB at 2,000 documents) would stay reachable.
   */
  end(): void {
    this.ended = true;
    this.listener = undefined;
    this.backlog = [];
    void this.worker.terminate();
  }
}

/** Starts compiling a schema in a worker thread, for a validateWithTypescript call to come. */
export function prepareTypescript(_schemaFile: string, files: SchemaFiles): TypescriptSchemaWorker {
  return new TypescriptSchemaWorker(files);
}

const seconds = (ms: number): string => (ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 100) / 10} s`);

/**
 * Validates a batch of documents against one schema with the TypeScript engine (src/relaxng), in a
 * worker thread that is terminated when the compile or validation time limit passes. Diagnostics are
 * worded like the xmllint engine's (typescript-messages.ts), with the engine's own text in `raw`.
 */
export async function validateWithTypescript(schemaFile: string, inputs: SchemaInput[], limits: SchemaLimits, displaySchema = schemaFile, prepared?: PreparedSchema): Promise<SchemaBatchResult> {
  const started = Date.now();
  const fail = (rule: string, message: string, raw?: string, elapsedMs = Date.now() - started): SchemaBatchResult => ({
    schema: schemaFile,
    documents: inputs.map((input) => ({
      verdict: 'not-checked',
      diagnostics: [{ file: input.path, line: input.declaredAt?.line ?? 0, column: input.declaredAt?.column ?? 0, severity: 'error', rule, layer: 'schema', message, ...(raw ? { raw } : {}) }],
    })),
    elapsedMs,
    attempts: 1,
  });

  let files: SchemaFiles;
  try {
    files = limits.files ?? readSchemaFiles(schemaFile);
  } catch (error) {
    if (error instanceof SchemaLoadError) return { ...fail(error.rule, `${displaySchema}: ${error.message}`), attempts: 0 };
    throw error;
  }

  const total = inputs.reduce((sum, input) => sum + input.bytes.length, 0);
  const validateTimeoutMs = limits.validateTimeoutMs ?? schemaValidateTimeoutMs(total);
  // Each document's result is worded as it arrives, while the main thread most likely still holds the
  // document's tree (the rules let go of each slice's trees once checked; worded at the end, every
  // document with a message to word was parsed again).
  const results: Array<SchemaDocumentResult | undefined> = inputs.map(() => undefined);
  type Outcome = { status: 'done' | 'timeout-compile' | 'timeout-validate' | 'compile-failed' | 'crashed'; reason?: string; compileMs?: number; validateMs?: number };
  const outcome = await new Promise<Outcome>((resolve) => {
    let settled = false;
    let compileMs: number | undefined;
    let timer: NodeJS.Timeout | undefined;
    let schemaWorker: TypescriptSchemaWorker;
    const finish = (result: Outcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // A schema that validated every document can validate again, for a caller that keeps it (CompiledSchemas).
      if (result.status === 'done' && limits.keep) {
        schemaWorker.park();
        limits.keep(schemaWorker);
      } else {
        schemaWorker.end();
      }
      resolve({ compileMs, ...result });
    };
    const arm = (status: Outcome['status'], ms: number): void => {
      clearTimeout(timer);
      // When the limit passes while this thread was busy (the rules run here), let the worker's
      // pending messages arrive (setImmediate) before calling it a timeout.
      timer = setTimeout(() => setImmediate(() => finish({ status })), ms);
    };
    const listen = (message: WorkerEvent): void => {
      if (settled) return;
      switch (message.type) {
        case 'compiled':
          compileMs = message.ms;
          arm('timeout-validate', validateTimeoutMs);
          break;
        case 'document':
          results[message.index] = interpretTypescriptErrors(inputs[message.index], message.result, files.facts, displaySchema);
          inputs[message.index].worded?.();
          break;
        case 'done':
          finish({ status: 'done', validateMs: message.ms });
          break;
        case 'compile-failed':
          finish({ status: 'compile-failed', reason: message.message });
          break;
        case 'abort':
          finish({ status: 'crashed', reason: message.reason });
          break;
        case 'error':
          finish({ status: 'crashed', reason: message.message });
          break;
        case 'exit':
          finish({ status: 'crashed', reason: `the RelaxNG worker stopped (exit code ${message.code})` });
          break;
      }
    };
    // A worker prepared for these very files (the same hash) has been compiling since it was prepared.
    const ready = prepared instanceof TypescriptSchemaWorker && prepared.files.hash === files.hash ? prepared : undefined;
    schemaWorker = ready ?? new TypescriptSchemaWorker(files);
    if (ready) prepared = undefined;
    if (schemaWorker.warm) {
      // Compiled in an earlier run: nothing to compile in this one.
      compileMs = 0;
      arm('timeout-validate', validateTimeoutMs);
    } else {
      arm('timeout-compile', limits.compileTimeoutMs - (Date.now() - schemaWorker.startedAt));
    }
    if (!schemaWorker.take(listen)) {
      // released or taken before: compile afresh
      schemaWorker = new TypescriptSchemaWorker(files);
      compileMs = undefined;
      arm('timeout-compile', limits.compileTimeoutMs);
      schemaWorker.take(listen);
    }
    // UTF-8 documents go as their bytes, which the worker decodes: copying them to the thread costs this thread less than
    // copying their text (22 MB of ../shared/corpus: 157 ms of postMessage here, most of it the texts).
    if (!settled) schemaWorker.send({ type: 'validate', documents: inputs.map((input) => (input.utf8 ? input.bytes : input.text ?? Buffer.from(input.bytes).toString('utf8'))) });
  });
  prepared?.release(); // prepared for other files: not needed
  const elapsedMs = Date.now() - started;

  if (outcome.status === 'timeout-compile') {
    return fail('schema-timeout', `the schema ${displaySchema} did not compile within ${seconds(limits.compileTimeoutMs)}; the document was not checked against it. Raise --schema-timeout, or use a simpler schema`, undefined, elapsedMs);
  }
  if (outcome.status === 'compile-failed') {
    // Name the files as the user knows them (relative to the working folder).
    const reason = [...files.files.keys()].reduce((text, file) => text.split(file).join(displayPath(file)), outcome.reason ?? '');
    return fail('schema-invalid', `the schema ${displaySchema} could not be compiled: ${reason}`, outcome.reason, elapsedMs);
  }
  const documents = inputs.map((input, i): SchemaDocumentResult => {
    const result = results[i];
    if (result) return result;
    if (outcome.status === 'timeout-validate') {
      return { verdict: 'not-checked', diagnostics: [{ file: input.path, line: 0, column: 0, severity: 'error', rule: 'schema-timeout', layer: 'schema', message: `validation against ${displaySchema} did not finish within ${seconds(validateTimeoutMs)}; the document was not checked` }] };
    }
    return { verdict: 'not-checked', diagnostics: [{ file: input.path, line: 0, column: 0, severity: 'error', rule: 'schema-engine-failed', layer: 'schema', message: `the TypeScript RelaxNG engine failed while validating against ${displaySchema}: ${outcome.reason ?? 'no verdict'}` }] };
  });
  return { schema: schemaFile, documents, compileMs: outcome.compileMs, validateMs: outcome.validateMs, elapsedMs, attempts: 1 };
}
