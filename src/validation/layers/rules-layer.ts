import * as fs from 'fs';
import { pathToFileURL } from 'url';
import { contentHash } from '../../cache';
import { displayPath } from '../../collection';
import type { Diagnostic } from '../../diagnostics/diagnostic';
import { CachedDiagnostic, packDiagnostics, unpackDiagnostics } from '../cached-diagnostics';
import { COLLECTION_RULES } from '../rules';
import { Collection, RuleDocument } from '../rules/model';
import { compileSchematron, RuleInput, RunOptions, runSchematron, SchematronError, schematronFingerprint } from '../rules/schematron';
import { FastRulesThreads, rulesThreadCount } from '../rules/fast/fast-threads';
import { byPath, cached, factsOf, load, names, positionIndex, releaseTree, rulesChoiceOf, Unit, ValidationContext, wellFormed } from './context';
import { addToGroup, checkGrouped } from './grouped';
import { associationDiagnostic } from './schema-layer';

/**
 * Layer 3: the edition rules. The Schematron rules each document names (or `--rules`, or
 * schemas/edition.sch), grouped by rules file, each compiled once for the documents whose results the
 * cache does not hold (grouped.ts); then the collection-wide rules written in TypeScript (rules/collection/),
 * on every document's facts (rules/facts.ts).
 */

/** A document of a rules file's group: where it names the rules (for a rules file that cannot be compiled). */
interface Member {
  unit: Unit;
  at?: { line: number; column: number };
}

/** A document's Schematron findings and the local files the rules read while checking it. */
interface RulesResult {
  diagnostics: Diagnostic[];
  reads?: string[];
}

/**
 * A document's cached Schematron results, with each file the rules read while checking it and what they
 * got: the hash of its bytes, or null for a refusal.
 */
interface CachedRules {
  diagnostics: CachedDiagnostic[];
  reads: Array<[string, string | null]>;
}

/**
 * Runs the rules on the well-formed targets (`parsed`: every well-formed document, targets and context,
 * which pointers may reach) and adds their findings to each target.
 */
