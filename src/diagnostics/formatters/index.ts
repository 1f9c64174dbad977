import { formatGithub } from './github';
import { formatJson } from './json';
import { formatJunit } from './junit';
import { formatPretty, prettyBytes } from './pretty';
import type { FormatOptions, FormattableReport } from './report';

export type { FormatOptions, FormattableReport } from './report';
export { githubStepSummary, blobUrlFromEnv } from './github';

export const FORMATS = ['pretty', 'json', 'junit', 'github'] as const;
export type FormatName = (typeof FORMATS)[number];

/** Renders a report in one of the output formats. */
export function formatReport(report: FormattableReport, format: FormatName, options: FormatOptions = {}): string {
  switch (format) {
    case 'json':
      return formatJson(report);
    case 'junit':
      return formatJunit(report);
    case 'github':
      return formatGithub(report);
    default:
      return formatPretty(report, options);
  }
}

/** formatReport's text as UTF-8 bytes, for writing: the pretty report is encoded as it is made (see prettyBytes). */
export function formatReportBytes(report: FormattableReport, format: FormatName, options: FormatOptions = {}): Buffer {
  return format === 'pretty' ? prettyBytes(report, options) : Buffer.from(formatReport(report, format, options), 'utf8');
}
