import * as fs from 'fs';
import { readSchemaFiles, SchemaFiles } from '../schema/closure';
import type { PreparedSchema } from '../schema/engine';
import { compileSchematron, CompiledSchematron } from '../rules/schematron';

/**
 * What the layers compile (RelaxNG schemas, Schematron rules), kept between the validations of one
 * process: `tei-edition serve` validates on every save, and compiling again what did not change was the
 * largest part of each of its builds. A BuildSession owns one and passes it in (ValidateOptions.compiled);
 * without one, each run compiles once for itself, as `tei-edition validate` does.
 *
 * Nothing stale is ever used: each entry is taken only while every file it was made from has the same
 * path, size, modification and change time AND the same bytes as when it was made (the bytes are read
 * again on every run: a few small files; what is saved is parsing and compiling them). A file that
 * changed in any of these is read and compiled afresh.
 */
export class CompiledSchemas {
  /** Schema file → its files as read (SchemaFiles), with each file's stamp when read. */
  private readonly schemaFilesKept = new Map<string, { files: SchemaFiles; stamps: Map<string, string> }>();
  /** Engine name + main schema file → the schema compiled from its files (SchemaFiles.hash), idle: an engine's PreparedSchema that can validate again. */
  private readonly schemasKept = new Map<string, { hash: string; schema: PreparedSchema }>();
  /** Rules file → its compiled rules, with the stamp and text of the file they were compiled from. */
  private readonly rulesKept = new Map<string, { stamp: string; text: string; compiled: CompiledSchematron }>();

  /**
   * A schema and the files it includes (readSchemaFiles), as read before if none of them changed.
   * Throws SchemaLoadError as readSchemaFiles does.
   */
  schemaFiles(schema: string): SchemaFiles {
    const kept = this.schemaFilesKept.get(schema);
    if (kept && [...kept.files.files].every(([file, bytes]) => unchanged(file, kept.stamps.get(file), bytes))) return kept.files;
    this.schemaFilesKept.delete(schema);
    // Stamps taken before reading: a file written meanwhile has a newer stamp than the one kept, and is read again next time.
    const before = new Map<string, string>();
    const files = readSchemaFiles(schema, (file) => {
      const found = stampOf(file);
      if (found !== undefined) before.set(file, found);
    });
    if ([...files.files.keys()].every((file) => before.has(file))) this.schemaFilesKept.set(schema, { files, stamps: before });
    return files;
  }

  /**
   * The schema compiled by `engine` from exactly these files, idle, to validate with: it is the caller's
   * until given back with `keepSchema`. One compiled from other bytes is released.
   */
  takeSchema(engine: string, files: SchemaFiles): PreparedSchema | undefined {
    const key = `${engine}\0${files.main}`;
    const kept = this.schemasKept.get(key);
    if (!kept) return undefined;
    this.schemasKept.delete(key);
    if (kept.hash === files.hash) return kept.schema;
    kept.schema.release();
    return undefined;
  }

  /** Keeps a compiled schema that validated without trouble, for the next run (one per engine and schema file). */
  keepSchema(engine: string, files: SchemaFiles, schema: PreparedSchema): void {
    const key = `${engine}\0${files.main}`;
    const older = this.schemasKept.get(key);
    if (older && older.schema !== schema) older.schema.release();
    this.schemasKept.set(key, { hash: files.hash, schema });
  }

  /** Whether a compiled schema of these very files is kept (no need to prepare one). */
  hasSchema(engine: string, files: SchemaFiles): boolean {
    return this.schemasKept.get(`${engine}\0${files.main}`)?.hash === files.hash;
  }

  /**
   * A rules file compiled (compileSchematron), as compiled before if the file did not change. `text` is
   * the file's text as this run read it. Throws SchematronError as compileSchematron does.
   */
  rules(file: string, text: string | undefined): CompiledSchematron {
    const stamp = stampOf(file);
    const kept = this.rulesKept.get(file);
    if (kept && text !== undefined && stamp !== undefined && kept.stamp === stamp && kept.text === text) return kept.compiled;
    this.rulesKept.delete(file);
    const compiled = compileSchematron(file, text);
    if (text !== undefined && stamp !== undefined) this.rulesKept.set(file, { stamp, text, compiled });
    return compiled;
  }

  /** Lets go of everything (the compiled schemas' threads included). */
  close(): void {
    for (const { schema } of this.schemasKept.values()) schema.release();
    this.schemasKept.clear();
    this.schemaFilesKept.clear();
    this.rulesKept.clear();
  }
}

/** What says a file may have changed: its identity, size, modification and change times. */
function stampOf(file: string): string | undefined {
  try {
    const stat = fs.statSync(file);
    return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`;
  } catch {
    return undefined;
  }
}

/** Whether a file is as it was when read: the same stamp, and the same bytes. */
function unchanged(file: string, stamp: string | undefined, bytes: Uint8Array): boolean {
  if (stamp === undefined || stampOf(file) !== stamp) return false;
  try {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).equals(fs.readFileSync(file));
  } catch {
    return false;
  }
}
