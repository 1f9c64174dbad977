import * as path from 'path';
import type { Diagnostic } from '../../diagnostics/diagnostic';
import { displayPath } from '../../collection';
import { schemaValidateTimeoutMs } from '../../limits';
import { PositionIndex } from '../../xml/positions';
import { LineIndex } from '../../xml/tree';
import { readSchemaFiles, SchemaFiles, SchemaLoadError } from './closure';
import type { PreparedSchema } from './engine';
import { interpretMessages, LibxmlMessage, SchemaFacts } from './messages';
import { memoryFor, PAGES_PER_MIB, MAX_MEMORY_MIB, runXmllint, XmllintOutcome } from './xmllint';

/** A document to validate, with what the earlier stages know about it. */
export interface SchemaInput {
  /** Path shown in reports. */
  path: string;
  bytes: Uint8Array;
  /** The position index, when the document parsed; used to give messages a column. */
  index?: PositionIndex;
  /** Where the document names this schema (its xml-model PI), for problems with the schema itself. */
  declaredAt?: { line: number; column: number };
  /** The decoded text, when already at hand (engines that work on text need not decode the bytes again). */
  text?: string;
  /** `text` is `bytes` decoded as UTF-8 (a byte order mark left out): an engine on another thread may be sent the bytes instead. */
  utf8?: boolean;
  /** Called once the engine has worded this document's result: it reads `index` no more (SchemaEngine.wordsEachDocument). */
  worded?: () => void;
}

export type SchemaVerdict = 'valid' | 'invalid' | 'not-checked';

export interface SchemaDocumentResult {
  verdict: SchemaVerdict;
  diagnostics: Diagnostic[];
}

export interface SchemaBatchResult {
  schema: string;
  /** Per input, in the order given. */
  documents: SchemaDocumentResult[];
  /** libxml2's own figure for compiling the schema, when it got that far. */
  compileMs?: number;
  /**
   * The engine's own figure for validating, once compiled, when it has one. elapsedMs runs until this
   * thread reads the engine's answer, which waits while the thread is busy (the Schematron rules).
   */
  validateMs?: number;
  elapsedMs: number;
  /** How many xmllint runs it took (more than one after running out of memory). */
  attempts: number;
}

export interface SchemaLimits {
  /** Time allowed to compile the schema (libxml2 never finishes compiling some). */
  compileTimeoutMs: number;
  /** Time allowed to validate, once compiled; by default 60 s plus 10 s per MB of input. */
  validateTimeoutMs?: number;
  /** The schema's files, when the caller has read them already (readSchemaFiles). */
  files?: SchemaFiles;
  /**
   * Called with the compiled schema when it validated every document without trouble, instead of letting
   * it go: it can be passed as `prepared` to validate again (CompiledSchemas keeps it between runs).
   * Engines that cannot validate twice with one compilation never call it.
   */
  keep?: (schema: PreparedSchema) => void;
}

/** A schema file and every file it includes, as xmllint's in-memory file system will hold them. */
interface LoadedSchema {
  /** The main schema's name inside xmllint's file system. */
  name: string;
  files: Array<{ fileName: string; contents: Uint8Array; shown: string }>;
  bytes: number;
  facts: SchemaFacts;
}

/**
 * Documents per xmllint run. xmllint's arguments live on WebAssembly's small stack: 10,000 file names in
 * one run overflowed it ("memory access out of bounds" for every document). Larger collections take
 * several runs, each compiling the schema again.
 */
const DOCUMENTS_PER_RUN = 1000;

/**
 * Validates every input against one RelaxNG schema in a single xmllint run, so the schema is compiled
 * once. Per-document verdicts come from xmllint's own output ("X validates" / "X fails to validate"),
 * because the library's one `valid` flag covers the whole run.
 */
