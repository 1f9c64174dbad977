import * as fs from 'fs';
import * as path from 'path';
import { displayPath } from '../../collection';
import type { Diagnostic } from '../../diagnostics/diagnostic';
import { SCHEMA_COMPILE_TIMEOUT_MS } from '../../limits';
import { CachedDiagnostic, packDiagnostics, unpackDiagnostics } from '../cached-diagnostics';
import { prologProcessingInstructions, XmlProcessingInstruction } from '../../xml/tree';
import type { SchemaAssociation } from '../associations';
import type { SchemaUse } from '../pipeline';
import { readSchemaFiles, SchemaFiles, SchemaLoadError } from '../schema/closure';
import { chooseEngine, PreparedSchema, SchemaEngine } from '../schema/engine';
import type { SchemaDocumentResult, SchemaInput, SchemaLimits, SchemaVerdict } from '../schema/relaxng';
import type { KeptSchemaLayer } from '../state';
import { checkWellFormed } from '../../xml/wellformed';
import { PositionIndex } from '../../xml/positions';
import { ExpandedDocument, IncludedFile, IncludeFact, resolveInclude } from '../xinclude';
import { associationsOf, cached, load, positionIndex, releaseTree, Unit, ValidationContext, wellFormed } from './context';
import { inclusionPlan, InclusionPlan, inclusionSignature } from './inclusion';
import { addToGroup, checkGrouped } from './grouped';

/**
 * Layer 2: RelaxNG, against the schema each document names in its xml-model (or `--schema`), each
 * schema compiled once per run for the documents whose results the cache does not hold (grouped.ts).
 *
 * It starts early: schemas start compiling as soon as a document that needs one is read (engines that
 * can prepare a schema), and the documents whose prolog can be read without a full parse are checked
 * while the main thread parses (the engines parse for themselves, in a worker thread). The full parse
 * confirms each prolog; the others are checked once parsed.
 */

/** A document of a schema's group: where it names the schema (for problems with the schema itself). */
interface Member {
  unit: Unit;
  at?: { line: number; column: number };
}

/** What the layer found for one document, applied once the document is known to be well-formed. */
interface SchemaOutcome {
  unit: Unit;
  /** The xml-model PIs the outcome was based on (checked against the parsed tree's). */
  basis: string;
  diagnostics: Diagnostic[];
  schemas: Array<{ schema: string; file: string; verdict: SchemaVerdict; use: SchemaUse; cached: boolean }>;
}

/** A document's RelaxNG result as the cache keeps it (cached-diagnostics.ts). */
interface CachedSchemaResult {
  verdict: SchemaVerdict;
  diagnostics: CachedDiagnostic[];
}

/** Each prolog's xml-model instructions as a string, worked out once per array (the collection's state gives documents with the same prolog one array). */
const bases = new WeakMap<XmlProcessingInstruction[], string>();
const basisOf = (pis: XmlProcessingInstruction[]): string => {
  let basis = bases.get(pis);
  if (basis === undefined) bases.set(pis, (basis = JSON.stringify(pis.filter((pi) => pi.inProlog && pi.target === 'xml-model').map((pi) => [pi.data, pi.line, pi.column]))));
  return basis;
};

export class SchemaLayer {
  /** One entry per RelaxNG schema used, in the order they were used. */
  readonly used: SchemaUse[] = [];
  /** Each schema's files, read once per run (undefined: they cannot be read; the engine reports it on every document). */
  private readonly filesRead = new Map<string, SchemaFiles | undefined>();
  /** Each document's key per schema, and each key's cached result, looked up once. */
  private readonly keys = new Map<Unit, Map<string, string>>();
  private readonly results = new Map<string, CachedSchemaResult | undefined>();
  private early: Promise<SchemaOutcome[]> | undefined;
  /** The documents validated with their includes in place, and the files checked as part of them (inclusion.ts). */
  private plan: InclusionPlan | undefined;

