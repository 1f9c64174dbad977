import * as path from 'path';
import type { Diagnostic, Severity } from '../../diagnostics/diagnostic';
import { XML_NS, XmlElement } from '../../xml/tree';
import type { RuleFacts, RuleNames } from './facts';

export const TEI_NS = 'http://www.tei-c.org/ns/1.0';

/**
 * Attributes whose values are TEI pointers (teidata.pointer), checked by the pointer rules: the same as edition.sch's
 * (its pattern "attributes"). A relation's parties (@active, @passive, @mutual: Guidelines 13.3.2.3) are pointers too.
 */
export const POINTER_ATTRIBUTES = ['ref', 'corresp', 'target', 'who', 'resp', 'sameAs', 'copyOf', 'next', 'prev', 'synch', 'ana', 'source', 'hand', 'wit', 'scribeRef',
  'active', 'passive', 'mutual'];

/**
 * Register entries: what `register.xml#id` pointers name, the kinds of entry the published site has a
 * register (and pages) for. The same as the stylesheets' (ed:register-table in xslt/common.xsl) and
 * edition.sch's pointer-kinds (test/publish/registers.test.ts reads all three).
 */
export const ENTRY_ELEMENTS = new Set(['person', 'personGrp', 'role', 'place', 'org']);
/** Where entries are kept: the lists of a register, and a play's cast list (a role is in a castItem, Guidelines 7.1.4). */
const ENTRY_LISTS = new Set(['listPerson', 'listPlace', 'listOrg', 'castItem']);

/** Tagged names that may point to a register entry. */
export const NAME_ELEMENTS = new Set(['persName', 'placeName', 'orgName', 'rs', 'name']);

const folderOf = (file: string): string => path.dirname(file);

/** A well-formed document of the collection, as the TypeScript rules see it: through its facts (facts.ts). */
export class RuleDocument {
  private ids: Map<string, number> | null = null;
  /** The folder its relative pointers resolve against (once: a document has many pointers). */
  readonly folder: string;

  constructor(
    /** Path shown in reports. */
    readonly path: string,
    readonly absolutePath: string,
    readonly facts: RuleFacts,
    /** Reported on (a target), or only read so that pointers into it resolve (context). */
    readonly isTarget: boolean,
  ) {
    this.folder = folderOf(absolutePath);
  }

  /** The xml:id with this value (the first, if there are several): its index in facts.ids. */
  byId(id: string): number | undefined {
    if (!this.ids) {
      this.ids = new Map();
      this.facts.ids.forEach(([value], index) => {
        if (!this.ids!.has(value)) this.ids!.set(value, index);
      });
    }
    return this.ids.get(id);
  }

  /** Does the document hold a text (as opposed to a register, which holds only entries)? */
  get hasText(): boolean {
    return this.facts.hasText;
  }
}

/**
 * A collection-wide rule written in TypeScript: for what XPath expresses badly. Either it looks at the
 * whole collection at once (`check`), or at one document at a time beside the collection's register
 * entries (`checker`): the validator then keeps each document's findings in its cache, and checks again
 * only the documents that changed, or all of them when a register did (ValidationKeys.documentRule).
 */
export interface CollectionRule {
  /** The stable rule ID reported. */
  id: string;
  severity: Severity;
  /** One line for docs/rules.md and `--list-rules`. */
  description: string;
  /**
   * Reported on every document validated, not only on those the edition's rules apply to (rulesFor): a rule
   * about how a collection's files are put together (XInclude), not about the edition's conventions.
   */
  everyDocument?: boolean;
  /** Every finding, on any document; the pipeline keeps those on targets. */
  check?(collection: Collection): Diagnostic[];
  /**
   * For a rule that depends on one document and on the register entries of the collection only: a
   * function giving the findings on one target (with what its tagged names read as, facts.ts).
   */
  checker?(collection: Collection): (document: RuleDocument, names: RuleNames) => Diagnostic[];
}

export function xmlId(element: XmlElement): string | undefined {
  return element.attributes.find((a) => a.local === 'id' && a.ns === XML_NS)?.value;
}

/** An absolute URI (a scheme, then no space): what may name an entry by its idno (ed:is-entry-uri in xslt/common.xsl). */
export function isEntryUri(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(value);
}

/**
 * A URI in the form pointers and idnos are matched in, as the published edition matches them (ed:uri-key in
 * xslt/common.xsl, which says why): the scheme and a web URI's host in small letters, "https" as "http", no "/" at the
 * end of the path. test/validate/uri-key.test.ts holds both to the same cases.
 */
