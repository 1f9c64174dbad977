import * as fs from 'fs';
import * as path from 'path';
import { contentHash } from '../cache';
import { DeferredWrites, writeCacheFile } from '../cache/deferred-writes';
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { XmlProcessingInstruction } from '../xml/tree';
import { CachedDiagnostic, packDiagnostics, unpackDiagnostics } from './cached-diagnostics';
import type { DocumentDigest, Unit } from './layers/context';
import type { SchemaFileOutline, SchemaOutlines } from './schema/closure';
import type { SchemaVerdict } from './schema/relaxng';
import { makeFolders } from '../make-folders';

/**
 * The state of a collection after a run of `validate` (issue 11.4): for each file, the hash of its bytes,
 * its digest (without the rules' facts) and the final results of the two layers of schemas, each with
 * its *basis*: everything those results depend on besides the document's bytes and path (the schemas and
 * rules that apply, by the hashes of their files, the engine, and the files the rules read, by the hashes
 * of their bytes). A run whose file index vouches for a file's bytes (a stat) takes its results from here
 * while their basis is the same: no look-up in the result cache, no pack read, no key computed. The
 * collection-wide rules' result is kept with its key (ValidationKeys.collection) too.
 *
 * The state holds nothing the result cache does not: it is the same results, reached by the file's path
 * instead of a key, and each result is used only when every input its key would hash is the same (the one
 * addition, the outlines of the schemas' files, is used likewise only for the same bytes). It is
 * one file per collection and options (`validate/state/<scope>.json`); a missing, damaged or foreign one
 * is an empty one. A process that validates again and again (serve) keeps it in memory (`states`).
 */

const FORMAT = 2;

/** A document's layer results with their basis, as kept. */
export interface KeptLayer {
  /** What the results depend on besides the document (a string: compared whole). */
  basis: string;
  diagnostics: CachedDiagnostic[];
}

export interface KeptSchemaLayer extends KeptLayer {
  /** One per RelaxNG schema checked: its absolute path and the verdict. */
  schemas: Array<[schema: string, verdict: SchemaVerdict]>;
}

export interface KeptRulesLayer extends KeptLayer {
  /** The files the Schematron rules read, and what they got (a hash of bytes, or null for a refusal). */
  reads: Array<[file: string, answer: string | null]>;
}

/** One file's entry. */
export interface KeptUnit {
  realPath: string;
  hash: string;
  size: number;
  digest: DocumentDigest;
  schema?: KeptSchemaLayer;
  rules?: KeptRulesLayer;
}

/**
 * A unit's line in the state file: its path, then the fields of KeptUnit: its real path (null when the same),
 * and its prolog, pointed list, bases, RelaxNG schemas and the rules' reads as indices of shared values
 * (most documents of a collection share each: at 2,000 documents the lines are half as long, and a run
 * parses and keeps one array of each instead of 2,000).
 */
type UnitLine = ['u', file: string, realPath: string | null, hash: string, size: number, prolog: number, pointed: number, rulesRead: string | null, entries: 0 | 1, malformed: DocumentDigest['malformed'] | null, schema: KeptSchemaLayer | null, rules: KeptRulesLayer | null, includes?: DocumentDigest['includes']];

type Collection = { key: string; results: Array<{ file: string; diagnostics: CachedDiagnostic[] }> } | null;

/** A schema file's outline (schema/closure.ts), with the hash of the bytes it was read from. */
type KeptOutline = { hash: string; outline: SchemaFileOutline };

const states = new Map<string, ValidationState>();

/** Forgets the states this process kept in memory: the next run reads each state's file, as a new process would. */
export function forgetStates(): void {
  states.clear();
}

/**
 * The file is JSON lines: a header (format and run signature), the shared values (prologs, pointer lists,
 * bases: most documents of a collection share them), one line per file, the collection-wide rules'
 * result, and the outlines of the RelaxNG schemas' files (`o`, by path, each with the hash of its bytes).
 * A run that changed one document writes the other lines as they were read.
 */
