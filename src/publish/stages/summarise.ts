import type { Summary } from '../transform';
import type { BuildContext } from './context';
import { addJobTimes, failureReport, jobFile, largestFirst, runBounded } from './jobs';
import type { SourceFile } from './read';

/**
 * Stage `summarise`: what the build and the collection pages need of each file (mode ed:summary in
 * xslt/common.xsl: its pointers' targets, publishers, chronological key, what the home page shows of
 * it, its mentions and its register entries), taken from the cache by the file's bytes or computed.
 * A file that cannot be parsed is left out of the edition here.
 */

export interface Summarised {
  /** The files summarized, in collection order: the edition's readable files. */
  readable: SourceFile[];
  /** Collection path → summary. */
  summaries: Map<string, Summary>;
  /** How many were computed rather than taken from the cache. */
  computed: number;
}

export async function summarise(context: BuildContext, sources: SourceFile[]): Promise<Summarised> {
  const { cache, keys, timer, problems } = context;
  const summaries = new Map<string, Summary>();
  const missing = sources.filter((source) => {
    const summary = cache ? timer.time('cache', 1, () => cache.get<Summary>(keys.summary(source.path, source.hash))) : undefined;
    if (summary) summaries.set(source.path, summary);
    return !summary;
  });
  const executor = context.executorFor(missing.length);
  // Reported in collection order, whichever thread finished first.
  const failures: Array<(() => void) | undefined> = [];
  let done = sources.length - missing.length;
  await timer.timeAsync('summarise', missing.length, () => runBounded(missing, largestFirst(missing, executor), executor, async (source, index) => {
    const loaded = await jobFile(source);
    if (!('file' in loaded)) {
      failures[index] = () => problems.leaveOut(source, loaded.rule, loaded.message, loaded);
      return;
    }
    const result = await executor.run({ kind: 'summary', file: loaded.file });
    addJobTimes(context, result.ms, 0);
    if (!result.ok) {
      const { rule, message, position } = failureReport(loaded.file.text, result);
      failures[index] = () => problems.leaveOut(source, rule, message, position);
    } else {
      summaries.set(source.path, result.summary);
      if (cache) timer.time('cache', 0, () => cache.set(keys.summary(source.path, source.hash), result.summary));
    }
    timer.progress('summarise', ++done, sources.length);
  }));
  for (const report of failures) report?.();
  return { readable: sources.filter((source) => summaries.has(source.path)), summaries, computed: missing.length };
}
