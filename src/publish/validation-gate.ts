import type { Diagnostic } from '../diagnostics/diagnostic';

/**
 * The one place where `build` asks the validator whether the collection may be published.
 *
 * WIRE-UP (lead, when merging the `validator` branch): replace `undefined` below with the validator's
 * `validateCollection` from `src/validation`, adapting its report to `{ diagnostics }` if needed:
 *
 *     import { validateCollection } from '../validation';
 *     export const collectionValidator: CollectionValidator | undefined = validateCollection;
 *
 * Until then, `build` refuses to publish unless `--no-validate` is given: an unchecked collection is
 * never published by default, and there is deliberately no stand-in validator here.
 */
export type CollectionValidator = (files: string[], options: { schema?: string }) => Promise<{ diagnostics: Diagnostic[] }>;

export const collectionValidator: CollectionValidator | undefined = undefined;
