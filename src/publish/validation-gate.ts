import type { DeferredWrites } from '../cache/deferred-writes';
import type { CollectionFile } from '../collection';
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { StageEvent } from '../stages';
import { validateCollection } from '../validation';
import type { CompiledSchemas } from '../validation/layers/compiled';

/**
 * The one place where `build` asks the validator whether the collection may be published: the same
 * three layers as `tei-edition validate` (well-formedness, RelaxNG, edition rules). Tests inject
 * their own validator through BuildOptions.validator. `paths` are what `validate` would be given: the
 * collection's folder (with `found`, its files as discovery found them), or the files of an explicit list.
 */
export type CollectionValidator = (
  paths: string[],
  options: { schema?: string; rules?: string; skipRules?: boolean; cache?: boolean; cacheDir?: string; compiled?: CompiledSchemas; found?: CollectionFile[]; deferredWrites?: DeferredWrites; onProgress?: (event: StageEvent) => void },
) => Promise<{ diagnostics: Diagnostic[] }>;

export const collectionValidator: CollectionValidator = (paths, options) =>
  // The build's cache setting is the validator's too (the build's default is on; the validator's API default is off).
  validateCollection(paths, {
    schema: options.schema, rules: options.rules, skipRules: options.skipRules, cache: options.cache !== false, cacheDir: options.cacheDir, compiled: options.compiled, found: options.found, deferredWrites: options.deferredWrites, onProgress: options.onProgress,
  });