export async function rulesLayer(context: ValidationContext, units: Unit[], parsed: Unit[], override: string | undefined): Promise<void> {
  if (context.options.skipRules) return;
  const { cwd, timer } = context;
  const parsedTargets = parsed.filter((unit) => unit.isTarget);
  const found = new Map<Unit, Diagnostic[]>(parsedTargets.map((unit) => [unit, []]));

  // Schematron, grouped by rules file so that each is compiled once. Which rules apply to each document
  // (associations.ts): the edition's, its own, or --rules.
  const groups = new Map<string, Member[]>();
  const edition = new Set<Unit>();

  // What the rules get when they ask for a file (see withSandbox): its text when it is a well-formed
  // document of this run (here, the hash of its bytes), else a refusal (null): absent, unreadable,
  // malformed, or outside the collection.
  const byRealPath = new Map(parsed.map((unit) => [unit.realPath, unit]));
  const answer = (file: string): string | null => byRealPath.get(file)?.hash ?? null;

  const state = context.state;
  // Per target: its Schematron results with the files they read, for the next run's state (undefined: not to be kept).
  const reads = new Map<Unit, Set<string> | undefined>();
  for (const unit of parsedTargets) {
    const choice = rulesChoiceOf(context, unit, override);
    if (choice.edition) edition.add(unit);
    // The results the collection's state holds, while their basis holds and every file they read gives the same (state.ts).
    const kept = unit.kept?.rules;
    if (kept && state && unit.digest === unit.kept!.digest && kept.basis === state.rulesBasis(unit) && kept.reads.every(([file, hash]) => answer(file) === hash)) {
      found.get(unit)!.push(...unpackDiagnostics(kept.diagnostics, unit.file.path, 'rules'));
      unit.rulesKept = kept;
      continue;
    }
    reads.set(unit, new Set());
    for (const association of choice.problems) found.get(unit)!.push({ ...associationDiagnostic(unit, association), layer: 'rules' });
    for (const { file, at } of choice.rules) addToGroup(groups, file, { unit, at });
  }

  // A document's Schematron results are kept per document and rules file (ValidationKeys.rules). Besides
  // its key they depend on whatever files the rules read through doc() and the like, the only way they see
  // anything beyond the document: those are recorded with the result, each with what the rules got (a
  // hash, or a refusal), and the result is used only while every one of them would give the same. Nothing
  // else reaches them: not which other documents are checked, nor in which transformation (each document
  // is matched on its own), nor the folder's listing (collection() fails and uri-collection() is empty
  // without a collection finder). A rule that asks for the date or time would be cached as if it did not;
  // ours do not.
  const rulesTexts = new Map<string, string | undefined>();
  const rulesTextOf = (file: string): string | undefined => {
    if (!rulesTexts.has(file)) rulesTexts.set(file, readText(file));
    return rulesTexts.get(file);
  };
  const fingerprints = new Map<string, string | undefined>();
  const fingerprintOf = (file: string): string | undefined => {
    if (!fingerprints.has(file)) {
      const text = rulesTextOf(file);
      fingerprints.set(file, text === undefined ? undefined : cached(context, () => schematronFingerprint(text)));
    }
    return fingerprints.get(file);
  };
  const outcomes = await checkGrouped<Member, RulesResult>(groups, {
    key: (file, { unit }) => {
      const fingerprint = context.cache ? fingerprintOf(file) : undefined;
      return fingerprint === undefined ? undefined : cached(context, () => context.keys.rules(fingerprint, file, unit.file.path, unit.realPath, unit.hash!));
    },
    cached: (key, { unit }) => {
      const entry = cached(context, (cache) => cache.get<CachedRules>(key, (value) => value.reads.every(([read, hash]) => answer(read) === hash)));
      return entry && { diagnostics: unpackDiagnostics(entry.diagnostics, unit.file.path, 'rules'), reads: entry.reads.map(([read]) => read) };
    },
    check: async (file, members) => {
      const shown = displayPath(file, cwd);
      let compiled;
      try {
        compiled = timer.time('rules-compile', members.length, () => (context.options.compiled ? context.options.compiled.rules(file, rulesTextOf(file)) : compileSchematron(file, rulesTextOf(file))), shown);
      } catch (error) {
        if (!(error instanceof SchematronError)) throw error;
        return members.map(({ unit, at }) => ({
          diagnostics: [{ file: unit.file.path, line: at?.line ?? 0, column: at?.column ?? 0, severity: 'error' as const, rule: 'rules-compile-failed', layer: 'rules' as const, message: `the Schematron rules ${shown} cannot be used: ${error.message}` }],
        }));
      }
      return timer.timeAsync('rules-schematron', members.length, () => runRules(context, compiled, members.map(({ unit }) => unit), byRealPath, shown), shown);
    },
    // A failure may depend on more than the inputs (a stack too deep): it is not kept; nor is a rules file that did not compile.
    keep: (key, { diagnostics, reads }, { unit }) => {
      if (reads && !diagnostics.some((d) => d.rule === 'rules-failed' || d.rule === 'file-changed')) {
        cached(context, (cache) => cache.set(key, { diagnostics: packDiagnostics(diagnostics, unit.file.path, 'rules'), reads: reads.map((read) => [read, answer(read)]) } satisfies CachedRules));
      }
    },
  });
  for (const { members, results } of outcomes) {
    members.forEach(({ unit }, i) => {
      found.get(unit)!.push(...results[i].diagnostics);
      // Kept in the state as the cache keeps them (keep above): not a failure, nor rules that did not compile.
      const { diagnostics, reads: read } = results[i];
      const seen = reads.get(unit);
      if (!seen) return;
      if (!read || diagnostics.some((d) => d.rule === 'rules-failed' || d.rule === 'file-changed' || d.rule === 'rules-compile-failed')) reads.set(unit, undefined);
      else for (const file of read) seen.add(file);
    });
  }
  for (const [unit, read] of reads) {
    const basis = read && state?.rulesBasis(unit);
    if (basis !== undefined && read) unit.rulesKept = { basis, diagnostics: packDiagnostics(found.get(unit)!, unit.file.path, 'rules'), reads: [...read].sort().map((file) => [file, answer(file)]) };
  }

  const collectionFound = await collectionRules(context, units, parsed, parsedTargets, edition);
  parsedTargets.forEach((unit, i) => {
    unit.diagnostics.push(...found.get(unit)!, ...collectionFound[i]);
    unit.rulesChecked = true;
  });
}

