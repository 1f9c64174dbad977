import * as fs from 'fs';
import * as path from 'path';
import type { ResultCache } from '../../cache';
import type { CollectionFile, Source } from '../../collection';
import type { Diagnostic } from '../../diagnostics/diagnostic';
import type { StageTimer } from '../../stages';
import type { PositionIndex } from '../../xml/positions';
import type { XmlTree } from '../../xml/tree';
import { localPath } from '../associations';
import type { ValidationKeys } from '../cache-keys';
import type { ValidateOptions } from '../pipeline';
import { pointerTokens } from '../rules/model';
import type { SchemaVerdict } from '../schema/relaxng';

/** Everything the validator knows about one file, as the layers fill it in. */
export interface Unit {
  file: CollectionFile;
  /** Reported on (a target), or only read so that pointers into it resolve (context). */
  isTarget: boolean;
  source?: Source;
  tree?: XmlTree;
  index?: PositionIndex;
  diagnostics: Diagnostic[];
  schemas: Array<{ schema: string; verdict: SchemaVerdict }>;
  rulesChecked: boolean;
}

/** What the layers of one run share: its options, timer and cache. */
export interface ValidationContext {
  readonly cwd: string;
  readonly options: ValidateOptions;
  readonly timer: StageTimer;
  readonly cache: ResultCache | undefined;
  readonly keys: ValidationKeys;
}

/** Times a look-up or store of the result cache (the `cache` stage). */
export function cached<T>(context: ValidationContext, body: (cache: ResultCache) => T): T | undefined {
  const { cache } = context;
  return cache ? context.timer.time('cache', 0, () => body(cache)) : undefined;
}

export function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/** The local XML files a document's pointers lead into (`register.xml#brezhnev`), sorted. */
export function pointedFiles(unit: Unit): string[] {
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

/** Paths in the order reports use (byte order of the shown path). */
export function byPath(a: Unit, b: Unit): number {
  return a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0;
}