  /**
   * @param prepared the schemas compiling ahead of their validation (the caller releases those never taken over)
   * @param override the `--schema` file, for every document
   */
  constructor(private readonly context: ValidationContext, private readonly prepared: Map<string, PreparedSchema>, private readonly override: string | undefined) {}

  private get skipped(): boolean {
    return this.context.options.skipSchema === true;
  }

  private engine(): { engine: SchemaEngine; reason: string } {
    return chooseEngine(this.context.options.engine ?? 'auto', this.context.options.schemaEngine);
  }

  private schemaFiles(schema: string): SchemaFiles | undefined {
    if (!this.filesRead.has(schema)) {
      try {
        const { compiled } = this.context.options;
        this.filesRead.set(schema, compiled ? compiled.schemaFiles(schema) : readSchemaFiles(schema, undefined, this.context.state?.state.schemaOutlines));
      } catch (error) {
        if (!(error instanceof SchemaLoadError)) throw error;
        this.filesRead.set(schema, undefined);
      }
    }
    return this.filesRead.get(schema);
  }

  /** The hash of a schema's files (SchemaFiles.hash), undefined when they cannot be read. */
  filesHash(schema: string): string | undefined {
    return this.schemaFiles(schema)?.hash;
  }

  /** A document's result against a schema depends on its bytes, the schema's files, the engine and our code (ValidationKeys.schema). */
  private keyOf(engine: SchemaEngine, schema: string, unit: Unit): string | undefined {
    const files = this.schemaFiles(schema);
    if (!files || !this.context.cache) return undefined;
    let keys = this.keys.get(unit);
    if (!keys) this.keys.set(unit, (keys = new Map()));
    let key = keys.get(schema);
    if (key === undefined) {
      const members = this.plan?.mains.get(unit);
      // A document validated with its includes in place: the files it holds are part of its result.
      const hash = members ? `${unit.hash!}+${inclusionSignature(members)}` : unit.hash!;
      key = cached(this.context, () => this.context.keys.schema(engine.name, files.hash, displayPath(schema, this.context.cwd), unit.file.path, hash))!;
      keys.set(schema, key);
    }
    return key;
  }

  private cachedResult(key: string): CachedSchemaResult | undefined {
    if (!this.results.has(key)) this.results.set(key, cached(this.context, (cache) => cache.get<CachedSchemaResult>(key)));
    return this.results.get(key);
  }

  private relaxngSchemasOf(unit: Unit, prolog: XmlProcessingInstruction[]): SchemaAssociation[] {
    return associationsOf(this.context, unit, prolog).filter((association) => association.kind === 'relaxng');
  }

  /** Called as each document is read: starts compiling the schemas it needs, unless its results are in the cache. */
  prepareFor(unit: Unit): void {
    const source = unit.source;
    if (!source) return;
    if (this.skipped || !unit.isTarget) return;
    const { engine } = this.engine();
    if (!engine.prepare) return;
    let schemas: string[];
    if (this.override) schemas = [this.override];
    else {
      const prolog = prologProcessingInstructions(source.text);
      if (!prolog) return;
      schemas = this.relaxngSchemasOf(unit, prolog).flatMap((association) => (association.problem ? [] : [association.file!]));
    }
    this.prepare(engine, schemas, unit);
  }

  /**
   * Called when the collection's state shows that a document changed, before it is read: starts compiling
   * the schemas it was checked against last time (`kept`), which it most likely names still. At 2,000
   * documents this starts the compilation some 100 ms earlier than prepareFor would; a schema the document
   * no longer needs is released unused at the end of the run (its worker's time lost, nothing else).
   */
  prepareAhead(unit: Unit, kept: KeptSchemaLayer | undefined): void {
    if (this.skipped || !unit.isTarget || !kept) return;
    const { engine } = this.engine();
    if (engine.prepare) this.prepare(engine, this.override ? [this.override] : kept.schemas.map(([schema]) => schema));
  }

