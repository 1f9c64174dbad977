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

/** A document's Schematron findings from a run of the rules as soon as it was parsed (RulesLayer.afterParse). */
interface EarlyResult {
  result: RulesResult;
  /**
   * The files the rules asked for that were then no well-formed document of the run (refused): the result
   * holds while none of them has become one (a document parsed later).
   */
  refused: string[];
}

/**
 * Layer 3 over a run. The Schematron rules run on each document as soon as it is parsed (afterParse), when
 * the files its pointers lead into are known: its tree is let go of then, not held until every document is
 * parsed (on ../shared/corpus, 23 MB of text, the trees of all documents were about 400 MB, and the garbage
 * collector copied each of them from the young generation to the old). finish runs what is left and the
 * collection-wide rules. A result from the early run is what the rules give with the whole run at hand: the
 * files they read are the same (they may read only well-formed documents of the run), and a result that asked
 * for a file that was not yet such a document is checked again at the end.
 */
export class RulesLayer {
  /** Each rules file's text, fingerprint and compiled form (or why it does not compile), once per run. */
  private readonly rulesTexts = new Map<string, string | undefined>();
  private readonly fingerprints = new Map<string, string | undefined>();
  private readonly compiledRules = new Map<string, ReturnType<typeof compileSchematron> | SchematronError>();
  /** Findings of the early runs, by document and rules file. */
  private readonly early = new Map<Unit, { file: string; found: EarlyResult }>();
  /** Documents parsed whose pointers lead into a document of the run not parsed yet, by that document's real path. */
  private readonly waiting = new Map<string, Unit[]>();
  /** The slowest document of each rules file (the detail of the rules-schematron stage), and the threads that ran them, if any. */
  private readonly slowest = new Map<string, { path: string; ms: number }>();
  private readonly threadCount = new Map<string, number>();
  private earlyTexts = { texts: new Map<string, string>(), chars: 0 };
  /** The documents afterParse has seen. */
  private readonly seen = new Set<Unit>();
  /** Whether the rules run as documents are parsed (see start). */
  private running = false;

  /**
   * @param units every unit of the run by real path, as the run adds them: the documents the rules may read are
   *   the well-formed ones
   * @param override the `--rules` file, for every document
   */
  constructor(private readonly context: ValidationContext, private readonly units: Map<string, Unit>, private readonly override: string | undefined) {}

  /**
   * Lets the rules run on each document as it is parsed (afterParse). Not when the rules run on threads (they
   * parse the documents there), nor when the schema layer will want the trees after the parse (`treesWanted`:
   * it words its messages with them and did not start while the documents were parsed); the rules then run at
   * the end, on all of them.
   */
  start(treesWanted: boolean): void {
    this.running = !this.context.options.skipRules && !treesWanted && rulesThreadCount() === 0;
  }

  /**
   * Called as each document is parsed (context files too: documents waiting for them may run now). A document
   * read but not parsed yet that a parsed one points into is parsed now, with `parse` (which calls this again):
   * the letters of a collection, which sort before its register, would otherwise all wait for it with their trees.
   */
  async afterParse(unit: Unit, parse: (unit: Unit) => Promise<void>): Promise<void> {
    if (!this.running || this.seen.has(unit)) return;
    this.seen.add(unit);
    const ready: Unit[] = [];
    const wanted: Unit[] = [];
    const waiters = this.waiting.get(unit.realPath);
    if (waiters) {
      this.waiting.delete(unit.realPath);
      for (const waiter of waiters) this.consider(waiter, ready, wanted);
    }
    if (unit.isTarget && unit.tree && wellFormed(unit)) this.consider(unit, ready, wanted);
    for (const next of ready) await this.runEarly(next);
    for (const next of wanted) if (!next.digest) await parse(next);
  }

  /**
   * Adds a document to `ready` when every file its pointers lead into is known to the run (parsed, or known from
   * the cache); one not parsed yet, it waits for (and adds to `wanted` when it is read); one not of the run (yet:
   * the run reads such files after the parse, contextToLoad) leaves the document for finish.
   */
  private consider(unit: Unit, ready: Unit[], wanted: Unit[]): void {
    for (const file of unit.digest!.pointed) {
      const pointed = this.units.get(file) ?? this.units.get(realPathOf(file));
      if (!pointed) return;
      if (!pointed.digest) {
        const waiters = this.waiting.get(pointed.realPath);
        if (waiters) waiters.push(unit);
        else this.waiting.set(pointed.realPath, [unit]);
        if (pointed.source && !wanted.includes(pointed)) wanted.push(pointed);
        return;
      }
    }
    ready.push(unit);
  }

