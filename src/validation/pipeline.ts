import * as fs from 'fs';
import * as path from 'path';
import { changedFiles, CollectionFile, discoverFiles, displayPath, readSource, Source, toCollectionFile } from '../collection';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { UsageError } from '../diagnostics/errors';
import { sortDiagnostics, summarize, Summary } from '../diagnostics/summary';
import { SCHEMA_COMPILE_TIMEOUT_MS } from '../limits';
import { PositionIndex } from '../xml/positions';
import { prologProcessingInstructions, XmlProcessingInstruction, XmlTree } from '../xml/tree';
import { checkWellFormed } from '../xml/wellformed';
import { declaredSchemas, EDITION_RULES_FILE, localPath, rulesFor, SchemaAssociation } from './associations';
import { COLLECTION_RULES } from './rules';
import { Collection, isEntry, pointerTokens, RuleDocument } from './rules/model';
import { compileSchematron, runSchematron, SchematronError, schematronFingerprint } from './rules/schematron';
import { ResultCache, contentHash, defaultCacheDir, toolFingerprint } from '../cache';
import { readSchemaFiles, SchemaFiles, SchemaLoadError } from './schema/closure';
import { chooseEngine, EngineChoice, PreparedSchema, SchemaEngine } from './schema/engine';
import { SchemaDocumentResult, SchemaInput, SchemaVerdict } from './schema/relaxng';

/** The edition's rules: the default for the edition's collection (see rulesFor in associations.ts). */
export const DEFAULT_RULES_FILE = EDITION_RULES_FILE;

export interface ValidateOptions {
  /** Where relative paths start (default: process.cwd()). Reports show paths relative to it. */
  cwd?: string;
  /** A RelaxNG schema for every document, instead of the one each declares (`--schema`). */
  schema?: string;
  /** A Schematron schema for every document, instead of the one each declares (`--rules`). */
  rules?: string;
  /** Skip the RelaxNG layer (default false). */
  skipSchema?: boolean;
  /** Skip the edition rules layer (default false). */
  skipRules?: boolean;
  /**
   * Check only the files that differ from this git ref (see `changedFiles`); the other files found in
   * `paths` are still read, so that pointers into them resolve and collection-wide rules see them.
   */
  changed?: string;
  /** More files or folders to read for cross-document rules without reporting on them. */
  context?: string[];
  /** Time allowed to compile each RelaxNG schema, in ms (default 60 000). */
  schemaTimeoutMs?: number;
  /** Time allowed to validate, once a schema is compiled, in ms (default: 60 s plus 10 s per MB). */
  validateTimeoutMs?: number;
  /** Which RelaxNG engine validates (`--engine`): `auto` (default; see chooseEngine), `xmllint` or `relaxng`. */
  engine?: EngineChoice;
  /** A RelaxNG engine of the caller's own, instead of `engine`. */
  schemaEngine?: SchemaEngine;
  /**
   * Reuse results of earlier runs from the persistent result cache (src/cache), and store this run's
   * (default false here; the CLI turns it on unless `--no-cache`). Keys hash every input, so a result is
   * never stale: see docs/validate.md.
   */
  cache?: boolean;
  /** Where the cache lives (default: `defaultCacheDir(cwd)`, which honours TEI_EDITION_CACHE_DIR). */
  cacheDir?: string;
  /** Called as each stage ends, for timing (`npm run bench`) and progress. */
  onStage?: (event: StageEvent) => void;
}

export type StageName = 'discover' | 'read' | 'wellformed' | 'schema-compile' | 'schema-validate' | 'rules-compile' | 'rules-schematron' | 'rules-collection' | 'cache';

export interface StageEvent {
  stage: StageName;
  /** Wall-clock milliseconds: for schema-compile and schema-validate, the engine's own figure where it gives one. */
  ms: number;
  /** How many files the stage handled. */
  files: number;
  /** The schema or rules file, for per-schema stages. */
  detail?: string;
}

