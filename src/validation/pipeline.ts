import * as fs from 'fs';
import * as path from 'path';
import { ResultCache, defaultCacheDir, toolFingerprint } from '../cache';
import type { DeferredWrites } from '../cache/deferred-writes';
import { FileIndex } from '../cache/file-index';
import { changedFiles, CollectionFile, discoverFiles, toCollectionFile } from '../collection';
import { UsageError } from '../diagnostics/errors';
import { sortDiagnostics, summarize, Summary } from '../diagnostics/summary';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { StageEvent, StageTimer } from '../stages';
import { EDITION_RULES_FILE, localPath } from './associations';
import { ValidationKeys } from './cache-keys';
import type { CompiledSchemas } from './layers/compiled';
import { runState } from './layers/bases';
import { byPath, parse, realPath, scan, Unit, ValidationContext, wellFormed } from './layers/context';
import { includedToLoad } from './layers/inclusion';
import { RulesLayer } from './layers/rules-layer';
import { SchemaLayer } from './layers/schema-layer';
import type { PreparedSchema, EngineChoice, SchemaEngine } from './schema/engine';
import type { SchemaVerdict } from './schema/relaxng';
import { KeptUnit, ValidationState } from './state';
import { MAX_INCLUDE_DEPTH, XINCLUDE_NS } from './xinclude';

/**
 * `tei-edition validate`: discover → read → well-formedness, then the two layers of schemas at once
 * (layers/schema-layer.ts: RelaxNG; layers/rules-layer.ts: the edition rules), both run by one
 * algorithm (layers/grouped.ts: documents grouped by schema, the cache looked up, each schema compiled
 * once for the documents it did not answer).
 */

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
  /**
   * Schemas and rules compiled by earlier runs of this process, to use again while their files are
   * unchanged, and where this run's compilations are kept (a BuildSession keeps one for all its builds;
   * `serve` validates on every save). Without it, each schema and rules file is compiled once for the run.
   */
  compiled?: CompiledSchemas;
  /**
   * The files `paths` name, found already by discoverFiles(paths) (the build's read stage, which hands them on):
   * not looked for again. At 2,000 documents named one by one, looking for them is 4,000 system calls.
   */
  found?: CollectionFile[];
  /** Where the state and the file index are written from, when not at the end of the run (a build of `serve`: see DeferredWrites). */
  deferredWrites?: DeferredWrites;
  /** Called as each stage ends, for timing (`npm run bench`) and progress. */
  onStage?: (event: StageEvent) => void;
  /** Called as the stages advance: files done of all (the progress line of a terminal). */
  onProgress?: (event: StageEvent) => void;
}

export type StageName = 'discover' | 'read' | 'wellformed' | 'schema-compile' | 'schema-validate' | 'rules-compile' | 'rules-schematron' | 'rules-collection' | 'cache';

