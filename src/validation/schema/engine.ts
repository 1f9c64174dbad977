import { SchemaBatchResult, SchemaInput, SchemaLimits, validateAgainstSchema } from './relaxng';

/**
 * What the schema layer needs of a RelaxNG engine: validate a batch of documents against one schema,
 * compiling it once, and say per document what is wrong. xmllint-wasm is the default; another engine
 * (such as the TypeScript validator in src/relaxng) can be passed as `ValidateOptions.schemaEngine`.
 */
export interface SchemaEngine {
  name: string;
  validate(schemaFile: string, inputs: SchemaInput[], limits: SchemaLimits, displaySchema: string): Promise<SchemaBatchResult>;
}

/** libxml2 (xmllint-wasm), one run per schema in a worker thread that a time limit can stop. */
export const xmllintEngine: SchemaEngine = {
  name: 'xmllint-wasm',
  validate: validateAgainstSchema,
};
