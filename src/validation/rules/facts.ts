import { attribute, textContent, XmlElement, XmlTree } from '../../xml/tree';
import { ENTRY_ELEMENTS, isEntry, isEntryUri, keyPointer, NAME_ELEMENTS, pointerTokens, TEI_NS, uriKey, xmlId } from './model';
import { includeFact, IncludeFact, XINCLUDE_NS } from '../xinclude';

/**
 * What the collection-wide rules (./collection) need of a document, taken from its tree once: its
 * identifiers, register entries, pointers and tagged names, with their positions. The facts are small
 * (a few KB a document) and plain data, so the validator keeps them in the result cache with the
 * document's other results: an incremental run checks the whole collection without parsing the
 * documents that did not change. Every rule reads documents only through these facts.
 */
export interface RuleFacts {
  /** Whether the root element has a <text> child (a document, as opposed to a register). */
  hasText: boolean;
  /**
   * Every xml:id, in document order: its value, the position of the attribute, the register entry that
   * holds the element (its index in `entries`, the element itself included; -1 for none), and whether the
   * element is that entry.
   */
  ids: Array<[id: string, line: number, column: number, entry: number, isEntry: boolean]>;
  /**
   * The register entries (isEntry), in document order: element name, xml:id ('' for an entry known by a URI only),
   * position, the forms of the name it lists (entryForms), and the absolute URIs it is known by (entryUris; absent when none).
   */
  entries: Array<[local: string, id: string, line: number, column: number, forms: string[], uris?: string[]]>;
  /**
   * Each pointer token (pointer attributes; and a name's @key where it has no @ref, as a key pointer: keyPointer), once
   * per set of entries holding the pointing element (indices in `entries`). A token that begins with "@" is written "./@…".
   */
  pointers: Array<[token: string, inside: number[]]>;
  /** The codes a @key may look an entry up by (entryKeys): the entry (index in `entries`), its @n ('' for none), its idnos; only entries that have any. */
  keyed?: Array<[entry: number, n: string, idnos: string[]]>;
  /** prefixDef elements, in document order: @ident, @matchPattern, @replacementPattern. */
  prefixes: Array<[ident: string | null, matchPattern: string | null, replacementPattern: string | null]>;
  /** xi:include elements (XInclude 1.1), in document order: @href, @parse, @xpointer, whether it has an xi:fallback, and its position. */
  includes?: IncludeFact[];
}


const READING = new Set(['corr', 'reg', 'expan']);
const DIPLOMATIC = new Set(['sic', 'orig', 'abbr']);

export function ruleFacts(tree: XmlTree): RuleFacts {
  const facts: RuleFacts = {
    hasText: tree.root.children.some((child) => typeof child !== 'string' && child.local === 'text'),
    ids: [], entries: [], pointers: [], prefixes: [], includes: [],
  };
  // The entries that hold each element, innermost first (by element index): an element's parent's, with
  // the element itself first when it is an entry. Elements without entries of their own share their
  // parent's array.
  const holdings = new Array<number[]>(tree.elements.length);
  const seenPointers = new Set<string>();
  for (const element of tree.elements) {
    const outer = element.parent === null ? NO_ENTRIES : holdings[element.parent.index];
    // Entries, ids and pointers are all attributes, but for an entry known by a URI (its idno): most elements have none.
    holdings[element.index] = element.attributes.length === 0 && !ENTRY_ELEMENTS.has(element.local) ? outer : attributeFacts(facts, element, outer, seenPointers);
    if (element.local === 'prefixDef') facts.prefixes.push([attribute(element, 'ident') ?? null, attribute(element, 'matchPattern') ?? null, attribute(element, 'replacementPattern') ?? null]);
    else if (element.local === 'include' && element.ns === XINCLUDE_NS) facts.includes!.push(includeFact(element));
  }
  return facts;
}

const NO_ENTRIES: number[] = [];

/**
 * The facts an element's attributes give (an entry, an xml:id, pointers), added to `facts`. Returns the
 * entries that hold the element (`outer`: those that hold its parent). A function of its own, out of
 * ruleFacts's loop over every element: see parseXmlTree's TreeScanner for why.
 */
