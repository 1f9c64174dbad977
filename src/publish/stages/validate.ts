import type { CollectionFile } from '../../collection';
import { collectionValidator } from '../validation-gate';
import type { BuildContext } from './context';

/**
 * Stage `validate`: the same three layers as `tei-edition validate`, on every build whatever the cache
 * holds (a changed schema must be noticed; the validator keeps its own cache). Returns whether the
 * collection may be published: an invalid collection never is. The schemas and rules compiled by the
 * session's earlier builds are used again while their files are unchanged (context.compiled).
 */
export async function validate(context: BuildContext, paths: string[], found?: CollectionFile[]): Promise<boolean> {
  const { options, timer } = context;
  if (!options.validate) return true;
  const validator = options.validator ?? collectionValidator;
  // Files as discovery found them: the validator is told the collection's folder, as `tei-edition validate DIR` is, and
  // not 2,000 paths whose folders it would resolve one by one (the folders pointers may lead into).
  const given = found ? [context.srcDir] : paths;
  const report = await timer.timeAsync('validate', paths.length, async () => {
    try {
      return await validator(given, {
        schema: options.schema, rules: options.rules, skipRules: options.skipRules, cache: options.cache, cacheDir: options.cacheDir, compiled: context.compiled, found, deferredWrites: context.deferredWrites,
        // The validator's stages show in the build's progress line, as the build's own do.
        onProgress: (event) => timer.progress(`validate: ${event.stage}`, event.files, event.total ?? event.files),
      });
    } finally {
      // A build of its own (not serve's): the compiled schemas' threads are not needed again.
      if (!context.keepCompiled) context.compiled.close();
    }
  });
  context.problems.add(report.diagnostics);
  return !report.diagnostics.some((d) => d.severity === 'error');
}
