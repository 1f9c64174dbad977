/**
 * The validator: well-formedness, then RelaxNG (xmllint-wasm), then the edition rules (Schematron
 * with SaxonJS, and TypeScript rules for the whole collection), every problem as one Diagnostic.
 *
 *   const report = await validateCollection(['tei'], { schema: 'schemas/edition.rng' });
 *   if (report.summary.errors > 0) …
 *
 * Used by `tei-edition validate` and, before publishing, by `tei-edition build`.
 */
export { validateCollection } from './pipeline';
export type { ValidateOptions, ValidationReport, FileResult, StageEvent, StageName } from './pipeline';
export type { SchemaVerdict } from './schema/relaxng';
export { DEFAULT_RULES_FILE } from './pipeline';
export { COLLECTION_RULES } from './rules';
