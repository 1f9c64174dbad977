import type { FormattableReport } from './report';

/**
 * The whole report as JSON (documented in docs/validate.md), stable for tools:
 *   { format: "tei-edition-validate", version: 1, summary, files, diagnostics, timings }
 * Each diagnostic has file, line, column, severity, rule, layer, message, and raw (the original
 * tool message) when the message rewords one.
 */
export function formatJson(report: FormattableReport): string {
  const { summary, files, diagnostics, ...rest } = report as FormattableReport & Record<string, unknown>;
  return `${JSON.stringify(
    {
      format: 'tei-edition-validate',
      version: 1,
      summary,
      files,
      diagnostics: diagnostics.map(({ file, line, column, severity, rule, layer, message, raw }) => ({ file, line, column, severity, rule, layer, message, ...(raw ? { raw } : {}) })),
      ...rest,
    },
    null,
    2,
  )}\n`;
}
