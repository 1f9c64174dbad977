import * as path from 'path';
import type { Diagnostic, Severity } from '../../diagnostics/diagnostic';
import { PositionIndex } from '../../xml/positions';
import { attribute, XML_NS, XmlElement, XmlTree } from '../../xml/tree';

export const TEI_NS = 'http://www.tei-c.org/ns/1.0';

/** Attributes whose values are TEI pointers (teidata.pointer), checked by the pointer rules. */
export const POINTER_ATTRIBUTES = ['ref', 'corresp', 'target', 'who', 'resp', 'sameAs', 'copyOf', 'next', 'prev', 'synch', 'ana', 'source', 'hand', 'wit', 'scribeRef'];

/**
 * Register entries: what `register.xml#id` pointers name, the kinds of entry the published site has a
 * register (and pages) for. The same as the stylesheets' (ed:register-table in xslt/common.xsl) and
 * edition.sch's pointer-kinds (test/publish/registers.test.ts reads all three).
 */
export const ENTRY_ELEMENTS = new Set(['person', 'personGrp', 'place', 'org']);
const ENTRY_LISTS = new Set(['listPerson', 'listPlace', 'listOrg']);

/** A well-formed document of the collection, as the TypeScript rules see it. */
export class RuleDocument {
  private ids: Map<string, XmlElement> | null = null;

  constructor(
    /** Path shown in reports. */
    readonly path: string,
    readonly absolutePath: string,
    readonly tree: XmlTree,
    readonly index: PositionIndex,
    /** Reported on (a target), or only read so that pointers into it resolve (context). */
    readonly isTarget: boolean,
  ) {}

  /** The element with this xml:id (the first, if there are several). */
  byId(id: string): XmlElement | undefined {
    if (!this.ids) {
      this.ids = new Map();
      for (const element of this.tree.elements) {
        const id = xmlId(element);
        if (id !== undefined && !this.ids.has(id)) this.ids.set(id, element);
      }
    }
    return this.ids.get(id);
  }

  /** Does the document hold a text (as opposed to a register, which holds only entries)? */
  get hasText(): boolean {
    return this.tree.root.children.some((child) => typeof child !== 'string' && child.local === 'text');
  }
}

/** A collection-wide rule written in TypeScript: for what XPath expresses badly. */
export interface CollectionRule {
  /** The stable rule ID reported. */
  id: string;
  severity: Severity;
  /** One line for docs/rules.md and `--list-rules`. */
  description: string;
  /** Every finding, on any document; the pipeline keeps those on targets. */
  check(collection: Collection): Diagnostic[];
}

export function xmlId(element: XmlElement): string | undefined {
  return element.attributes.find((a) => a.local === 'id' && a.ns === XML_NS)?.value;
}

export function isEntry(element: XmlElement): boolean {
  return element.ns === TEI_NS && ENTRY_ELEMENTS.has(element.local) && xmlId(element) !== undefined && element.parent !== null && ENTRY_LISTS.has(element.parent.local);
}

/** The documents of a run, with pointer resolution across them. */
export class Collection {
  private readonly byPath: Map<string, RuleDocument>;
  /** The document a file reference names, by the referring document's folder and the reference: the same few recur in every pointer. */
  private readonly referenced = new Map<string, RuleDocument | undefined>();

  constructor(readonly documents: RuleDocument[]) {
    this.byPath = new Map(documents.map((document) => [document.absolutePath, document]));
  }

  get targets(): RuleDocument[] {
    return this.documents.filter((document) => document.isTarget);
  }

  document(absolutePath: string): RuleDocument | undefined {
    return this.byPath.get(absolutePath);
  }

  /**
   * What a pointer token names: `#id`, `file.xml#id` (relative to the document) or a prefixed pointer
   * declared in the document's `prefixDef`. `null` when the token is not a pointer into the
   * collection (an external URL, a whole file); `undefined` when it should resolve and does not.
   */
  resolve(token: string, from: RuleDocument): { document: RuleDocument; element: XmlElement } | undefined | null {
    const expanded = expandPrefix(token, from.tree);
    if (expanded === undefined) return undefined;
    if (expanded === null) return null;
    const hash = expanded.indexOf('#');
    if (hash < 0) return null;
    const file = expanded.slice(0, hash);
    const id = expanded.slice(hash + 1);
    if (id === '') return undefined;
    let document: RuleDocument | undefined = from;
    if (file !== '') {
      const folder = path.dirname(from.absolutePath);
      const key = `${folder}\0${file}`;
      if (this.referenced.has(key)) document = this.referenced.get(key);
      else {
        let decoded = file;
        try {
          decoded = decodeURIComponent(file);
        } catch {
          // keep as written
        }
        document = this.byPath.get(path.resolve(folder, decoded));
        this.referenced.set(key, document);
      }
    }
    const element = document?.byId(id);
    return document && element ? { document, element } : undefined;
  }
}

/**
 * Applies the document's prefix definitions: the pointer as a plain URI reference, `null` for an
 * absolute URI with a scheme (not ours to check), `undefined` when a defined prefix does not match.
 */
function expandPrefix(token: string, tree: XmlTree): string | null | undefined {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/.exec(token);
  if (!scheme) return token;
  const definition = tree.elements.find((element) => element.local === 'prefixDef' && attribute(element, 'ident') === scheme[1]);
  if (!definition) return null;
  try {
    const pattern = new RegExp(`^(?:${attribute(definition, 'matchPattern') ?? ''})$`, 'u');
    if (!pattern.test(scheme[2])) return undefined;
    return scheme[2].replace(pattern, attribute(definition, 'replacementPattern') ?? '');
  } catch {
    return undefined;
  }
}

/** The pointer tokens of an element's pointer attributes. */
export function pointerTokens(element: XmlElement): Array<{ attribute: string; token: string }> {
  const tokens: Array<{ attribute: string; token: string }> = [];
  for (const a of element.attributes) {
    if (a.ns !== '' || !POINTER_ATTRIBUTES.includes(a.local)) continue;
    for (const token of a.value.split(/\s+/)) if (token) tokens.push({ attribute: a.name, token });
  }
  return tokens;
}