  /** The rules on one document just parsed, if it has one rules file with a fast form; its tree let go of after. */
  private async runEarly(unit: Unit): Promise<void> {
    if (!unit.tree) return;
    const choice = rulesChoiceOf(this.context, unit, this.override);
    if (choice.rules.length !== 1) return;
    const file = choice.rules[0].file;
    const compiled = this.compiled(file);
    if (compiled instanceof SchematronError || !compiled.fast || !('program' in compiled.fast)) return;
    const shown = displayPath(file, this.context.cwd);
    // The documents the rules may read: the well-formed ones known now.
    const refused = new Set<string>();
    const lookup = (real: string): Unit | undefined => {
      const known = this.units.get(real);
      return known && wellFormed(known) ? known : undefined;
    };
    // The texts the rules may read are shared by the documents run early, about a slice's worth of them (SLICE_CHARS),
    // as the documents of a slice share them: a register every document points into is parsed once per slice.
    if (this.earlyTexts.chars > SLICE_CHARS) this.earlyTexts = { texts: new Map(), chars: 0 };
    this.earlyTexts.chars += unit.source?.text.length ?? 0;
    const [found] = await this.context.timer.timeAsync('rules-schematron', 1, () => runSlice(this.context, compiled, [unit], lookup, { onDocument: this.onDocument(file), fastOnly: true }, this.earlyTexts.texts), shown);
    // Checked by SaxonJS at the end: the fast rules handed it back.
    if (!found) return;
    for (const read of found.reads ?? []) if (!lookup(read)) refused.add(read);
    this.early.set(unit, { file, found: { result: found, refused: [...refused] } });
  }

  private onDocument(file: string): (path: string, ms: number) => void {
    return (shown, ms) => {
      const slowest = this.slowest.get(file);
      if (!slowest || ms > slowest.ms) this.slowest.set(file, { path: shown, ms });
    };
  }

  private rulesText(file: string): string | undefined {
    if (!this.rulesTexts.has(file)) this.rulesTexts.set(file, readText(file));
    return this.rulesTexts.get(file);
  }

  private fingerprint(file: string): string | undefined {
    if (!this.fingerprints.has(file)) {
      const text = this.rulesText(file);
      this.fingerprints.set(file, text === undefined ? undefined : cached(this.context, () => schematronFingerprint(text)));
    }
    return this.fingerprints.get(file);
  }

  /** A rules file compiled once for the run (timed as rules-compile), or why it cannot be. */
  private compiled(file: string): ReturnType<typeof compileSchematron> | SchematronError {
    let compiled = this.compiledRules.get(file);
    if (compiled === undefined) {
      const { context } = this;
      const shown = displayPath(file, context.cwd);
      try {
        compiled = context.timer.time('rules-compile', 1, () => (context.options.compiled ? context.options.compiled.rules(file, this.rulesText(file)) : compileSchematron(file, this.rulesText(file))), shown);
      } catch (error) {
        if (!(error instanceof SchematronError)) throw error;
        compiled = error;
      }
      this.compiledRules.set(file, compiled);
    }
    return compiled;
  }

