import type { Diagnostic } from '../diagnostic';
import type { Summary } from '../summary';

/** What the formatters need of a report (the validator's report has more, which JSON keeps). */
export interface FormattableReport {
  diagnostics: Diagnostic[];
  files: Array<{ file: string }>;
  summary: Summary;
  /** The RelaxNG schemas used and the engine for each (the validator's report has them). */
  schemas?: Array<{ file: string; engine: string; reason: string; compileMs: number | null; documents: number; cached: number }>;
}

export interface FormatOptions {
  /** ANSI colours (pretty only); the CLI turns them on only for a terminal. */
  color?: boolean;
  /** Show each diagnostic's original tool message too. */
  verbose?: boolean;
  /** Errors only: no lines about the schemas used (pretty). */
  quiet?: boolean;
}