/** Documents checked in one call of runSchematron, at most (by text size): the trees of a slice are all the rules hold at once. */
const SLICE_CHARS = 4 * 1024 * 1024;

/**
 * Runs compiled Schematron rules over documents, a slice at a time (each document read and parsed again
 * if this run let go of its tree, or knew it only from the cache). The rules may read the collection's
 * documents with doc(): they are given the texts of the files the documents point into, and, should they
 * ask for another document of the collection, run again with it too: the result is what they give with
 * every document at hand, without holding every document for the one that changed.
 */
async function runRules(context: ValidationContext, compiled: ReturnType<typeof compileSchematron>, units: Unit[], byRealPath: Map<string, Unit>, shown: string): Promise<RulesResult[]> {
  const results: RulesResult[] = new Array(units.length);
  let done = 0;
  context.timer.progress('rules-schematron', 0, units.length);
  const threads = rulesThreadsFor(compiled, units);
  let slowest: { path: string; ms: number } | undefined;
  const onDocument = (file: string, ms: number): void => {
    if (!slowest || ms > slowest.ms) slowest = { path: file, ms };
  };
  try {
    for (const slice of slices(units, threads ? THREADED_SLICE_CHARS : SLICE_CHARS)) {
      await runSlice(context, compiled, slice.map((i) => units[i]), byRealPath, { threads, onDocument }).then((found) => slice.forEach((i, j) => (results[i] = found[j])));
      done += slice.length;
      context.timer.progress('rules-schematron', done, units.length);
    }
  } finally {
    threads?.close();
  }
  // The slowest document says whether one document holds the stage up (on threads: its parse and its rules).
  if (slowest) context.timer.detail('rules-schematron', `${shown}; ${threads ? `${threads.size} thread(s); ` : ''}slowest ${slowest.path} ${Math.round(slowest.ms)} ms`, shown);
  return results;
}

/**
 * Threads for the fast rules (fast-threads.ts), when TEI_EDITION_RULES_THREADS asks for them and the
 * documents are enough text to pay for starting them (each starts, compiles the rules again and warms its
 * own code); else none, and the rules run on this thread over the trees the run parsed.
 */
function rulesThreadsFor(compiled: ReturnType<typeof compileSchematron>, units: Unit[]): FastRulesThreads | undefined {
  if (!compiled.fast || !('program' in compiled.fast)) return undefined;
  const count = rulesThreadCount();
  const chars = units.reduce((sum, unit) => sum + (unit.size ?? 0), 0);
  if (count === 0 || chars < THREADS_FROM_CHARS) return undefined;
  const threads = new FastRulesThreads(compiled.text, pathToFileURL(compiled.file).href, count);
  if (threads.size > 0) return threads;
  threads.close();
  return undefined;
}

/** Text (in bytes) from which the rules run on threads. */
const THREADS_FROM_CHARS = 2 * 1024 * 1024;

/**
 * Slices of documents when the rules run on threads: the main thread then holds only their texts (the
 * threads parse one document at a time), and each slice ends waiting for its largest document.
 */
const THREADED_SLICE_CHARS = 32 * 1024 * 1024;

/** Indices of `units` in slices of about `most` of text. */
function slices(units: Unit[], most: number): number[][] {
  const found: number[][] = [];
  let slice: number[] = [];
  let size = 0;
  units.forEach((unit, i) => {
    if (slice.length > 0 && size + (unit.size ?? 0) > most) {
      found.push(slice);
      slice = [];
      size = 0;
    }
    slice.push(i);
    size += unit.size ?? 0;
  });
  if (slice.length > 0) found.push(slice);
  return found;
}