export interface FileResult {
  /** Path as reported (relative to cwd, forward slashes). */
  file: string;
  bytes: number;
  /** null when the file could not be read. */
  wellformed: boolean | null;
  /** One entry per RelaxNG schema the document was checked against. */
  schemas: Array<{ schema: string; verdict: SchemaVerdict }>;
  /** Whether the edition rules ran on the document. */
  rules: 'checked' | 'not-checked';
  errors: number;
  warnings: number;
}

/** How one RelaxNG schema was used in a run. */
export interface SchemaUse {
  /** The schema, as reported (relative to cwd). */
  file: string;
  /** The engine that validated against it (`relaxng` or `xmllint`, or a caller's engine's name). */
  engine: string;
  /** Why that engine. */
  reason: string;
  /** Milliseconds to compile the schema; null when it was not compiled (every result from the cache, or it failed). */
  compileMs: number | null;
  /** Documents checked against it, and how many of their results came from the cache. */
  documents: number;
  cached: number;
}

export interface ValidationReport {
  /** Every problem found, sorted by file, line and column. */
  diagnostics: Diagnostic[];
  /** One entry per file checked, sorted by path. */
  files: FileResult[];
  summary: Summary;
  /** One entry per RelaxNG schema used, in the order they were used. */
  schemas: SchemaUse[];
  timings: StageEvent[];
}

/**
 * A document's cached Schematron results, with each file the rules read while checking it and what they
 * got: the text's hash, or null for a refusal (see rulesLayer).
 */
interface CachedRules {
  diagnostics: Diagnostic[];
  reads: Array<[string, string | null]>;
}

/** Everything the pipeline knows about one file. */
interface Unit {
  file: CollectionFile;
  isTarget: boolean;
  source?: Source;
  tree?: XmlTree;
  index?: PositionIndex;
  diagnostics: Diagnostic[];
  schemas: Array<{ schema: string; verdict: SchemaVerdict }>;
  rulesChecked: boolean;
}


/**
 * Validates the XML files named by `paths` (files, or folders searched for *.xml; default `tei/`)
 * in three layers: well-formedness, RelaxNG, edition rules. A malformed file is reported and skipped
 * by the later layers; the others are still checked. Problems with the documents are diagnostics;
 * problems with the call itself (a path that does not exist, a bad --schema) throw UsageError.
 */
export async function validateCollection(paths: string[], options: ValidateOptions = {}): Promise<ValidationReport> {
  const prepared = new Map<string, PreparedSchema>();
  try {
    return await validate(paths, options, prepared);
  } finally {
    for (const schema of prepared.values()) schema.release();
  }
}

