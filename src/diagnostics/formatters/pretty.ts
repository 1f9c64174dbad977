import { summaryLine } from '../summary';
import type { FormatOptions, FormattableReport } from './report';

const ansi = (code: string) => (text: string): string => `\u001b[${code}m${text}\u001b[0m`;
const plain = (text: string): string => text;

/**
 * For people: diagnostics grouped by file, one per line as `file:line:column  severity  message  rule`
 * (terminals and editors turn `file:line:column` into a link), then `N errors, M warnings in K files`.
 */
export function formatPretty(report: FormattableReport, options: FormatOptions = {}): string {
  const color = options.color === true;
  const red = color ? ansi('31') : plain;
  const yellow = color ? ansi('33') : plain;
  const dim = color ? ansi('2') : plain;
  const bold = color ? ansi('1;4') : plain;
  const green = color ? ansi('32') : plain;
  const lines: string[] = [];
  let currentFile: string | undefined;
  for (const diagnostic of report.diagnostics) {
    if (diagnostic.file !== currentFile) {
      if (currentFile !== undefined) lines.push('');
      lines.push(bold(diagnostic.file));
      currentFile = diagnostic.file;
    }
    const where = diagnostic.line > 0 ? `${diagnostic.file}:${diagnostic.line}:${diagnostic.column}` : diagnostic.file;
    const severity = diagnostic.severity === 'error' ? red('error  ') : yellow('warning');
    lines.push(`${where}  ${severity}  ${oneLine(diagnostic.message)}  ${dim(diagnostic.rule)}`);
    if (options.verbose && diagnostic.raw) for (const raw of diagnostic.raw.split('\n')) lines.push(dim(`    ${raw}`));
  }
  if (lines.length > 0) lines.push('');
  if (!options.quiet) for (const schema of report.schemas ?? []) lines.push(dim(schemaLine(schema)));
  const summary = summaryLine(report.summary);
  lines.push(report.summary.errors > 0 ? red(summary) : report.summary.warnings > 0 ? yellow(summary) : green(summary));
  return `${lines.join('\n')}\n`;
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