/** The stage events of `validate` are those of `build` (src/stages). */
export type { StageEvent } from '../stages';

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
  const timer = new StageTimer({ onStage: options.onStage, onProgress: options.onProgress });
  const cacheDir = options.cache ? (options.cacheDir ? path.resolve(cwd, options.cacheDir) : defaultCacheDir(cwd)) : undefined;
  // Runs of the same collection share a pack of the cache entries they use (see ResultCache).
  const scope = JSON.stringify([cwd, paths, options.context ?? [], options.changed ?? null]);
  const cache = cacheDir === undefined ? undefined : new ResultCache(cacheDir, 'validate', scope);
  // Its entry files are written on libuv's threads while this one parses and runs the rules (waited for at the end):
  // on ../shared/corpus a cold run writes 14 MB of them, with as many in the pack.
  cache?.writeInBackground();
  // The names the spelling rule reads are looked up only for documents it checks again without parsing
  // them (a register changed): each in its own file, in no pack. In the pack (7.8 MB of 13.3 at 2,000
  // documents), every run would read them, and a run that needs none (one letter changed) would count
  // them unused and write the whole pack anew.
  const names = cache?.kind('names', { pack: false });
  const namesCache = (): ResultCache | undefined => names;
  // So are the collection rules' facts: looked up only when those rules run again (see factsOf).
  const facts = cache?.kind('facts', { pack: false });
  const factsCache = (): ResultCache | undefined => facts;
  const fileIndex = cacheDir === undefined ? undefined : FileIndex.of(cacheDir);
  const context: ValidationContext = { cwd, options, timer, cache, namesCache, factsCache, files: fileIndex, keys: new ValidationKeys(), associations: new Map(), rulesChoices: new Map(), treesKept: 0 };
  const schemaOverride = options.schema !== undefined ? localFileOption('--schema', options.schema, cwd) : undefined;
  const rulesOverride = options.rules !== undefined ? localFileOption('--rules', options.rules, cwd) : undefined;

  // Stage: discover.
  const { targets, context: contextFiles } = timer.time('discover', 0, () => {
    // Shown relative to this run's working folder, whoever found them.
    const discovered = options.found?.map((file) => ({ ...toCollectionFile(file.absolutePath, cwd), realPath: file.realPath })) ?? discoverFiles(paths, { cwd });
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
  });
  timer.add('discover', 0, targets.length);

  const units = new Map<string, Unit>();
  const add = (file: CollectionFile, isTarget: boolean): Unit => {
    const real = file.realPath ?? realPath(file.absolutePath);
    const existing = units.get(real);
    if (existing) {
      existing.isTarget ||= isTarget;
      return existing;
    }
    const unit: Unit = { file, isTarget, realPath: real, diagnostics: [], schemas: [], rulesChecked: false };
    units.set(real, unit);
    return unit;
  };
  for (const file of targets) add(file, true);
  for (const file of contextFiles) add(file, false);

  // Stages: read and well-formedness (context files too: pointers resolve into them). A file the cache
  // knows unchanged is neither read nor parsed (scan): its digest says what the layers need to know.
  const read = async (batch: Unit[], onRead?: (unit: Unit) => void): Promise<void> => {
    // Those the collection's state gave (their digest known) are not scanned: 2,000 asynchronous calls that
    // return at once still cost some 5 ms.
    const unknown = batch.filter((unit) => !unit.digest);
    let done = batch.length - unknown.length;
    await timer.timeAsync('read', batch.length, () => Promise.all(unknown.map(async (unit) => {
      await scan(context, unit);
      if (unit.source) onRead?.(unit);
      timer.progress('read', ++done, batch.length);
    })));
  };
  const parseOne = (unit: Unit): void => {
    parse(context, unit);
    const malformed = unit.digest?.malformed;
    if (malformed) unit.diagnostics.push({ file: unit.file.path, line: malformed.line, column: malformed.column, severity: 'error', rule: malformed.rule as Diagnostic['rule'], layer: 'wellformed', message: malformed.message, raw: malformed.raw });
  };
  const wellformed = (batch: Unit[]): void =>
    timer.time('wellformed', batch.filter((unit) => unit.source).length, () => {
      let done = 0;
      for (const unit of batch) {
        timer.progress('wellformed', ++done, batch.length);
        parseOne(unit);
      }
    });
  const rulesLayer = new RulesLayer(context, units, rulesOverride);
  /**
   * wellformed, with the rules run on each document as soon as it is parsed (RulesLayer.afterParse), its tree
   * let go of then; now and then a turn of the event loop lets the RelaxNG worker's results in (worded with the
   * trees, which are let go of once both layers are done with them).
   */
  // Each unit once: the rules may have a document parsed before its turn (one that others point into).
  const handled = new Set<Unit>();
  const parseThenRules = async (unit: Unit): Promise<void> => {
    if (handled.has(unit)) return;
    handled.add(unit);
    timer.time('wellformed', unit.source ? 1 : 0, () => parseOne(unit));
    await rulesLayer.afterParse(unit, parseThenRules);
  };
  const wellformedThenRules = async (batch: Unit[]): Promise<void> => {
    let done = 0;
    let since = performance.now();
    for (const unit of batch) {
      timer.progress('wellformed', ++done, batch.length);
      await parseThenRules(unit);
      if (performance.now() - since > 50) {
        await new Promise((resolve) => setImmediate(resolve));
        since = performance.now();
      }
    }
  };

  const schemaLayer = new SchemaLayer(context, prepared, schemaOverride);
  // The collection's state (state.ts): what the last run of these paths with these options left. Not with
  // --changed (its targets differ from run to run) nor an engine of the caller's (its name says too little).
  if (cacheDir !== undefined && fileIndex && cache && options.changed === undefined && !options.schemaEngine) {
    const state = ValidationState.of(cacheDir, scope, JSON.stringify([schemaOverride ?? null, rulesOverride ?? null, options.skipSchema === true, options.skipRules === true, options.engine ?? 'auto']), toolFingerprint());
    context.state = runState(context, state, (schema) => schemaLayer.filesHash(schema), schemaOverride, rulesOverride);
    const fresh = takeKept(context, [...units.values()], fileIndex, (unit, kept) => schemaLayer.prepareAhead(unit, kept.schema));
    // Few documents to look up (one changed): each from its own entry file, and the pack, which holds
    // every document's, neither read nor written (it is for runs that look up many); and few to read.
    if (fresh <= LOOKUPS_WITHOUT_PACK) {
      context.cache = cache.kind('state-misses', { pack: false });
      context.readsFew = true;
    }
  }
  const initial = [...units.values()];
  // Schemas start compiling as the documents are read, and the layer starts on the documents whose prolog
  // is known without a full parse (the others, and any whose parsed prolog turns out different, are
  // checked once parsed).
  await read(initial, (unit) => schemaLayer.prepareFor(unit));
  // Documents that include others are parsed first: the schema layer validates them with their includes in place, and
  // the files they include as part of them, not alone (inclusion.ts); it must know which before it starts.
  const includers = initial.filter((unit) => unit.source && !unit.digest && unit.source.text.includes(XINCLUDE_NS));
  if (includers.length > 0) wellformed(includers);
  schemaLayer.start(initial);
  // The layer hands the documents to its engine's worker a few promise steps into start(): a turn of the
  // event loop lets it do so before the parse below holds this thread. Without it the worker waited for
  // the whole parse (1.4 s of 1.7 s idle on ../shared/corpus against tei_all) and validated only after.
  await new Promise((resolve) => setImmediate(resolve));
  // The rules run as the documents are parsed, unless the schema layer still wants every tree after the parse.
  rulesLayer.start(!schemaLayer.started);
  for (const unit of includers) await rulesLayer.afterParse(unit, parseThenRules);
  await wellformedThenRules(includers.length > 0 ? initial.filter((unit) => !includers.includes(unit)) : initial);
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
    await wellformedThenRules(batch);
  }
  // The files the documents include, as deep as includes nest: read, not reported on (their findings inside a document
  // validated here are reported with it: schema-layer.ts).
  for (let depth = 0; depth < MAX_INCLUDE_DEPTH; depth += 1) {
    const more = includedToLoad([...units.values()], cwd, (file) => insideRoots(roots, file), isFile);
    if (more.length === 0) break;
    const batch = more.map((file) => add(file, false));
    await read(batch);
    await wellformedThenRules(batch);
  }

  const parsed = [...units.values()].filter(wellFormed);
  const parsedTargets = parsed.filter((unit) => unit.isTarget);
  await Promise.all([schemaLayer.finish(parsedTargets, parsed), rulesLayer.finish([...units.values()], parsed)]);
  if (cache) {
    const written = cache.flush();
    timer.time('cache', 0, () => {
      fileIndex?.save(options.deferredWrites);
      cache.savePack();
      if (context.state) {
        for (const unit of units.values()) context.state.state.keep(unit, unit.schemaKept, unit.rulesKept);
        context.state.state.save(options.deferredWrites);
      }
    });
    await timer.timeAsync('cache', 0, () => written);
    timer.add('cache', 0, cache.stats.hits + cache.stats.misses);
    timer.detail('cache', `${cache.stats.hits} hit(s), ${cache.stats.misses} miss(es)`);
  }

  const reported = [...units.values()].filter((unit) => unit.isTarget).sort(byPath);
  const diagnostics = sortDiagnostics(reported.flatMap((unit) => unit.diagnostics));
  const files: FileResult[] = reported.map((unit) => ({
    file: unit.file.path,
    bytes: unit.size ?? 0,
    wellformed: unit.digest ? !unit.digest.malformed : null,
    schemas: unit.schemas,
    rules: unit.rulesChecked ? 'checked' : 'not-checked',
    errors: unit.diagnostics.filter((d) => d.severity === 'error').length,
    warnings: unit.diagnostics.filter((d) => d.severity === 'warning').length,
  }));
  return { diagnostics, files, summary: summarize(diagnostics, files.length), schemas: schemaLayer.used, timings: timer.finish() };
}