async function runSlice(context: ValidationContext, compiled: ReturnType<typeof compileSchematron>, units: Unit[], byRealPath: Map<string, Unit>, options: RunOptions): Promise<RulesResult[]> {
  const texts = new Map<string, string>();
  const provide = async (unit: Unit): Promise<boolean> => {
    if (texts.has(unit.realPath)) return true;
    if (!(await load(context, unit, false))) return false;
    texts.set(unit.realPath, unit.source!.text);
    return true;
  };
  const results: RulesResult[] = new Array(units.length);
  const changed = (unit: Unit): RulesResult => ({
    diagnostics: [{ file: unit.file.path, line: 0, column: 0, severity: 'error', rule: 'file-changed', layer: 'rules', message: 'the file changed while it was being validated; validate again' }],
  });
  let pending = units.map((_unit, i) => i);
  while (pending.length > 0) {
    const runnable: number[] = [];
    for (const i of pending) {
      // On threads, the rules parse the document there: it is parsed here only if SaxonJS must check it (the index below).
      if (!(await load(context, units[i], !options.threads)) || !(await provide(units[i]))) results[i] = changed(units[i]);
      else runnable.push(i);
      for (const file of units[i].digest!.pointed) {
        const pointed = byRealPath.get(file) ?? byRealPath.get(realPathOf(file));
        if (pointed && wellFormed(pointed)) await provide(pointed);
      }
    }
    if (runnable.length === 0) break;
    const inputs = runnable.map((i): RuleInput => {
      const unit = units[i];
      return {
        path: unit.file.path, absolutePath: unit.realPath, text: unit.source!.text, affinity: unit.digest!.pointed.join('\n'),
        get index() {
          return positionIndex(context, unit)!;
        },
      };
    });
    const fresh = await runSchematron(compiled, inputs, texts, options);
    // Documents whose rules asked for a document of the collection they were not given: again, with it.
    const again: number[] = [];
    for (const [j, i] of runnable.entries()) {
      const missing = (fresh[j].reads ?? []).map((file) => byRealPath.get(file)).filter((unit): unit is Unit => unit !== undefined && wellFormed(unit) && !texts.has(unit.realPath));
      if (missing.length === 0) {
        results[i] = fresh[j];
        continue;
      }
      for (const unit of missing) if (!(await provide(unit))) texts.set(unit.realPath, ''); // changed meanwhile: refused below
      again.push(i);
    }
    pending = again;
  }
  // The slice's trees are not needed again by the rules (the collection rules read facts).
  for (const unit of units) {
    unit.rulesDone = true;
    releaseTree(unit);
  }
  return results;
}

const realPaths = new Map<string, string>();
function realPathOf(file: string): string {
  let real = realPaths.get(file);
  if (real === undefined) {
    try {
      real = fs.realpathSync(file);
    } catch {
      real = file;
    }
    realPaths.set(file, real);
  }
  return real;
}

/**
 * The TypeScript rules look across the whole collection, on every well-formed document's facts (even
 * those not read in this run: facts come with the digest). Their results are kept for the run as a whole,
 * keyed by the paths of every file, which are reported on, and what the rules read of each (its facts and
 * names, DocumentDigest.rulesRead; else its bytes): an edit of one document's text that changes neither
 * finds them in the cache, without checking any document; a rule that checks one
 * document at a time beside the registers (CollectionRule.checker) keeps its findings per document too,
 * so that a change of one document checks that one again.
 */