export class ValidationState {
  /** What the last run left, by absolute path. */
  readonly units = new Map<string, KeptUnit>();
  collection: Collection = null;
  /** What this run leaves (written by save). */
  private readonly next = new Map<string, KeptUnit>();
  private nextCollection: Collection = null;
  /** The schema files' outlines the last run used, by path, and those this run uses (schemaOutlines). */
  private readonly outlines = new Map<string, KeptOutline>();
  private readonly nextOutlines = new Map<string, KeptOutline>();
  /**
   * The outlines of the schema files (readSchemaFiles), each given while the file's bytes hash as when it
   * was parsed: what a parse of those bytes would give (an outline depends on the file's path and bytes alone).
   */
  readonly schemaOutlines: SchemaOutlines = {
    get: (file, bytes) => {
      const kept = this.outlines.get(file);
      if (!kept || kept.hash !== contentHash(bytes)) return undefined;
      this.nextOutlines.set(file, kept);
      return kept.outline;
    },
    set: (file, bytes, outline) => {
      this.nextOutlines.set(file, { hash: contentHash(bytes), outline });
    },
  };
  /** Shared values as JSON text, and their index; kept between runs so that the lines of unchanged units stay true. */
  private readonly shared: string[] = [];
  private readonly sharedIndex = new Map<string, number>();
  private readonly sharedValues: unknown[] = [];
  /** Each kept unit's line as read or last written. */
  private readonly lines = new WeakMap<KeptUnit, string>();
  private collectionLine: string | undefined;
  /**
   * Whether an earlier run of these paths and options left a state (its file, or this process). The first
   * run writes only that it ran: a one-off run (CI, a cold run of ../shared/corpus, whose 74,000 findings
   * make a 14 MB state) does not pay for a state no run will read; the second writes it whole.
   */
  private existed = false;

  private constructor(private readonly file: string, private readonly signature: string) {}

  /**
   * The state of a collection (`scope`, as the result cache's packs name one) under the options that change
   * results and the tool's code (toolFingerprint): what an earlier run of this process left, else the
   * file's, else an empty one.
   */
  static of(cacheDir: string, scope: string, options: string, tool: string): ValidationState {
    // One file per collection and options (runs with and without --no-rules, say, do not undo each other's), the tool in it.
    const file = path.join(cacheDir, 'validate', 'state', `${contentHash(scope, options).slice(0, 32)}.jsonl`);
    const signature = contentHash(tool, options);
    let state = states.get(file);
    if (state && state.signature === signature) return state;
    state = new ValidationState(file, signature);
    state.load();
    states.set(file, state);
    return state;
  }

