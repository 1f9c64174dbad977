import type { Diagnostic } from './diagnostic';

export interface Summary {
  /** Files checked. */
  files: number;
  filesWithErrors: number;
  filesWithWarnings: number;
  errors: number;
  warnings: number;
}

export function summarize(diagnostics: Diagnostic[], files: number): Summary {
  const withErrors = new Set<string>();
  const withWarnings = new Set<string>();
  let errors = 0;
  let warnings = 0;
  for (const diagnostic of diagnostics) {
    if (diagnostic.severity === 'error') {
      errors += 1;
      withErrors.add(diagnostic.file);
    } else {
      warnings += 1;
      withWarnings.add(diagnostic.file);
    }
  }
  return { files, filesWithErrors: withErrors.size, filesWithWarnings: withWarnings.size, errors, warnings };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "2 errors, 1 warning in 3 files". */
export function summaryLine(summary: Summary): string {
  return `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')} in ${plural(summary.files, 'file')}`;
}

/** Sorts diagnostics by file, then line and column; stable for equal positions. */
/** At one position, problems are listed layer by layer (the layers run concurrently: the order they finish in must not matter). */
const LAYER_ORDER: Record<string, number> = { io: 0, wellformed: 1, schema: 2, rules: 3 };

export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((diagnostic, i) => ({ diagnostic, i }))
    .sort((a, b) =>
      a.diagnostic.file < b.diagnostic.file
        ? -1
        : a.diagnostic.file > b.diagnostic.file
          ? 1
          : a.diagnostic.line - b.diagnostic.line || a.diagnostic.column - b.diagnostic.column || (LAYER_ORDER[a.diagnostic.layer] ?? 9) - (LAYER_ORDER[b.diagnostic.layer] ?? 9) || a.i - b.i,
    )
    .map(({ diagnostic }) => diagnostic);
}