  /** Starts compiling each schema, unless it is compiled already or (with `unit`) the cache holds its result for the unit. */
  private prepare(engine: SchemaEngine, schemas: string[], unit?: Unit): void {
    for (const schema of schemas) {
      if (this.prepared.has(schema)) continue;
      const files = this.schemaFiles(schema);
      if (!files) continue;
      // Compiled by an earlier run of this process, and idle: nothing to prepare.
      if (this.context.options.compiled?.hasSchema(engine.name, files)) continue;
      const key = unit && this.keyOf(engine, schema, unit);
      if (key !== undefined && this.cachedResult(key)) continue;
      this.prepared.set(schema, engine.prepare!(schema, files));
    }
  }

  /**
   * Starts checking the documents whose prolog is known before they are parsed: those the cache knows
   * (their digest), and those read whose prolog is readable without a full parse.
   */
  start(units: Unit[]): void {
    if (this.skipped) return;
    // A collection where documents include others waits for finish: the files read later (included files not named)
    // may change which document holds which, and every document waits so that each schema is compiled once. Only
    // includes that can lead to a file count: one that names no file of the run nor on disk (I.Sicily's inscriptions
    // include `../alists/…`, which ../shared/corpus does not have) is never followed (inclusionPlan), and waiting for
    // it kept the RelaxNG worker idle for the whole parse (1.2 s of a 5 s run on ../shared/corpus against tei_all).
    const named = new Set(units.map((unit) => unit.file.absolutePath));
    if (units.some((unit) => wellFormed(unit) && unit.digest!.includes?.some((include) => followable(unit, include, named)))) return;
    this.early = this.check(units.filter((unit) => unit.isTarget).flatMap((unit) => {
      if (unit.digest) return unit.digest.malformed ? [] : [{ unit, prolog: unit.digest.prolog }];
      const prolog = unit.source ? prologProcessingInstructions(unit.source.text) : null;
      return prolog ? [{ unit, prolog }] : [];
    }));
    void this.early.catch(() => undefined); // awaited in finish(); this only keeps Node from calling it unhandled meanwhile
  }

  /** Whether the layer checks the documents while they are parsed (start), or has nothing to check: it then wants no tree held for it after the parse. */
  get started(): boolean {
    return this.skipped || this.early !== undefined;
  }

  /** Applies the early outcomes whose prolog the parse confirmed, and checks the other parsed targets now. */
  async finish(parsedTargets: Unit[], parsed: Unit[] = parsedTargets): Promise<void> {
    if (this.skipped) return;
    const plan = (this.plan = inclusionPlan(parsed));
    // Keys worked out before the plan was known (prepareFor, as the documents were read) lack what a main document holds.
    if (plan) for (const main of plan.mains.keys()) this.keys.delete(main);
    const outcomes = (await this.early) ?? [];
    const usable = outcomes.filter((outcome) => outcome.unit.digest && !outcome.unit.digest.malformed && outcome.basis === basisOf(outcome.unit.digest.prolog)
      && !plan?.mains.has(outcome.unit) && !plan?.covered.has(outcome.unit));
    const done = new Set(usable.map((outcome) => outcome.unit));
    const late = parsedTargets.filter((unit) => !done.has(unit) && !plan?.mains.has(unit) && !plan?.covered.has(unit));
    // A document that holds others is validated when it or one of them is reported on (`--changed`: a chapter changed).
    if (plan) late.push(...[...plan.mains].filter(([, members]) => members.some((member) => member.isTarget)).map(([main]) => main));
    this.apply(usable);
    if (late.length > 0) this.apply(await this.check(late.map((unit) => ({ unit, prolog: unit.digest!.prolog }))));
  }

