import { attribute, textContent, XmlElement, XmlTree } from '../../xml/tree';
import { isEntry, NAME_ELEMENTS, pointerTokens, TEI_NS, xmlId } from './model';

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
  /** The register entries (isEntry), in document order: element name, xml:id, position, and the forms of the name it lists (entryForms). */
  entries: Array<[local: string, id: string, line: number, column: number, forms: string[]]>;
  /** Each pointer token (pointer attributes), once per set of entries holding the pointing element (indices in `entries`). */
  pointers: Array<[token: string, inside: number[]]>;
  /** prefixDef elements, in document order: @ident, @matchPattern, @replacementPattern. */
  prefixes: Array<[ident: string | null, matchPattern: string | null, replacementPattern: string | null]>;
}

const READING = new Set(['corr', 'reg', 'expan']);
const DIPLOMATIC = new Set(['sic', 'orig', 'abbr']);

export function ruleFacts(tree: XmlTree): RuleFacts {
  const facts: RuleFacts = {
    hasText: tree.root.children.some((child) => typeof child !== 'string' && child.local === 'text'),
    ids: [], entries: [], pointers: [], prefixes: [],
  };
  const entryIndex = new Map<XmlElement, number>();
  const seenPointers = new Set<string>();
  for (const element of tree.elements) {
    if (isEntry(element)) {
      entryIndex.set(element, facts.entries.length);
      facts.entries.push([element.local, xmlId(element)!, element.line, element.column, entryForms(element)]);
    }
    // The entries that hold this element, innermost first.
    const holding: number[] = [];
    for (let ancestor: XmlElement | null = element; ancestor; ancestor = ancestor.parent) {
      const index = entryIndex.get(ancestor);
      if (index !== undefined) holding.push(index);
    }
    const id = element.attributes.find((a) => a.local === 'id' && a.ns === 'http://www.w3.org/XML/1998/namespace');
    if (id) facts.ids.push([id.value, id.line, id.column, holding.length > 0 ? holding[0] : -1, entryIndex.has(element)]);
    for (const { token } of pointerTokens(element)) {
      const key = `${token}\0${holding.join(' ')}`;
      if (seenPointers.has(key)) continue;
      seenPointers.add(key);
      facts.pointers.push([token, holding]);
    }
    if (element.local === 'prefixDef') facts.prefixes.push([attribute(element, 'ident') ?? null, attribute(element, 'matchPattern') ?? null, attribute(element, 'replacementPattern') ?? null]);
  }
  return facts;
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
  return entry.children
    .filter((child): child is XmlElement => typeof child !== 'string' && NAME_ELEMENTS.has(child.local))
    .map((name) => textContent(name).replace(/\s+/g, ' ').trim())
    .filter(Boolean);
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