/** Documents to look up in the result cache, at most, for a run to read them from their entry files rather than the pack (and the documents on this thread). */
const LOOKUPS_WITHOUT_PACK = 64;

/**
 * Gives each unit what the collection's state holds of it when the file index vouches that its bytes
 * are the same (a stat): its hash, size and digest, and the layers' results (taken by the layers while
 * their basis holds). Returns how many units will be looked up in the cache: those it does not give, or
 * whose results' basis or reads no longer hold. `onChanged` hears of each unit the state knows whose
 * file changed since (the layers may start on it before it is read).
 */
function takeKept(context: ValidationContext, units: Unit[], files: FileIndex, onChanged: (unit: Unit, kept: KeptUnit) => void): number {
  const run = context.state!;
  const hashes = new Map<string, string>();
  for (const unit of units) {
    const kept = run.state.units.get(unit.file.absolutePath);
    if (!kept || kept.realPath !== unit.realPath) continue;
    const stat = FileIndex.stat(unit.file.absolutePath);
    if (!stat || files.hashOf(unit.file.absolutePath, stat) !== kept.hash) {
      onChanged(unit, kept);
      continue;
    }
    unit.kept = kept;
    unit.hash = kept.hash;
    unit.size = kept.size;
    unit.digest = kept.digest;
    if (!kept.digest.malformed) hashes.set(unit.realPath, kept.hash);
  }
  let fresh = 0;
  for (const unit of units) {
    const kept = unit.kept;
    if (!kept) fresh++;
    else if (!unit.isTarget || kept.digest.malformed) continue;
    else if (!context.options.skipSchema && kept.schema?.basis !== run.schemaBasis(unit)) fresh++;
    else if (!context.options.skipRules && (!kept.rules || kept.rules.basis !== run.rulesBasis(unit) || !kept.rules.reads.every((read) => (hashes.get(read[0]) ?? null) === read[1]))) fresh++;
  }
  return fresh;
}