/** validateCollection; `prepared` holds the schemas compiling ahead of their validation, for the caller to release. */
async function validate(paths: string[], options: ValidateOptions, prepared: Map<string, PreparedSchema>): Promise<ValidationReport> {
  const cwd = options.cwd ?? process.cwd();
  const timings: StageEvent[] = [];
  const emit = (event: StageEvent): void => {
    timings.push(event);
    options.onStage?.(event);
  };
  const clock = <T>(stage: StageName, files: number, body: () => T, detail?: string): T => {
    const started = performance.now();
    const result = body();
    emit({ stage, ms: performance.now() - started, files, ...(detail ? { detail } : {}) });
    return result;
  };

  const schemasUsed: SchemaUse[] = [];
  const cache = options.cache ? new ResultCache(options.cacheDir ? path.resolve(cwd, options.cacheDir) : defaultCacheDir(cwd), 'validate') : undefined;
  let cacheMs = 0;
  const timed = <T>(body: () => T): T => {
    const started = performance.now();
    try {
      return body();
    } finally {
      cacheMs += performance.now() - started;
    }
  };
  const cacheKey = (...parts: Array<string | Uint8Array>): string => timed(() => contentHash(toolFingerprint(), ...parts));
  const cacheGet = <T>(key: string, usable?: (value: T) => boolean): T | undefined => timed(() => cache?.get<T>(key, usable));
  const cacheSet = (key: string, value: unknown): void => timed(() => cache?.set(key, value));

  const schemaOverride = options.schema !== undefined ? localFileOption('--schema', options.schema, cwd) : undefined;
  const rulesOverride = options.rules !== undefined ? localFileOption('--rules', options.rules, cwd) : undefined;

  // Stage: discover.
  const started = performance.now();
  const { targets, context } = ((): { targets: CollectionFile[]; context: CollectionFile[] } => {
    const discovered = discoverFiles(paths, { cwd });
    let chosen = discovered;
    const extra: CollectionFile[] = options.context && options.context.length > 0 ? discoverFiles(options.context, { cwd }) : [];
    if (options.changed !== undefined) {
      const changed = new Set([...changedFiles(options.changed, cwd)].map(realPath));
      chosen = discovered.filter((file) => changed.has(realPath(file.absolutePath)));
      extra.push(...discovered.filter((file) => !chosen.includes(file)));
    } else if (discovered.length === 0) {
      throw new UsageError(`no XML files found in ${(paths.length > 0 ? paths : ['tei']).join(', ')}`);
    }
    return { targets: chosen, context: extra };
  })();
  emit({ stage: 'discover', ms: performance.now() - started, files: targets.length });

  const units = new Map<string, Unit>();
  const add = (file: CollectionFile, isTarget: boolean): Unit => {
    const key = realPath(file.absolutePath);
    const existing = units.get(key);
    if (existing) {
      existing.isTarget ||= isTarget;
      return existing;
    }
    const unit: Unit = { file, isTarget, diagnostics: [], schemas: [], rulesChecked: false };
    units.set(key, unit);
    return unit;
  };
  for (const file of targets) add(file, true);
  for (const file of context) add(file, false);

  // Stages: read and well-formedness (context files too: pointers resolve into them).
  const read = async (batch: Unit[], onRead?: (unit: Unit, source: Source) => void): Promise<void> => {
    const started = performance.now();
    const results = await Promise.all(
      batch.map(async (unit) => {
        const result = await readSource(unit.file);
        if (result.ok) onRead?.(unit, result.source);
        return result;
      }),
    );
    emit({ stage: 'read', ms: performance.now() - started, files: batch.length });
    batch.forEach((unit, i) => {
      const result = results[i];
      if (result.ok) unit.source = result.source;
      else unit.diagnostics.push({ file: unit.file.path, line: result.line, column: result.column, severity: 'error', rule: result.rule, layer: 'io', message: result.message });
    });
  };
  const parse = (batch: Unit[]): void =>
    clock('wellformed', batch.length, () => {
      for (const unit of batch) {
        if (!unit.source) continue;
        // Only the rules read text; without them the tree keeps elements and attributes.
        const verdict = checkWellFormed(unit.source.text, { text: !options.skipRules });
        if (verdict.ok) {
          unit.tree = verdict.tree;
          unit.index = new PositionIndex(verdict.tree);
        } else {
          unit.diagnostics.push({ file: unit.file.path, line: verdict.line, column: verdict.column, severity: 'error', rule: verdict.rule, layer: 'wellformed', message: verdict.message, raw: verdict.raw });
        }
      }
    });

  /** What the schema layer found for one document, applied once the document is known to be well-formed. */
  interface SchemaOutcome {
    unit: Unit;
    /** The xml-model PIs the outcome was based on (checked against the parsed tree's). */
    basis: string;
    diagnostics: Diagnostic[];
    schemas: Array<{ schema: string; verdict: SchemaVerdict; use: SchemaUse; cached: boolean }>;
  }
  const basisOf = (pis: XmlProcessingInstruction[]): string => JSON.stringify(pis.filter((pi) => pi.inProlog && pi.target === 'xml-model').map((pi) => [pi.data, pi.line, pi.column]));
  const relaxngSchemasOf = (unit: Unit, prolog: XmlProcessingInstruction[]): SchemaAssociation[] =>
    declaredSchemas({ processingInstructions: prolog }, unit.file.absolutePath).filter((association) => association.kind === 'relaxng');

  // Each schema's files are read once per run; each document's cached result is looked up once.
  const schemaFilesRead = new Map<string, SchemaFiles | undefined>();
  const schemaFilesOf = (schema: string): SchemaFiles | undefined => {
    if (!schemaFilesRead.has(schema)) {
      try {
        schemaFilesRead.set(schema, readSchemaFiles(schema));
      } catch (error) {
        if (!(error instanceof SchemaLoadError)) throw error;
        schemaFilesRead.set(schema, undefined); // the engine reports it, on every document
      }
    }
    return schemaFilesRead.get(schema);
  };
  // A result depends on the document's bytes, the schema's files, the engine and our own code; the
  // paths are in the key because messages name them.
  const schemaKeys = new Map<Unit, Map<string, string>>();
  const schemaKey = (engine: SchemaEngine, schema: string, files: SchemaFiles, unit: Unit, source: Source): string => {
    let keys = schemaKeys.get(unit);
    if (!keys) schemaKeys.set(unit, (keys = new Map()));
    let key = keys.get(schema);
    if (key === undefined) keys.set(schema, (key = cacheKey('schema', engine.name, files.hash, displayPath(schema, cwd), unit.file.path, source.bytes)));
    return key;
  };
  const cachedResults = new Map<string, SchemaDocumentResult | undefined>();
  const cachedResult = (key: string): SchemaDocumentResult | undefined => {
    if (!cachedResults.has(key)) cachedResults.set(key, cacheGet<SchemaDocumentResult>(key));
    return cachedResults.get(key);
  };

  /**
   * Schemas compile while the documents are still being read: when an engine can prepare a schema
   * (the TypeScript engine), it starts as soon as a document that needs it is read, unless that
   * document's result is in the cache. The schema layer takes the prepared schema over.
   */
  const prepareFor = (unit: Unit, source: Source): void => {
    if (options.skipSchema || !unit.isTarget) return;
    const { engine } = chooseEngine(options.engine ?? 'auto', options.schemaEngine);
    if (!engine.prepare) return;
    let schemas: string[];
    if (schemaOverride) schemas = [schemaOverride];
    else {
      const prolog = prologProcessingInstructions(source.text);
      if (!prolog) return;
      schemas = relaxngSchemasOf(unit, prolog).flatMap((association) => (association.problem ? [] : [association.file!]));
    }
    for (const schema of schemas) {
      if (prepared.has(schema)) continue;
      const files = schemaFilesOf(schema);
      if (!files) continue;
      if (cache && cachedResult(schemaKey(engine, schema, files, unit, source))) continue;
      prepared.set(schema, engine.prepare(schema, files));
    }
  };

  /**
   * The RelaxNG layer for `candidates`, whose xml-model PIs are known (`prolog`): documents grouped by
   * schema, each schema compiled once. It starts before the documents are parsed (the engines parse
   * for themselves, in a worker thread), so validation and parsing overlap.
   */
  const schemaLayer = async (candidates: Array<{ unit: Unit; prolog: XmlProcessingInstruction[] }>): Promise<SchemaOutcome[]> => {
    const outcomes = new Map<Unit, SchemaOutcome>();
    const groups = new Map<string, Array<{ unit: Unit; at?: { line: number; column: number } }>>();
    for (const { unit, prolog } of candidates) {
      const outcome: SchemaOutcome = { unit, basis: basisOf(prolog), diagnostics: [], schemas: [] };
      outcomes.set(unit, outcome);
      if (schemaOverride) {
        pushTo(groups, schemaOverride, { unit });
        continue;
      }
      const relaxng = relaxngSchemasOf(unit, prolog);
      if (relaxng.length === 0) {
        outcome.diagnostics.push({
          file: unit.file.path,
          line: 1,
          column: 1,
          severity: 'error',
          rule: 'schema-missing',
          layer: 'schema',
          message: 'the document names no RelaxNG schema: add <?xml-model href="…rng" schematypens="http://relaxng.org/ns/structure/1.0"?> before the root element, or pass --schema',
        });
        continue;
      }
      for (const association of relaxng) {
        if (association.problem) outcome.diagnostics.push(associationDiagnostic(unit, association));
        else pushTo(groups, association.file!, { unit, at: { line: association.line, column: association.column } });
      }
    }
    for (const [schema, members] of groups) {
      const shown = displayPath(schema, cwd);
      const { engine, reason } = chooseEngine(options.engine ?? 'auto', options.schemaEngine);
      const files = schemaFilesOf(schema);
      const keys = cache && files ? members.map(({ unit }) => schemaKey(engine, schema, files, unit, unit.source!)) : undefined;
      const cached: Array<SchemaDocumentResult | undefined> = members.map((_, i) => (keys ? cachedResult(keys[i]) : undefined));
      const missing = members.map((_, i) => i).filter((i) => !cached[i]);
      const use: SchemaUse = { file: shown, engine: engine.name, reason, compileMs: null, documents: 0, cached: 0 };
      if (missing.length > 0) {
        const inputs: SchemaInput[] = missing.map((i) => {
          const { unit, at } = members[i];
          // The position index is read when the engine's messages are worded, after the documents are parsed.
          return { path: unit.file.path, bytes: unit.source!.bytes, text: unit.source!.text, get index() { return unit.index; }, declaredAt: at };
        });
        const ready = prepared.get(schema);
        prepared.delete(schema);
        const result = await engine.validate(schema, inputs, { compileTimeoutMs: options.schemaTimeoutMs ?? SCHEMA_COMPILE_TIMEOUT_MS, validateTimeoutMs: options.validateTimeoutMs, files }, shown, ready);
        // A schema that never compiled spent all its time compiling.
        emit({ stage: 'schema-compile', ms: result.compileMs ?? result.elapsedMs, files: missing.length, detail: shown });
        if (result.compileMs !== undefined) emit({ stage: 'schema-validate', ms: result.validateMs ?? Math.max(0, result.elapsedMs - result.compileMs), files: missing.length, detail: shown });
        use.compileMs = result.compileMs !== undefined ? Math.round(result.compileMs) : null;
        missing.forEach((i, j) => {
          const document = result.documents[j];
          cached[i] = document;
          // Only verdicts are kept: a timeout or a failure depends on more than the inputs.
          if (keys && (document.verdict === 'valid' || document.verdict === 'invalid')) cacheSet(keys[i], document);
        });
      }
      const checked = new Set(missing);
      const fromCache = new Set(members.map((_, i) => i).filter((i) => !checked.has(i)));
      members.forEach(({ unit }, i) => {
        const outcome = outcomes.get(unit)!;
        outcome.schemas.push({ schema: shown, verdict: cached[i]!.verdict, use, cached: fromCache.has(i) });
        outcome.diagnostics.push(...cached[i]!.diagnostics);
      });
    }
    return [...outcomes.values()];
  };
  const applySchemaOutcomes = (outcomes: SchemaOutcome[]): void => {
    for (const { unit, diagnostics, schemas } of outcomes) {
      unit.diagnostics.push(...diagnostics);
      for (const { schema, verdict, use, cached } of schemas) {
        unit.schemas.push({ schema, verdict });
        if (!schemasUsed.includes(use)) schemasUsed.push(use);
        use.documents += 1;
        if (cached) use.cached += 1;
      }
    }
  };

  const initial = [...units.values()];
  await read(initial, prepareFor);
  // The schema layer starts on the documents whose prolog is readable without a full parse; the others
  // (and any whose parsed prolog turns out different) are checked once parsed.
  const early = options.skipSchema
    ? undefined
    : schemaLayer(
        initial.filter((unit) => unit.isTarget && unit.source).flatMap((unit) => {
          const prolog = prologProcessingInstructions(unit.source!.text);
          return prolog ? [{ unit, prolog }] : [];
        }),
      );
  void early?.catch(() => undefined); // awaited below; this only keeps Node from calling it unhandled meanwhile
  parse(initial);
  // Pointers may lead only into the working directory (the project) and the folders being validated:
  // a document must not make the rules read (and quote, in name-spelling-drift) any XML file on the machine.
  const roots = ['.', ...(paths.length > 0 ? paths : ['tei']), ...(options.context ?? [])].map((entry) => {
    const absolute = realPath(path.resolve(cwd, entry));
    return fs.existsSync(absolute) && fs.statSync(absolute).isDirectory() ? absolute : path.dirname(absolute);
  });
  const wanted = options.skipRules ? [] : contextToLoad([...units.values()], cwd, roots);
  if (wanted.length > 0) {
    const batch = wanted.map((file) => add(file, false));
    await read(batch);
    parse(batch);
  }

  const parsed = [...units.values()].filter((unit) => unit.tree);
  const parsedTargets = parsed.filter((unit) => unit.isTarget);

  const schemaLayerDone = async (): Promise<void> => {
    if (options.skipSchema) return;
    const outcomes = (await early) ?? [];
    const usable = outcomes.filter((outcome) => outcome.unit.tree && outcome.basis === basisOf(outcome.unit.tree.processingInstructions));
    const done = new Set(usable.map((outcome) => outcome.unit));
    const late = parsedTargets.filter((unit) => !done.has(unit));
    applySchemaOutcomes(usable);
    if (late.length > 0) applySchemaOutcomes(await schemaLayer(late.map((unit) => ({ unit, prolog: unit.tree!.processingInstructions }))));
  };

  const rulesLayer = async (): Promise<void> => {
    if (options.skipRules) return;
    const found = new Map<Unit, Diagnostic[]>(parsedTargets.map((unit) => [unit, []]));
    // Schematron, grouped by rules file so that each is compiled once.
    const groups = new Map<string, Array<{ unit: Unit; at?: { line: number; column: number } }>>();
    // Which rules apply to each document (associations.ts): the edition's, its own, or --rules.
    const edition = new Set<Unit>();
    for (const unit of parsedTargets) {
      const choice = rulesFor(unit.tree!, unit.file.absolutePath, { override: rulesOverride, cwd });
      for (const association of choice.problems) found.get(unit)!.push({ ...associationDiagnostic(unit, association), layer: 'rules' });
      for (const { file, at } of choice.rules) pushTo(groups, file, { unit, at });
      if (choice.edition) edition.add(unit);
    }

    // What the rules get when they ask for a file (see withSandbox): its text (here, the text's hash) when
    // it is a document of this run, else a refusal (null): absent, unreadable, malformed, or outside the
    // collection.
    const texts = new Map(parsed.map((unit) => [realPath(unit.file.absolutePath), unit.source!.text]));
    const answers = new Map<string, string | null>();
    const answer = (file: string): string | null => {
      let hash = answers.get(file);
      if (hash === undefined) {
        const text = texts.get(file);
        answers.set(file, (hash = text === undefined ? null : contentHash(text)));
      }
      return hash;
    };

    for (const [file, members] of groups) {
      const shown = displayPath(file, cwd);
      const rulesText = readText(file);
      // A document's Schematron results are kept per document and rules file. They depend on the
      // document's bytes and paths (messages name it; base-uri() gives document-id-filename its file
      // name), on the rules (their text, our compiler, SaxonJS: schematronFingerprint) and where they are
      // (relative URIs in them resolve against it), and on whatever files the rules read through doc()
      // and the like, the only way they see anything beyond the document: those are recorded with the
      // result, each with what the rules got (a hash, or a refusal), and the result is used only while
      // every one of them would give the same. Nothing else reaches them: not which other documents are
      // checked, nor in which transformation (each document is matched on its own), nor the folder's
      // listing (collection() fails and uri-collection() is empty without a collection finder). A rule
      // that asks for the date or time would be cached as if it did not; ours do not.
      const fingerprint = cache && rulesText !== undefined ? timed(() => schematronFingerprint(rulesText)) : undefined;
      const keys = fingerprint ? members.map(({ unit }) => cacheKey('rules', fingerprint, file, unit.file.path, realPath(unit.file.absolutePath), unit.source!.bytes)) : undefined;
      const results: Array<Diagnostic[] | undefined> = members.map((_, i) =>
        keys ? cacheGet<CachedRules>(keys[i], (entry) => entry.reads.every(([read, hash]) => answer(read) === hash))?.diagnostics : undefined);
      const missing = members.map((_, i) => i).filter((i) => !results[i]);
      if (missing.length > 0) {
        let compiled;
        try {
          compiled = clock('rules-compile', missing.length, () => compileSchematron(file, rulesText), shown);
        } catch (error) {
          if (!(error instanceof SchematronError)) throw error;
          for (const i of missing) {
            const { unit, at } = members[i];
            results[i] = [{ file: unit.file.path, line: at?.line ?? 0, column: at?.column ?? 0, severity: 'error', rule: 'rules-compile-failed', layer: 'rules', message: `the Schematron rules ${shown} cannot be used: ${error.message}` }];
          }
        }
        if (compiled) {
          const started = performance.now();
          const inputs = missing.map((i) => {
            const { unit } = members[i];
            return { path: unit.file.path, absolutePath: realPath(unit.file.absolutePath), text: unit.source!.text, index: unit.index!, affinity: () => pointedFiles(unit).join('\n') };
          });
          const fresh = await runSchematron(compiled, inputs, texts);
          emit({ stage: 'rules-schematron', ms: performance.now() - started, files: missing.length, detail: shown });
          missing.forEach((i, j) => {
            const { diagnostics, reads } = fresh[j];
            results[i] = diagnostics;
            // A failure may depend on more than the inputs (a stack too deep): it is not kept.
            if (keys && !diagnostics.some((d) => d.rule === 'rules-failed')) cacheSet(keys[i], { diagnostics, reads: reads.map((read) => [read, answer(read)]) } satisfies CachedRules);
          });
        }
      }
      members.forEach(({ unit }, i) => found.get(unit)!.push(...results[i]!));
    }

    // The TypeScript rules look across the whole collection, so their results are kept for the run as a
    // whole, keyed by the content and paths of every file read and which of them are reported on: any
    // change runs them again, over every document (they are cheap next to the Schematron rules).
    let key: string | undefined;
    let collectionFound: Diagnostic[][] | undefined;
    if (cache) {
      const parts: Array<string | Uint8Array> = ['rules-collection'];
      for (const unit of [...units.values()].sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0))) {
        parts.push(unit.file.path, realPath(unit.file.absolutePath), unit.isTarget ? (edition.has(unit) ? 'edition-target' : 'target') : 'context', unit.source?.bytes ?? 'unreadable');
      }
      key = cacheKey(...parts);
      collectionFound = cacheGet<Array<{ file: string; diagnostics: Diagnostic[] }>>(key, (hit) => hit.length === parsedTargets.length && hit.every((entry, i) => entry.file === parsedTargets[i].file.path))?.map((entry) => entry.diagnostics);
    }
    if (!collectionFound) {
      const computed = clock('rules-collection', parsed.length, () => {
        const collection = new Collection(parsed.map((unit) => new RuleDocument(unit.file.path, realPath(unit.file.absolutePath), unit.tree!, unit.index!, unit.isTarget)));
        // The edition's TypeScript rules report on the documents the edition's rules apply to (rulesFor).
        const byPath = new Map(parsedTargets.flatMap((unit, i) => (edition.has(unit) ? [[unit.file.path, i] as const] : [])));
        const perTarget: Diagnostic[][] = parsedTargets.map(() => []);
        for (const rule of COLLECTION_RULES) {
          for (const diagnostic of rule.check(collection)) {
            const i = byPath.get(diagnostic.file);
            if (i !== undefined) perTarget[i].push(diagnostic);
          }
        }
        return perTarget;
      });
      if (key) cacheSet(key, parsedTargets.map((unit, i) => ({ file: unit.file.path, diagnostics: computed[i] })));
      collectionFound = computed;
    }
    parsedTargets.forEach((unit, i) => {
      unit.diagnostics.push(...found.get(unit)!, ...collectionFound![i]);
      unit.rulesChecked = true;
    });
  };

  await Promise.all([schemaLayerDone(), rulesLayer()]);
  if (cache) emit({ stage: 'cache', ms: cacheMs, files: cache.stats.hits + cache.stats.misses, detail: `${cache.stats.hits} hit(s), ${cache.stats.misses} miss(es)` });

  const reported = [...units.values()].filter((unit) => unit.isTarget).sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0));
  const diagnostics = sortDiagnostics(reported.flatMap((unit) => unit.diagnostics));
  const files: FileResult[] = reported.map((unit) => ({
    file: unit.file.path,
    bytes: unit.source?.bytes.length ?? 0,
    wellformed: unit.source ? Boolean(unit.tree) : null,
    schemas: unit.schemas,
    rules: unit.rulesChecked ? 'checked' : 'not-checked',
    errors: unit.diagnostics.filter((d) => d.severity === 'error').length,
    warnings: unit.diagnostics.filter((d) => d.severity === 'warning').length,
  }));
  return { diagnostics, files, summary: summarize(diagnostics, files.length), schemas: schemasUsed, timings };
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function associationDiagnostic(unit: Unit, association: SchemaAssociation): Diagnostic {
  return { file: unit.file.path, line: association.line, column: association.column, severity: 'error', rule: association.problem!.rule, layer: 'schema', message: association.problem!.message };
}

