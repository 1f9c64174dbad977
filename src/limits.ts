/**
 * Every limit tei-edition puts on its input, in one place (documented in SECURITY.md). A document over
 * a limit gets one `limit-exceeded` error naming the limit and how to change it; the other documents
 * are still checked. The limits keep memory and time bounded on hostile or accidental input: without
 * them a 100 MB document took over 6 GB of memory, and 100,000 nested elements overflowed the stack.
 */

const MIB = 1024 * 1024;

/** A positive number from the environment, else the default. */
function fromEnvironment(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** The environment variable that raises or lowers the file size limit, in MiB. */
export const MAX_FILE_ENV = 'TEI_EDITION_MAX_FILE_MB';

/**
 * Largest file read, in bytes (default 32 MiB). Validation and publishing hold several
 * representations of a document at once (libxml2's tree, ours, SaxonJS's): about 30 bytes of memory
 * per byte of XML. The largest real TEI files we know are a few MB.
 */
export function maxFileBytes(): number {
  return Math.floor(fromEnvironment(MAX_FILE_ENV, 32) * MIB);
}

/** Deepest element nesting: libxml2's own limit (without XML_PARSE_HUGE); real TEI stays under 50. */
export const MAX_ELEMENT_DEPTH = 256;

/** Longest text node or attribute value, in characters: libxml2's own limit (XML_MAX_TEXT_LENGTH). */
export const MAX_TEXT_CHARS = 10_000_000;

/** Time allowed to compile a RelaxNG schema (`--schema-timeout`); libxml2 never finishes some. */
export const SCHEMA_COMPILE_TIMEOUT_MS = 60_000;

/** Time allowed to validate a batch once its schema is compiled: 60 s plus 10 s per MB. */
export function schemaValidateTimeoutMs(totalBytes: number): number {
  return 60_000 + Math.ceil((10_000 * totalBytes) / MIB);
}

/**
 * Schema errors reported per document before the TypeScript engine stops checking it. jing reports
 * every error; a register generated with one stray attribute on each of its 3,710 entries made 3,710,
 * so the limit is high enough for such files and still bounds memory. A document that reaches it gets
 * a `schema-error-limit` error saying that the rest of it was not checked.
 */
export const MAX_SCHEMA_ERRORS_PER_DOCUMENT = 10_000;