  /** The layer for documents whose xml-model PIs are known (`prolog`): grouped by schema, each schema compiled once. */
  private async check(candidates: Array<{ unit: Unit; prolog: XmlProcessingInstruction[] }>): Promise<SchemaOutcome[]> {
    const { cwd } = this.context;
    const { engine, reason } = this.engine();
    const uses = new Map<string, SchemaUse>();
    const useOf = (schema: string): SchemaUse => {
      let use = uses.get(schema);
      if (!use) uses.set(schema, (use = { file: displayPath(schema, cwd), engine: engine.name, reason, compileMs: null, documents: 0, cached: 0 }));
      return use;
    };
    const outcomes = new Map<Unit, SchemaOutcome>();
    const groups = new Map<string, Member[]>();
    const state = this.context.state;
    for (const { unit, prolog } of candidates) {
      const outcome: SchemaOutcome = { unit, basis: basisOf(prolog), diagnostics: [], schemas: [] };
      outcomes.set(unit, outcome);
      // The results the collection's state holds, while their basis holds (state.ts).
      const kept = unit.kept?.schema;
      // Not for a document that holds others: its result depends on their bytes too (the cache's key has them).
      if (kept && state && unit.digest === unit.kept!.digest && kept.basis === state.schemaBasis(unit) && !this.plan?.mains.has(unit)) {
        outcome.diagnostics.push(...unpackDiagnostics(kept.diagnostics, unit.file.path, 'schema'));
        for (const schema of kept.schemas) outcome.schemas.push({ schema: useOf(schema[0]).file, file: schema[0], verdict: schema[1], use: useOf(schema[0]), cached: true });
        unit.schemaKept = kept;
        continue;
      }
      if (this.override) {
        addToGroup(groups, this.override, { unit });
        continue;
      }
      const relaxng = this.relaxngSchemasOf(unit, prolog);
      if (relaxng.length === 0) {
        outcome.diagnostics.push({
          file: unit.file.path, line: 1, column: 1, severity: 'error', rule: 'schema-missing', layer: 'schema',
          message: 'the document names no RelaxNG schema: add <?xml-model href="…rng" schematypens="http://relaxng.org/ns/structure/1.0"?> before the root element, or pass --schema',
        });
        continue;
      }
      for (const association of relaxng) {
        if (association.problem) outcome.diagnostics.push(associationDiagnostic(unit, association));
        else addToGroup(groups, association.file!, { unit, at: { line: association.line, column: association.column } });
      }
    }

    const results = await checkGrouped<Member, SchemaDocumentResult>(groups, {
      key: (schema, { unit }) => this.keyOf(engine, schema, unit),
      cached: (key, { unit }) => {
        const kept = this.cachedResult(key);
        return kept && { verdict: kept.verdict, diagnostics: unpackDiagnostics(kept.diagnostics, unit.file.path, 'schema') };
      },
      check: async (schema, all) => {
        const shown = displayPath(schema, cwd);
        // Documents known only from the cache are read again; one that changed since this run first read it is not checked.
        const loaded = await Promise.all(all.map(async ({ unit }) => {
          const members = this.plan?.mains.get(unit);
          // A document's includes are put in place from the trees of the files it holds.
          if (members) return (await Promise.all(members.map((member) => load(this.context, member, true)))).every(Boolean);
          return load(this.context, unit, false);
        }));
        const members = all.filter((_member, i) => loaded[i]);
        const changed: SchemaDocumentResult = { verdict: 'not-checked', diagnostics: [] };
        const { documents: results, compileMs } = await this.validate(schema, shown, members);
        if (members.length > 0) useOf(schema).compileMs = compileMs;
        let next = 0;
        return all.map(({ unit }, i) => (loaded[i] ? results[next++] : {
          ...changed, diagnostics: [{ file: unit.file.path, line: 0, column: 0, severity: 'error', rule: 'file-changed', layer: 'schema', message: 'the file changed while it was being validated; validate again' }],
        }));
      },
      // Only verdicts are kept: a timeout or a failure depends on more than the inputs.
      keep: (key, document, { unit }) => {
        if (document.verdict === 'valid' || document.verdict === 'invalid') {
          const kept: CachedSchemaResult = { verdict: document.verdict, diagnostics: packDiagnostics(document.diagnostics, unit.file.path, 'schema') };
          cached(this.context, (cache) => cache.set(key, kept));
        }
      },
    });
    for (const { schema, members, results: documents, cached: fromCache } of results) {
      const use = useOf(schema);
      members.forEach(({ unit }, i) => {
        const outcome = outcomes.get(unit)!;
        outcome.schemas.push({ schema: use.file, file: schema, verdict: documents[i].verdict, use, cached: fromCache[i] });
        outcome.diagnostics.push(...documents[i].diagnostics);
      });
    }
    return [...outcomes.values()];
  }

