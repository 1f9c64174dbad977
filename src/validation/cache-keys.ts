import { prefixedHash, toolFingerprint } from '../cache';

/**
 * Every rule of the validator's cache keys, in one place (docs/validate.md, "The result cache"). Each
 * key hashes everything its result depends on, so a result is never stale; every key starts with the
 * tool's own code (toolFingerprint). A document enters a key by the hash of its bytes; paths are in the
 * keys because messages name them.
 */
export class ValidationKeys {
  /** contentHash(toolFingerprint(), ...parts), with the fingerprint hashed once. */
  private readonly hash = prefixedHash(toolFingerprint());

  /**
   * A document's digest (layers/context.ts): its bytes, its absolute path (its pointers resolve against
   * it) and whether it was parsed with text (the rules' facts need it).
   */
  digest(absolutePath: string, hash: string, withText: boolean): string {
    return this.hash('digest', absolutePath, hash, withText ? 'text' : 'no text');
  }

  /** What the collection-wide rules read of a document (rules/facts.ts, ruleFacts): its bytes alone. */
  facts(hash: string): string {
    return this.hash('facts', hash);
  }

  /** What a document's tagged names read as (rules/facts.ts): its bytes alone. */
  names(hash: string): string {
    return this.hash('names', hash);
  }

  /**
   * A document's RelaxNG result: its bytes and path, the engine, the bytes of the schema and of every
   * file it includes (SchemaFiles.hash), and the schema's path as reports show it.
   */
  schema(engine: string, schemaFilesHash: string, shownSchema: string, documentPath: string, hash: string): string {
    return this.hash('schema', engine, schemaFilesHash, shownSchema, documentPath, hash);
  }

  /**
   * A document's Schematron result: the rules (their text, our compiler, SaxonJS: schematronFingerprint)
   * and where they are (relative URIs in them resolve against it), the document's bytes, the path shown
   * and its real path (base-uri() gives document-id-filename its name). What the rules read besides is
   * kept with the result and checked when it is used (rules-layer.ts).
   */
  rules(rulesFingerprint: string, rulesFile: string, documentPath: string, realPath: string, hash: string): string {
    return this.hash('rules', rulesFingerprint, rulesFile, documentPath, realPath, hash);
  }

  /**
   * A document's findings of a collection-wide rule that looks at one document at a time, beside the
   * register entries of the collection (name-spelling-drift): the document's bytes and paths, and the
   * files that hold register entries, each by path and bytes (`registers`, see rules-layer.ts).
   */
  documentRule(rule: string, documentPath: string, realPath: string, hash: string, registers: string): string {
    return this.hash('document rule', rule, documentPath, realPath, hash, registers);
  }

  /**
   * The collection-wide rules' results for a whole run: the paths of every file read, which of them are
   * reported on (the edition's rules' targets: rulesFor), and what the rules read of each: the hash of its
   * facts and names (DocumentDigest.rulesRead, which is all they read of a document) or of its bytes.
   */
  collection(files: Array<{ path: string; realPath: string; role: 'edition-target' | 'target' | 'context'; read?: string }>): string {
    const parts: string[] = ['rules-collection'];
    for (const file of files) parts.push(file.path, file.realPath, file.role, file.read ?? 'unreadable');
    return this.hash(...parts);
  }
}
