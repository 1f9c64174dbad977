import * as fs from 'fs';
import * as path from 'path';
import { contentHash, ResultCache } from '../../cache';
import { FileIndex } from '../../cache/file-index';
import { CollectionFile, readSource, readSourceSync, ReadResult, Source } from '../../collection';
import type { Diagnostic } from '../../diagnostics/diagnostic';
import type { StageTimer } from '../../stages';
import { PositionIndex } from '../../xml/positions';
import type { XmlProcessingInstruction, XmlTree } from '../../xml/tree';
import { checkWellFormed } from '../../xml/wellformed';
import { declaredSchemas, localPath, rulesFor, RulesChoice, SchemaAssociation } from '../associations';
import type { ValidationKeys } from '../cache-keys';
import type { ValidateOptions } from '../pipeline';
import { namesOf, ruleFacts, RuleFacts, RuleNames } from '../rules/facts';
import { pointerTokens } from '../rules/model';
import type { SchemaVerdict } from '../schema/relaxng';
import { includeElements, includeFact, IncludeFact } from '../xinclude';
import type { KeptRulesLayer, KeptSchemaLayer, KeptUnit, ValidationState } from '../state';

/**
 * What the validator keeps of a document between runs, in the result cache, by the hash of its bytes
 * (ValidationKeys.digest): whether it is well-formed (and if not, why), the xml-model instructions of its
 * prolog (which schemas apply), the files its pointers lead into, and the facts the collection-wide
 * rules read (rules/facts.ts). With the digest, a document that did not change is neither read nor
 * parsed: its results come from the cache, and the collection-wide rules run on its facts.
 */
export interface DocumentDigest {
  /** Why it is not well-formed; absent when it is. */
  malformed?: { rule: string; line: number; column: number; message: string; raw?: string };
  /** The processing instructions before the root element. */
  prolog: XmlProcessingInstruction[];
  /** The local XML files its pointers lead into (`register.xml#brezhnev`), absolute, sorted. */
  pointed: string[];
  /**
   * Whether the document holds register entries (its facts do): the rules then read its folder's other
   * documents, and its bytes are part of what the one-document rules see (rules-layer.ts). The facts
   * themselves are not in the digest (see factsOf).
   */
  entries?: boolean;
  /**
   * A hash of all the collection-wide rules read of the document (its facts and its names): their result
   * for the whole collection is keyed by these (ValidationKeys.collection), so an edit they do not see (a
   * word in a paragraph) leaves it in the cache.
   */
  rulesRead?: string;
  /** Its xi:include elements (XInclude), when it has any: the schema layer validates it with them in place (inclusion.ts). */
  includes?: IncludeFact[];
}

/** Everything the validator knows about one file, as the layers fill it in. */
export interface Unit {
  file: CollectionFile;
  /** Reported on (a target), or only read so that pointers into it resolve (context). */
  isTarget: boolean;
  realPath: string;
  /** Size and hash of its bytes, once known (from the file index or read); undefined when it cannot be read. */
  size?: number;
  hash?: string;
  digest?: DocumentDigest;
  /** Its bytes and text, when read in this run. */
  source?: Source;
  /** Its tree, when parsed in this run. */
  tree?: XmlTree;
  index?: PositionIndex;
  /** What its tagged names read as (for name-spelling-drift), when parsed in this run. */
  names?: RuleNames;
  /** The collection-wide rules' facts, when parsed in this run or looked up (factsOf). */
  facts?: RuleFacts;
  diagnostics: Diagnostic[];
  schemas: Array<{ schema: string; verdict: SchemaVerdict }>;
  rulesChecked: boolean;
  /**
   * The schema layer will still word messages with its tree (the engine words each result as it arrives):
   * the rules, done with it first, leave the tree for the schema layer to let go of (releaseTree).
   */
  schemaWording?: boolean;
  /** The Schematron rules are done with its tree. */
  rulesDone?: boolean;
  /** Characters of its text counted in ValidationContext.treesKept while its tree from parse is held. */
  treeChars?: number;
  /** What the last run left of it (state.ts), when its bytes are the same: its layers' results are taken from there while their basis holds. */
  kept?: KeptUnit;
  /** The layers' results of this run, with their basis, for the next run's state (undefined: not to be kept). */
  schemaKept?: KeptSchemaLayer;
  rulesKept?: KeptRulesLayer;
}