  /** Validates documents (read and parsed) against one schema, compiling it once (or taking over the one prepared). */
  private async validate(schema: string, shown: string, members: Member[]): Promise<{ documents: SchemaDocumentResult[]; compileMs: number | null }> {
    if (members.length === 0) return { documents: [], compileMs: null };
    const { options, timer } = this.context;
    const { engine } = this.engine();
    const context = this.context;
    {
      {
        // An engine that words each result as it arrives has each document's tree kept for it until then (releaseTree).
        const wording = engine.wordsEachDocument === true;
        const worded = (unit: Unit): void => {
          if (!unit.schemaWording) return;
          unit.schemaWording = false;
          releaseTree(context, unit);
        };
        if (wording) for (const { unit } of members) unit.schemaWording = true;
        const expansions = members.map(({ unit }) => this.expansion(unit));
        const inputs: SchemaInput[] = members.map(({ unit, at }, i): SchemaInput => {
          const expanded = expansions[i];
          if (expanded) return expandedInput(unit, expanded, at, wording ? () => worded(unit) : undefined);
          return {
            path: unit.file.path, bytes: unit.source!.bytes, text: unit.source!.text, utf8: unit.source!.utf8, declaredAt: at,
            // The position index is read when the engine's messages are worded, after the documents are parsed
            // (a document known only from the cache is parsed then, if its messages need it).
            get index() {
              return positionIndex(context, unit);
            },
            ...(wording ? { worded: () => worded(unit) } : {}),
          };
        });
        const files = this.schemaFiles(schema);
        const { compiled } = options;
        // The schema compiled by an earlier run of this process (CompiledSchemas), or being compiled since its documents were read.
        const kept = compiled && files ? compiled.takeSchema(engine.name, files) : undefined;
        const ready = kept ?? this.prepared.get(schema);
        if (!kept) this.prepared.delete(schema);
        const limits: SchemaLimits = {
          compileTimeoutMs: options.schemaTimeoutMs ?? SCHEMA_COMPILE_TIMEOUT_MS, validateTimeoutMs: options.validateTimeoutMs, files,
          keep: compiled && files ? (done) => compiled.keepSchema(engine.name, files, done) : undefined,
        };
        let result;
        try {
          result = await engine.validate(schema, inputs, limits, shown, ready);
        } finally {
          // Documents the engine did not word (a timeout, a failure) are let go of too.
          if (wording) for (const { unit } of members) worded(unit);
        }
        // A schema that never compiled spent all its time compiling.
        timer.add('schema-compile', result.compileMs ?? result.elapsedMs, members.length, shown);
        if (result.compileMs !== undefined) timer.add('schema-validate', result.validateMs ?? Math.max(0, result.elapsedMs - result.compileMs), members.length, shown);
        const documents = result.documents.map((document, i) => (expansions[i] ? { ...document, diagnostics: document.diagnostics.map((d) => locateDiagnostic(d, members[i].unit.file.path, expansions[i]!)) } : document));
        return { documents, compileMs: result.compileMs !== undefined ? Math.round(result.compileMs) : null };
      }
    }
  }

