import * as fs from 'fs';
import * as path from 'path';
import { validateXML } from 'xmllint-wasm';

export interface RelaxNgResult {
  /** Per file (by base name): did libxml2 print "X validates"? */
  valid: Map<string, boolean>;
  /** Error messages per file (by base name); messages without a file go under "". */
  errors: Map<string, string[]>;
}

/**
 * Validates files against one RelaxNG schema in a single xmllint-wasm call (the schema is compiled
 * once). Verdicts are read from the raw output, because the library's `valid` flag is for the whole
 * call. Used by the encoding tests to check the collection against both the project schema and
 * tei_all, independently of the validator under test.
 */
export async function relaxng(schemaFile: string, files: string[]): Promise<RelaxNgResult> {
  const largest = Math.max(...files.map((file) => fs.statSync(file).size));
  const mib = 64 + Math.ceil((6 * largest) / (1024 * 1024));
  const result = await validateXML({
    xml: files.map((file) => ({ fileName: path.basename(file), contents: fs.readFileSync(file, 'utf8') })),
    schema: [{ fileName: path.basename(schemaFile), contents: fs.readFileSync(schemaFile, 'utf8') }],
    extension: 'relaxng',
    initialMemoryPages: 16 * 16,
    maxMemoryPages: 16 * mib,
  });
  const valid = new Map<string, boolean>();
  for (const line of result.rawOutput.split('\n')) {
    const verdict = /^(.*) (validates|fails to validate)$/.exec(line.trim());
    if (verdict) valid.set(verdict[1], verdict[2] === 'validates');
  }
  const errors = new Map<string, string[]>();
  for (const error of result.errors) {
    const key = error.loc?.fileName ?? '';
    errors.set(key, [...(errors.get(key) ?? []), error.message]);
  }
  return { valid, errors };
}
