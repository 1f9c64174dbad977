import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Diagnostic } from '../../diagnostics/diagnostic';
import { findAttribute, PositionIndex } from '../../xml/positions';
import { loadSaxonJS } from '../../saxon';
import { SEF_DIR, SHIPPED_RULES_DIR, toolCacheDir } from '../../package-files';
import { releaseRulesWorker, runInRulesWorker } from './rules-worker';
import { withSandbox } from './sandbox';
import { DocumentOutcome, Finding, runRules, RulesJob, saxonMessage } from './schematron-run';
import { compileFast, FastRules, runFast, severityOf } from './fast/fast-run';
import type { FastRulesThreads } from './fast/fast-threads';
import { makeFolders } from '../../make-folders';

export { severityOf };

/** The compiled Schematron compiler (scripts/compile-xslt.js writes it at `npm install`). */
export const COMPILER_SEF = path.join(SEF_DIR, 'schematron', 'sch2xslt.sef.json');

// SaxonJS is large and slow to load: loaded only when a schema has to be compiled.
type SaxonJS = {
  transform(options: Record<string, unknown>): { principalResult: unknown };
  getPlatform(): unknown;
};
let saxon: SaxonJS | undefined;
function saxonJS(): SaxonJS {
  saxon ??= loadSaxonJS<SaxonJS>();
  return saxon;
}

let compilerText: string | undefined;
function compilerSef(): string {
  if (compilerText === undefined) {
    if (!fs.existsSync(COMPILER_SEF)) {
      throw new Error(`the Schematron compiler is not built (${COMPILER_SEF} is missing); run \`npm run compile\``);
    }
    compilerText = fs.readFileSync(COMPILER_SEF, 'utf8');
  }
  return compilerText;
}

/**
 * A Schematron schema compiled to SaxonJS's SEF form and, when the schema stays within what the fast
 * evaluator does exactly (src/validation/rules/fast/), to its fast form too: documents are checked by
 * the fast form, and by SaxonJS when there is none or it cannot check a document exactly.
 */
export interface CompiledSchematron {
  file: string;
  /** The schema's text, as compiled (the fast rules' threads compile it again: fast/fast-threads.ts). */
  text: string;
  sef: string;
  fast?: FastRules;
}

/**
 * `TEI_EDITION_RULES_ENGINE=saxon` checks every document with SaxonJS, as before the fast evaluator (for
 * comparison, or to rule it out when a finding looks wrong).
 */
function fastEnabled(): boolean {
  return process.env.TEI_EDITION_RULES_ENGINE !== 'saxon';
}

export class SchematronError extends Error {}

/** Where compiled rules are kept between runs, keyed by a hash of everything that shapes them. */
export const RULES_CACHE_DIR = path.join(toolCacheDir(), 'rules');

/** Where the package ships the default schemas' rules compiled (same names as in RULES_CACHE_DIR). */
export function shippedRulesFile(key: string): string {
  return path.join(SHIPPED_RULES_DIR, `${key}.sef.json`);
}

/**
 * Schematron → XSLT (our compiler, in-process) → SEF (the xslt3 compiler, in a child process), once
 * per version of the schema: the SEF is cached under a hash of the schema, the compiler and SaxonJS's
 * version, so a run pays only for loading it (compiling XSLT anew costs seconds, loading SEF
 * milliseconds). `npm install` compiles schemas/edition.sch ahead. `text` is the file's, when the
 * caller has read it already. Throws SchematronError with the reason when the schema cannot be compiled.
 */
