/**
 * The XPath data model the fast rules evaluator works on: nodes over the light tree the well-formedness
 * layer already built (src/xml/tree.ts), and the atomic values the supported subset of XPath 3.1 needs.
 *
 * The evaluator must give exactly what SaxonJS gives, or nothing: whatever it cannot do exactly throws
 * `Unsupported`, and the document is then checked by SaxonJS instead (see fast-run.ts). It never handles
 * an error itself: a dynamic error of the rules also goes to SaxonJS, whose message is the reference.
 */
import { textContent, XML_NS, XmlAttribute, XmlElement, XmlTree } from '../../../xml/tree';

/** Something the fast evaluator does not do exactly as SaxonJS would: the document goes to SaxonJS. */
export class Unsupported extends Error {}

export function unsupported(what: string): never {
  throw new Unsupported(what);
}

const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

export const KIND_DOCUMENT = 9;
export const KIND_ELEMENT = 1;
export const KIND_ATTRIBUTE = 2;
export const KIND_TEXT = 3;

export type XNode = XDocument | XElement | XAttribute | XText;

/** A document: the root of a tree, with its URI and the indexes keys build on it. */
export class XDocument {
  readonly kind = KIND_DOCUMENT;
  private readonly wrappers: Array<XElement | undefined>;
  /** xsl:key indexes, by key name. */
  readonly keys = new Map<string, Map<string, XNode[]>>();
  private ids: Map<string, XElement> | undefined;

  constructor(
    readonly tree: XmlTree,
    /** The document's URI (a file: URL), its base URI unless xml:base says otherwise. */
    readonly uri: string,
    /** Orders nodes of different documents: stable within a run. */
    readonly sequence: number,
    /** Whether the source has comments, processing instructions or CDATA inside the root element (see childNodes). */
    readonly hasHiddenNodes: boolean,
  ) {
    this.wrappers = new Array(tree.elements.length);
  }

  get doc(): XDocument {
    return this;
  }

  element(el: XmlElement): XElement {
    let wrapper = this.wrappers[el.index];
    if (wrapper === undefined) this.wrappers[el.index] = wrapper = new XElement(this, el);
    return wrapper;
  }

  get root(): XElement {
    return this.element(this.tree.root);
  }

  /** The element with this xml:id (id() and the like), the first when several share it. */
  byXmlId(id: string): XElement | undefined {
    if (!this.ids) {
      this.ids = new Map();
      for (const el of this.tree.elements) {
        for (const a of el.attributes) if (a.local === 'id' && a.ns === XML_NS && !this.ids.has(a.value.trim())) this.ids.set(a.value.trim(), this.element(el));
      }
    }
    return this.ids.get(id);
  }
}

export class XElement {
  readonly kind = KIND_ELEMENT;
  private attributeNodes: XAttribute[] | undefined;
  private childNodeList: Array<XElement | XText> | undefined;
  private elementChildren: XElement[] | undefined;
  private stringValue: string | undefined;
  /** 1-based position among the parent's element children (computed on demand). */
  siblingPosition = 0;

  constructor(readonly doc: XDocument, readonly el: XmlElement) {}

  get parent(): XElement | XDocument {
    return this.el.parent ? this.doc.element(this.el.parent) : this.doc;
  }

  /** Attribute nodes: namespace declarations are not attributes in XPath. */
  attributes(): XAttribute[] {
    if (this.attributeNodes === undefined) {
      const list: XAttribute[] = [];
      for (const a of this.el.attributes) if (a.ns !== XMLNS_NS) list.push(new XAttribute(this, a, list.length));
      this.attributeNodes = list;
    }
    return this.attributeNodes;
  }

  /** The attribute with this namespace and local name. */
  attribute(ns: string, local: string): XAttribute | undefined {
    // Most elements lack the attribute asked for: answer from the tree without making the nodes.
    if (this.attributeNodes === undefined && !this.el.attributes.some((a) => a.local === local && a.ns === ns)) return undefined;
    for (const a of this.attributes()) if (a.attr.local === local && a.attr.ns === ns) return a;
    return undefined;
  }

