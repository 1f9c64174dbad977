/**
 * A RELAX NG (XML syntax) validator in TypeScript: derivative algorithm with interned patterns and shared
 * memo tables. Load a schema once, validate many documents with it.
 *
 *   const schema = loadSchemaSync('tei_all.rng');
 *   const { valid, errors } = schema.validate(xmlText);
 *
 * A Schema is not thread-safe in the shared-memory sense but needs no sharing: load one per worker thread.
 */
import * as fs from 'fs';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { Pattern, PatternBuilder } from './patterns';
import { loadRngFile, LoadOptions, SchemaError } from './schema-loader';
import { CompiledGrammar, validateXml, ValidateOptions, ValidationError, ValidationResult } from './validator';

export { SchemaError } from './schema-loader';
export type { LoadOptions } from './schema-loader';
export type { ValidateOptions, ValidationError, ValidationResult } from './validator';
export { compileXsdRegex, translateXsdRegex, XsdRegexError } from './xsd-regex';

export class Schema {
  private readonly grammar: CompiledGrammar;

  /** @internal use loadSchema / loadSchemaSync */
  constructor(readonly file: string, builder: PatternBuilder, start: Pattern) {
    this.grammar = { builder, start, idTypes: new Map(), findElementCache: new Map(), plainAttributeNames: new Map() };
  }

  /** Validates one XML document given as text. Never throws for bad input: problems are errors in the result. */
  validate(xml: string, options?: ValidateOptions): ValidationResult {
    return validateXml(this.grammar, xml, options);
  }

  /** Reads a local file (UTF-8, UTF-16 with a byte order mark, or the encoding its XML declaration names) and validates it. */
  validateFile(file: string, options?: ValidateOptions): ValidationResult {
    let text: string;
    try {
      text = decodeXml(fs.readFileSync(file));
    } catch (e) {
      return { valid: false, wellFormed: false, errors: [{ line: 1, column: 1, message: (e as Error).message, fatal: true }] };
    }
    return this.validate(text, options);
  }

  /** Number of interned patterns so far (grows as documents exercise new states; bounded by `maxPatterns`, default 2 million). */
  get patternCount(): number {
    return this.grammar.builder.patternCount;
  }
}

/** Loads and compiles a schema from a local file (never the network). Throws SchemaError. */
export function loadSchemaSync(file: string, options?: LoadOptions): Schema {
  const { builder, start } = loadRngFile(file, options);
  return new Schema(file, builder, start);
}

export async function loadSchema(file: string, options?: LoadOptions): Promise<Schema> {
  return loadSchemaSync(file, options);
}

/** The project's diagnostic shape for a validation result (layer "schema", or "wellformed" for parse errors). */
export function toDiagnostics(file: string, result: ValidationResult): Diagnostic[] {
  return result.errors.map((e: ValidationError) => ({
    file,
    line: e.line,
    column: e.column,
    severity: 'error' as const,
    rule: e.fatal ? 'xml-malformed' : 'rng-invalid',
    layer: e.fatal ? ('wellformed' as const) : ('schema' as const),
    message: e.message,
  }));
}

export function isSchemaError(e: unknown): e is SchemaError {
  return e instanceof SchemaError;
}

/** Decodes an XML file: byte order marks, then the encoding declaration; malformed UTF-8 is an error, as in jing. */
export function decodeXml(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le', { fatal: true }).decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be', { fatal: true }).decode(bytes);
  const head = bytes.subarray(0, 200).toString('latin1');
  const declared = /^(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z][\w.-]*)["']/.exec(head)?.[1]?.toLowerCase();
  let label = 'utf-8';
  if (declared && declared !== 'utf-8' && declared !== 'utf8') {
    try {
      label = new TextDecoder(declared).encoding;
    } catch {
      throw new Error(`unsupported encoding "${declared}"`);
    }
  }
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    throw new Error(`the file is not valid ${label.toUpperCase()}`);
  }
}