export function uriKey(uri: string): string {
  const colon = uri.indexOf(':');
  const scheme = uri.slice(0, colon).toLowerCase();
  const rest = uri.slice(colon + 1);
  let written = `${scheme}:${rest}`;
  if ((scheme === 'http' || scheme === 'https') && rest.startsWith('//')) {
    const authority = /^[^/?#]*/.exec(rest.slice(2))![0];
    written = `http://${authority.toLowerCase()}${rest.slice(2 + authority.length)}`;
  }
  return written.replace(/^([^?#]*?)\/+([?#].*)?$/s, '$1$2');
}

/**
 * A pointer that is a name alone ("pmb50": no "#", no "/", no scheme) and no file of the collection (they are *.xml), which
 * the published edition takes as "#pmb50" where a register entry has that xml:id (ed:is-bare-id in xslt/common.xsl).
 */
export function isBareId(token: string): boolean {
  return /^[\p{L}_][\p{L}\p{N}\p{M}._\-\u00B7]*$/u.test(token) && !/\.xml$/i.test(token);
}

/**
 * A name's @key (whitespace normalised) as a pointer, as the published edition writes it (ed:key-pointer in
 * xslt/common.xsl): "@" and the key, "%" as "%25" and " " as "%20". It reaches the entry of that xml:id, else of that
 * @n, else of that idno (Collection.resolve).
 */
export function keyPointer(key: string): string {
  return `@${key.replace(/%/g, '%25').replace(/ /g, '%20')}`;
}

/** A register entry: an entry element in a list of entries, with an xml:id or known by a URI (its idno: facts.ts entryUris). */
export function isEntry(element: XmlElement, uris: () => string[]): boolean {
  return element.ns === TEI_NS && ENTRY_ELEMENTS.has(element.local) && element.parent !== null && ENTRY_LISTS.has(element.parent.local)
    && (xmlId(element) !== undefined || uris().length > 0);
}

/**
 * What a pointer names: the register entry that holds the element it names (an index in its document's facts.entries, -1
 * for none) and whether it is that entry itself. An entry known by a URI may have no xml:id.
 */
export interface Resolved {
  document: RuleDocument;
  entry: number;
  isEntry: boolean;
}

/** The documents of a run, with pointer resolution across them. */
export class Collection {
  private readonly byPath: Map<string, RuleDocument>;
  /** The document a file reference names, by the referring document's folder and the reference: the same few recur in every pointer. */
  private readonly referenced = new Map<string, RuleDocument | undefined>();
  /** What a pointer into another file resolves to, by the referring document's folder and the token. */
  private readonly resolved = new Map<string, Resolved | undefined | null>();
  /** URI → the first entry known by it (RuleFacts entries' uris), made when first asked. */
  private byUri: Map<string, Resolved> | null = null;
  /** xml:id → the first register entry of that id (entryWithId), made when first asked. */
  private byEntryId: Map<string, Resolved> | null = null;
  /** Key pointer → the first entry of that xml:id, of that @n, of that idno (RuleFacts keyed), made when first asked. */
  private byKey: { id: Map<string, Resolved>; n: Map<string, Resolved>; idno: Map<string, Resolved> } | null = null;

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
   * declared in the document's `prefixDef`, or an absolute URI a register entry is known by (its idno), or a name alone
   * that is the xml:id of a register entry of the document (isBareId). `null` when the token is not a pointer into the
   * collection (an external URL no entry is known by, a whole file); `undefined` when it should resolve and does not.
   */
  resolve(token: string, from: RuleDocument): Resolved | undefined | null {
    // A @key (keyPointer): a code the project's register may have, not a pointer to check; it reaches what it names, if anything.
    if (token.startsWith('@')) return this.entryOfKey(token, from) ?? null;
    // A pointer into another file means the same from every document of a folder that declares no
    // prefixes: the same few recur in every document of a collection (register.xml#…), resolved once. Not a
    // name alone, which names an element of its own document (isBareId).
    if (token.startsWith('#') || from.facts.prefixes.length > 0 || (!token.includes('#') && !token.includes(':') && isBareId(token))) return this.resolveFrom(token, from);
    const key = `${from.folder}\0${token}`;
    if (this.resolved.has(key)) return this.resolved.get(key);
    const found = this.resolveFrom(token, from);
    this.resolved.set(key, found);
    return found;
  }

  private resolveFrom(token: string, from: RuleDocument): Resolved | undefined | null {
    const expanded = expandPrefix(token, from.facts);
    if (expanded === undefined) return undefined;
    // An absolute URI (as written, or as a prefixDef expands it) names the entry known by it, if any: not ours to check otherwise.
    if (expanded === null) return this.entryKnownBy(uriKey(token)) ?? null;
    if (isEntryUri(expanded)) return this.entryKnownBy(uriKey(expanded)) ?? null;
    const hash = expanded.indexOf('#');
    if (hash < 0) {
      if (!isBareId(expanded)) return null;
      const own = from.byId(expanded);
      const bare = own === undefined ? this.entryWithId(expanded) : this.at(from, own);
      return bare?.isEntry ? bare : null;
    }
    const file = expanded.slice(0, hash);
    const id = expanded.slice(hash + 1);
    if (id === '') return undefined;
    let document: RuleDocument | undefined = from;
    if (file !== '') {
      const folder = from.folder;
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
    if (document === from && file === '') {
      // "#id" whose own document has no such element reaches a register entry of that xml:id elsewhere, as the
      // published edition reads it (ed:pointer-target, RegisterIndex): the entry is used (register-entry-unused), though
      // the pointer itself is reported (pointer-unresolved: "#id" names an element of its own document).
      const own = from.byId(id);
      return own === undefined ? this.entryWithId(id) : this.at(from, own);
    }
    return document && this.at(document, document.byId(id));
  }

  /** The register entry of this xml:id, the first in the run's order: where "#id" and a name alone lead when their own document has no such element. */
  private entryWithId(id: string): Resolved | undefined {
    if (!this.byEntryId) {
      const byEntryId = (this.byEntryId = new Map());
      for (const document of this.documents) {
        document.facts.entries.forEach(([, entryId], entry) => {
          if (entryId && !byEntryId.has(entryId)) byEntryId.set(entryId, { document, entry, isEntry: true });
        });
      }
    }
    return this.byEntryId.get(id);
  }

  /** What the element of this xml:id (an index in facts.ids) names. */
  private at(document: RuleDocument, id: number | undefined): Resolved | undefined {
    if (id === undefined) return undefined;
    const [, , , entry, isEntry] = document.facts.ids[id];
    return { document, entry, isEntry };
  }

  /**
   * The entry a key pointer reaches, as the published edition looks it up (ed:key-entry, src/publish/registers.ts): the
   * register entry of that xml:id in the document, else in the run, else the first whose @n is the key, else the first
   * with an idno of that value (the run's order).
   */
  private entryOfKey(token: string, from: RuleDocument): Resolved | undefined {
    const own = this.at(from, from.byId(token.slice(1)));
    if (own?.isEntry) return own;
    if (!this.byKey) {
      const byKey = (this.byKey = { id: new Map<string, Resolved>(), n: new Map<string, Resolved>(), idno: new Map<string, Resolved>() });
      const first = (map: Map<string, Resolved>, key: string, found: Resolved): void => {
        if (!map.has(key)) map.set(key, found);
      };
      for (const document of this.documents) {
        for (const [id, , , entry, isEntry] of document.facts.ids) if (isEntry) first(byKey.id, `@${id}`, { document, entry, isEntry });
        for (const [entry, n, idnos] of document.facts.keyed ?? []) {
          if (n) first(byKey.n, n, { document, entry, isEntry: true });
          for (const idno of idnos) first(byKey.idno, idno, { document, entry, isEntry: true });
        }
      }
    }
    return this.byKey.id.get(token) ?? this.byKey.n.get(token) ?? this.byKey.idno.get(token);
  }

  /** The entry known by this URI (its idno), the first in the run's order, as the published edition joins it. */
  private entryKnownBy(uri: string): Resolved | undefined {
    if (!this.byUri) {
      const byUri = (this.byUri = new Map());
      for (const document of this.documents) {
        document.facts.entries.forEach(([, , , , , uris], entry) => {
          for (const known of uris ?? []) if (!byUri.has(known)) byUri.set(known, { document, entry, isEntry: true });
        });
      }
    }
    return this.byUri.get(uri);
  }
}

/**
 * Applies the document's prefix definitions: the pointer as a plain URI reference, `null` for an
 * absolute URI with a scheme (not ours to check), `undefined` when a defined prefix does not match.
 */
function expandPrefix(token: string, facts: RuleFacts): string | null | undefined {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/.exec(token);
  if (!scheme) return token;
  const definition = facts.prefixes.find(([ident]) => ident === scheme[1]);
  if (!definition) return null;
  try {
    const pattern = new RegExp(`^(?:${definition[1] ?? ''})$`, 'u');
    if (!pattern.test(scheme[2])) return undefined;
    return scheme[2].replace(pattern, definition[2] ?? '');
  } catch {
    return undefined;
  }
}

/** The pointer tokens of an element's pointer attributes (the validator asks it of every element: most have none). */
export function pointerTokens(element: XmlElement): ReadonlyArray<{ attribute: string; token: string }> {
  let tokens: Array<{ attribute: string; token: string }> | undefined;
  const attributes = element.attributes;
  for (let i = 0; i < attributes.length; i += 1) {
    const a = attributes[i];
    if (a.ns !== '' || !POINTER_ATTRIBUTE_SET.has(a.local)) continue;
    for (const token of a.value.split(/\s+/)) if (token) (tokens ??= []).push({ attribute: a.name, token });
  }
  return tokens ?? NO_TOKENS;
}

const POINTER_ATTRIBUTE_SET = new Set(POINTER_ATTRIBUTES);
const NO_TOKENS: ReadonlyArray<{ attribute: string; token: string }> = [];