export async function validateAgainstSchema(schemaFile: string, inputs: SchemaInput[], limits: SchemaLimits, displaySchema = schemaFile): Promise<SchemaBatchResult> {
  const started = Date.now();
  if (inputs.length > DOCUMENTS_PER_RUN) {
    const runs: SchemaBatchResult[] = [];
    for (let i = 0; i < inputs.length; i += DOCUMENTS_PER_RUN) runs.push(await validateAgainstSchema(schemaFile, inputs.slice(i, i + DOCUMENTS_PER_RUN), limits, displaySchema));
    const compiled = runs.filter((run) => run.compileMs !== undefined);
    return {
      schema: schemaFile,
      documents: runs.flatMap((run) => run.documents),
      ...(compiled.length > 0 ? { compileMs: compiled.reduce((sum, run) => sum + run.compileMs!, 0) } : {}),
      elapsedMs: Date.now() - started,
      attempts: runs.reduce((sum, run) => sum + run.attempts, 0),
    };
  }
  const fail = (rule: string, message: string, raw?: string): SchemaBatchResult => ({
    schema: schemaFile,
    documents: inputs.map((input) => ({
      verdict: 'not-checked',
      diagnostics: [{ file: input.path, line: input.declaredAt?.line ?? 0, column: input.declaredAt?.column ?? 0, severity: 'error', rule, layer: 'schema', message, ...(raw ? { raw } : {}) }],
    })),
    elapsedMs: Date.now() - started,
    attempts: 0,
  });

  let schema: LoadedSchema;
  try {
    schema = loadSchema(schemaFile, limits.files);
  } catch (error) {
    if (error instanceof SchemaLoadError) return fail(error.rule, `${displaySchema}: ${error.message}`);
    throw error;
  }

  const names = inputs.map((_, i) => `d/${i + 1}.xml`);
  const largest = Math.max(0, ...inputs.map((input) => input.bytes.length));
  const total = inputs.reduce((sum, input) => sum + input.bytes.length, 0);
  const validateTimeoutMs = limits.validateTimeoutMs ?? schemaValidateTimeoutMs(total);
  let memory = memoryFor(largest, schema.bytes);
  let attempts = 0;
  let outcome: XmllintOutcome;
  for (;;) {
    attempts += 1;
    outcome = await runXmllint(
      {
        inputFiles: [...schema.files.map(({ fileName, contents }) => ({ fileName, contents })), ...inputs.map((input, i) => ({ fileName: names[i], contents: input.bytes }))],
        args: ['--timing', '--relaxng', schema.name, '--noout', ...names],
        initialMemory: 16 * PAGES_PER_MIB,
        maxMemory: memory * PAGES_PER_MIB,
      },
      { compileTimeoutMs: limits.compileTimeoutMs, validateTimeoutMs },
    );
    const outOfMemory = (outcome.status === 'exited' && outcome.code === 9) || outcome.lines.some((line) => /out of memory/i.test(line));
    if (!outOfMemory || memory >= MAX_MEMORY_MIB) break;
    memory = Math.min(MAX_MEMORY_MIB, memory * 4);
  }

  const seconds = (ms: number): string => (ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 100) / 10} s`);
  if (outcome.status === 'timeout' && outcome.phase === 'compile') {
    return {
      ...fail('schema-timeout', `the schema ${displaySchema} did not compile within ${seconds(limits.compileTimeoutMs)} (libxml2 never finishes compiling some RelaxNG schemas); the document was not checked against it. Raise --schema-timeout, or use a simpler schema`),
      elapsedMs: outcome.elapsedMs,
      attempts,
    };
  }
  if (outcome.lines.some((line) => /^Relax-NG schema .* failed to compile$/.test(line))) {
    // Name the files as the user knows them, not as xmllint's in-memory file system does.
    const shownNames = (line: string): string => schema.files.reduce((text, file) => text.split(file.fileName).join(file.shown), line);
    const lines = withoutQuotedSource(outcome.lines.filter((line) => !TIMING.test(line))).map(shownNames);
    const reason = lines.find((line) => /parser error|error :|failed to load/i.test(line));
    return { ...fail('schema-invalid', `the schema ${displaySchema} could not be compiled: ${reason ?? 'libxml2 rejected it'}`, lines.join('\n')), attempts };
  }
  if (outcome.status === 'crashed' || (outcome.status === 'exited' && outcome.code === 9)) {
    const why = outcome.status === 'crashed' ? outcome.reason : 'out of memory';
    return { ...fail('schema-engine-failed', `xmllint failed while validating against ${displaySchema}: ${why}`, outcome.lines.join('\n')), attempts };
  }

  const parsed = splitByDocument(outcome.lines, names, inputs.map((input) => input.path));
  const documents = inputs.map((input, i): SchemaDocumentResult => {
    const record = parsed[i];
    if (record.parserErrors.length > 0) {
      return { verdict: 'not-checked', diagnostics: record.parserErrors.map((error) => parserDiagnostic(input, error)) };
    }
    if (record.verdict === undefined) {
      if (outcome.status === 'timeout') {
        return {
          verdict: 'not-checked',
          diagnostics: [{ file: input.path, line: 0, column: 0, severity: 'error', rule: 'schema-timeout', layer: 'schema', message: `validation against ${displaySchema} did not finish within ${seconds(validateTimeoutMs)}; the document was not checked` }],
        };
      }
      return {
        verdict: 'not-checked',
        diagnostics: [{ file: input.path, line: 0, column: 0, severity: 'error', rule: 'schema-engine-failed', layer: 'schema', message: `xmllint gave no verdict for this document against ${displaySchema}`, raw: record.lines.join('\n') }],
      };
    }
    const diagnostics = interpretMessages(input.path, record.messages, input.index, schema.facts);
    if (record.verdict === 'invalid' && diagnostics.length === 0) {
      diagnostics.push({ file: input.path, line: 0, column: 0, severity: 'error', rule: 'rng-invalid', layer: 'schema', message: `the document is not valid against ${displaySchema} (libxml2 gave no detail)` });
    }
    return { verdict: record.verdict, diagnostics };
  });
  return { schema: schemaFile, documents, compileMs: outcome.compileMs, elapsedMs: outcome.elapsedMs, attempts };
}

/**
 * libxml2 follows a parser error with the offending source line and a caret. For a schema, that line
 * comes from whatever file an xml-model names (a document could name /etc/passwd or a key file as its
 * schema), so it is never echoed into a report or a CI log.
 */
function withoutQuotedSource(lines: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    kept.push(lines[i]);
    if (/parser error :/.test(lines[i]) && /^\s*\^\s*$/.test(lines[i + 2] ?? '')) i += 2;
  }
  return kept;
}

interface DocumentRecord {
  verdict?: 'valid' | 'invalid';
  messages: LibxmlMessage[];
  parserErrors: Array<{ line: number; message: string; context?: string; caret?: number; raw: string }>;
  lines: string[];
}

const TIMING = /^(Compiling the schemas|Parsing|Validating|Freeing) took \d+ ms$/;

/**
 * Assigns xmllint's stderr lines to documents. xmllint handles the documents one after another, in
 * argument order, printing "Parsing took" before validating each; most lines start with the file
 * name, but some ("Relax-NG validity error : Element pb failed to validate attributes") have none and
 * belong to the document being validated.
 */
export function splitByDocument(lines: string[], names: string[], paths: string[] = names): DocumentRecord[] {
  const records: DocumentRecord[] = names.map(() => ({ messages: [], parserErrors: [], lines: [] }));
  const indexOf = new Map(names.map((name, i) => [name, i]));
  let current = -1;
  let next = 0;
  let lastParserError: DocumentRecord['parserErrors'][number] | undefined;
  let contextLines = 0;
  for (const line of lines) {
    if (/^Compiling the schemas took/.test(line)) continue;
    if (/^Parsing took \d+ ms$/.test(line)) {
      current = next;
      next += 1;
      lastParserError = undefined;
      continue;
    }
    if (TIMING.test(line)) continue;
    const verdict = /^(\S+) (validates|fails to validate)$/.exec(line);
    if (verdict && indexOf.has(verdict[1])) {
      const i = indexOf.get(verdict[1])!;
      records[i].verdict = verdict[2] === 'validates' ? 'valid' : 'invalid';
      records[i].lines.push(line);
      continue;
    }
    const located = /^(\S+?):(\d+): (.*)$/.exec(line);
    if (located && indexOf.has(located[1])) {
      const i = indexOf.get(located[1])!;
      current = i;
      next = Math.max(next, i + 1);
      records[i].lines.push(line);
      const body = located[3];
      const parser = /^(?:parser error|namespace error|validity error|error) : ([\s\S]*)$/.exec(body);
      if (parser && !/Relax-NG/.test(body)) {
        lastParserError = { line: Number(located[2]), message: parser[1], raw: `${paths[i]}${line.slice(located[1].length)}` };
        records[i].parserErrors.push(lastParserError);
        contextLines = 0;
        continue;
      }
      const element = /^element (\S+): Relax-NG validity error : ([\s\S]*)$/.exec(body);
      const raw = `${paths[i]}${line.slice(located[1].length)}`;
      if (element) records[i].messages.push({ line: Number(located[2]), element: element[1], text: element[2], raw });
      else records[i].messages.push({ line: Number(located[2]), text: body.replace(/^Relax-NG validity error : /, ''), raw });
      lastParserError = undefined;
      continue;
    }
    if (lastParserError && contextLines < 2) {
      // libxml2 prints the offending source line, then a caret under the error.
      if (contextLines === 0) lastParserError.context = line;
      else if (/^\s*\^$/.test(line)) lastParserError.caret = line.indexOf('^');
      lastParserError.raw += `\n${line}`;
      contextLines += 1;
      continue;
    }
    const unlocated = /^(?:Relax-NG validity error : )?([\s\S]+)$/.exec(line);
    if (current >= 0 && current < records.length && unlocated && /Relax-NG validity error/.test(line)) {
      records[current].messages.push({ text: unlocated[1], raw: line });
      records[current].lines.push(line);
    } else if (current >= 0 && current < records.length) {
      records[current].lines.push(line);
    }
  }
  return records;
}

function parserDiagnostic(input: SchemaInput, error: DocumentRecord['parserErrors'][number]): Diagnostic {
  let column = 0;
  if (error.context !== undefined && error.caret !== undefined) {
    // The context is a window of the source line; find it in the line to turn the caret into a column.
    const text = Buffer.from(input.bytes).toString('utf8');
    const sourceLine = new LineIndex(text).lineText(error.line);
    const at = sourceLine.indexOf(error.context);
    column = (at >= 0 ? at : 0) + error.caret + 1;
  }
  return {
    file: input.path,
    line: error.line,
    column,
    severity: 'error',
    rule: 'xml-malformed',
    layer: 'wellformed',
    message: error.message.replace(/^Entity '(.+)' not defined$/, 'the entity &$1; is not defined'),
    raw: error.raw,
  };
}

/** A schema and the files it includes (read once, see closure.ts), in xmllint's file system layout. */
function loadSchema(schemaFile: string, read: SchemaFiles = readSchemaFiles(schemaFile)): LoadedSchema {
  const all = [...read.files.keys()];
  const root = commonDirectory(all);
  const toName = (file: string): string => `s/${path.relative(root, file).split(path.sep).join('/')}`;
  return {
    name: toName(read.main),
    files: all.map((file) => ({ fileName: toName(file), contents: read.files.get(file)!, shown: displayPath(file) })),
    bytes: read.bytes,
    facts: read.facts,
  };
}

function commonDirectory(files: string[]): string {
  let common = path.dirname(files[0]);
  for (const file of files) {
    while (!(`${path.dirname(file)}${path.sep}`.startsWith(`${common}${path.sep}`) || path.dirname(file) === common)) {
      const parent = path.dirname(common);
      if (parent === common) break;
      common = parent;
    }
  }
  return common;
}
