/**
 * A thread of the fast rules (fast-threads.ts): it compiles the Schematron's fast form once, then, for each
 * document it is sent, parses the text into the same tree the well-formedness layer builds and runs the
 * rules over it (fast-run.ts), so that the documents of a large run are checked on every core while the
 * main thread reads, parses and caches. It reads no file: the parent sends the rules' text, each
 * document's text and the texts `doc()` may read.
 */
import { parentPort } from 'worker_threads';
import { PositionIndex } from '../../../xml/positions';
import { checkWellFormed } from '../../../xml/wellformed';
import { compileFastSchematron, FastSchematron } from './program';
import { FastOutcome, runFast } from './fast-run';

export type FastWorkerRequest =
  /** Compile the rules (the text compileSchematron compiled): every later check runs them. */
  | { type: 'compile'; rules: string; rulesUri: string }
  /** A new collection (the texts `doc()` may read): the texts are given later, with `add`. */
  | { type: 'collection' }
  /** Texts of the current collection, by absolute path. */
  | { type: 'add'; entries: Array<[string, string]> }
  /** Check one document; `text` is absent when the collection holds it under `absolutePath`. */
  | { type: 'check'; id: number; path: string; absolutePath: string; text?: string };

export type FastWorkerReply =
  /** `outcome` null: the evaluator handed the document back (SaxonJS checks it). `ms`: parse and rules, this thread's time. */
  | { type: 'checked'; id: number; outcome: FastOutcome | null; ms: number }
  | { type: 'failed'; id?: number; message: string };

if (parentPort) {
  const port = parentPort;
  const post = (reply: FastWorkerReply): void => port.postMessage(reply);
  let program: FastSchematron | undefined;
  let rulesUri = '';
  let collection = new Map<string, string>();
  port.on('message', (request: FastWorkerRequest) => {
    try {
      switch (request.type) {
        case 'compile':
          program = compileFastSchematron(request.rules);
          rulesUri = request.rulesUri;
          break;
        case 'collection':
          // A new map: the documents parsed from the last one (fast-run.ts keeps them per map) are let go.
          collection = new Map();
          break;
        case 'add':
          for (const [file, text] of request.entries) collection.set(file, text);
          break;
        case 'check': {
          if (!program) throw new Error('the rules were not compiled');
          const started = performance.now();
          const text = request.text ?? collection.get(request.absolutePath)!;
          // The tree the well-formedness layer builds for the rules (pipeline: checkWellFormed with text).
          const verdict = checkWellFormed(text, { text: true });
          const outcome = verdict.ok
            ? runFast(program, { path: request.path, absolutePath: request.absolutePath, text, tree: verdict.tree, index: new PositionIndex(verdict.tree) }, rulesUri, collection)
            : undefined;
          post({ type: 'checked', id: request.id, outcome: outcome ?? null, ms: performance.now() - started });
          break;
        }
      }
    } catch (error) {
      post({ type: 'failed', id: request.type === 'check' ? request.id : undefined, message: error instanceof Error ? error.message : String(error) });
    }
  });
}