/**
 * Which rules apply to a document (rulesFor: --rules, what its prolog names, or the edition's rules for
 * the edition's collection): the same for the documents of a folder that share a prolog, so worked out
 * once per run for each.
 */
export function rulesChoiceOf(context: ValidationContext, unit: Unit, override: string | undefined): RulesChoice {
  const prolog = unit.digest!.prolog;
  const key = `${path.dirname(unit.file.absolutePath)}\0${path.dirname(unit.realPath)}\0${override ?? ''}\0${prologKey(prolog)}`;
  let found = context.rulesChoices.get(key);
  if (!found) context.rulesChoices.set(key, (found = rulesFor({ processingInstructions: prolog }, unit.file.absolutePath, { override, cwd: context.cwd })));
  return found;
}

/** Each prolog's key, worked out once per array: the documents the collection's state gives share their prolog's array. */
const prologKeys = new WeakMap<XmlProcessingInstruction[], string>();
export function prologKey(prolog: XmlProcessingInstruction[]): string {
  let key = prologKeys.get(prolog);
  if (key === undefined) prologKeys.set(prolog, (key = JSON.stringify(prolog.map((pi) => [pi.target, pi.data, pi.line, pi.column, pi.inProlog]))));
  return key;
}

/** A unit whose document is well-formed (its digest says so). */
export function wellFormed(unit: Unit): boolean {
  return unit.digest !== undefined && unit.digest.malformed === undefined;
}

/** What the layers of one run share: its options, timer and cache. */
export interface ValidationContext {
  readonly cwd: string;
  readonly options: ValidateOptions;
  readonly timer: StageTimer;
  /** The result cache (without a pack when the collection's state leaves few look-ups: see pipeline.ts). */
  cache: ResultCache | undefined;
  /** Where the names the spelling rule reads are kept (ValidationKeys.names): entry files, no pack (see pipeline.ts); undefined without a cache. */
  readonly namesCache: () => ResultCache | undefined;
  /** Where the collection-wide rules' facts are kept (ValidationKeys.facts): entry files, no pack (see pipeline.ts); undefined without a cache. */
  readonly factsCache: () => ResultCache | undefined;
  readonly files: FileIndex | undefined;
  readonly keys: ValidationKeys;
  /** declaredSchemas per folder and prolog, for the run (the documents of a collection mostly share both). */
  readonly associations: Map<string, SchemaAssociation[]>;
  /** rulesFor per folder, real folder and prolog, for the run. */
  readonly rulesChoices: Map<string, RulesChoice>;
  /** Characters of text whose trees the run holds from parsing (see parse; less those let go of since). */
  treesKept: number;
  /** The collection's state (state.ts) and the bases its results are taken by; undefined without a cache. */
  state?: RunState;
  /** Few files to read, as the collection's state tells (one document changed): they are read on this thread (readSourceSync). */
  readsFew?: boolean;
}

/** The state of the collection in a run, with what each layer's results depend on besides the document (state.ts). */
export interface RunState {
  readonly state: ValidationState;
  /** The basis of a unit's RelaxNG results; undefined when they are not to be kept. */
  schemaBasis(unit: Unit): string | undefined;
  /** The basis of a unit's Schematron results (the reads aside, kept with them); undefined when they are not to be kept. */
  rulesBasis(unit: Unit): string | undefined;
}

/**
 * The schemas a document's prolog declares (declaredSchemas): they depend only on its xml-model
 * instructions and its folder, which most documents of a collection share, so each distinct pair is
 * resolved (and its schema files looked for) once per run.
 */
export function associationsOf(context: ValidationContext, unit: Unit, prolog: XmlProcessingInstruction[]): SchemaAssociation[] {
  const key = `${path.dirname(unit.file.absolutePath)}\0${prologKey(prolog)}`;
  let found = context.associations.get(key);
  if (!found) context.associations.set(key, (found = declaredSchemas({ processingInstructions: prolog }, unit.file.absolutePath)));
  return found;
}

/** Times a look-up or store of the result cache (the `cache` stage). */
export function cached<T>(context: ValidationContext, body: (cache: ResultCache) => T, cache = context.cache): T | undefined {
  return cache ? context.timer.time('cache', 0, () => body(cache)) : undefined;
}

