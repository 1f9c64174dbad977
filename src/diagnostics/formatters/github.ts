import type { Diagnostic } from '../diagnostic';
import { summaryLine } from '../summary';
import type { FormattableReport } from './report';

/**
 * GitHub Actions workflow commands: one `::error` or `::warning` annotation per diagnostic, shown on
 * the pull request's diff, then the summary line. Escaped as GitHub's toolkit does (issueCommand in
 * @actions/core): in the message % \r \n; in properties also : and ,.
 */
export function formatGithub(report: FormattableReport): string {
  const lines = report.diagnostics.map(annotation);
  lines.push(summaryLine(report.summary));
  return `${lines.join('\n')}\n`;
}

export function annotation(diagnostic: Diagnostic): string {
  const properties = [`file=${escapeProperty(diagnostic.file)}`];
  if (diagnostic.line > 0) {
    properties.push(`line=${diagnostic.line}`);
    if (diagnostic.column > 0) properties.push(`col=${diagnostic.column}`);
  }
  properties.push(`title=${escapeProperty(`${diagnostic.rule} (${diagnostic.layer})`)}`);
  return `::${diagnostic.severity} ${properties.join(',')}::${escapeData(diagnostic.message)}`;
}

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export interface StepSummaryContext {
  /** `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/blob/${GITHUB_SHA}`, to link files to lines. */
  blobUrl?: string;
  /** Rows per table at most (GitHub limits the summary to 1 MiB). */
  maxRows?: number;
}

/** The blob URL from the variables GitHub Actions sets, when they are there. */
export function blobUrlFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_SHA } = env;
  return GITHUB_SERVER_URL && GITHUB_REPOSITORY && GITHUB_SHA ? `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/blob/${GITHUB_SHA}` : undefined;
}

/** The Markdown job summary for `$GITHUB_STEP_SUMMARY`: figures, then tables of errors and warnings. */
export function githubStepSummary(report: FormattableReport, context: StepSummaryContext = {}): string {
  const { summary } = report;
  const maxRows = context.maxRows ?? 1000;
  const filesWithIssues = new Set(report.diagnostics.map((d) => d.file)).size;
  const out: string[] = [
    '## TEI validation',
    '',
    `${summary.errors > 0 ? '❌' : '✅'} **${summaryLine(summary)}**`,
    '',
    `- Files validated: ${summary.files}`,
    `- Files with issues: ${filesWithIssues}`,
    `- Total issues: ${summary.errors + summary.warnings}`,
    `- Errors: ${summary.errors}`,
    `- Warnings: ${summary.warnings}`,
    '',
  ];
  for (const [title, severity] of [['Errors', 'error'], ['Warnings', 'warning']] as const) {
    const rows = report.diagnostics.filter((d) => d.severity === severity);
    if (rows.length === 0) continue;
    out.push(`### ${title}`, '', '| File | Line:Col | Message | Rule |', '| --- | --- | --- | --- |');
    for (const d of rows.slice(0, maxRows)) {
      const label = markdown(d.line > 0 ? `${d.file}:${d.line}` : d.file);
      const link = context.blobUrl ? `[${label}](${context.blobUrl}/${d.file.split('/').map(encodeURIComponent).join('/')}${d.line > 0 ? `#L${d.line}` : ''})` : label;
      out.push(`| ${link} | ${d.line > 0 ? `${d.line}:${d.column}` : ''} | ${markdown(d.message)} | \`${d.rule}\` |`);
    }
    if (rows.length > maxRows) out.push('', `…and ${rows.length - maxRows} more ${title.toLowerCase()} (see the job log).`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

/** Text safe inside a Markdown table cell. */
function markdown(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#])/g, '\\$1');
}