  /** A document with its includes in place, when it holds others (its files read and parsed: see check); undefined for one validated as written. */
  private expansion(unit: Unit): ExpandedDocument | undefined {
    const plan = this.plan;
    const members = plan?.mains.get(unit);
    if (!plan || !members) return undefined;
    const files = new Map<Unit, IncludedFile>();
    const units = new Map<IncludedFile, Unit>();
    for (const member of members) {
      const tree = positionIndex(this.context, member)?.tree;
      if (!tree || !member.source) continue;
      const file: IncludedFile = { path: member.file.path, text: member.source.text, tree };
      files.set(member, file);
      units.set(file, member);
    }
    const main = files.get(unit);
    if (!main) return undefined;
    const expanded = new ExpandedDocument(main, (from, include) => {
      const target = plan.follow(units.get(from)!, include);
      return target && files.get(target);
    });
    // The files it holds are let go of once the rules are done with them (the document's own tree is kept for its messages).
    for (const member of members) if (member !== unit) releaseTree(this.context, member);
    return expanded.expanded ? expanded : undefined;
  }

  /** Findings already given to each file by a document that holds it: a file held by two documents has each once. */
  private readonly shared = new Map<Unit, Set<string>>();

  /**
   * The findings on a document validated with its includes in place, each given to the file it is in when that file is
   * reported on, else to the document (so `validate corpus.xml` reports what is wrong inside the files it includes, at
   * their positions, as xmllint --xinclude does). A file it holds is valid against its schemas when no finding is in it.
   */
  private share(main: Unit, members: Unit[], diagnostics: Diagnostic[], schemas: SchemaOutcome['schemas']): void {
    const byPath = new Map(members.map((member) => [member.file.path, member]));
    const invalid = new Set<Unit>();
    for (const diagnostic of diagnostics) {
      const holder = byPath.get(diagnostic.file);
      const to = holder && (holder.isTarget || holder === main) ? holder : main;
      if (holder && diagnostic.severity === 'error') invalid.add(holder);
      let seen = this.shared.get(to);
      if (!seen) this.shared.set(to, (seen = new Set()));
      const key = JSON.stringify([diagnostic.file, diagnostic.line, diagnostic.column, diagnostic.rule, diagnostic.message]);
      if (seen.has(key)) continue;
      seen.add(key);
      to.diagnostics.push(diagnostic);
    }
    const worse: Record<SchemaVerdict, number> = { valid: 0, invalid: 1, 'not-checked': 2 };
    for (const member of members.slice(1)) {
      if (!member.isTarget) continue;
      for (const { schema, verdict } of schemas) {
        const own: SchemaVerdict = verdict === 'not-checked' ? 'not-checked' : invalid.has(member) ? 'invalid' : 'valid';
        const known = member.schemas.find((entry) => entry.schema === schema);
        if (!known) member.schemas.push({ schema, verdict: own });
        else if (worse[own] > worse[known.verdict]) known.verdict = own;
      }
    }
  }

  private apply(outcomes: SchemaOutcome[]): void {
    for (const { unit, diagnostics, schemas } of outcomes) {
      const members = this.plan?.mains.get(unit);
      if (members) this.share(unit, members, diagnostics, schemas);
      else unit.diagnostics.push(...diagnostics);
      // For the next run's state: verdicts only (a timeout or a failure depends on more than the inputs, as in the cache).
      const basis = unit.schemaKept || members ? undefined : this.context.state?.schemaBasis(unit);
      if (basis !== undefined && schemas.every(({ verdict }) => verdict === 'valid' || verdict === 'invalid')) {
        unit.schemaKept = { basis, diagnostics: packDiagnostics(diagnostics, unit.file.path, 'schema'), schemas: schemas.map(({ file, verdict }) => [file, verdict]) };
      }
      for (const { schema, verdict, use, cached: fromCache } of schemas) {
        unit.schemas.push({ schema, verdict });
        if (!this.used.includes(use)) this.used.push(use);
        use.documents += 1;
        if (fromCache) use.cached += 1;
      }
    }
  }
}