export function realPath(file: string): string {
  try {
    return fs.realpathSync.native(file);
  } catch {
    return path.resolve(file);
  }
}

/** Paths in the order reports use (byte order of the shown path). */
export function byPath(a: Unit, b: Unit): number {
  return a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0;
}

/** Whether the rules read text (the tree then keeps it; without the rules it keeps elements and attributes only). */
function withText(context: ValidationContext): boolean {
  return !context.options.skipRules;
}

/**
 * Reads a unit's file, unless the file index knows it unchanged and the cache holds its digest: then
 * only its size, hash and digest are known, and it is read later only if a layer must check it again.
 */
export async function scan(context: ValidationContext, unit: Unit): Promise<void> {
  // Known from the collection's state (the file index vouched for its bytes): nothing to look up.
  if (unit.digest) return;
  const { files, cache, keys } = context;
  const stat = files ? FileIndex.stat(unit.file.absolutePath) : undefined;
  const known = stat && files ? files.hashOf(unit.file.absolutePath, stat) : undefined;
  const digestOf = (hash: string): DocumentDigest | undefined => cached(context, (store) => store.get<DocumentDigest>(keys.digest(unit.file.absolutePath, hash, withText(context))));
  if (known !== undefined && cache) {
    const digest = digestOf(known);
    if (digest) {
      unit.size = stat!.size;
      unit.hash = known;
      unit.digest = digest;
      return;
    }
  }
  const readAt = Date.now();
  const result = await readUnit(context, unit.file);
  if (!result.ok) {
    unit.diagnostics.push({ file: unit.file.path, line: result.line, column: result.column, severity: 'error', rule: result.rule, layer: 'io', message: result.message });
    return;
  }
  unit.source = result.source;
  unit.size = result.source.bytes.length;
  unit.hash = contentHash(result.source.bytes);
  if (stat && files) files.record(unit.file.absolutePath, stat, unit.hash, readAt);
  // Read again (the file index could not vouch for it), but perhaps unchanged: then it need not be parsed.
  if (known === undefined && cache) unit.digest = digestOf(unit.hash);
}

/** Parses a unit read in this run, and keeps its digest (and the names the spelling rule reads) in the cache. */
export function parse(context: ValidationContext, unit: Unit): void {
  if (!unit.source || unit.digest) return;
  const verdict = unit.tree && unit.source ? { ok: true as const, tree: unit.tree } : checkWellFormed(unit.source.text, { text: withText(context) });
  if (!verdict.ok) {
    unit.digest = { malformed: { rule: verdict.rule, line: verdict.line, column: verdict.column, message: verdict.message, raw: verdict.raw }, prolog: [], pointed: [] };
  } else {
    unit.tree = verdict.tree;
    unit.index = new PositionIndex(verdict.tree);
    unit.digest = {
      prolog: verdict.tree.processingInstructions.filter((pi) => pi.inProlog),
      pointed: pointedFiles(unit.file.absolutePath, verdict.tree),
    };
    const includes = includeElements(verdict.tree, unit.source.text);
    if (includes.length > 0) unit.digest.includes = includes.map(includeFact);
    if (withText(context)) {
      const facts = ruleFacts(verdict.tree);
      unit.names = namesOf(verdict.tree);
      unit.facts = facts;
      if (facts.entries.length > 0) unit.digest.entries = true;
      unit.digest.rulesRead = contentHash(JSON.stringify(facts), JSON.stringify(unit.names));
    }
    // Trees are kept for the layers while they are few; beyond that, a layer that needs one parses the
    // document again (positionIndex): a cold run of thousands of documents never holds every tree.
    unit.treeChars = unit.source.text.length;
    context.treesKept += unit.treeChars;
    if (context.treesKept > TREES_KEPT_CHARS) forget(context, unit);
  }
  if (context.cache) {
    const { keys } = context;
    const digest = unit.digest;
    cached(context, (store) => store.set(keys.digest(unit.file.absolutePath, unit.hash!, withText(context)), digest));
    if (unit.names) {
      const names = unit.names;
      cached(context, (store) => store.set(keys.names(unit.hash!), names), context.namesCache());
    }
    if (unit.facts) {
      const facts = unit.facts;
      cached(context, (store) => store.set(keys.facts(unit.hash!), facts), context.factsCache());
    }
  }
}

