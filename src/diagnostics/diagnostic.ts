/**
 * The one shape every check in the toolchain reports, whatever layer found the problem.
 * Checks return data; formatters (src/diagnostics/formatters) decide how to print it.
 */
export type Severity = 'error' | 'warning';

/**
 * Which stage produced the diagnostic.
 * - wellformed: XML syntax (the file could not be parsed)
 * - schema:     RelaxNG validation
 * - rules:      edition rules (Schematron and TypeScript rules)
 * - io:         the file or folder could not be read or written
 * - build:      publishing (transformation) failures
 * - config:     the edition configuration file (edition.yml)
 */
export type Layer = 'wellformed' | 'schema' | 'rules' | 'io' | 'build' | 'config';

export interface Diagnostic {
  /** Path of the file, relative to the working directory, with forward slashes. */
  file: string;
  /** 1-based line; 0 when the problem has no position inside the file. */
  line: number;
  /** 1-based column (in characters); 0 when the problem has no position inside the file. */
  column: number;
  severity: Severity;
  /** Stable rule identifier, e.g. `xml-malformed`, `rng-invalid`, `pointer-unresolved`. */
  rule: string;
  layer: Layer;
  /** What is wrong, in words an editor understands. */
  message: string;
  /** The underlying tool's original message, when `message` rewords it. */
  raw?: string;
}
