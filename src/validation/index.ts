/**
 * The validator: well-formedness, then RelaxNG (the TypeScript engine or xmllint-wasm), then the edition rules (Schematron
 * with SaxonJS, and TypeScript rules for the whole collection), every problem as one Diagnostic.
 *
 *   const report = await validateCollection(['tei'], { schema: 'schemas/edition.rng' });
 *   if (report.summary.errors > 0) …
 *
 * Used by `tei-edition validate` and, before publishing, by `tei-edition build`.
 */
export { validateCollection } from './pipeline';
export type { ValidateOptions, ValidationReport, FileResult, SchemaUse, StageEvent, StageName } from './pipeline';
export type { SchemaVerdict, SchemaInput, SchemaBatchResult, SchemaDocumentResult, SchemaLimits } from './schema/relaxng';
export { xmllintEngine, typescriptEngine, chooseEngine, ENGINE_CHOICES } from './schema/engine';
export type { SchemaEngine, EngineChoice } from './schema/engine';
export { DEFAULT_RULES_FILE } from './pipeline';
export { COLLECTION_RULES } from './rules';
