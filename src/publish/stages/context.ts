import * as path from 'path';
import type { ResultCache } from '../../cache';
import type { FileIndex } from '../../cache/file-index';
import type { Diagnostic } from '../../diagnostics/diagnostic';
import type { StageTimer } from '../../stages';
import type { DeferredWrites } from '../../cache/deferred-writes';
import type { CompiledSchemas } from '../../validation/layers/compiled';
import type { OutputFolder } from '../atomic-output';
import { BuildKeys } from '../cache-keys';
import type { BuildOptions } from '../build';
import type { Stylesheets } from '../stylesheets';
import type { EditionInfo } from '../transform';
import type { Executor } from '../workers';
import type { MentionJoin } from './mention-join';

/**
 * What every stage of a build may use: the run's options, its timer, where its problems go, and the
 * services of the run (cache, keys, stylesheets, threads, the output being written). What a stage
 * computes is not here: it is the stage's return value, and the next stage's argument (pipeline.ts).
 * A context lives for one run; what outlives runs (threads, stylesheets, compiled schemas and rules) is the
 * session's (session.ts).
 */
export interface BuildContext {
  readonly options: BuildOptions;
  /** The collection folder, absolute. */
  readonly srcDir: string;
  readonly timer: StageTimer;
  readonly problems: Problems;
  /** The persistent cache, unless `cache: false`. */
  readonly cache: ResultCache | undefined;
  /** What earlier runs learnt of the files' hashes (with the cache only). */
  readonly files: FileIndex | undefined;
  readonly keys: BuildKeys;
  readonly stylesheets: Stylesheets;
  /** The schemas and rules the session's validations compiled (the session's, kept between its builds). */
  readonly compiled: CompiledSchemas;
  /** Whether the session builds again (serve) and keeps `compiled` for it; else the validate stage lets go of it. */
  readonly keepCompiled: boolean;
  /** Where the session writes its cache's whole-state files from once the build is published (serve), if not at once. */
  readonly deferredWrites?: DeferredWrites;
  readonly edition: EditionInfo;
  /** What stages keep for the session's next build (serve); each checks it against the build's own inputs before it uses it. */
  readonly kept: KeptBetweenBuilds;
  /** Where `jobs` jobs run: worker threads when there are enough of them, else this thread. */
  executorFor(jobs: number): Executor;
  /** The next output, opened on first use (temporary folder beside `--out`, swapped in by the write stage). */
  readonly output: OutputFolder;
}

/** What the stages of a session's builds keep for its next build (session.ts). */
export interface KeptBetweenBuilds {
  /** The collection's mentions joined to its register's entries (collection-pages). */
  readonly mentions: MentionJoin;
}

/**
 * The same run with other edition metadata (and the cache keys that include it): the build learns after
 * summarising which registers a collection has, which every page's navigation names (EditionInfo.registers).
 * The other services are the run's own (the output, opened on first use, included).
 */
export function withEdition(context: BuildContext, edition: EditionInfo): BuildContext {
  return Object.create(context, { edition: { value: edition }, keys: { value: new BuildKeys(context.stylesheets.hash, edition) } }) as BuildContext;
}

export function relativeToCwd(file: string): string {
  return path.relative(process.cwd(), file).split(path.sep).join('/');
}

/**
 * The run's diagnostics, in the order the stages find them (each stage in collection order), and the
 * files left out of the edition.
 */
export class Problems {
  readonly diagnostics: Diagnostic[] = [];
  /** Collection paths of the files that could not be published. */
  readonly failed: string[] = [];

  add(diagnostics: Diagnostic[]): void {
    this.diagnostics.push(...diagnostics);
  }

  /** A problem with the folders themselves (no collection, an output that cannot be written). */
  io(file: string, rule: string, message: string): void {
    this.diagnostics.push({ file: relativeToCwd(file), line: 0, column: 0, severity: 'error', rule, layer: 'io', message });
  }

  error(file: string, rule: string, message: string, position: { line?: number; column?: number } = {}): void {
    this.diagnostics.push(buildDiagnostic(file, 'error', rule, message, position));
  }

  warning(file: string, rule: string, message: string): void {
    this.diagnostics.push(buildDiagnostic(file, 'warning', rule, message));
  }

  /** A file left out of the edition, with the error that says why. */
  leaveOut(source: { file: string; path: string }, rule: string, message: string, position: { line?: number; column?: number } = {}): void {
    this.error(source.file, rule, message, position);
    this.failed.push(source.path);
  }

  get hasErrors(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }
}

export function buildDiagnostic(file: string, severity: Diagnostic['severity'], rule: string, message: string, position: { line?: number; column?: number } = {}): Diagnostic {
  return { file: relativeToCwd(file), line: position.line ?? 0, column: position.column ?? 0, severity, rule, layer: 'build', message };
}
