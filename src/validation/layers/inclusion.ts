import * as path from 'path';
import { contentHash } from '../../cache';
import type { CollectionFile } from '../../collection';
import { toCollectionFile } from '../../collection';
import type { XmlElement } from '../../xml/tree';
import { includeFact, IncludeFact, MAX_INCLUDE_DEPTH, resolveInclude } from '../xinclude';
import { realPath, Unit, wellFormed } from './context';

/**
 * Which documents the schema layer validates with their includes in place, as `xmllint --xinclude` and oXygen do:
 * a document kept in several files (a teiCorpus root that includes its registers and sittings, a book that includes
 * its chapters) is valid or not as a whole, and a part of it is checked where it is used. A file that another file of
 * the run includes is checked as part of the document that includes it (its "main" document, as oXygen calls it), not
 * alone: a chapter that is a bare <div> is not a TEI document, and a sitting checked both alone and inside its corpus
 * would have every finding twice. Only the files of the run are followed (those named, and the files they include:
 * pipeline.ts reads those too), by the rules of resolveInclude.
 */
export interface InclusionPlan {
  /** Each document validated with its includes in place: the files whose content it holds (itself first). */
  mains: Map<Unit, Unit[]>;
  /** Each file checked as part of another: the documents that hold it. */
  covered: Map<Unit, Unit[]>;
  /** The file an include of a unit leads to, when it is followed (resolved, safe, well-formed, another file). */
  follow(from: Unit, include: IncludeFact | XmlElement): Unit | undefined;
}

/** The plan for these units; undefined when none includes another (most collections: one look at each digest). */
export function inclusionPlan(units: Unit[]): InclusionPlan | undefined {
  const includers = units.filter((unit) => wellFormed(unit) && unit.digest!.includes);
  if (includers.length === 0) return undefined;
  const byPath = new Map<string, Unit>();
  for (const unit of units) if (wellFormed(unit)) byPath.set(unit.file.absolutePath, unit);
  const follow = (from: Unit, include: IncludeFact | XmlElement): Unit | undefined => {
    const [href, parse, xpointer] = Array.isArray(include) ? include : includeFact(include);
    const resolved = resolveInclude({ path: from.file.path, folder: path.dirname(from.file.absolutePath) }, href, parse, xpointer);
    if ('problem' in resolved) return undefined;
    const target = byPath.get(resolved.file);
    return target === from ? undefined : target;
  };
  const edges = new Map<Unit, Unit[]>();
  const included = new Set<Unit>();
  for (const unit of includers) {
    const targets = [...new Set(unit.digest!.includes!.flatMap((include) => follow(unit, include) ?? []))];
    if (targets.length === 0) continue;
    edges.set(unit, targets);
    for (const target of targets) included.add(target);
  }
  if (edges.size === 0) return undefined;
  const mains = new Map<Unit, Unit[]>();
  const covered = new Map<Unit, Unit[]>();
  // A file no other includes holds the files it includes, and theirs, as deep as includes nest. Files that only
  // include one another (a loop, reported by xinclude-unresolved) are checked alone.
  for (const main of edges.keys()) {
    if (included.has(main)) continue;
    const members = [main];
    let level = [main];
    for (let depth = 0; depth < MAX_INCLUDE_DEPTH && level.length > 0; depth += 1) {
      const next: Unit[] = [];
      for (const unit of level) {
        for (const target of edges.get(unit) ?? []) {
          if (members.includes(target)) continue;
          members.push(target);
          next.push(target);
        }
      }
      level = next;
    }
    mains.set(main, members);
    for (const member of members.slice(1)) {
      const holders = covered.get(member);
      if (holders) holders.push(main);
      else covered.set(member, [main]);
    }
  }
  return { mains, covered, follow };
}

/**
 * What a main document's RelaxNG result depends on besides its own bytes and path (ValidationKeys.schema): the path and
 * bytes of every file whose content it holds.
 */
export function inclusionSignature(members: Unit[]): string {
  return contentHash(...members.slice(1).flatMap((unit) => [unit.file.path, unit.realPath, unit.hash ?? '']));
}

/**
 * The files the units' includes lead to that the run has not read: a document validated alone (`validate corpus.xml`)
 * is validated with its includes in place, as xmllint --xinclude does. Only files inside `roots` (the working folder
 * and the folders validated), by the rules of resolveInclude.
 */
export function includedToLoad(units: Unit[], cwd: string, inside: (file: string) => boolean, exists: (file: string) => boolean): CollectionFile[] {
  const known = new Set(units.map((unit) => unit.realPath));
  const absolute = new Set(units.map((unit) => unit.file.absolutePath));
  const wanted = new Map<string, CollectionFile>();
  for (const unit of units) {
    if (!wellFormed(unit) || !unit.digest!.includes) continue;
    for (const [href, parse, xpointer] of unit.digest!.includes) {
      const resolved = resolveInclude({ path: unit.file.path, folder: path.dirname(unit.file.absolutePath) }, href, parse, xpointer);
      if ('problem' in resolved || absolute.has(resolved.file)) continue;
      const real = realPath(resolved.file);
      if (known.has(real) || wanted.has(real) || !inside(real) || !exists(resolved.file)) continue;
      wanted.set(real, toCollectionFile(resolved.file, cwd));
    }
  }
  return [...wanted.values()];
}