  childElements(): XElement[] {
    if (this.elementChildren === undefined) {
      const list: XElement[] = [];
      for (const child of this.el.children) if (typeof child !== 'string') list.push(this.doc.element(child));
      this.elementChildren = list;
    }
    return this.elementChildren;
  }

  /**
   * Element and text children. The light tree keeps no comments or processing instructions, and keeps a
   * CDATA section apart from the text beside it: a document with any of these inside its root element
   * cannot give XPath's child nodes exactly, so asking for them there is Unsupported.
   */
  childNodes(): Array<XElement | XText> {
    if (this.childNodeList === undefined) {
      if (this.doc.hasHiddenNodes) unsupported('text, comment or processing-instruction nodes of a document with comments, processing instructions or CDATA');
      const list: Array<XElement | XText> = [];
      this.el.children.forEach((child, i) => list.push(typeof child === 'string' ? new XText(this, child, i) : this.doc.element(child)));
      this.childNodeList = list;
    }
    return this.childNodeList;
  }

  get string(): string {
    if (this.stringValue === undefined) this.stringValue = textContent(this.el);
    return this.stringValue;
  }
}

export class XAttribute {
  readonly kind = KIND_ATTRIBUTE;
  constructor(readonly parent: XElement, readonly attr: XmlAttribute, readonly position: number) {}
  get doc(): XDocument {
    return this.parent.doc;
  }
  get string(): string {
    return this.attr.value;
  }
}

export class XText {
  readonly kind = KIND_TEXT;
  constructor(readonly parent: XElement, readonly value: string, readonly childIndex: number) {}
  get doc(): XDocument {
    return this.parent.doc;
  }
  get string(): string {
    return this.value;
  }
}

// ---------------------------------------------------------------------------------------------------
// Atomic values. xs:string is a JS string, xs:boolean a JS boolean, xs:integer a JS number (always a
// safe integer); the others are small classes.

export class Untyped {
  constructor(readonly s: string) {}
}
export class XDouble {
  constructor(readonly v: number) {}
}
export class XDecimal {
  constructor(readonly v: number) {}
}
export class XAnyURI {
  constructor(readonly s: string) {}
}

export type CalendarType = 'date' | 'dateTime' | 'time' | 'gYear' | 'gYearMonth' | 'gMonth' | 'gMonthDay' | 'gDay';

export class XCalendar {
  constructor(
    readonly type: CalendarType,
    readonly year: number,
    readonly month: number,
    readonly day: number,
    readonly hour: number,
    readonly minute: number,
    /** Whole seconds; fractions are kept as written in `fraction` (digits after the point, trailing zeros removed). */
    readonly second: number,
    readonly fraction: string,
    /** Timezone offset in minutes, or null when there is none. */
    readonly tz: number | null,
  ) {}
}

export class XDuration {
  constructor(readonly type: 'duration' | 'yearMonthDuration' | 'dayTimeDuration', readonly months: number, readonly seconds: number) {}
}

/** A map: keys are atomic; entries keep the key as given (for map:keys). */
export class XMap {
  constructor(readonly entries: Map<string, { key: Atomic; value: Item[] }>) {}
}

export class XArray {
  constructor(readonly members: Item[][]) {}
}

export type Atomic = string | boolean | number | Untyped | XDouble | XDecimal | XAnyURI | XCalendar | XDuration;
export type Item = XNode | Atomic | XMap | XArray;
export type Sequence = Item[];

export function isNode(item: Item): item is XNode {
  return item instanceof XElement || item instanceof XAttribute || item instanceof XText || item instanceof XDocument;
}

// ---------------------------------------------------------------------------------------------------
// Document order.

/** Compares two nodes in document order: negative when a comes first. */
export function compareOrder(a: XNode, b: XNode): number {
  if (a === b) return 0;
  if (a.doc !== b.doc) return a.doc.sequence - b.doc.sequence;
  const ka = orderKey(a);
  const kb = orderKey(b);
  return ka[0] - kb[0] || ka[1] - kb[1];
}