export function compileSchematron(file: string, text?: string): CompiledSchematron {
  if (text === undefined) {
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      throw new SchematronError('the file cannot be read');
    }
  }
  const key = schematronFingerprint(text);
  const cached = path.join(RULES_CACHE_DIR, `${key}.sef.json`);
  const fast = fastEnabled() ? compileFast(text) : undefined;
  // A new edition's rules are the package's own (init copies them): compiled ahead and shipped.
  for (const compiled of [cached, shippedRulesFile(key)]) {
    try {
      return { file, text, sef: fs.readFileSync(compiled, 'utf8'), fast };
    } catch {
      // not compiled yet
    }
  }

  const SaxonJS = saxonJS();
  let xslt: string;
  try {
    const result = withSandbox(SaxonJS, new Map(), () => SaxonJS.transform({ stylesheetText: compilerSef(), sourceText: text, destination: 'serialized', deliverMessage: () => undefined }));
    xslt = String(result.principalResult);
  } catch (error) {
    throw new SchematronError(saxonMessage(error));
  }
  const refused = /<run:error[^>]*>([\s\S]*?)<\/run:error>/.exec(xslt);
  if (refused) throw new SchematronError(refused[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
  const folder = writableFolder(RULES_CACHE_DIR);
  const unique = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  const source = path.join(folder, `${key}.${unique}.xsl`);
  const target = path.join(folder, `${key}.${unique}.sef.json`);
  try {
    fs.writeFileSync(source, xslt);
    const compiled = spawnSync(process.execPath, [require.resolve('xslt3/xslt3.js'), `-xsl:${source}`, `-export:${target}`, '-nogo'], { encoding: 'utf8', timeout: 120000 });
    if (compiled.status !== 0 || !fs.existsSync(target)) {
      const reason = `${compiled.stderr ?? ''}${compiled.stdout ?? ''}`.replace(/\s+/g, ' ').replace(/Failed to compile stylesheet/, '').trim() || compiled.error?.message || 'the XSLT compiler failed';
      throw new SchematronError(saxonMessage(reason.replace(/ in \S+\.xsl\b/g, '')));
    }
    if (folder !== RULES_CACHE_DIR) return { file, text, sef: fs.readFileSync(target, 'utf8'), fast };
    fs.renameSync(target, cached);
    return { file, text, sef: fs.readFileSync(cached, 'utf8'), fast };
  } finally {
    for (const leftover of [source, target]) fs.rmSync(leftover, { force: true });
    if (folder !== RULES_CACHE_DIR) fs.rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * The cache folder, or, where it cannot be written (a tool installed globally by another user), a temporary
 * folder of this run's own: the rules are then compiled on every run, slower but never refused.
 */
function writableFolder(folder: string): string {
  try {
    makeFolders(folder);
    fs.accessSync(folder, fs.constants.W_OK);
    return folder;
  } catch {
    return fs.mkdtempSync(path.join(os.tmpdir(), 'tei-edition-rules-'));
  }
}

/**
 * Identifies what a Schematron schema's compiled rules are: its text, our compiler and SaxonJS's version.
 * Keys the compiled SEF here and, in the pipeline, the documents' cached results.
 */
export function schematronFingerprint(text: string): string {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const saxonVersion = (require('saxon-js/package.json') as { version: string }).version;
  return createHash('sha256').update(text).update('\0').update(compilerSef()).update('\0').update(saxonVersion).digest('hex').slice(0, 32);
}

/** A document for the rules, with what the earlier stages built. */
export interface RuleInput {
  path: string;
  absolutePath: string;
  text: string;
  index: PositionIndex;
  /**
   * The files the document is expected to read (say, those its pointers name), as one string: documents
   * with the same affinity share transformations (see runSchematron). Only a hint: what the rules
   * actually read is recorded either way. A function is called only for the documents SaxonJS checks.
   */
  affinity?: string | (() => string);
}

/** A document's diagnostics, and the local files its transformation read (see withSandbox). */
export interface RuleResult {
  diagnostics: Diagnostic[];
  reads: string[];
}

export interface RunOptions {
  /** Threads that run the fast rules (fast/fast-threads.ts); without them, the fast rules run on this thread. */
  threads?: FastRulesThreads;
  /** Told each document's time in the fast rules (on a thread: its parse too), in ms. */
  onDocument?: (path: string, ms: number) => void;
  /** Check with the fast rules only: a document they hand back gets no result (undefined), for the caller to check later. */
  fastOnly?: boolean;
}

/** Documents checked in one SaxonJS transformation, at most (by text size). */
const CHUNK_CHARS = 2 * 1024 * 1024;

/**
 * Documents whose affinity few others share are pooled, at most this many to a transformation: a file
 * read by one of them then counts as read by at most this many documents (a transformation costs a few
 * milliseconds, a document's rules about 15).
 */
const POOLED_DOCUMENTS = 8;

/**
 * Runs a compiled Schematron over documents, with `collection` (absolute path → text) as the only
 * documents `doc()` can read. Each document is checked by the fast evaluator (./fast/) when the schema
 * has a fast form, over the tree in its position index (or, given `options.threads`, on those threads,
 * which parse each document themselves: its position index is then not read); the documents it hands
 * back, or all of them when there is no fast form, are checked by SaxonJS as follows. Small documents share a transformation; large ones get their own, so
 * that memory stays bounded (SaxonJS slows down badly when many large trees are alive at once).
 * The rules are compiled once either way: each transformation only loads the compiled SEF. They run in
 * the rules worker when the CLI started one (rules-worker.ts), else on this thread.
 *
 * The files a transformation reads are recorded for each of its documents (which document asked cannot
 * be told), so documents are grouped by affinity: those that read the same files (the register) share
 * transformations, and a document that alone reads another (a letter it cites) is not counted as a
 * reader by a whole chunk of others, which the result cache would then check again when that file
 * changes. Returns each document's result, in input order.
 */
export async function runSchematron(compiled: CompiledSchematron, allInputs: RuleInput[], collection: Map<string, string>, options: RunOptions & { fastOnly: true }): Promise<Array<RuleResult | undefined>>;
export async function runSchematron(compiled: CompiledSchematron, allInputs: RuleInput[], collection: Map<string, string>, options?: RunOptions): Promise<RuleResult[]>;
export async function runSchematron(compiled: CompiledSchematron, allInputs: RuleInput[], collection: Map<string, string>, options: RunOptions = {}): Promise<Array<RuleResult | undefined>> {
  const results: RuleResult[] = new Array(allInputs.length);
  // The fast evaluator first; what it hands back goes to SaxonJS below.
  let slow = allInputs.map((_, i) => i);
  const program = compiled.fast && 'program' in compiled.fast ? compiled.fast.program : undefined;
  if (program) {
    const rulesUri = pathToFileURL(compiled.file).href;
    slow = [];
    // On the threads first, when given: what they could not run (a thread that stopped) runs here.
    const threaded = options.threads && options.threads.size > 0 ? await options.threads.run(allInputs, collection) : undefined;
    let since = performance.now();
    for (let i = 0; i < allInputs.length; i += 1) {
      const input = allInputs[i];
      const done = threaded?.[i];
      if (done?.ran) {
        if (done.outcome) results[i] = done.outcome;
        else slow.push(i);
        options.onDocument?.(input.path, done.ms);
        continue;
      }
      const started = performance.now();
      const outcome = runFast(program, { ...input, tree: input.index.tree }, rulesUri, collection);
      options.onDocument?.(input.path, performance.now() - started);
      if (outcome) results[i] = outcome;
      else slow.push(i);
      // Let the other layers' messages (the RelaxNG worker's) through now and then.
      if (performance.now() - since > 50) {
        await new Promise((resolve) => setImmediate(resolve));
        since = performance.now();
      }
    }
    if (slow.length === 0) {
      releaseRulesWorker();
      return results;
    }
  }
  if (options.fastOnly) return results;
  const inputs = slow.map((i) => allInputs[i]);
  const groups = new Map<string, number[]>();
  inputs.forEach((input, i) => {
    const affinity = typeof input.affinity === 'function' ? input.affinity() : input.affinity ?? '';
    const group = groups.get(affinity);
    if (group) group.push(i);
    else groups.set(affinity, [i]);
  });
  const shared = [...groups.values()].filter((group) => group.length >= POOLED_DOCUMENTS);
  const pooled = [...groups.entries()].filter(([, group]) => group.length < POOLED_DOCUMENTS).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).flatMap(([, group]) => group);
  const chunks: number[][] = [];
  const split = (order: number[], most: number): void => {
    let chunk: number[] = [];
    let size = 0;
    for (const i of order) {
      if (chunk.length > 0 && (size + inputs[i].text.length > CHUNK_CHARS || chunk.length >= most)) {
        chunks.push(chunk);
        chunk = [];
        size = 0;
      }
      chunk.push(i);
      size += inputs[i].text.length;
    }
    if (chunk.length > 0) chunks.push(chunk);
  };
  for (const group of shared) split(group, Infinity);
  split(pooled, POOLED_DOCUMENTS);

  try {
    for (const chunk of chunks) {
      const outcome = await runChunk(compiled, chunk.map((i) => inputs[i]), collection);
      chunk.forEach((i, k) => (results[slow[i]] = outcome[k]));
    }
  } finally {
    releaseRulesWorker();
  }
  return results;
}

async function runChunk(compiled: CompiledSchematron, inputs: RuleInput[], collection: Map<string, string>): Promise<RuleResult[]> {
  const job: RulesJob = {
    sef: compiled.sef,
    sefBaseURI: pathToFileURL(compiled.file).href,
    documents: inputs.map((input) => ({ text: input.text, baseURI: pathToFileURL(input.absolutePath).href })),
    collection,
  };
  const { documents: outcomes, reads } = (await runInRulesWorker(job)) ?? (await runRules(job));
  // Let the other layers' messages (the RelaxNG worker's) through between chunks.
  await new Promise((resolve) => setImmediate(resolve));
  return inputs.map((input, i) => ({ diagnostics: diagnosticsOf(compiled, input, outcomes[i]), reads }));
}

function diagnosticsOf(compiled: CompiledSchematron, input: RuleInput, outcome: DocumentOutcome): Diagnostic[] {
  if ('unreadable' in outcome) {
    return [{ file: input.path, line: 0, column: 0, severity: 'error', rule: 'rules-failed', layer: 'rules', message: `the edition rules could not read this document: ${outcome.unreadable}` }];
  }
  if ('failure' in outcome) {
    return [{ file: input.path, line: 0, column: 0, severity: 'error', rule: 'rules-failed', layer: 'rules', message: `the rules in ${path.basename(compiled.file)} failed on this document: ${outcome.failure}` }];
  }
  return outcome.findings.map((finding) => toDiagnostic(input, finding));
}

function toDiagnostic(input: RuleInput, finding: Finding): Diagnostic {
  const element = input.index.byPath(finding.location.path);
  const attribute = element && finding.location.attribute ? findAttribute(element, finding.location.attribute) : undefined;
  const position = attribute ?? element;
  return {
    file: input.path,
    line: position?.line ?? 0,
    column: position?.column ?? 0,
    severity: severityOf(finding.role),
    rule: finding.rule,
    layer: 'rules',
    message: finding.message,
  };
}

