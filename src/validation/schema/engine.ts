import type { SchemaFiles } from './closure';
import { SchemaBatchResult, SchemaInput, SchemaLimits, validateAgainstSchema } from './relaxng';
import { prepareTypescript, validateWithTypescript } from './typescript-engine';

/**
 * What the schema layer needs of a RelaxNG engine: validate a batch of documents against one schema,
 * compiling it once, and say per document what is wrong. Two are built in: xmllint-wasm (libxml2, the
 * reference) and the TypeScript engine in src/relaxng; `chooseEngine` picks one per schema.
 */
export interface SchemaEngine {
  /** Short name, as `--engine` takes it and reports show it. */
  name: string;
  /** `prepared`: what `prepare` returned for this schema, if it was called. */
  validate(schemaFile: string, inputs: SchemaInput[], limits: SchemaLimits, displaySchema: string, prepared?: PreparedSchema): Promise<SchemaBatchResult>;
  /**
   * Optional: start compiling a schema before its documents are known (while they are read). The
   * caller passes the result to `validate`, or releases it when it turns out not to be needed.
   */
  prepare?(schemaFile: string, files: SchemaFiles): PreparedSchema;
  /**
   * Whether `validate` calls each input's `worded` as soon as it has worded that document's result
   * (the caller may then hold the document's tree for it until then, and no longer).
   */
  wordsEachDocument?: boolean;
}

/** A schema being compiled ahead of `validate` (SchemaEngine.prepare). */
export interface PreparedSchema {
  /** Frees what was prepared, unless `validate` took it over. */
  release(): void;
}

/** libxml2 (xmllint-wasm), one run per schema in a worker thread that a time limit can stop. */
export const xmllintEngine: SchemaEngine = {
  name: 'xmllint',
  validate: validateAgainstSchema,
};

/** The TypeScript engine (src/relaxng: derivatives, jing's verdicts and messages), in a worker thread. */
export const typescriptEngine: SchemaEngine = {
  name: 'relaxng',
  validate: validateWithTypescript,
  prepare: prepareTypescript,
  wordsEachDocument: true,
};

export type EngineChoice = 'auto' | 'xmllint' | 'relaxng';
export const ENGINE_CHOICES: EngineChoice[] = ['auto', 'xmllint', 'relaxng'];

/**
 * The engine for one schema, and why. `auto` takes the TypeScript engine for every schema: measured on
 * this project's machine (docs/validate.md, "Engines"), it is faster for schemas of every size, from the
 * project's own (≈40 ms compile, against ≈60 ms plus ≈300 ms to start libxml2's WebAssembly) to
 * tei_all (≈0.3 s against ≈8–10 s, paid again on every run), it compiles schemas libxml2 never finishes
 * (DraCor 1.6.0), and it gives jing's verdict on every file of the test corpus.
 */
export function chooseEngine(choice: EngineChoice, custom?: SchemaEngine): { engine: SchemaEngine; reason: string } {
  if (custom) return { engine: custom, reason: 'given by the caller' };
  if (choice === 'xmllint') return { engine: xmllintEngine, reason: 'chosen with --engine xmllint' };
  if (choice === 'relaxng') return { engine: typescriptEngine, reason: 'chosen with --engine relaxng' };
  return { engine: typescriptEngine, reason: 'auto: faster than xmllint-wasm for every schema size measured, and agrees with jing' };
}
