import { summaryLine } from '../summary';
import type { FormatOptions, FormattableReport } from './report';

const ansi = (code: string) => (text: string): string => `\u001b[${code}m${text}\u001b[0m`;
const plain = (text: string): string => text;

/**
 * For people: diagnostics grouped by file, one per line as `file:line:column  severity  message  rule`
 * (terminals and editors turn `file:line:column` into a link), then `N errors, M warnings in K files`.
 */
export function formatPretty(report: FormattableReport, options: FormatOptions = {}): string {
  let text = '';
  writePretty(report, options, (line) => {
    text += `${line}\n`;
  });
  return text;
}

/**
 * formatPretty's text as UTF-8 bytes, for the CLI to write: each line is encoded into one buffer as it is made, instead
 * of the lines joined into one string and that string encoded when written. On ../shared/corpus with the edition rules
 * (74,000 lines, 17 MB, one string of two-byte characters) joining and encoding took 0.3-0.4 s of the main thread at
 * the end of the run, this 0.15 s (microbenchmark on the run's report, load 14).
 */
export function prettyBytes(report: FormattableReport, options: FormatOptions = {}): Buffer {
  const out = new Utf8Builder();
  writePretty(report, options, (line) => out.line(line));
  return out.bytes();
}

/** The report's lines, in order, each without its line end. */
function writePretty(report: FormattableReport, options: FormatOptions, emit: (line: string) => void): void {
  const color = options.color === true;
  const red = color ? ansi('31') : plain;
  const yellow = color ? ansi('33') : plain;
  const dim = color ? ansi('2') : plain;
  const bold = color ? ansi('1;4') : plain;
  const green = color ? ansi('32') : plain;
  let currentFile: string | undefined;
  for (const diagnostic of report.diagnostics) {
    if (diagnostic.file !== currentFile) {
      if (currentFile !== undefined) emit('');
      emit(bold(diagnostic.file));
      currentFile = diagnostic.file;
    }
    const where = diagnostic.line > 0 ? `${diagnostic.file}:${diagnostic.line}:${diagnostic.column}` : diagnostic.file;
    const severity = diagnostic.severity === 'error' ? red('error  ') : yellow('warning');
    emit(`${where}  ${severity}  ${oneLine(diagnostic.message)}  ${dim(diagnostic.rule)}`);
    if (options.verbose && diagnostic.raw) for (const raw of diagnostic.raw.split('\n')) emit(dim(`    ${raw}`));
  }
  if (currentFile !== undefined) emit('');
  if (!options.quiet) for (const schema of report.schemas ?? []) emit(dim(schemaLine(schema)));
  const summary = summaryLine(report.summary);
  emit(report.summary.errors > 0 ? red(summary) : report.summary.warnings > 0 ? yellow(summary) : green(summary));
}

/** Lines encoded as UTF-8 into one growing buffer (Buffer.from of their joined text, byte for byte: a line never splits a surrogate pair). */
class Utf8Builder {
  private buffer = Buffer.allocUnsafe(64 * 1024);
  private length = 0;

  line(text: string): void {
    // A UTF-16 code unit is at most 3 bytes of UTF-8; the line end is 1.
    const most = text.length * 3 + 1;
    if (this.length + most > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + most));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    this.length += this.buffer.write(text, this.length, 'utf8');
    this.buffer[this.length++] = 0x0a;
  }

  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

/** `schemas/edition.rng: relaxng engine (auto: …), compiled in 41 ms`. */
function schemaLine(schema: NonNullable<FormattableReport['schemas']>[number]): string {
  const how: string[] = [];
  if (schema.compileMs !== null) how.push(`compiled in ${schema.compileMs} ms`);
  if (schema.cached > 0) how.push(`${schema.cached} of ${schema.documents} result${schema.documents === 1 ? '' : 's'} from the cache`);
  return `${schema.file}: ${schema.engine} engine (${schema.reason})${how.length > 0 ? `, ${how.join(', ')}` : ''}`;
}

/**
 * The message on one line. Most messages have no line break, and are not searched with the expression: on
 * ../shared/corpus with the edition rules (74,000 messages, none with a line break) the report took 110-140 ms
 * of the main thread to format and write instead of 150-200 ms.
 */
function oneLine(text: string): string {
  return text.includes('\n') ? text.replace(/\s*\n\s*/g, ' ') : text;
}
