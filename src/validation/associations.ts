import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { pseudoAttributes, XmlTree } from '../xml/tree';
import { SCHEMAS_DIR } from '../package-files';

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

/** The edition's own Schematron rules (this package's schemas/edition.sch). */
export const EDITION_RULES_FILE = path.join(SCHEMAS_DIR, 'edition.sch');

/**
 * The edition's collection: the `tei/` folder of the working folder, where `validate` and `build` look
 * by default (DEVELOPERS.md: "the collection lives in tei/"). Its documents get the edition's rules
 * without naming them; any other document gets only the Schematron it names (or `--rules`).
 */
export function editionCollectionFolder(cwd: string): string {
  return path.resolve(cwd, 'tei');
}

/** Which Schematron rules apply to a document, and whether the edition's rules (Schematron and TypeScript) do. */
export interface RulesChoice {
  /** The Schematron files to run on it, each with the xml-model PI that named it (none for `--rules` or the edition's default). */
  rules: Array<{ file: string; at?: { line: number; column: number } }>;
  /** The Schematron associations it declares that cannot be used (remote, missing, compact syntax). */
  problems: SchemaAssociation[];
  /**
   * Whether the edition's rules apply: the document is in the edition's collection, names the edition's
   * Schematron in an xml-model, or `--rules` names it. The TypeScript collection rules
   * (src/validation/rules/collection/) report on such documents only.
   */
  edition: boolean;
}

export interface RulesChoiceOptions {
  /** `--rules FILE`: these rules for every document, whatever it declares. */
  override?: string;
  /** The edition's Schematron (default EDITION_RULES_FILE). */
  editionRules?: string;
  /** The working folder: the edition's collection is its `tei/` (editionCollectionFolder). */
  cwd: string;
}

/**
 * The rules for one document. With `--rules`, those rules. Otherwise the Schematron schemas its
 * `<?xml-model?>` PIs name; a document that names none gets the edition's rules only when it belongs to
 * the edition's collection: a foreign collection is checked by the rules it declares, not by this
 * edition's conventions.
 */
export function rulesFor(tree: Pick<XmlTree, 'processingInstructions'>, documentPath: string, options: RulesChoiceOptions): RulesChoice {
  const editionRules = options.editionRules ?? EDITION_RULES_FILE;
  const isEditionRules = (file: string): boolean => realPath(file) === realPath(editionRules);
  const inCollection = isInside(realPath(documentPath), realPath(editionCollectionFolder(options.cwd)));
  if (options.override !== undefined) {
    return { rules: [{ file: options.override }], problems: [], edition: inCollection || isEditionRules(options.override) };
  }
  const schematron = declaredSchemas(tree, documentPath).filter((association) => association.kind === 'schematron');
  const problems = schematron.filter((association) => association.problem);
  const usable = schematron.filter((association) => !association.problem);
  if (usable.length > 0) {
    return {
      rules: usable.map((association) => ({ file: association.file!, at: { line: association.line, column: association.column } })),
      problems,
      edition: inCollection || usable.some((association) => isEditionRules(association.file!)),
    };
  }
  const byDefault = schematron.length === 0 && inCollection && isFile(editionRules);
  return { rules: byDefault ? [{ file: editionRules }] : [], problems, edition: inCollection };
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}