/**
 * Whether an include may be followed: it names a file tei-edition may follow (not a URL, say, which it never does:
 * I.Sicily's includes of the EpiDoc site), and that file is one of the run's (`named`) or exists (the run reads it
 * later: includedToLoad). An include of a file that is not there is never followed (inclusionPlan).
 */
function followable(unit: Unit, [href, parse, xpointer]: IncludeFact, named: Set<string>): boolean {
  const resolved = resolveInclude({ path: unit.file.path, folder: path.dirname(unit.file.absolutePath) }, href, parse, xpointer);
  if (!('file' in resolved)) return false;
  if (named.has(resolved.file)) return true;
  try {
    return fs.statSync(resolved.file, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}

/** A document validated with its includes in place: the text the engine validates, and the way back to the files (xinclude.ts). */
function expandedInput(unit: Unit, expanded: ExpandedDocument, declaredAt: { line: number; column: number } | undefined, worded: (() => void) | undefined): SchemaInput {
  let index: PositionIndex | undefined | null = null;
  return {
    // The text is put together decoded, and given to libxml2 as UTF-8: a declaration of another encoding (ISO-8859-1,
    // UTF-16) would misread it. Only line 1 changes, and libxml2 gives lines alone.
    path: unit.file.path, bytes: Buffer.from(expanded.text.replace(/^(\s*<\?xml\b[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2/, '$1$2UTF-8$2'), 'utf8'), text: expanded.text, declaredAt,
    // Parsed only when the engine's messages are worded, and only if there are any.
    get index() {
      if (index === null) {
        const verdict = checkWellFormed(expanded.text, { text: false });
        index = verdict.ok ? new PositionIndex(verdict.tree) : undefined;
      }
      return index;
    },
    ...(worded ? { worded: () => {
      index = undefined;
      worded();
    } } : {}),
  };
}

/**
 * A finding of the engine on an expanded document, at the file, line and column where the markup is written. The
 * raw message's position, and the line of a first occurrence a message names (rng-id-duplicate), are led back too.
 */
function locateDiagnostic(diagnostic: Diagnostic, shown: string, expanded: ExpandedDocument): Diagnostic {
  if (diagnostic.file !== shown || diagnostic.line <= 0) return diagnostic;
  const at = expanded.locate(diagnostic.line, Math.max(1, diagnostic.column));
  const located: Diagnostic = { ...diagnostic, file: at.file, line: at.line, column: diagnostic.column > 0 ? at.column : 0 };
  const rawAt = (line: string): string => line.replace(/^(.*?):(\d+)(?::(\d+))?:/, (whole, file: string, l: string, c: string | undefined) => {
    if (file !== shown) return whole;
    const there = expanded.locate(Number(l), Math.max(1, Number(c ?? 1)));
    return `${there.file}:${there.line}${c !== undefined ? `:${there.column}` : ''}:`;
  });
  const lines = diagnostic.raw?.split('\n') ?? [];
  if (diagnostic.raw !== undefined) located.raw = lines.map(rawAt).join('\n');
  // "already used on line N" (rng-id-duplicate): the first occurrence, in its own file. The TypeScript engine gives its
  // column in the raw message; libxml2 gives none (its line is enough to tell the file).
  const onLine = / on line (\d+);/.exec(diagnostic.message);
  if (onLine) {
    const first = /^(?:.*?):(\d+):(\d+):/.exec(lines[1] ?? '');
    const there = first ? expanded.locate(Number(first[1]), Number(first[2])) : expanded.locate(Number(onLine[1]), 1);
    located.message = diagnostic.message.replace(onLine[0], there.file === at.file ? ` on line ${there.line};` : ` in ${there.file} on line ${there.line};`);
  }
  return located;
}

export function associationDiagnostic(unit: Unit, association: SchemaAssociation): Diagnostic {
  return { file: unit.file.path, line: association.line, column: association.column, severity: 'error', rule: association.problem!.rule, layer: 'schema', message: association.problem!.message };
}
