import { contentHash, toolFingerprint } from '../cache';

/**
 * Every rule of the validator's cache keys, in one place (docs/validate.md, "The result cache"). Each
 * key hashes everything its result depends on, so a result is never stale; every key starts with the
 * tool's own code (toolFingerprint). Paths are in the keys because messages name them.
 */
export class ValidationKeys {
  /**
   * A document's RelaxNG result: its bytes and path, the engine, the bytes of the schema and of every
   * file it includes (SchemaFiles.hash), and the schema's path as reports show it.
   */
  schema(engine: string, schemaFilesHash: string, shownSchema: string, documentPath: string, bytes: Uint8Array): string {
    return contentHash(toolFingerprint(), 'schema', engine, schemaFilesHash, shownSchema, documentPath, bytes);
  }

  /**
   * A document's Schematron result: the rules (their text, our compiler, SaxonJS: schematronFingerprint)
   * and where they are (relative URIs in them resolve against it), the document's bytes, the path shown
   * and its real path (base-uri() gives document-id-filename its name). What the rules read besides is
   * kept with the result and checked when it is used (rules-layer.ts).
   */
  rules(rulesFingerprint: string, rulesFile: string, documentPath: string, realPath: string, bytes: Uint8Array): string {
    return contentHash(toolFingerprint(), 'rules', rulesFingerprint, rulesFile, documentPath, realPath, bytes);
  }

  /**
   * The collection-wide rules' results for a whole run: the paths and bytes of every file read, and
   * which of them are reported on.
   */
  collection(files: Array<{ path: string; realPath: string; isTarget: boolean; bytes?: Uint8Array }>): string {
    const parts: Array<string | Uint8Array> = ['rules-collection'];
    for (const file of files) parts.push(file.path, file.realPath, file.isTarget ? 'target' : 'context', file.bytes ?? 'unreadable');
    return contentHash(toolFingerprint(), ...parts);
  }
}
