import * as fs from 'fs';
import * as path from 'path';
import { readSource, toCollectionFile } from '../collection';
import { declaredSchemas, localPath } from '../validation/associations';
import { readSchemaFiles } from '../validation/schema/closure';
import { prologProcessingInstructions } from '../xml/tree';

/**
 * The schema files a collection is validated against, for `serve` to watch: the RelaxNG and Schematron
 * schemas the documents name in `<?xml-model?>` (found as the validator finds them: src/validation/
 * associations.ts), every file a RelaxNG schema includes, and the schemas given on the command line.
 * Only each document's prolog is read, and only again when the file changed, so that after a save of
 * one document of thousands this costs one small read.
 */
export class SchemaFiles {
  private readonly byDocument = new Map<string, { mtimeMs: number; size: number; schemas: string[] }>();
  private readonly closures = new Map<string, { files: string[]; mtimes: number[] }>();

  /** Every schema file of `documents` (absolute paths), plus `given` (--schema, --rules, the default rules) and what they include. */
  async of(documents: string[], given: string[]): Promise<Set<string>> {
    const named = new Set<string>(given.map((file) => path.resolve(file)));
    const seen = new Set<string>();
    for (const document of documents) {
      seen.add(document);
      for (const schema of await this.namedBy(document)) named.add(schema);
    }
    for (const document of this.byDocument.keys()) if (!seen.has(document)) this.byDocument.delete(document);
    const files = new Set<string>();
    for (const schema of named) for (const file of this.closure(schema)) files.add(file);
    return files;
  }

  private async namedBy(document: string): Promise<string[]> {
    const stat = fs.statSync(document, { throwIfNoEntry: false });
    if (!stat) return [];
    const known = this.byDocument.get(document);
    if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return known.schemas;
    const read = await readSource(toCollectionFile(document));
    const instructions = read.ok ? prologProcessingInstructions(read.source.text) : null;
    const schemas = instructions === null ? [] : declaredSchemas({ processingInstructions: instructions }, document)
      // A missing schema is watched too, so that creating it rebuilds.
      .map((association) => association.file ?? (association.problem?.rule === 'schema-not-found' ? localPath(association.href, document) : null))
      .filter((file): file is string => file !== null);
    this.byDocument.set(document, { mtimeMs: stat.mtimeMs, size: stat.size, schemas });
    return schemas;
  }

  /** A schema and the files it includes (a RelaxNG schema's include/externalRef); just itself otherwise. */
  private closure(schema: string): string[] {
    if (!/\.rng$/i.test(schema)) return [schema];
    const mtimes = (files: string[]): number[] => files.map((file) => fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? -1);
    const known = this.closures.get(schema);
    if (known && mtimes(known.files).every((mtime, index) => mtime === known.mtimes[index])) return known.files;
    let files = [schema];
    try {
      files = [...readSchemaFiles(schema).files.keys()];
    } catch {
      // Missing, or an include that cannot be read: the build reports it; watching the main file notices a fix.
    }
    this.closures.set(schema, { files, mtimes: mtimes(files) });
    return files;
  }
}