/** A `--schema`/`--rules` file: local and existing, or a usage error. */
function localFileOption(option: string, value: string, cwd: string): string {
  const file = localPath(value, path.join(cwd, 'x'));
  if (file === null) throw new UsageError(`${option} ${value}: only local files are accepted; tei-edition never downloads schemas`);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`${option} ${value}: no such file`);
  return file;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/** The local XML files a document's pointers lead into (`register.xml#brezhnev`), sorted. */
function pointedFiles(unit: Unit): string[] {
  const files = new Set<string>();
  for (const element of unit.tree?.elements ?? []) {
    for (const { token } of pointerTokens(element)) {
      const hash = token.indexOf('#');
      if (hash <= 0) continue;
      const target = localPath(token.slice(0, hash), unit.file.absolutePath);
      if (target !== null && /\.xml$/i.test(target)) files.add(target);
    }
  }
  return [...files].sort();
}

/**
 * Files the rules need but were not named: the local documents that pointers lead into (the register,
 * when one document is validated alone), and, for a register that is checked, the other documents in
 * its folder (without them, every entry would look unused).
 */
function contextToLoad(units: Unit[], cwd: string, roots: string[]): CollectionFile[] {
  const known = new Set(units.map((unit) => realPath(unit.file.absolutePath)));
  const wanted = new Map<string, CollectionFile>();
  const inside = (file: string): boolean => roots.some((root) => {
    const relative = path.relative(root, file);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  });
  const want = (file: string): void => {
    const key = realPath(file);
    if (known.has(key) || wanted.has(key) || !inside(key)) return;
    try {
      if (!fs.statSync(file).isFile()) return;
    } catch {
      return;
    }
    wanted.set(key, toCollectionFile(file, cwd));
  };
  for (const unit of units) {
    if (!unit.isTarget || !unit.tree) continue;
    for (const target of pointedFiles(unit)) want(target);
    if (unit.tree.elements.some(isEntry)) {
      const dir = path.dirname(unit.file.absolutePath);
      let names: string[] = [];
      try {
        names = fs.readdirSync(dir);
      } catch {
        // an unreadable folder: the rules see what could be read
      }
      for (const name of names) if (/\.xml$/i.test(name)) want(path.join(dir, name));
    }
  }
  return [...wanted.values()];
}
