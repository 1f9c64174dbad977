import type { Diagnostic } from '../diagnostic';
import type { Summary } from '../summary';

/** What the formatters need of a report (the validator's report has more, which JSON keeps). */
export interface FormattableReport {
  diagnostics: Diagnostic[];
  files: Array<{ file: string }>;
  summary: Summary;
}

export interface FormatOptions {
  /** ANSI colours (pretty only); the CLI turns them on only for a terminal. */
  color?: boolean;
  /** Show each diagnostic's original tool message too. */
  verbose?: boolean;
}