/** A `--schema`/`--rules` file: local and existing, or a usage error. */
function localFileOption(option: string, value: string, cwd: string): string {
  const file = localPath(value, path.join(cwd, 'x'));
  if (file === null) throw new UsageError(`${option} ${value}: only local files are accepted; tei-edition never downloads schemas`);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`${option} ${value}: no such file`);
  return file;
}

/**
 * Files the rules need but were not named: the local documents that pointers lead into (the register,
 * when one document is validated alone), and, for a register that is checked, the other documents in
 * its folder (without them, every entry would look unused).
 */
function contextToLoad(units: Unit[], cwd: string, roots: string[]): CollectionFile[] {
  const known = new Set(units.map((unit) => unit.realPath));
  // A file found as a unit was (its folder's other documents, when a register is checked) is known without resolving it.
  const found = new Set(units.map((unit) => unit.file.absolutePath));
  const wanted = new Map<string, CollectionFile>();
  const inside = (file: string): boolean => insideRoots(roots, file);
  // Every document of a collection points into its register: each file is resolved once.
  const considered = new Set<string>();
  const want = (file: string): void => {
    if (considered.has(file) || found.has(file)) return;
    considered.add(file);
    const key = realPath(file);
    if (known.has(key) || wanted.has(key) || !inside(key) || !isFile(file)) return;
    wanted.set(key, toCollectionFile(file, cwd));
  };
  for (const unit of units) {
    if (!unit.isTarget || !unit.digest || unit.digest.malformed) continue;
    for (const target of unit.digest.pointed) want(target);
    if (unit.digest.entries) {
      const dir = path.dirname(unit.file.absolutePath);
      let names: string[] = [];
      try {
        names = fs.readdirSync(dir);
      } catch {
        // an unreadable folder: the rules see what could be read
      }
      // Joined by hand, as discoverFiles does: `dir` is absolute and normal, a name has no separator (2,000 names).
      const prefix = dir.endsWith(path.sep) ? dir : `${dir}${path.sep}`;
      for (const name of names) if (/\.xml$/i.test(name)) want(`${prefix}${name}`);
    }
  }
  return [...wanted.values()];
}

/** Whether a (real) path is inside one of the folders a run may read (the working folder, the folders validated). */
function insideRoots(roots: string[], file: string): boolean {
  return roots.some((root) => {
    const relative = path.relative(root, file);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  });
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
