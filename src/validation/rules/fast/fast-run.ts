/**
 * Runs a Schematron schema with the fast evaluator (program.ts) over the light trees the earlier layers
 * built, with the same findings as SaxonJS. A document the evaluator cannot check exactly (it throws
 * Unsupported, or any other error, including a dynamic error of the rules) is handed back, for SaxonJS
 * to check as before.
 */
import { pathToFileURL } from 'url';
import type { Diagnostic } from '../../../diagnostics/diagnostic';
import { findAttribute } from '../../../xml/positions';
import { parseXmlTree, XmlElement, XmlTree } from '../../../xml/tree';
import { uriToPath } from './evaluate';
import { compileFastSchematron, FastSchematron } from './program';
import { KIND_ATTRIBUTE, KIND_DOCUMENT, KIND_ELEMENT, nodeName, Unsupported, XDocument, XElement, XNode } from './xdm';

export { Unsupported };

/** The fast form of a Schematron schema, or why there is none (the schema then runs on SaxonJS only). */
export type FastRules = { program: FastSchematron } | { unsupported: string };

export function compileFast(text: string): FastRules {
  try {
    return { program: compileFastSchematron(text) };
  } catch (error) {
    return { unsupported: error instanceof Error ? error.message : String(error) };
  }
}

/** A document to check, as runSchematron receives it. */
export interface FastInput {
  path: string;
  absolutePath: string;
  text: string;
  tree: XmlTree;
  index: { byPath(path: number[]): XmlElement | undefined };
}

let documentSequence = 0;

/**
 * The documents `doc()` may read, parsed once per collection (a run's map of texts): the register is read
 * by every document that points into it.
 */
const parsedCollections = new WeakMap<Map<string, string>, Map<string, XDocument | null>>();

function collectionDocument(collection: Map<string, string>, file: string): XDocument | undefined {
  let parsed = parsedCollections.get(collection);
  if (!parsed) parsedCollections.set(collection, (parsed = new Map()));
  let document = parsed.get(file);
  if (document === undefined) {
    const text = collection.get(file);
    // A file the collection does not hold is not remembered as absent: the caller may add its text and
    // run the rules again (rules-layer.ts, fast-threads.ts).
    if (text === undefined) return undefined;
    try {
      document = toXdm(text, undefined, pathToFileURL(file).href);
    } catch {
      document = null;
    }
    parsed.set(file, document);
  }
  return document ?? undefined;
}

/**
 * The XPath view of a document. Line ends are normalised as an XML parser does (the light tree keeps a
 * CR; an attribute's CR LF is one space, not two): a document with a CR is parsed again, normalised.
 */
function toXdm(text: string, tree: XmlTree | undefined, uri: string): XDocument {
  // SaxonJS refuses a document with a reference to U+0000 (measured: it takes &#x1;, &#xD800;, &#xFFFF;).
  if (text.includes('&#')) {
    for (const m of text.matchAll(/&#(x[0-9a-fA-F]+|[0-9]+);/g)) {
      const code = m[1][0] === 'x' ? parseInt(m[1].slice(1), 16) : parseInt(m[1], 10);
      if (code === 0 || code > 0x10ffff) {
        throw new Unsupported('a character reference SaxonJS refuses');
      }
    }
  }
  const normalised = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  const usable = tree && normalised === text ? tree : parseXmlTree(normalised);
  return new XDocument(usable, uri, documentSequence++, hiddenInsideRoot(normalised, usable));
}

/** Comments, processing instructions or CDATA inside the root element (see XElement.childNodes). */
function hiddenInsideRoot(text: string, tree: XmlTree): boolean {
  if (tree.processingInstructions.some((pi) => !pi.inProlog)) return true;
  const start = text.indexOf(`<${tree.root.name}`);
  return text.indexOf('<!--', start) >= 0 || text.indexOf('<![CDATA[', start) >= 0;
}

export interface FastOutcome {
  diagnostics: Diagnostic[];
  reads: string[];
}

/**
 * The diagnostics of one document, as the SaxonJS path would give them, and the files its rules asked
 * for; undefined when SaxonJS must check it.
 */
export function runFast(program: FastSchematron, input: FastInput, rulesUri: string, collection: Map<string, string>): FastOutcome | undefined {
  const reads = new Set<string>();
  try {
    const document = toXdm(input.text, input.tree, pathToFileURL(input.absolutePath).href);
    const findings = program.run(document, {
      staticBaseUri: rulesUri,
      document: (uri) => {
        const file = uriToPath(uri);
        if (file === undefined) return undefined;
        reads.add(file);
        return collectionDocument(collection, file);
      },
      textAvailable: (uri) => {
        const file = uriToPath(uri);
        if (file === undefined) return false;
        reads.add(file);
        return collection.has(file);
      },
    });
    const diagnostics = findings.map((finding): Diagnostic => {
      const { line, column } = position(finding.subject, document, input);
      return { file: input.path, line, column, severity: severityOf(finding.role), rule: finding.rule, layer: 'rules', message: finding.message };
    });
    return { diagnostics, reads: [...reads].sort() };
  } catch (error) {
    // TEI_EDITION_RULES_DEBUG=1 says which documents go to SaxonJS, and why.
    if (process.env.TEI_EDITION_RULES_DEBUG) process.stderr.write(`rules: ${input.path} checked by SaxonJS: ${error instanceof Error ? error.message : String(error)}\n`);
    return undefined;
  }
}

/**
 * Where SaxonJS's path puts a finding: the element (the subject, its parent for an attribute or text, the
 * root element for the document), found again by its path of positions among element siblings, and the
 * attribute of the subject's name on it.
 */
function position(subject: XNode | undefined, document: XDocument, input: FastInput): { line: number; column: number } {
  if (subject === undefined) return { line: 0, column: 0 };
  const owner: XElement = subject.kind === KIND_ELEMENT ? subject : subject.kind === KIND_DOCUMENT ? subject.root : subject.parent;
  let element: XmlElement | undefined;
  if (owner.doc === document) element = input.tree.elements[owner.el.index];
  else {
    const path: number[] = [];
    for (let el: XmlElement | null = owner.el; el; el = el.parent) {
      const siblings = el.parent ? el.parent.children.filter((child) => typeof child !== 'string') : [el];
      path.unshift(siblings.indexOf(el) + 1);
    }
    element = input.index.byPath(path);
  }
  const attribute = element && subject.kind === KIND_ATTRIBUTE ? findAttribute(element, nodeName(subject)) : undefined;
  const at = attribute ?? element;
  return { line: at?.line ?? 0, column: at?.column ?? 0 };
}

/** Schematron @role to severity: warnings and information are warnings; everything else, errors. */
export function severityOf(role: string): Diagnostic['severity'] {
  return /^(warn|warning|info|information|informational|hint)$/i.test(role.trim()) ? 'warning' : 'error';
}