function attributeFacts(facts: RuleFacts, element: XmlElement, outer: number[], seenPointers: Set<string>): number[] {
  let holding = outer;
  let uris: string[] | undefined;
  const urisOf = (): string[] => (uris ??= entryUris(element));
  const entry = isEntry(element, urisOf);
  if (entry) {
    holding = [facts.entries.length, ...outer];
    const uris = urisOf();
    const fact: RuleFacts['entries'][number] = [element.local, xmlId(element) ?? '', element.line, element.column, entryForms(element)];
    if (uris.length > 0) fact.push(uris);
    const keys = entryKeys(element);
    if (keys) (facts.keyed ??= []).push([facts.entries.length, ...keys]);
    facts.entries.push(fact);
  }
  const id = element.attributes.find((a) => a.local === 'id' && a.ns === 'http://www.w3.org/XML/1998/namespace');
  if (id) facts.ids.push([id.value, id.line, id.column, holding.length > 0 ? holding[0] : -1, entry]);
  const add = (token: string): void => {
    const key = `${token}\0${holding.join(' ')}`;
    if (seenPointers.has(key)) return;
    seenPointers.add(key);
    facts.pointers.push([token, holding]);
  };
  for (const { token } of pointerTokens(element)) add(token.startsWith('@') ? `./${token}` : token);
  const code = attribute(element, 'key')?.replace(/\s+/g, ' ').trim();
  if (code && attribute(element, 'ref') === undefined) add(keyPointer(code));
  return holding;
}

/**
 * The tagged names with @ref (persName, placeName… in the TEI namespace), in document order: position,
 * @ref, and how they read (readings). Kept apart from the facts: only name-spelling-drift reads them, and
 * only for the documents it checks again.
 */
export type RuleNames = Array<[line: number, column: number, ref: string, readings: string[]]>;

export function namesOf(tree: XmlTree): RuleNames {
  const names: RuleNames = [];
  for (const element of tree.elements) {
    if (element.ns !== TEI_NS || !NAME_ELEMENTS.has(element.local)) continue;
    const ref = attribute(element, 'ref');
    if (ref) names.push([element.line, element.column, ref, readings(element)]);
  }
  return names;
}

/** The forms an entry lists: the text of each of its name children. */
function entryForms(entry: XmlElement): string[] {
  const forms: string[] = [];
  for (const child of entry.children) {
    if (typeof child === 'string' || !NAME_ELEMENTS.has(child.local)) continue;
    const form = textContent(child).replace(/\s+/g, ' ').trim();
    if (form !== '') forms.push(form);
  }
  return forms;
}

/**
 * The absolute URIs an entry is known by: its own idno children whose value is one (isEntryUri), as the published
 * edition joins pointers by URI to entries (ed:entry-uris in xslt/common.xsl), in the form they are matched in (uriKey).
 */
function entryUris(entry: XmlElement): string[] {
  const uris: string[] = [];
  for (const child of entry.children) {
    if (typeof child === 'string' || child.local !== 'idno' || child.ns !== TEI_NS) continue;
    const written = textContent(child).replace(/\s+/g, ' ').trim();
    const uri = isEntryUri(written) ? uriKey(written) : undefined;
    if (uri !== undefined && !uris.includes(uri)) uris.push(uri);
  }
  return uris;
}

/**
 * The codes a @key looks an entry up by, as the published edition does (ed:entry-n-key, ed:entry-idno-keys in
 * xslt/common.xsl): its @n, and the values of its own idno children, each as a key pointer; undefined when it has none.
 */
function entryKeys(entry: XmlElement): [n: string, idnos: string[]] | undefined {
  const n = attribute(entry, 'n')?.replace(/\s+/g, ' ').trim();
  const idnos: string[] = [];
  for (const child of entry.children) {
    if (typeof child === 'string' || child.local !== 'idno' || child.ns !== TEI_NS) continue;
    const written = textContent(child).replace(/\s+/g, ' ').trim();
    if (written !== '' && !idnos.includes(keyPointer(written))) idnos.push(keyPointer(written));
  }
  return n || idnos.length > 0 ? [n ? keyPointer(n) : '', idnos] : undefined;
}

/** The name as the source writes it and as the editors read it (they differ inside choice). */
function readings(element: XmlElement): string[] {
  const walk = (node: XmlElement, mode: 'diplomatic' | 'reading'): string => {
    let out = '';
    for (const child of node.children) {
      if (typeof child === 'string') out += child;
      else if (child.local === 'note') continue;
      else if (child.local === 'choice') {
        const pick = child.children.find((c): c is XmlElement => typeof c !== 'string' && (mode === 'reading' ? READING : DIPLOMATIC).has(c.local));
        out += pick ? walk(pick, mode) : walk(child, mode);
      } else out += walk(child, mode);
    }
    return out;
  };
  const diplomatic = walk(element, 'diplomatic');
  const reading = walk(element, 'reading');
  return diplomatic === reading ? [reading] : [diplomatic, reading];
}