  /**
   * Runs the rules on the well-formed targets the early runs did not check (`parsed`: every well-formed document,
   * targets and context, which pointers may reach), then the collection-wide rules, and adds their findings to
   * each target.
   */
  async finish(units: Unit[], parsed: Unit[]): Promise<void> {
    const { context, override } = this;
    if (context.options.skipRules) return;
    const { cwd } = context;
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
    const outcomes = await checkGrouped<Member, RulesResult>(groups, {
      key: (file, { unit }) => {
        const fingerprint = context.cache ? this.fingerprint(file) : undefined;
        return fingerprint === undefined ? undefined : cached(context, () => context.keys.rules(fingerprint, file, unit.file.path, unit.realPath, unit.hash!));
      },
      cached: (key, { unit }) => {
        const entry = cached(context, (cache) => cache.get<CachedRules>(key, (value) => value.reads.every(([read, hash]) => answer(read) === hash)));
        return entry && { diagnostics: unpackDiagnostics(entry.diagnostics, unit.file.path, 'rules'), reads: entry.reads.map(([read]) => read) };
      },
      check: async (file, members) => {
        const shown = displayPath(file, cwd);
        // The results of the early runs that still hold (no file they were refused has become a document of the run).
        const results: Array<RulesResult | undefined> = members.map(({ unit }) => {
          const early = this.early.get(unit);
          return early && early.file === file && early.found.refused.every((read) => !byRealPath.has(read)) ? early.found.result : undefined;
        });
        const rest = members.filter((_member, i) => results[i] === undefined);
        if (rest.length === 0) return results as RulesResult[];
        const compiled = this.compiled(file);
        if (compiled instanceof SchematronError) {
          return members.map(({ unit, at }) => ({
            diagnostics: [{ file: unit.file.path, line: at?.line ?? 0, column: at?.column ?? 0, severity: 'error' as const, rule: 'rules-compile-failed', layer: 'rules' as const, message: `the Schematron rules ${shown} cannot be used: ${compiled.message}` }],
          }));
        }
        const fresh = await context.timer.timeAsync('rules-schematron', rest.length, () => runRules(context, compiled, rest.map(({ unit }) => unit), (real) => byRealPath.get(real), this.onDocument(file), (count) => this.threadCount.set(file, count)), shown);
        let next = 0;
        return results.map((result) => result ?? fresh[next++]);
      },
      // A failure may depend on more than the inputs (a stack too deep): it is not kept; nor is a rules file that did not compile.
      keep: (key, { diagnostics, reads }, { unit }) => {
        if (reads && !diagnostics.some((d) => d.rule === 'rules-failed' || d.rule === 'file-changed')) {
          cached(context, (cache) => cache.set(key, { diagnostics: packDiagnostics(diagnostics, unit.file.path, 'rules'), reads: reads.map((read) => [read, answer(read)]) } satisfies CachedRules));
        }
      },
    });
    for (const [file, slowest] of this.slowest) {
      const threads = this.threadCount.get(file);
      context.timer.detail('rules-schematron', `${displayPath(file, cwd)}; ${threads ? `${threads} thread(s); ` : ''}slowest ${slowest.path} ${Math.round(slowest.ms)} ms`, displayPath(file, cwd));
    }
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
}

/** Documents checked in one call of runSchematron, at most (by text size): the trees of a slice are all the rules hold at once. */
const SLICE_CHARS = 4 * 1024 * 1024;

/**
 * Runs compiled Schematron rules over documents, a slice at a time (each document read and parsed again
 * if this run let go of its tree, or knew it only from the cache). The rules may read the collection's
 * documents with doc(): they are given the texts of the files the documents point into, and, should they
 * ask for another document of the collection, run again with it too: the result is what they give with
 * every document at hand, without holding every document for the one that changed. `lookup` gives the
 * documents of the run by real path (the well-formed ones are those the rules may read).
 */
async function runRules(context: ValidationContext, compiled: ReturnType<typeof compileSchematron>, units: Unit[], lookup: (real: string) => Unit | undefined, onDocument: (path: string, ms: number) => void, onThreads: (count: number) => void): Promise<RulesResult[]> {
  const results: RulesResult[] = new Array(units.length);
  let done = 0;
  context.timer.progress('rules-schematron', 0, units.length);
  const threads = rulesThreadsFor(compiled, units);
  if (threads) onThreads(threads.size);
  try {
    for (const slice of slices(units, threads ? THREADED_SLICE_CHARS : SLICE_CHARS)) {
      await runSlice(context, compiled, slice.map((i) => units[i]), lookup, { threads, onDocument }).then((found) => slice.forEach((i, j) => (results[i] = found[j])));
      done += slice.length;
      context.timer.progress('rules-schematron', done, units.length);
    }
  } finally {
    threads?.close();
  }
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

/**
 * The rules on a slice of documents; then the slice's trees are let go of. With `fastOnly`, a document the fast
 * rules hand back has no result (undefined), and its tree is kept, for a later run to check it with SaxonJS.
 * `texts`: the documents the rules may read (doc()), as given so far (each parsed once per map: fast-run.ts).
 */
async function runSlice(context: ValidationContext, compiled: ReturnType<typeof compileSchematron>, units: Unit[], lookup: (real: string) => Unit | undefined, options: RunOptions & { fastOnly: true }, texts?: Map<string, string>): Promise<Array<RulesResult | undefined>>;
async function runSlice(context: ValidationContext, compiled: ReturnType<typeof compileSchematron>, units: Unit[], lookup: (real: string) => Unit | undefined, options: RunOptions, texts?: Map<string, string>): Promise<RulesResult[]>;
async function runSlice(context: ValidationContext, compiled: ReturnType<typeof compileSchematron>, units: Unit[], lookup: (real: string) => Unit | undefined, options: RunOptions, texts = new Map<string, string>()): Promise<Array<RulesResult | undefined>> {
  const provide = async (unit: Unit): Promise<boolean> => {
    if (texts.has(unit.realPath)) return true;
    if (!(await load(context, unit, false))) return false;
    texts.set(unit.realPath, unit.source!.text);
    return true;
  };
  const results: Array<RulesResult | undefined> = new Array(units.length);
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
        const pointed = lookup(file) ?? lookup(realPathOf(file));
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
      const result = fresh[j];
      if (!result) continue; // handed back by the fast rules (fastOnly)
      const missing = (result.reads ?? []).map((file) => lookup(file)).filter((unit): unit is Unit => unit !== undefined && wellFormed(unit) && !texts.has(unit.realPath));
      if (missing.length === 0) {
        results[i] = result;
        continue;
      }
      for (const unit of missing) if (!(await provide(unit))) texts.set(unit.realPath, ''); // changed meanwhile: refused below
      again.push(i);
    }
    pending = again;
  }
  // The slice's trees are not needed again by the rules (the collection rules read facts).
  units.forEach((unit, i) => {
    if (!options.fastOnly || results[i] !== undefined) {
      unit.rulesDone = true;
      releaseTree(context, unit);
    }
  });
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
