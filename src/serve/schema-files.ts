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

  /**
   * Every schema file of `documents` (absolute paths: all of the collection's), plus `given` (--schema,
   * --rules, the default rules) and what they include.
   */
  async of(documents: string[], given: string[]): Promise<Set<string>> {
    const seen = new Set<string>();
    for (const document of documents) {
      seen.add(document);
      await this.namedBy(document);
    }
    for (const document of this.byDocument.keys()) if (!seen.has(document)) this.byDocument.delete(document);
    return this.files(given);
  }

  /**
   * The same, after a save, when the collection is what `of` was last told plus `changed` (documents saved,
   * created or deleted): only those are looked at again. After one save of thousands of documents, `of`
   * would stat every file of the collection (and `serve` list the collection again) just as the open pages
   * reload; this reads one prolog.
   */
  async update(changed: string[], given: string[]): Promise<Set<string>> {
    for (const document of changed) await this.namedBy(document);
    return this.files(given);
  }

  /** Whether `update` can take `file` as it is now: a document, or a document that is gone (not a folder). */
  knows(file: string): boolean {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    return stat ? stat.isFile() : this.byDocument.has(file);
  }

  private files(given: string[]): Set<string> {
    const named = new Set<string>(given.map((file) => path.resolve(file)));
    for (const { schemas } of this.byDocument.values()) for (const schema of schemas) named.add(schema);
    const files = new Set<string>();
    for (const schema of named) for (const file of this.closure(schema)) files.add(file);
    return files;
  }

  private async namedBy(document: string): Promise<string[]> {
    const stat = fs.statSync(document, { throwIfNoEntry: false });
    if (!stat) {
      this.byDocument.delete(document);
      return [];
    }
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