/**
 * A node's place in its document as two numbers: the index of the last element that starts at or before
 * it, then its rank after that element's start (the element 0, its attributes 1…, its text children
 * before their next element child 1e6 + position, text after a child element 2e6 + position).
 */
function orderKey(node: XNode): [number, number] {
  switch (node.kind) {
    case KIND_DOCUMENT:
      return [-1, 0];
    case KIND_ELEMENT:
      return [node.el.index, 0];
    case KIND_ATTRIBUTE:
      return [node.parent.el.index, 1 + node.position];
    default: {
      const siblings = node.parent.el.children;
      for (let i = node.childIndex - 1; i >= 0; i -= 1) {
        const before = siblings[i];
        if (typeof before !== 'string') return [lastDescendant(before).index, 2e6 + node.childIndex];
      }
      return [node.parent.el.index, 1e6 + node.childIndex];
    }
  }
}

function lastDescendant(el: XmlElement): XmlElement {
  let current = el;
  for (;;) {
    let last: XmlElement | undefined;
    for (let i = current.children.length - 1; i >= 0; i -= 1) {
      const child = current.children[i];
      if (typeof child !== 'string') {
        last = child;
        break;
      }
    }
    if (!last) return current;
    current = last;
  }
}

/** Sorts nodes in document order and removes duplicates (XPath path results). */
export function documentOrder(nodes: XNode[]): XNode[] {
  if (nodes.length < 2) return nodes;
  let sorted = true;
  for (let i = 1; i < nodes.length; i += 1) {
    if (compareOrder(nodes[i - 1], nodes[i]) >= 0) {
      sorted = false;
      break;
    }
  }
  if (sorted) return nodes;
  const copy = [...nodes].sort(compareOrder);
  const out: XNode[] = [copy[0]];
  for (let i = 1; i < copy.length; i += 1) if (copy[i] !== copy[i - 1]) out.push(copy[i]);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Names, strings, atomisation.

export function nodeName(node: XNode): string {
  switch (node.kind) {
    case KIND_ELEMENT:
      return node.el.name;
    case KIND_ATTRIBUTE:
      return node.attr.name;
    default:
      return '';
  }
}

export function localName(node: XNode): string {
  switch (node.kind) {
    case KIND_ELEMENT:
      return node.el.local;
    case KIND_ATTRIBUTE:
      return node.attr.local;
    default:
      return '';
  }
}

export function namespaceUri(node: XNode): string {
  switch (node.kind) {
    case KIND_ELEMENT:
      return node.el.ns;
    case KIND_ATTRIBUTE:
      return node.attr.ns;
    default:
      return '';
  }
}

export function stringValue(node: XNode): string {
  return node.kind === KIND_DOCUMENT ? node.root.string : node.string;
}

export function atomize(sequence: Sequence): Atomic[] {
  let simple = true;
  for (const item of sequence) {
    if (typeof item === 'object' && !(item instanceof Untyped || item instanceof XDouble || item instanceof XDecimal || item instanceof XAnyURI || item instanceof XCalendar || item instanceof XDuration)) {
      simple = false;
      break;
    }
  }
  if (simple) return sequence as Atomic[];
  const out: Atomic[] = [];
  const add = (item: Item): void => {
    if (isNode(item)) out.push(new Untyped(stringValue(item)));
    else if (item instanceof XArray) for (const member of item.members) for (const inner of member) add(inner);
    else if (item instanceof XMap) unsupported('atomising a map (an error)');
    else out.push(item);
  };
  for (const item of sequence) add(item);
  return out;
}

/** The string value of an atomic value, as `string()` and casting to xs:string give it. */
export function atomicString(value: Atomic): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  if (value instanceof Untyped || value instanceof XAnyURI) return value.s;
  if (value instanceof XDouble) return doubleString(value.v);
  if (value instanceof XDecimal) return decimalString(value.v);
  if (value instanceof XCalendar) return calendarString(value);
  return durationString(value);
}

