/**
 * The rules worker: a thread that runs the Schematron rules with its own SaxonJS (schematron-run.ts),
 * started by the CLI before anything else (rules-worker.ts), so that loading SaxonJS overlaps with the
 * main thread loading the CLI, reading and parsing. It reads no file: jobs carry the compiled rules and
 * the documents' texts.
 */
import { parentPort } from 'worker_threads';
import { loadSaxonJS, writeSaxonCodeCache } from '../../saxon';
import { runRules, RulesJob } from './schematron-run';

export type RulesWorkerRequest = { id: number; job: RulesJob };
export type RulesWorkerReply = { id: number; outcomes: Awaited<ReturnType<typeof runRules>> } | { id: number; error: string };

// What the worker is started early for.
loadSaxonJS();

parentPort!.on('message', ({ id, job }: RulesWorkerRequest) => {
  runRules(job).then(
    (outcomes) => {
      // Before replying: the parent terminates this thread once the rules are done, and no exit event
      // would write the code cache then (only the first run writes it).
      writeSaxonCodeCache();
      parentPort!.postMessage({ id, outcomes } satisfies RulesWorkerReply);
    },
    (error: unknown) => parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies RulesWorkerReply),
  );
});