/**
 * Makes sure a well-formed unit is read (its text and bytes at hand) and, unless `parsed` is false,
 * parsed (its position index), for a layer that must check it again. False when the file changed since
 * the run first read it.
 */
export async function load(context: ValidationContext, unit: Unit, parsed = true): Promise<boolean> {
  if (!unit.source) {
    const result = await readUnit(context, unit.file);
    if (!result.ok || contentHash(result.source.bytes) !== unit.hash) return false;
    unit.source = result.source;
  }
  return !parsed || positionIndex(context, unit) !== undefined;
}

/** Reads a file for the layers: on this thread when the run reads few (ValidationContext.readsFew). */
function readUnit(context: ValidationContext, file: CollectionFile): ReadResult | Promise<ReadResult> {
  return context.readsFew ? readSourceSync(file) : readSource(file);
}

/** Text (in characters) whose trees a run keeps after parsing, about 160 MB of trees. */
const TREES_KEPT_CHARS = 32 * 1024 * 1024;

/**
 * Lets go of a unit's tree once both layers that read it are done: the rules (rulesDone) and the schema
 * layer's wording (schemaWording). A document's messages worded after the rules let go of its tree would
 * parse it again: measured on ../shared/corpus against tei_all, 13 of 79 documents (9.3 M characters).
 */
export function releaseTree(context: ValidationContext, unit: Unit): void {
  if (unit.rulesDone && !unit.schemaWording) forget(context, unit);
}

/** Lets go of a unit's tree (it is parsed again if a layer needs it). */
export function forget(context: ValidationContext, unit: Unit): void {
  unit.tree = undefined;
  unit.index = undefined;
  context.treesKept -= unit.treeChars ?? 0;
  unit.treeChars = undefined;
}

/** A read unit's position index, parsing it if this run has not (undefined if it does not parse). */
export function positionIndex(context: ValidationContext, unit: Unit): PositionIndex | undefined {
  if (!unit.tree && unit.source) {
    const verdict = checkWellFormed(unit.source.text, { text: withText(context) });
    if (!verdict.ok) return undefined;
    unit.tree = verdict.tree;
    unit.index = new PositionIndex(verdict.tree);
  }
  return unit.index;
}

/** The names a unit's tagged names read as (rules/facts.ts), from this run's parse or the cache; undefined when neither has them. */
export function names(context: ValidationContext, unit: Unit): RuleNames | undefined {
  if (unit.names) return unit.names;
  if (unit.tree) return (unit.names = namesOf(unit.tree));
  return cached(context, (store) => store.get<RuleNames>(context.keys.names(unit.hash!)), context.namesCache());
}

/**
 * A well-formed unit's facts (rules/facts.ts), from this run's parse, the cache, or a parse now; undefined
 * when the file changed since the run first read it. They are looked up only when the collection-wide
 * rules run again (their whole-run result is keyed by each document's rulesRead): an incremental run that
 * changed no name or identifier reads none of them (they were 4.7 of the 5.5 MB of the digests' pack at
 * 2,000 documents, read whole by every run).
 */
export async function factsOf(context: ValidationContext, unit: Unit): Promise<RuleFacts | undefined> {
  if (unit.facts) return unit.facts;
  if (unit.tree) return (unit.facts = ruleFacts(unit.tree));
  const kept = cached(context, (store) => store.get<RuleFacts>(context.keys.facts(unit.hash!)), context.factsCache());
  if (kept) return (unit.facts = kept);
  if (!(await load(context, unit))) return undefined;
  const facts = ruleFacts(unit.tree!);
  // Kept for the runs after, like a fresh parse's (a cache entry removed by hand, or never written).
  cached(context, (store) => store.set(context.keys.facts(unit.hash!), facts), context.factsCache());
  return (unit.facts = facts);
}

/** The local XML files a document's pointers lead into (`register.xml#brezhnev`), sorted. */
function pointedFiles(documentPath: string, tree: XmlTree): string[] {
  const files = new Set<string>();
  for (const element of tree.elements) {
    for (const { token } of pointerTokens(element)) {
      const hash = token.indexOf('#');
      if (hash <= 0) continue;
      const target = localPath(token.slice(0, hash), documentPath);
      if (target !== null && /\.xml$/i.test(target)) files.add(target);
    }
  }
  return [...files].sort();
}
