import type { Diagnostic, Layer } from '../diagnostics/diagnostic';

/**
 * Diagnostics as the result cache keeps them. Every finding of a cached result names the document the
 * result is keyed by (the path is in the key) and the layer that found it, so writing both out for each
 * of them made most of what a cold run writes: on ../shared/corpus, 74,000 findings, 51 MB of entries
 * and pack. A finding that has that file and layer, with the usual fields in the usual order, is kept as
 * a tuple (`[line, column, severity, rule, message, raw?]`, severity 0 for an error, 1 for a warning) and
 * made again exactly as it was, key order included (the JSON report prints it as made); any other is
 * kept whole.
 */
export type CachedDiagnostic = Diagnostic | [number, number, 0 | 1, string, string] | [number, number, 0 | 1, string, string, string];

const USUAL = ['file', 'line', 'column', 'severity', 'rule', 'layer', 'message'];

/** The usual fields in the usual order, then perhaps a `raw` string (compared key by key: a cold run packs 74,000 findings of ../shared/corpus). */
function usual(diagnostic: Diagnostic): boolean {
  let i = 0;
  for (const key in diagnostic) {
    if (i < USUAL.length ? key !== USUAL[i] : i > USUAL.length || key !== 'raw' || typeof diagnostic.raw !== 'string') return false;
    i += 1;
  }
  return i >= USUAL.length;
}

/** `diagnostics` to keep in the cache, for a result keyed by `file`, found by `layer`. */
export function packDiagnostics(diagnostics: Diagnostic[], file: string, layer: Layer): CachedDiagnostic[] {
  return diagnostics.map((d): CachedDiagnostic => {
    if (d.file !== file || d.layer !== layer || !usual(d)) return d;
    const severity = d.severity === 'error' ? 0 : 1;
    return d.raw === undefined ? [d.line, d.column, severity, d.rule, d.message] : [d.line, d.column, severity, d.rule, d.message, d.raw];
  });
}

/** The diagnostics packDiagnostics kept, as they were. */
export function unpackDiagnostics(cached: CachedDiagnostic[], file: string, layer: Layer): Diagnostic[] {
  return cached.map((entry): Diagnostic => {
    if (!Array.isArray(entry)) return entry;
    const [line, column, severity, rule, message, raw] = entry;
    const diagnostic: Diagnostic = { file, line, column, severity: severity === 0 ? 'error' : 'warning', rule, layer, message };
    if (raw !== undefined) diagnostic.raw = raw;
    return diagnostic;
  });
}
