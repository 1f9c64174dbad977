import { checkWellFormed } from '../../xml/wellformed';
import type { JobFailure, JobFile, Timed } from '../jobs';
import type { Executor } from '../workers';
import type { BuildContext } from './context';
import { Loaded, loadText, SourceFile } from './read';

/**
 * What the stages that run jobs (summarise, render-documents, collection-pages) share: how many jobs
 * are under way at once, in which order they start, how their texts are loaded, how their times are
 * counted and how a failed one is reported.
 */

/**
 * Jobs under way at once, per thread: enough that a thread never waits for the next job, few enough
 * that the texts of the jobs waiting, and the pages of the jobs done but not yet written, stay a handful.
 */
const JOBS_PER_THREAD = 3;

/**
 * Runs `work` on every item, at most JOBS_PER_THREAD × threads at once, starting them in `order`
 * (indices into items). Resolves when all are done.
 */
export async function runBounded<T>(items: T[], order: number[], executor: Executor, work: (item: T, index: number) => Promise<void>): Promise<void> {
  const limit = Math.max(1, executor.threads * JOBS_PER_THREAD);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < order.length) {
      const index = order[next++];
      await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, order.length) }, lane));
}

/**
 * The order to start jobs in: on threads, the largest files first, so that a long document does not start
 * last while the other threads sit idle (a multi-megabyte novel takes seconds); on the main thread, collection
 * order. Results are taken in collection order either way.
 */
export function largestFirst(sources: SourceFile[], executor: Executor): number[] {
  const indices = sources.map((_source, index) => index);
  return executor.threads > 1 ? indices.sort((a, b) => sources[b].size - sources[a].size || a - b) : indices;
}

/** A file as a job takes it, its text read again (see loadText). */
export async function jobFile(source: SourceFile): Promise<{ file: JobFile; bytes: Uint8Array } | Extract<Loaded, { ok: false }>> {
  const loaded = await loadText(source);
  if (!loaded.ok) return loaded;
  return { file: { path: source.path, text: loaded.text, hash: source.hash }, bytes: loaded.bytes };
}

/** Adds a job's times to the build's stages (with threads, the sum of the threads' times). */
export function addJobTimes(context: BuildContext, ms: Timed['ms'], files: number): void {
  const { timer } = context;
  timer.add('parse', ms.read, 0);
  if (ms.summary) timer.add('summary-transform', ms.summary, 0);
  if (ms.html) timer.add('html-transform', ms.html, files);
  if (ms.text) timer.add('text-transform', ms.text, files);
  if (ms.pages) timer.add('pages-transform', ms.pages, 0);
}

/** What to report for a file a job could not parse or transform: it is left out of the edition. */
export function failureReport(text: string | undefined, failure: JobFailure): { rule: string; message: string; position: { line?: number; column?: number } } {
  if (failure.parseError !== undefined) {
    // Reported as validate reports it (same rule, message and position), where our parser agrees;
    // else SaxonJS's own message (it names no file, and counts lines from 0).
    const verdict = text === undefined ? undefined : checkWellFormed(text);
    if (verdict && !verdict.ok) return { rule: verdict.rule, message: `cannot be parsed, so it is not published: ${verdict.message}`, position: verdict };
    const message = failure.parseError.replace(/ in undefined:/, ':');
    const position = positionIn(message);
    return { rule: 'xml-malformed', message: `cannot be parsed, so it is not published: ${message}`, position: { ...position, line: position.line === undefined ? undefined : position.line + 1 } };
  }
  // JavaScript's stack, not the stylesheet: thousands of nested elements.
  const message = failure.tooDeep ? `the document nests elements too deeply to be transformed (${failure.error})` : failure.error;
  return { rule: 'transform-failed', message: `cannot be transformed, so it is not published: ${message}`, position: {} };
}

/** "line 12, column 5" style positions in parser messages. */
function positionIn(message: string): { line?: number; column?: number } {
  const line = /line[:\s]+(\d+)/i.exec(message);
  const column = /col(?:umn)?[:\s]+(\d+)/i.exec(message);
  return { line: line ? Number(line[1]) : undefined, column: column ? Number(column[1]) : undefined };
}