async function collectionRules(context: ValidationContext, units: Unit[], parsed: Unit[], parsedTargets: Unit[], edition: Set<Unit>): Promise<Diagnostic[][]> {
  const { timer, keys } = context;
  const key = cached(context, () => keys.collection([...units].sort(byPath).map((unit) => ({
    path: unit.file.path, realPath: unit.realPath, role: unit.isTarget ? (edition.has(unit) ? 'edition-target' : 'target') : 'context', read: unit.digest?.rulesRead ?? unit.hash,
  }))));
  const usable = (entries: Array<{ file: string; diagnostics: CachedDiagnostic[] }>): boolean => entries.length === parsedTargets.length && entries.every((entry, i) => entry.file === parsedTargets[i].file.path);
  // The collection's state holds the last run's result with its key (state.ts); else the cache may.
  const kept = context.state?.state.collection;
  const hit = key === undefined ? undefined : kept && kept.key === key && usable(kept.results) ? kept.results : cached(context, (cache) => cache.get<Array<{ file: string; diagnostics: CachedDiagnostic[] }>>(key, usable));
  if (hit) {
    if (key !== undefined) context.state?.state.keepCollection(key, hit);
    return hit.map((entry) => unpackDiagnostics(entry.diagnostics, entry.file, 'rules'));
  }

  const started = performance.now();
  // Each document's facts (from this run's parse, else the cache): a document that changed since the run first read it is left out.
  const documents = new Map<Unit, RuleDocument>();
  for (const unit of parsed) {
    const facts = await factsOf(context, unit);
    if (facts) documents.set(unit, new RuleDocument(unit.file.path, unit.realPath, facts, unit.isTarget));
  }
  const collection = new Collection([...documents.values()]);
  // The edition's TypeScript rules report on the documents the edition's rules apply to (rulesFor).
  const byFile = new Map(parsedTargets.flatMap((unit, i) => (edition.has(unit) ? [[unit.file.path, i] as const] : [])));
  const everyFile = new Map(parsedTargets.map((unit, i) => [unit.file.path, i] as const));
  const perTarget: Diagnostic[][] = parsedTargets.map(() => []);
  // The register entries of the collection, as the rules that check one document at a time see them: the files that hold any.
  const registers = contentHash(...parsed.filter((unit) => unit.digest!.entries).flatMap((unit) => [unit.realPath, unit.hash!]));
  let checked = 0;
  for (const rule of COLLECTION_RULES) {
    if (rule.check) {
      for (const diagnostic of rule.check(collection)) {
        const i = (rule.everyDocument ? everyFile : byFile).get(diagnostic.file);
        if (i !== undefined) perTarget[i].push(diagnostic);
      }
    }
    if (!rule.checker) continue;
    const check = rule.checker(collection);
    for (const [i, unit] of parsedTargets.entries()) {
      if (!edition.has(unit) || !documents.has(unit)) continue;
      const documentKey = context.cache ? cached(context, () => keys.documentRule(rule.id, unit.file.path, unit.realPath, unit.hash!, registers)) : undefined;
      const kept = documentKey === undefined ? undefined : cached(context, (cache) => cache.get<CachedDiagnostic[]>(documentKey));
      let diagnostics = kept && unpackDiagnostics(kept, unit.file.path, 'rules');
      if (!diagnostics) {
        let read = names(context, unit);
        if (!read && (await load(context, unit))) read = names(context, unit);
        diagnostics = read ? check(documents.get(unit)!, read) : [];
        checked++;
        if (documentKey !== undefined && read) {
          const found = packDiagnostics(diagnostics, unit.file.path, 'rules');
          cached(context, (cache) => cache.set(documentKey, found));
        }
      }
      perTarget[i].push(...diagnostics);
    }
  }
  timer.add('rules-collection', performance.now() - started, parsed.length);
  if (checked > 0) timer.detail('rules-collection', `${checked} document(s) checked one by one`);
  // A result without every document's facts (one changed meanwhile) is not what the key says.
  if (key !== undefined && documents.size === parsed.length) {
    const results = parsedTargets.map((unit, i) => ({ file: unit.file.path, diagnostics: packDiagnostics(perTarget[i], unit.file.path, 'rules') }));
    cached(context, (cache) => cache.set(key, results));
    context.state?.state.keepCollection(key, results);
  }
  return perTarget;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
