import * as fs from 'fs';
import { contentHash } from '../../cache';
import { displayPath } from '../../collection';
import type { Diagnostic } from '../../diagnostics/diagnostic';
import { declaredSchemas } from '../associations';
import { DEFAULT_RULES_FILE } from '../pipeline';
import { COLLECTION_RULES } from '../rules';
import { Collection, RuleDocument } from '../rules/model';
import { compileSchematron, runSchematron, SchematronError, schematronFingerprint } from '../rules/schematron';
import { associationDiagnostic } from './schema-layer';
import { byPath, cached, pointedFiles, realPath, Unit, ValidationContext } from './context';
import { addToGroup, checkGrouped } from './grouped';

/**
 * Layer 3: the edition rules. The Schematron rules each document names (or `--rules`, or
 * schemas/edition.sch), grouped by rules file, each compiled once for the documents whose results the
 * cache does not hold (grouped.ts); then the collection-wide rules written in TypeScript (rules/collection/).
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
 * got: the text's hash, or null for a refusal.
 */
interface CachedRules {
  diagnostics: Diagnostic[];
  reads: Array<[string, string | null]>;
}

/**
 * The Schematron files that apply to a document: --rules, else those its xml-model names, else the
 * edition rules (DEFAULT_RULES_FILE). Problems with its xml-model go to `found`.
 */
function rulesFilesOf(unit: Unit, override: string | undefined, found: Diagnostic[]): Array<{ file: string; at?: Member['at'] }> {
  if (override) return [{ file: override }];
  const schematron = declaredSchemas(unit.tree!, unit.file.absolutePath).filter((association) => association.kind === 'schematron');
  for (const association of schematron) if (association.problem) found.push({ ...associationDiagnostic(unit, association), layer: 'rules' });
  const usable = schematron.filter((association) => !association.problem);
  if (usable.length > 0) return usable.map((association) => ({ file: association.file!, at: { line: association.line, column: association.column } }));
  if (schematron.length === 0 && fs.existsSync(DEFAULT_RULES_FILE)) return [{ file: DEFAULT_RULES_FILE }];
  return [];
}

/**
 * Runs the rules on the parsed targets (`parsed`: every parsed document, targets and context, which
 * pointers may reach) and adds their findings to each target.
 */
