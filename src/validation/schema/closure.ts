import * as fs from 'fs';
import * as path from 'path';
import { contentHash } from '../../cache';
import { parseXmlTree, XmlTree } from '../../xml/tree';
import { localPath, RELAXNG_NS } from '../associations';
import type { SchemaFacts } from './messages';

/**
 * A RelaxNG schema and every local file it includes (`include`, `externalRef`), read once. Both engines
 * get their schema files from here, so neither reads anything else, and the result cache keys on
 * exactly the bytes that were validated against.
 */
export interface SchemaFiles {
  /** Absolute path of the main schema file. */
  main: string;
  /** Absolute path → bytes, the main file first. */
  files: Map<string, Uint8Array>;
  /** Total size in bytes. */
  bytes: number;
  /** What the schema declares (from its `attribute` patterns), for wording messages. */
  facts: SchemaFacts;
  /** A hash of every file's path and bytes. */
  hash: string;
}

export class SchemaLoadError extends Error {
  constructor(message: string, readonly rule: string) {
    super(message);
  }
}

/**
 * What readSchemaFiles learns of one schema file by parsing it: the local files it includes (absolute) and
 * the attribute names it declares (`*` for a name class). Both follow from the file's path and bytes alone.
 */
export interface SchemaFileOutline {
  includes: string[];
  attributes: string[];
}

/**
 * Where outlines are kept between runs, by each file's path and bytes (the collection's state of `validate`,
 * state.ts): a run that finds them reads the schema's files but parses none of them (edition.rng, 47 KB,
 * was some 20 ms of every incremental `validate` at 2,000 documents, changed or not).
 */
export interface SchemaOutlines {
  get(file: string, bytes: Uint8Array): SchemaFileOutline | undefined;
  set(file: string, bytes: Uint8Array, outline: SchemaFileOutline): void;
}

/**
 * Reads a schema and, recursively, every local file it includes. Throws SchemaLoadError. `beforeRead`
 * is called with each file just before it is read (CompiledSchemas notes the file's times then).
 * `outlines`, when given, spares parsing the files whose outline it keeps, and keeps those of the others.
 */
export function readSchemaFiles(schemaFile: string, beforeRead?: (file: string) => void, outlines?: SchemaOutlines): SchemaFiles {
  const main = path.resolve(schemaFile);
  const files = new Map<string, Uint8Array>();
  const attributes = new Set<string>();
  const queue = [main];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (files.has(file)) continue;
    let bytes: Uint8Array;
    beforeRead?.(file);
    try {
      bytes = fs.readFileSync(file);
    } catch {
      throw new SchemaLoadError(file === main ? 'the schema file cannot be read' : `the included file ${file} cannot be read`, 'schema-not-found');
    }
    files.set(file, bytes);
    let outline = outlines?.get(file, bytes);
    if (!outline) {
      outline = outlineOf(file, bytes);
      outlines?.set(file, bytes, outline);
    }
    for (const name of outline.attributes) attributes.add(name);
    queue.push(...outline.includes);
  }
  const parts: Array<string | Uint8Array> = [];
  for (const [file, bytes] of files) parts.push(file, bytes);
  return {
    main,
    files,
    bytes: [...files.values()].reduce((sum, b) => sum + b.length, 0),
    facts: { declaresAttribute: (name) => attributes.has('*') || attributes.has(name) || attributes.has(name.replace(/^xml:/, '')) },
    hash: contentHash(...parts),
  };
}

/** Parses one schema file for its outline. Throws SchemaLoadError for an include that is not a local file. */
function outlineOf(file: string, bytes: Uint8Array): SchemaFileOutline {
  const attributes = new Set<string>();
  const outline: SchemaFileOutline = { includes: [], attributes: [] };
  let tree: XmlTree;
  try {
    tree = parseXmlTree(Buffer.from(bytes).toString('utf8'));
  } catch {
    return outline; // not well-formed: the engine will say why when it compiles the schema
  }
  for (const element of tree.elements) {
    if (element.ns !== RELAXNG_NS) continue;
    if (element.local === 'attribute') {
      const name = element.attributes.find((a) => a.name === 'name')?.value;
      // Without a name, a name class: any attribute may be declared.
      attributes.add(name ? name.trim() : '*');
    }
    if (element.local === 'include' || element.local === 'externalRef') {
      const href = element.attributes.find((a) => a.name === 'href')?.value;
      if (!href) continue;
      const included = localPath(href, file);
      if (included === null) throw new SchemaLoadError(`it includes ${href}, which is not a local file; tei-edition never downloads schemas`, 'schema-remote');
      outline.includes.push(included);
    }
  }
  outline.attributes = [...attributes];
  return outline;
}