export function itemString(item: Item): string {
  if (isNode(item)) return stringValue(item);
  if (item instanceof XMap || item instanceof XArray) return unsupported('the string value of a map or array (an error)');
  return atomicString(item);
}

function doubleString(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'INF';
  if (v === -Infinity) return '-INF';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const abs = Math.abs(v);
  if (abs >= 1e-6 && abs < 1e6) {
    // Shortest round-trip digits without an exponent, as xs:decimal would print them.
    const text = String(v);
    if (/e/i.test(text)) return unsupported('a double to string');
    return text;
  }
  // Scientific: mantissa with at least one digit after the point, exponent without "+".
  const [mantissa, exponent] = v.toExponential().split('e');
  const withPoint = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${withPoint}E${Number(exponent)}`;
}

function decimalString(v: number): string {
  if (!Number.isFinite(v)) return unsupported('a decimal out of range');
  const text = String(v);
  if (/e/i.test(text)) return unsupported('a decimal to string');
  return text;
}

function pad(n: number, width: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.abs(n)).padStart(width, '0');
}

function tzString(tz: number | null): string {
  if (tz === null) return '';
  if (tz === 0) return 'Z';
  const sign = tz < 0 ? '-' : '+';
  const abs = Math.abs(tz);
  return `${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
}

function calendarString(c: XCalendar): string {
  const year = pad(c.year, 4);
  const time = (): string => `${pad(c.hour, 2)}:${pad(c.minute, 2)}:${pad(c.second, 2)}${c.fraction ? `.${c.fraction}` : ''}`;
  switch (c.type) {
    case 'date':
      return `${year}-${pad(c.month, 2)}-${pad(c.day, 2)}${tzString(c.tz)}`;
    case 'dateTime':
      return `${year}-${pad(c.month, 2)}-${pad(c.day, 2)}T${time()}${tzString(c.tz)}`;
    case 'time':
      return `${time()}${tzString(c.tz)}`;
    case 'gYear':
      return `${year}${tzString(c.tz)}`;
    case 'gYearMonth':
      return `${year}-${pad(c.month, 2)}${tzString(c.tz)}`;
    case 'gMonth':
      return `--${pad(c.month, 2)}${tzString(c.tz)}`;
    case 'gMonthDay':
      return `--${pad(c.month, 2)}-${pad(c.day, 2)}${tzString(c.tz)}`;
    default:
      return `---${pad(c.day, 2)}${tzString(c.tz)}`;
  }
}

function durationString(d: XDuration): string {
  if (d.months === 0 && d.seconds === 0) return d.type === 'dayTimeDuration' ? 'PT0S' : d.type === 'yearMonthDuration' ? 'P0M' : 'PT0S';
  if ((d.months < 0 && d.seconds > 0) || (d.months > 0 && d.seconds < 0)) return unsupported('a duration of mixed sign');
  const negative = d.months < 0 || d.seconds < 0;
  const months = Math.abs(d.months);
  let seconds = Math.abs(d.seconds);
  if (!Number.isInteger(seconds)) return unsupported('fractional seconds in a duration');
  let out = negative ? '-P' : 'P';
  const years = Math.floor(months / 12);
  if (years) out += `${years}Y`;
  if (months % 12) out += `${months % 12}M`;
  const days = Math.floor(seconds / 86400);
  seconds -= days * 86400;
  if (days) out += `${days}D`;
  if (seconds) {
    out += 'T';
    const hours = Math.floor(seconds / 3600);
    seconds -= hours * 3600;
    const minutes = Math.floor(seconds / 60);
    seconds -= minutes * 60;
    if (hours) out += `${hours}H`;
    if (minutes) out += `${minutes}M`;
    if (seconds) out += `${seconds}S`;
  }
  return out;
}

/** XML white space, trimmed (the "collapse" facet's ends, for casting). */
export function trimXml(s: string): string {
  return s.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, '');
}

export function normalizeSpace(s: string): string {
  return s.replace(/[ \t\n\r]+/g, ' ').replace(/^ | $/g, '');
}

export { XML_NS };
