import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { pseudoAttributes, XmlTree } from '../xml/tree';

export const RELAXNG_NS = 'http://relaxng.org/ns/structure/1.0';
export const SCHEMATRON_NS = 'http://purl.oclc.org/dsdl/schematron';
const OLD_SCHEMATRON_NS = 'http://www.ascc.net/xml/schematron';

export type SchemaKind = 'relaxng' | 'schematron';

/** A schema a document names in an `<?xml-model?>` processing instruction, resolved locally. */
export interface SchemaAssociation {
  kind: SchemaKind;
  href: string;
  /** Where the PI is, so problems with it point there. */
  line: number;
  column: number;
  /** The local file, when `href` names one that exists. */
  file?: string;
  /** Why the schema cannot be used: remote, missing, or in a syntax we cannot read. */
  problem?: { rule: 'schema-remote' | 'schema-not-found' | 'schema-unsupported'; message: string };
}

/**
 * The RelaxNG and Schematron schemas a document declares, in order. Only local files are accepted:
 * a remote schema is never fetched (it is reported instead), and a missing one is an error, not a
 * reason to skip validation.
 */
export function declaredSchemas(tree: Pick<XmlTree, 'processingInstructions'>, documentPath: string): SchemaAssociation[] {
  const result: SchemaAssociation[] = [];
  for (const pi of tree.processingInstructions) {
    if (pi.target !== 'xml-model' || !pi.inProlog) continue;
    const pseudo = pseudoAttributes(pi.data);
    const href = pseudo.href;
    if (!href) continue;
    const kind = schemaKind(pseudo.schematypens, pseudo.type, href);
    if (!kind) continue;
    const association: SchemaAssociation = { kind, href, line: pi.line, column: pi.column };
    if (kind === 'relaxng' && (/\.rnc$/i.test(href) || pseudo.type === 'application/relax-ng-compact-syntax')) {
      association.problem = {
        rule: 'schema-unsupported',
        message: `the schema ${href} is in RelaxNG compact syntax, which libxml2 cannot read; point the xml-model at the XML syntax (.rng)`,
      };
    } else {
      const local = localPath(href, documentPath);
      if (local === null) {
        association.problem = {
          rule: 'schema-remote',
          message: `the schema ${href} is not a local file; tei-edition never downloads schemas: point the xml-model at a local copy, or pass --schema`,
        };
      } else if (!isFile(local)) {
        association.problem = { rule: 'schema-not-found', message: `the schema ${href} does not exist (looked for ${local})` };
      } else {
        association.file = local;
      }
    }
    result.push(association);
  }
  return result;
}

function schemaKind(schematypens: string | undefined, type: string | undefined, href: string): SchemaKind | null {
  if (schematypens === RELAXNG_NS) return 'relaxng';
  if (schematypens === SCHEMATRON_NS || schematypens === OLD_SCHEMATRON_NS) return 'schematron';
  if (schematypens) return null; // XML Schema, NVDL, …: not ours to check
  if (type === 'application/relax-ng-compact-syntax') return 'relaxng';
  if (/\.rng$/i.test(href) || /\.rnc$/i.test(href)) return 'relaxng';
  if (/\.sch$/i.test(href)) return 'schematron';
  return null;
}

/** The local file an href names, relative to the document; null when it is not local. */
export function localPath(href: string, documentPath: string): string | null {
  if (/^file:/i.test(href)) {
    try {
      return fileURLToPath(href);
    } catch {
      return null;
    }
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(href) && !/^[A-Za-z]:[\\/]/.test(href)) return null; // http:, https:, urn:…
  if (href.startsWith('//')) return null; // a network-path reference
  const withoutFragment = href.replace(/[#?].*$/, '');
  let decoded = withoutFragment;
  try {
    decoded = decodeURIComponent(withoutFragment);
  } catch {
    // keep as written
  }
  return path.resolve(path.dirname(documentPath), decoded);
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
