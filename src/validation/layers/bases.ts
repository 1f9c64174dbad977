import * as fs from 'fs';
import * as path from 'path';
import { chooseEngine } from '../schema/engine';
import { schematronFingerprint } from '../rules/schematron';
import type { ValidationState } from '../state';
import { associationsOf, prologKey, rulesChoiceOf, RunState, Unit, ValidationContext } from './context';

/**
 * The bases of the layers' results kept in the collection's state (state.ts): what a document's RelaxNG
 * and Schematron results depend on besides its bytes, path and real path, as one string each. They
 * depend on the document only through its prolog (which schemas and rules it names) and its folder
 * (where they resolve), which most documents of a collection share: each distinct pair is worked out
 * once per run.
 *
 * RelaxNG: the engine, and each schema that applies (or why it cannot), by the hash of its files
 * (SchemaFiles.hash, as in ValidationKeys.schema). Schematron: each rules file that applies (or why it
 * cannot), by its fingerprint (its text, our compiler, SaxonJS, as in ValidationKeys.rules), and whether
 * the document is the edition's; the files the rules read are kept with the results, and checked apart.
 */
export function runState(context: ValidationContext, state: ValidationState, schemaFilesHash: (schema: string) => string | undefined, schemaOverride: string | undefined, rulesOverride: string | undefined): RunState {
  const { options } = context;
  const engine = chooseEngine(options.engine ?? 'auto', options.schemaEngine).engine.name;
  const fingerprints = new Map<string, string | null>();
  const fingerprintOf = (file: string): string | null => {
    let found = fingerprints.get(file);
    if (found === undefined) {
      let text: string | undefined;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        text = undefined;
      }
      fingerprints.set(file, (found = text === undefined ? null : schematronFingerprint(text)));
    }
    return found;
  };
  // The folder and the real folder: relative references resolve against both (rulesChoiceOf). Worked out
  // once per unit for both bases (at 2,000 documents, 4,000 dirname calls fewer on every run).
  const folders = new WeakMap<Unit, string>();
  const folderOf = (unit: Unit): string => {
    let folder = folders.get(unit);
    if (folder === undefined) {
      const absolute = path.dirname(unit.file.absolutePath);
      folders.set(unit, (folder = `${absolute}\0${unit.realPath === unit.file.absolutePath ? absolute : path.dirname(unit.realPath)}`));
    }
    return folder;
  };
  const memo = (work: (unit: Unit) => string): ((unit: Unit) => string) => {
    // By the prolog's content, not its array: documents read again (from the cache, not the state) have arrays of their
    // own, and a session's next run takes them from this one (serve: 2,000 bases worked out on every save otherwise).
    const byProlog = new Map<string, Map<string, string>>();
    // Asked several times for each unit (takeKept, the layers, the state): worked out once.
    const byUnit = new WeakMap<Unit, string>();
    return (unit) => {
      const known = byUnit.get(unit);
      if (known !== undefined) return known;
      const prolog = prologKey(unit.digest!.prolog);
      let byFolder = byProlog.get(prolog);
      if (!byFolder) byProlog.set(prolog, (byFolder = new Map()));
      const folder = folderOf(unit);
      let basis = byFolder.get(folder);
      if (basis === undefined) byFolder.set(folder, (basis = work(unit)));
      byUnit.set(unit, basis);
      return basis;
    };
  };
  const schemaBasis = memo((unit) => {
    const schemas = schemaOverride !== undefined
      ? [[schemaOverride, null, null, null, schemaFilesHash(schemaOverride) ?? null]]
      : associationsOf(context, unit, unit.digest!.prolog).filter((association) => association.kind === 'relaxng').map((association) => [
        association.file ?? null, association.line, association.column, association.problem ?? null,
        association.file !== undefined && !association.problem ? schemaFilesHash(association.file) ?? null : null,
      ]);
    return JSON.stringify([engine, schemas]);
  });
  const rulesBasis = memo((unit) => {
    const choice = rulesChoiceOf(context, unit, rulesOverride);
    return JSON.stringify([choice.rules.map(({ file, at }) => [file, at ?? null, fingerprintOf(file)]), choice.problems, choice.edition]);
  });
  return {
    state,
    schemaBasis: (unit) => (options.skipSchema || !unit.digest || unit.digest.malformed ? undefined : schemaBasis(unit)),
    rulesBasis: (unit) => (options.skipRules || !unit.digest || unit.digest.malformed ? undefined : rulesBasis(unit)),
  };
}