  private load(): void {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return;
    }
    try {
      const lines = text.split('\n');
      const header = JSON.parse(lines[0]) as { format: number; signature: string };
      if (header.format !== FORMAT || header.signature !== this.signature) return;
      this.existed = true;
      for (let i = 1; i < lines.length; i++) {
        const line = lines[i];
        if (line === '') continue;
        const entry = JSON.parse(line) as ['s', string] | UnitLine | ['c', Collection] | ['o', string, string, SchemaFileOutline];
        if (entry[0] === 's') this.share(entry[1]);
        else if (entry[0] === 'o') {
          const [, file, hash, outline] = entry;
          const strings = (values: unknown): boolean => Array.isArray(values) && values.every((value) => typeof value === 'string');
          if (typeof file !== 'string' || typeof hash !== 'string' || !strings(outline?.includes) || !strings(outline.attributes)) throw new Error('damaged');
          this.outlines.set(file, { hash, outline });
        }
        else if (entry[0] === 'c') {
          const collection = entry[1];
          if (!collection || typeof collection.key !== 'string' || !Array.isArray(collection.results) || !collection.results.every((result) => typeof result?.file === 'string' && Array.isArray(result.diagnostics))) throw new Error('damaged');
          this.collection = collection;
          this.collectionLine = line;
        } else if (entry[0] === 'u') {
          // By index, not destructured (here and in the loops over every document below): the loops of a run
          // this short are never optimised, and in V8's interpreter destructuring an array costs some
          // microseconds a time, milliseconds at 2,000 documents.
          const file = entry[1], realPath = entry[2] ?? file, hash = entry[3], size = entry[4], prolog = entry[5], pointed = entry[6];
          const rulesRead = entry[7], entries = entry[8], malformed = entry[9], schema = entry[10], rules = entry[11];
          const prologValue = this.sharedValues[prolog];
          const pointedValue = this.sharedValues[pointed];
          const layerOk = (layer: KeptLayer | null): boolean => layer === null || (typeof layer === 'object' && typeof this.sharedValues[layer.basis as unknown as number] === 'string' && Array.isArray(layer.diagnostics));
          if (typeof file !== 'string' || typeof realPath !== 'string' || typeof hash !== 'string' || typeof size !== 'number' || !Array.isArray(prologValue) || !Array.isArray(pointedValue) || !layerOk(schema) || !layerOk(rules)
            || (schema !== null && !Array.isArray(this.sharedValues[schema.schemas as unknown as number])) || (rules !== null && !Array.isArray(this.sharedValues[rules.reads as unknown as number]))) throw new Error('damaged');
          const digest: DocumentDigest = { prolog: prologValue as XmlProcessingInstruction[], pointed: pointedValue as string[] };
          if (malformed) digest.malformed = malformed;
          if (rulesRead !== null) digest.rulesRead = rulesRead;
          if (entries === 1) digest.entries = true;
          // A document's xi:includes, only when it has any (the field is left out otherwise).
          const includes = entry[12];
          if (includes !== undefined) {
            if (!Array.isArray(includes)) throw new Error('damaged');
            digest.includes = includes;
          }
          // Shared values are shared: never modified (nor are a kept unit's layers, anywhere).
          if (schema) {
            schema.basis = this.sharedValues[schema.basis as unknown as number] as string;
            schema.schemas = this.sharedValues[schema.schemas as unknown as number] as KeptSchemaLayer['schemas'];
          }
          if (rules) {
            rules.basis = this.sharedValues[rules.basis as unknown as number] as string;
            rules.reads = this.sharedValues[rules.reads as unknown as number] as KeptRulesLayer['reads'];
          }
          const kept: KeptUnit = { realPath, hash, size, digest, schema: schema ?? undefined, rules: rules ?? undefined };
          this.units.set(file, kept);
          this.lines.set(kept, line);
        }
      }
    } catch {
      // a damaged state is an empty one
      this.units.clear();
      this.outlines.clear();
      this.collection = null;
      this.collectionLine = undefined;
    }
  }

  /** The index of a shared value given as JSON text (added when new). */
  private share(text: string): number {
    let index = this.sharedIndex.get(text);
    if (index === undefined) {
      this.sharedIndex.set(text, (index = this.shared.length));
      this.shared.push(text);
      this.sharedValues.push(JSON.parse(text));
    }
    return index;
  }

  /** Keeps a unit's digest for the next run, and its layers' results when they may be kept (see KeptLayer). */
  keep(unit: Unit, schema: KeptSchemaLayer | undefined, rules: KeptRulesLayer | undefined): void {
    if (unit.hash === undefined || unit.size === undefined || !unit.digest) return;
    const before = this.units.get(unit.file.absolutePath);
    // What the last run left, unchanged, is kept as it was (its line too).
    if (before && before.realPath === unit.realPath && before.hash === unit.hash && before.digest === unit.digest && before.schema === schema && before.rules === rules) {
      this.next.set(unit.file.absolutePath, before);
      return;
    }
    this.next.set(unit.file.absolutePath, { realPath: unit.realPath, hash: unit.hash, size: unit.size, digest: unit.digest, schema, rules });
  }

  keepCollection(key: string, results: Array<{ file: string; diagnostics: CachedDiagnostic[] }>): void {
    this.nextCollection = this.collection?.key === key ? this.collection : { key, results };
  }

  /** Whether this run leaves anything the last did not. */
  private changed(): boolean {
    if (this.next.size !== this.units.size || this.nextCollection !== this.collection || this.nextOutlines.size !== this.outlines.size) return true;
    for (const [file, outline] of this.nextOutlines) if (this.outlines.get(file) !== outline) return true;
    let differs = false;
    this.next.forEach((unit, file) => {
      differs ||= this.units.get(file) !== unit;
    });
    return differs;
  }

  /**
   * Makes what this run kept the state for the next run of this process, and writes it (atomically, when it differs
   * from what the last left; with `deferred`, when that is flushed).
   */
  save(deferred?: DeferredWrites): void {
    if (!this.existed) {
      this.existed = true;
      this.next.clear();
      this.nextCollection = null;
      this.nextOutlines.clear();
      writeCacheFile(deferred, this.file, () => this.write(`${JSON.stringify({ format: FORMAT, signature: this.signature })}\n`));
      return;
    }
    const changed = this.changed();
    // The next run of this process starts from what this one left, without reading the file again.
    this.units.clear();
    this.next.forEach((unit, file) => this.units.set(file, unit));
    if (this.nextCollection !== this.collection) this.collectionLine = this.nextCollection ? JSON.stringify(['c', this.nextCollection]) : undefined;
    this.collection = this.nextCollection;
    this.next.clear();
    this.nextCollection = null;
    this.outlines.clear();
    for (const [file, outline] of this.nextOutlines) this.outlines.set(file, outline);
    this.nextOutlines.clear();
    if (changed) writeCacheFile(deferred, this.file, () => this.write(this.text()));
  }

  /** The state file's text: what the last run of this process left (units, collection). */
  private text(): string {
    const unitLines: string[] = [];
    for (const file of this.units.keys()) {
      const unit = this.units.get(file)!;
      let line = this.lines.get(unit);
      if (line === undefined) {
        const { realPath, hash, size, digest, schema, rules } = unit;
        const shared = <T>(value: T): T => this.share(JSON.stringify(value)) as unknown as T;
        const fields: UnitLine = ['u', file, realPath === file ? null : realPath, hash, size, shared(digest.prolog) as unknown as number, shared(digest.pointed) as unknown as number, digest.rulesRead ?? null, digest.entries ? 1 : 0, digest.malformed ?? null,
          schema ? { ...schema, basis: shared(schema.basis), schemas: shared(schema.schemas) } : null, rules ? { ...rules, basis: shared(rules.basis), reads: shared(rules.reads) } : null];
        if (digest.includes) fields.push(digest.includes);
        line = JSON.stringify(fields);
        this.lines.set(unit, line);
      }
      unitLines.push(line);
    }
    return [JSON.stringify({ format: FORMAT, signature: this.signature }), ...this.shared.map((value) => JSON.stringify(['s', value])), ...unitLines, ...(this.collectionLine ? [this.collectionLine] : []),
      ...[...this.outlines].map(([file, { hash, outline }]) => JSON.stringify(['o', file, hash, outline]))].join('\n') + '\n';
  }

  /** Writes the state file atomically; a cache that cannot be written is skipped. */
  private write(text: string): void {
    const temporary = `${this.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      makeFolders(path.dirname(this.file));
      fs.writeFileSync(temporary, text);
      fs.renameSync(temporary, this.file);
    } catch {
      fs.rmSync(temporary, { force: true });
    }
  }
}

/** Diagnostics of a layer, as kept (cached-diagnostics.ts). */
export function keptDiagnostics(diagnostics: Diagnostic[], file: string, layer: 'schema' | 'rules'): CachedDiagnostic[] {
  return packDiagnostics(diagnostics, file, layer);
}

export function restoredDiagnostics(kept: CachedDiagnostic[], file: string, layer: 'schema' | 'rules'): Diagnostic[] {
  return unpackDiagnostics(kept, file, layer);
}
