import type { Diagnostic } from '../diagnostic';
import type { FormattableReport } from './report';

/**
 * JUnit XML for CI test reporters: one test suite, one test case per file. A file with errors has a
 * <failure> listing them; warnings go to the test case's <system-out> and do not fail it.
 */
export function formatJunit(report: FormattableReport): string {
  const byFile = new Map<string, Diagnostic[]>();
  for (const file of report.files) byFile.set(file.file, []);
  for (const diagnostic of report.diagnostics) {
    const list = byFile.get(diagnostic.file);
    if (list) list.push(diagnostic);
    else byFile.set(diagnostic.file, [diagnostic]);
  }
  const failures = [...byFile.values()].filter((list) => list.some((d) => d.severity === 'error')).length;
  const cases: string[] = [];
  for (const [file, diagnostics] of byFile) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const warnings = diagnostics.filter((d) => d.severity === 'warning');
    const body: string[] = [];
    if (errors.length > 0) {
      const first = errors[0];
      const message = `${errors.length} error${errors.length === 1 ? '' : 's'}: ${first.message}${errors.length > 1 ? ' (and more)' : ''}`;
      body.push(`      <failure message="${escape(message)}" type="${escape(first.rule)}">${escape(errors.map(line).join('\n'))}</failure>`);
    }
    if (warnings.length > 0) body.push(`      <system-out>${escape(warnings.map(line).join('\n'))}</system-out>`);
    const open = `    <testcase classname="tei-edition.validate" name="${escape(file)}" file="${escape(file)}" time="0"`;
    cases.push(body.length > 0 ? `${open}>\n${body.join('\n')}\n    </testcase>` : `${open}/>`);
  }
  const counts = `tests="${byFile.size}" failures="${failures}" errors="0" skipped="0"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="tei-edition validate" ${counts}>`,
    `  <testsuite name="tei-edition validate" ${counts} time="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function line(diagnostic: Diagnostic): string {
  const where = diagnostic.line > 0 ? `${diagnostic.file}:${diagnostic.line}:${diagnostic.column}` : diagnostic.file;
  return `${where}: ${diagnostic.severity}: ${diagnostic.message} [${diagnostic.rule}]`;
}

/** XML-escapes text for an attribute or element, dropping characters XML cannot carry. */
export function escape(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