export async function rulesLayer(context: ValidationContext, units: Unit[], parsed: Unit[], override: string | undefined): Promise<void> {
  if (context.options.skipRules) return;
  const { cwd, timer } = context;
  const parsedTargets = parsed.filter((unit) => unit.isTarget);
  const found = new Map<Unit, Diagnostic[]>(parsedTargets.map((unit) => [unit, []]));

  const groups = new Map<string, Member[]>();
  for (const unit of parsedTargets) {
    for (const { file, at } of rulesFilesOf(unit, override, found.get(unit)!)) addToGroup(groups, file, { unit, at });
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

  // A document's Schematron results are kept per document and rules file (ValidationKeys.rules). Besides
  // its key they depend on whatever files the rules read through doc() and the like, the only way they see
  // anything beyond the document: those are recorded with the result, each with what the rules got (a
  // hash, or a refusal), and the result is used only while every one of them would give the same. Nothing
  // else reaches them: not which other documents are checked, nor in which transformation (each document
  // is matched on its own), nor the folder's listing (collection() fails and uri-collection() is empty
  // without a collection finder). A rule that asks for the date or time would be cached as if it did not;
  // ours do not.
  const rulesTexts = new Map<string, string | undefined>();
  const fingerprints = new Map<string, string | undefined>();
  const fingerprintOf = (file: string): string | undefined => {
    if (!fingerprints.has(file)) {
      const text = rulesTextOf(file);
      fingerprints.set(file, text === undefined ? undefined : cached(context, () => schematronFingerprint(text)));
    }
    return fingerprints.get(file);
  };
  const rulesTextOf = (file: string): string | undefined => {
    if (!rulesTexts.has(file)) rulesTexts.set(file, readText(file));
    return rulesTexts.get(file);
  };
  const outcomes = await checkGrouped<Member, RulesResult>(groups, {
    key: (file, { unit }) => {
      const fingerprint = context.cache ? fingerprintOf(file) : undefined;
      return fingerprint === undefined ? undefined : cached(context, () => context.keys.rules(fingerprint, file, unit.file.path, realPath(unit.file.absolutePath), unit.source!.bytes));
    },
    cached: (key) => {
      const entry = cached(context, (cache) => cache.get<CachedRules>(key, (value) => value.reads.every(([read, hash]) => answer(read) === hash)));
      return entry && { diagnostics: entry.diagnostics };
    },
    check: async (file, members) => {
      const shown = displayPath(file, cwd);
      let compiled;
      try {
        compiled = timer.time('rules-compile', members.length, () => compileSchematron(file, rulesTextOf(file)), shown);
      } catch (error) {
        if (!(error instanceof SchematronError)) throw error;
        return members.map(({ unit, at }) => ({
          diagnostics: [{ file: unit.file.path, line: at?.line ?? 0, column: at?.column ?? 0, severity: 'error' as const, rule: 'rules-compile-failed', layer: 'rules' as const, message: `the Schematron rules ${shown} cannot be used: ${error.message}` }],
        }));
      }
      const inputs = members.map(({ unit }) => ({ path: unit.file.path, absolutePath: realPath(unit.file.absolutePath), text: unit.source!.text, index: unit.index!, affinity: pointedFiles(unit).join('\n') }));
      return timer.timeAsync('rules-schematron', members.length, () => runSchematron(compiled, inputs, texts), shown);
    },
    // A failure may depend on more than the inputs (a stack too deep): it is not kept; nor is a rules file that did not compile.
    keep: (key, { diagnostics, reads }) => {
      if (reads && !diagnostics.some((d) => d.rule === 'rules-failed')) cached(context, (cache) => cache.set(key, { diagnostics, reads: reads.map((read) => [read, answer(read)]) } satisfies CachedRules));
    },
  });
  for (const { members, results } of outcomes) members.forEach(({ unit }, i) => found.get(unit)!.push(...results[i].diagnostics));

  const collectionFound = collectionRules(context, units, parsed, parsedTargets);
  parsedTargets.forEach((unit, i) => {
    unit.diagnostics.push(...found.get(unit)!, ...collectionFound[i]);
    unit.rulesChecked = true;
  });
}

/**
 * The TypeScript rules look across the whole collection, so their results are kept for the run as a
 * whole, keyed by the content and paths of every file read and which of them are reported on: any
 * change runs them again, over every document (they are cheap next to the Schematron rules).
 */
function collectionRules(context: ValidationContext, units: Unit[], parsed: Unit[], parsedTargets: Unit[]): Diagnostic[][] {
  const key = cached(context, () => context.keys.collection([...units].sort(byPath).map((unit) => ({
    path: unit.file.path, realPath: realPath(unit.file.absolutePath), isTarget: unit.isTarget, bytes: unit.source?.bytes,
  }))));
  const hit = key === undefined ? undefined : cached(context, (cache) => cache.get<Array<{ file: string; diagnostics: Diagnostic[] }>>(key,
    (entries) => entries.length === parsedTargets.length && entries.every((entry, i) => entry.file === parsedTargets[i].file.path)));
  if (hit) return hit.map((entry) => entry.diagnostics);
  const computed = context.timer.time('rules-collection', parsed.length, () => {
    const collection = new Collection(parsed.map((unit) => new RuleDocument(unit.file.path, realPath(unit.file.absolutePath), unit.tree!, unit.index!, unit.isTarget)));
    const byFile = new Map(parsedTargets.map((unit, i) => [unit.file.path, i]));
    const perTarget: Diagnostic[][] = parsedTargets.map(() => []);
    for (const rule of COLLECTION_RULES) {
      for (const diagnostic of rule.check(collection)) {
        const i = byFile.get(diagnostic.file);
        if (i !== undefined) perTarget[i].push(diagnostic);
      }
    }
    return perTarget;
  });
  if (key !== undefined) cached(context, (cache) => cache.set(key, parsedTargets.map((unit, i) => ({ file: unit.file.path, diagnostics: computed[i] }))));
  return computed;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
