/**
 * Compiles the XPath syntax tree (xpath-parser.ts) into JavaScript closures over the data model
 * (xdm.ts). Variables get frame slots at compile time; predicates that do not depend on the focus are
 * evaluated once; `//name` is a walk over the tree's element array. Whatever this does not do exactly as
 * SaxonJS does is Unsupported (at compile time when it can be seen then).
 */
import { fileURLToPath } from 'url';
import * as path from 'path';
import { ATOMIC_TYPES, cast, daysIn, derivesFrom, isNumeric, numericValue, typeOf } from './cast';
import { xpathRegex, replacement } from './regex';
import {
  Atomic, atomicString, atomize, compareOrder, documentOrder, isNode, Item, itemString, KIND_ATTRIBUTE, KIND_DOCUMENT, KIND_ELEMENT, KIND_TEXT, localName,
  namespaceUri, nodeName, normalizeSpace, Sequence, stringValue, unsupported, Untyped, XAnyURI, XArray, XAttribute, XCalendar, XDecimal, XDocument, XDouble,
  XDuration, XElement, XMap, XML_NS, XNode, XText,
} from './xdm';
import { Axis, expanded, ExpandedName, Expr, FN, MAP_NS, NodeTest, SequenceType, XS_NS } from './xpath-parser';

/** What an evaluation sees: the focus, the variables of the current frame, and the run. */
export class Ctx {
  constructor(
    readonly item: Item | undefined,
    readonly position: number,
    readonly size: number,
    readonly frame: Sequence[],
    readonly run: RunContext,
    /** XSLT's current(): the node a rule, key or pattern is being evaluated for. */
    readonly current: Item | undefined,
  ) {}

  focus(item: Item, position: number, size: number): Ctx {
    return new Ctx(item, position, size, this.frame, this.run, this.current);
  }
}

/** What a run gives the evaluator: documents by URI, keys and functions of the stylesheet. */
export interface RunContext {
  /** The document a URI names, or undefined when it cannot be read (doc-available false). */
  document(uri: string): XDocument | undefined;
  /** Whether unparsed-text() could read a URI (a document of the collection). */
  textAvailable(uri: string): boolean;
  /** The static base URI (the rules file's URI). */
  staticBaseUri: string;
  /** key(name, value, top). */
  key(name: ExpandedName, value: Atomic[], top: XNode, ctx: Ctx): XNode[];
}

export type Evaluator = (c: Ctx) => Sequence;

/** A user function (xsl:function), compiled on demand (functions may call each other and themselves). */
export interface UserFunction {
  invoke(args: Sequence[], run: RunContext): Sequence;
}

/** Names in scope while compiling: variables → frame slots, and the functions the stylesheet declares. */
export class Scope {
  private readonly names = new Map<ExpandedName, number>();
  constructor(
    private readonly parent: Scope | undefined,
    readonly frameSize: { n: number },
    readonly functions: Map<string, UserFunction>,
    readonly keys: Set<ExpandedName>,
  ) {}

  static root(functions: Map<string, UserFunction>, keys: Set<ExpandedName>): Scope {
    return new Scope(undefined, { n: 0 }, functions, keys);
  }

  child(): Scope {
    return new Scope(this, this.frameSize, this.functions, this.keys);
  }

  declare(name: ExpandedName): number {
    const slot = this.frameSize.n++;
    this.names.set(name, slot);
    return slot;
  }

  lookup(name: ExpandedName): number | undefined {
    return this.names.get(name) ?? this.parent?.lookup(name);
  }
}

const EMPTY: Sequence = [];
const NO_ARGS: Sequence[] = [];
// Results are never changed once returned, so the two booleans are shared (fewer allocations).
const TRUE: Sequence = [true];
const FALSE: Sequence = [false];
const bool = (value: boolean): Sequence => (value ? TRUE : FALSE);

// ---------------------------------------------------------------------------------------------------
// Helpers on sequences.

export function ebv(sequence: Sequence): boolean {
  if (sequence.length === 0) return false;
  const first = sequence[0];
  if (isNode(first)) return true;
  if (sequence.length > 1) return unsupported('the effective boolean value of several atomic values (an error)');
  if (typeof first === 'boolean') return first;
  if (typeof first === 'string') return first.length > 0;
  if (typeof first === 'number') return first !== 0;
  if (first instanceof Untyped || first instanceof XAnyURI) return first.s.length > 0;
  if (first instanceof XDouble || first instanceof XDecimal) return !(first.v === 0 || Number.isNaN(first.v));
  return unsupported('the effective boolean value of this value (an error)');
}

function single(sequence: Sequence, what: string): Item | undefined {
  if (sequence.length > 1) unsupported(`more than one item for ${what} (an error)`);
  return sequence[0];
}

function singleAtomic(sequence: Sequence, what: string): Atomic | undefined {
  const atoms = atomize(sequence);
  if (atoms.length > 1) unsupported(`more than one item for ${what} (an error)`);
  return atoms[0];
}

/** An optional string argument: the empty sequence gives ''. Strings, untyped and URIs only. */
function stringArg(sequence: Sequence, what: string): string {
  if (sequence.length === 1) {
    const item = sequence[0];
    if (typeof item === 'string') return item;
    if (item instanceof XAttribute || item instanceof XElement || item instanceof XText) return stringValue(item);
  }
  const value = singleAtomic(sequence, what);
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Untyped || value instanceof XAnyURI) return value.s;
  return unsupported(`a ${typeOf(value)} where a string is expected (an error)`);
}

function stringOrEmpty(sequence: Sequence, what: string): string | undefined {
  return sequence.length === 0 ? undefined : stringArg(sequence, what);
}

function nodeArg(sequence: Sequence, what: string): XNode | undefined {
  const item = single(sequence, what);
  if (item === undefined) return undefined;
  if (!isNode(item)) return unsupported(`a non-node for ${what} (an error)`);
  return item;
}

function contextNode(c: Ctx, what: string): XNode {
  if (c.item === undefined || !isNode(c.item)) return unsupported(`no context node for ${what} (an error)`);
  return c.item;
}

/** A numeric argument (untyped cast to double); undefined for the empty sequence. */
function numberArg(sequence: Sequence, what: string): number | XDouble | XDecimal | undefined {
  let value = singleAtomic(sequence, what);
  if (value === undefined) return undefined;
  if (value instanceof Untyped) value = cast(value, 'double');
  if (value === undefined || !isNumeric(value)) return unsupported(`a non-number for ${what} (an error)`);
  return value;
}

function integerArg(sequence: Sequence, what: string): number {
  const value = singleAtomic(sequence, what);
  if (typeof value !== 'number') return unsupported(`a non-integer for ${what}`);
  return value;
}

function codepointCompare(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (astral code points) sort after every BMP character.
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys) return xs ? 1 : -1;
      return x < y ? -1 : 1;
    }
  }
  return a.length - b.length;
}

function hasSurrogates(s: string): boolean {
  return /[\uD800-\uDFFF]/.test(s);
}

// ---------------------------------------------------------------------------------------------------
// Comparisons.

function isStringLike(v: Atomic): v is string | Untyped | XAnyURI {
  return typeof v === 'string' || v instanceof Untyped || v instanceof XAnyURI;
}

function calendarInstant(c: XCalendar): number {
  // Minutes since a fixed origin, in UTC when there is a timezone.
  const days = daysFromCivil(c.year, c.month, c.day);
  return (days * 1440 + c.hour * 60 + c.minute - (c.tz ?? 0)) * 60 + c.second + (c.fraction ? Number(`0.${c.fraction}`) : 0);
}

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): [number, number, number] {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** Compares two atomic values of comparable types: <0, 0, >0, or NaN when unordered (NaN numbers). */
function compareAtomic(a: Atomic, b: Atomic, ordering: boolean): number {
  if (isStringLike(a) && isStringLike(b)) {
    return codepointCompare(atomicString(a), atomicString(b));
  }
  if (isNumeric(a) && isNumeric(b)) {
    const x = numericValue(a);
    const y = numericValue(b);
    if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (a instanceof XCalendar && b instanceof XCalendar && a.type === b.type) {
    if (ordering && !['date', 'dateTime', 'time'].includes(a.type)) return unsupported('ordering g* values (an error)');
    if ((a.tz === null) !== (b.tz === null)) return unsupported('comparing dates with and without a timezone');
    if (a.type === 'time' || a.type.startsWith('g')) {
      if (a.tz !== b.tz) return unsupported('comparing times or g* values in different timezones');
    }
    const x = calendarInstant(a);
    const y = calendarInstant(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a instanceof XDuration && b instanceof XDuration) {
    if (ordering) {
      if (a.type === 'yearMonthDuration' && b.type === 'yearMonthDuration') return a.months - b.months;
      if (a.type === 'dayTimeDuration' && b.type === 'dayTimeDuration') return a.seconds - b.seconds;
      return unsupported('ordering durations (an error)');
    }
    return a.months === b.months && a.seconds === b.seconds ? 0 : 1;
  }
  return unsupported(`comparing ${typeOf(a)} with ${typeOf(b)} (an error)`);
}

function valueCompareResult(op: string, order: number): boolean {
  if (Number.isNaN(order)) return op === 'ne' || op === '!=';
  switch (op) {
    case 'eq':
    case '=':
      return order === 0;
    case 'ne':
    case '!=':
      return order !== 0;
    case 'lt':
    case '<':
      return order < 0;
    case 'le':
    case '<=':
      return order <= 0;
    case 'gt':
    case '>':
      return order > 0;
    default:
      return order >= 0;
  }
}

/** A general comparison's pair: untyped values take the other side's type (numbers: double). */
function generalPair(op: string, a: Atomic, b: Atomic): boolean {
  let x = a;
  let y = b;
  if (x instanceof Untyped && !(y instanceof Untyped)) {
    if (isNumeric(y)) x = cast(x, 'double') ?? unsupported('an untyped value that is no number (an error)');
    else if (!isStringLike(y)) x = cast(x, typeOf(y)) ?? unsupported('an untyped value that does not cast (an error)');
  } else if (y instanceof Untyped && !(x instanceof Untyped)) {
    if (isNumeric(x)) y = cast(y, 'double') ?? unsupported('an untyped value that is no number (an error)');
    else if (!isStringLike(x)) y = cast(y, typeOf(x)) ?? unsupported('an untyped value that does not cast (an error)');
  }
  const ordering = op !== '=' && op !== '!=';
  return valueCompareResult(op, compareAtomic(x, y, ordering));
}

// ---------------------------------------------------------------------------------------------------
// Arithmetic.

function arithmetic(op: string, a: Atomic, b: Atomic): Atomic {
  let x = a instanceof Untyped ? cast(a, 'double')! : a;
  let y = b instanceof Untyped ? cast(b, 'double')! : b;
  if (x === undefined || y === undefined) return unsupported('arithmetic on a value that is no number (an error)');
  if (isNumeric(x) && isNumeric(y)) {
    if (typeof x === 'number' && typeof y === 'number') {
      let r: number;
      switch (op) {
        case '+':
          r = x + y;
          break;
        case '-':
          r = x - y;
          break;
        case '*':
          r = x * y;
          break;
        case 'idiv':
          if (y === 0) return unsupported('division by zero (an error)');
          r = Math.trunc(x / y);
          break;
        case 'mod':
          if (y === 0) return unsupported('division by zero (an error)');
          r = x % y;
          break;
        default: {
          if (y === 0) return unsupported('division by zero (an error)');
          const q = x / y;
          if (!Number.isInteger(q)) return unsupported('a fractional decimal quotient');
          return new XDecimal(q === 0 ? 0 : q);
        }
      }
      if (!Number.isSafeInteger(r)) return unsupported('an integer beyond 2^53');
      return r === 0 ? 0 : r;
    }
    if (x instanceof XDouble || y instanceof XDouble) {
      const p = numericValue(x);
      const q = numericValue(y);
      switch (op) {
        case '+':
          return new XDouble(p + q);
        case '-':
          return new XDouble(p - q);
        case '*':
          return new XDouble(p * q);
        case 'div':
          return new XDouble(p / q);
        case 'mod':
          return new XDouble(p % q);
        default:
          return unsupported('idiv on doubles');
      }
    }
    // decimal (always whole in this model) with integer or decimal
    const r = arithmetic(op, numericValue(x), numericValue(y));
    return typeof r === 'number' ? new XDecimal(r) : r;
  }
  if (x instanceof XCalendar && x.type === 'date' && y instanceof XDuration && (op === '+' || op === '-')) {
    const sign = op === '+' ? 1 : -1;
    if (y.type === 'yearMonthDuration' || (y.type === 'duration' && y.seconds === 0)) {
      const total = x.year * 12 + (x.month - 1) + sign * y.months;
      const year = Math.floor(total / 12);
      const month = total - year * 12 + 1;
      const day = Math.min(x.day, daysIn(year, month));
      return new XCalendar('date', year, month, day, 0, 0, 0, '', x.tz);
    }
    if ((y.type === 'dayTimeDuration' || (y.type === 'duration' && y.months === 0)) && y.seconds % 86400 === 0) {
      const [year, month, day] = civilFromDays(daysFromCivil(x.year, x.month, x.day) + sign * (y.seconds / 86400));
      return new XCalendar('date', year, month, day, 0, 0, 0, '', x.tz);
    }
    return unsupported('adding part of a day to a date');
  }
  if (x instanceof XCalendar && y instanceof XCalendar && x.type === 'date' && y.type === 'date' && op === '-') {
    if ((x.tz === null) !== (y.tz === null) || x.tz !== y.tz) return unsupported('subtracting dates in different timezones');
    return new XDuration('dayTimeDuration', 0, (daysFromCivil(x.year, x.month, x.day) - daysFromCivil(y.year, y.month, y.day)) * 86400);
  }
  if (x instanceof XDuration && y instanceof XDuration && x.type === y.type && x.type !== 'duration' && (op === '+' || op === '-')) {
    const sign = op === '+' ? 1 : -1;
    return new XDuration(x.type, x.months + sign * y.months, x.seconds + sign * y.seconds);
  }
  return unsupported(`${typeOf(x)} ${op} ${typeOf(y)}`);
}

// ---------------------------------------------------------------------------------------------------
// Axes and node tests.

/** Whether a test can only select elements (so axes can walk elements and skip text). */
function elementsOnly(test: NodeTest): boolean {
  return test.kind === 'name' || test.kind === 'element';
}

export function matchesTest(node: XNode, test: NodeTest, principal: 'element' | 'attribute'): boolean {
  switch (test.kind) {
    case 'node':
      return true;
    case 'name':
      if (principal === 'attribute') {
        if (node.kind !== KIND_ATTRIBUTE) return false;
      } else if (node.kind !== KIND_ELEMENT) return false;
      return (test.local === undefined || localName(node) === test.local) && (test.ns === undefined || namespaceUri(node) === test.ns);
    case 'element':
      return node.kind === KIND_ELEMENT && (test.local === undefined || node.el.local === test.local) && (test.ns === undefined || node.el.ns === test.ns);
    case 'attribute':
      return node.kind === KIND_ATTRIBUTE && (test.local === undefined || node.attr.local === test.local) && (test.ns === undefined || node.attr.ns === test.ns);
    case 'text':
      return node.kind === KIND_TEXT;
    case 'document':
      if (node.kind !== KIND_DOCUMENT) return false;
      return test.element === undefined || matchesTest(node.root, test.element, 'element');
    default:
      return false; // comments and processing instructions are never in our trees (see XElement.childNodes)
  }
}

function childrenOf(node: XNode, test: NodeTest): XNode[] {
  if (node.kind === KIND_ELEMENT) {
    if (elementsOnly(test)) return node.childElements();
    if (test.kind === 'attribute' || test.kind === 'document') return EMPTY as XNode[];
    if (test.kind === 'comment' || test.kind === 'pi') {
      if (node.doc.hasHiddenNodes) unsupported('comments or processing instructions');
      return EMPTY as XNode[];
    }
    return node.childNodes();
  }
  if (node.kind === KIND_DOCUMENT) {
    if (elementsOnly(test)) return [node.root];
    // A document has no text children; its comments and processing instructions are not in our tree.
    if (test.kind === 'text') return EMPTY as XNode[];
    return unsupported('the non-element children of a document node');
  }
  return EMPTY as XNode[];
}

/**
 * The elements strictly inside `node` that have a name (`local`, `ns`; undefined: any), in document order, added to
 * `out`. Tested on the tree before a node is made: `//tei:note` on every document made a node of each of its elements.
 */
function descendantElements(node: XElement | XDocument, local: string | undefined, ns: string | undefined, out: XNode[]): void {
  const doc = node.doc;
  const elements = doc.tree.elements;
  const start = node.kind === KIND_DOCUMENT ? 0 : node.el.index + 1;
  const end = node.kind === KIND_DOCUMENT ? elements.length : subtreeEnd(node.el.index, elements);
  for (let i = start; i < end; i += 1) {
    const el = elements[i];
    if ((local === undefined || el.local === local) && (ns === undefined || el.ns === ns)) out.push(doc.element(el));
  }
}

/** The index after the last element of the subtree rooted at elements[index]. */
function subtreeEnd(index: number, elements: XElement['el'][]): number {
  const root = elements[index];
  let i = index + 1;
  while (i < elements.length) {
    let p = elements[i].parent;
    while (p && p !== root) p = p.parent;
    if (!p) break;
    // Skip the whole subtree of this child at once.
    const child = elements[i];
    let last = child;
    for (;;) {
      const kids = last.children;
      let next: typeof last | undefined;
      for (let k = kids.length - 1; k >= 0; k -= 1) {
        const kid = kids[k];
        if (typeof kid !== 'string') {
          next = kid;
          break;
        }
      }
      if (!next) break;
      last = next;
    }
    i = last.index + 1;
  }
  return i;
}

function descendantNodes(node: XNode, test: NodeTest, self: boolean): XNode[] {
  if (node.kind === KIND_ATTRIBUTE || node.kind === KIND_TEXT) return self && matchesTest(node, test, 'element') ? [node] : (EMPTY as XNode[]);
  if (elementsOnly(test)) {
    const out: XNode[] = [];
    if (self && matchesTest(node, test, 'element')) out.push(node);
    // An element matches a name or element() test by its name alone (matchesTest).
    const { local, ns } = test as Extract<NodeTest, { kind: 'name' | 'element' }>;
    descendantElements(node, local, ns, out);
    return out;
  }
  if (node.kind === KIND_DOCUMENT && test.kind !== 'document' && test.kind !== 'text' && test.kind !== 'node') return unsupported('the descendants of a document node');
  const out: XNode[] = [];
  const walk = (n: XNode): void => {
    if (matchesTest(n, test, 'element')) out.push(n);
    if (n.kind === KIND_ELEMENT) for (const child of n.childNodes()) walk(child);
  };
  if (self) walk(node);
  else if (node.kind === KIND_DOCUMENT) {
    if (test.kind === 'node') unsupported('node() descendants of a document node');
    walk(node.root);
  } else if (node.kind === KIND_ELEMENT) for (const child of node.childNodes()) walk(child);
  return out;
}

function parentOf(node: XNode): XNode | undefined {
  switch (node.kind) {
    case KIND_DOCUMENT:
      return undefined;
    case KIND_ELEMENT:
      return node.parent;
    default:
      return node.parent;
  }
}

/** Siblings before (reverse order) or after a node. */
function siblings(node: XNode, test: NodeTest, following: boolean): XNode[] {
  if (node.kind === KIND_ATTRIBUTE || node.kind === KIND_DOCUMENT) return EMPTY as XNode[];
  const parent = parentOf(node);
  if (!parent) return EMPTY as XNode[];
  const all = childrenOf(parent, elementsOnly(test) || node.kind === KIND_ELEMENT && elementsOnly(test) ? test : { kind: 'node' });
  const i = all.indexOf(node);
  if (i < 0) return unsupported('a sibling of a node not among its parent\'s children');
  const out: XNode[] = [];
  if (following) {
    for (let k = i + 1; k < all.length; k += 1) if (matchesTest(all[k], test, 'element')) out.push(all[k]);
  } else {
    for (let k = i - 1; k >= 0; k -= 1) if (matchesTest(all[k], test, 'element')) out.push(all[k]);
  }
  return out;
}

/** Nodes along an axis, in the axis's order (reverse axes nearest first). */
function axisNodes(node: XNode, axis: Axis, test: NodeTest): XNode[] {
  switch (axis) {
    case 'child':
      if (elementsOnly(test)) {
        const children = childrenOf(node, test);
        if (test.kind === 'name' && test.local === undefined && test.ns === undefined) return children;
        return children.filter((child) => matchesTest(child, test, 'element'));
      }
      return childrenOf(node, test).filter((child) => matchesTest(child, test, 'element'));
    case 'attribute':
      if (node.kind !== KIND_ELEMENT) return EMPTY as XNode[];
      if (test.kind === 'attribute' && test.local !== undefined && test.ns !== undefined) {
        const found = node.attribute(test.ns, test.local);
        return found ? [found] : (EMPTY as XNode[]);
      }
      return node.attributes().filter((a) => matchesTest(a, test, 'attribute'));
    case 'self':
      return matchesTest(node, test, 'element') ? [node] : (EMPTY as XNode[]);
    case 'parent': {
      const parent = parentOf(node);
      return parent && matchesTest(parent, test, 'element') ? [parent] : (EMPTY as XNode[]);
    }
    case 'ancestor':
    case 'ancestor-or-self': {
      const out: XNode[] = [];
      let current: XNode | undefined = axis === 'ancestor' ? parentOf(node) : node;
      while (current) {
        if (matchesTest(current, test, 'element')) out.push(current);
        current = parentOf(current);
      }
      return out;
    }
    case 'descendant':
      return descendantNodes(node, test, false);
    case 'descendant-or-self':
      return descendantNodes(node, test, true);
    case 'following-sibling':
      return siblings(node, test, true);
    case 'preceding-sibling':
      return siblings(node, test, false);
    case 'following':
    case 'preceding': {
      if (!elementsOnly(test)) return unsupported(`the ${axis} axis for non-elements`);
      const element = node.kind === KIND_ELEMENT ? node : node.kind === KIND_DOCUMENT ? undefined : node.parent;
      if (!element) return EMPTY as XNode[];
      const elements = element.doc.tree.elements;
      const out: XNode[] = [];
      if (axis === 'following') {
        const from = node.kind === KIND_ELEMENT ? subtreeEnd(element.el.index, elements) : element.el.index + 1;
        for (let i = from; i < elements.length; i += 1) {
          const candidate = element.doc.element(elements[i]);
          if (matchesTest(candidate, test, 'element')) out.push(candidate);
        }
      } else {
        const ancestors = new Set<unknown>();
        for (let p = element.el.parent; p; p = p.parent) ancestors.add(p);
        if (node.kind !== KIND_ELEMENT) ancestors.add(element.el);
        for (let i = element.el.index - 1; i >= 0; i -= 1) {
          if (ancestors.has(elements[i])) continue;
          const candidate = element.doc.element(elements[i]);
          if (matchesTest(candidate, test, 'element')) out.push(candidate);
        }
      }
      return out;
    }
    default:
      return unsupported(`the axis ${axis as string}`);
  }
}

const REVERSE_AXES = new Set<Axis>(['parent', 'ancestor', 'ancestor-or-self', 'preceding-sibling', 'preceding']);

// ---------------------------------------------------------------------------------------------------
// Static analysis.

const FOCUS_FUNCTIONS = new Set(['position', 'last', 'current']);
const ZERO_ARITY_FOCUS = new Set(['name', 'local-name', 'namespace-uri', 'string', 'normalize-space', 'string-length', 'number', 'root', 'base-uri', 'generate-id', 'data', 'document-uri', 'has-children', 'path', 'node-name', 'nilled', 'lang']);

/** Whether an expression reads the focus (context item, position or size) or current(). */
export function dependsOnFocus(expr: Expr): boolean {
  switch (expr.t) {
    case 'context':
    case 'root':
    case 'step':
      return true;
    case 'integer':
    case 'decimal':
    case 'double':
    case 'string':
    case 'var':
      return false;
    case 'call': {
      const local = expr.name.startsWith(`{${FN}}`) ? expr.name.slice(FN.length + 2) : '';
      if (FOCUS_FUNCTIONS.has(local)) return true;
      if (expr.args.length === 0 && ZERO_ARITY_FOCUS.has(local)) return true;
      if (local === 'key' && expr.args.length < 3) return true;
      if ((local === 'id' || local === 'idref' || local === 'element-with-id') && expr.args.length < 2) return true;
      if (local === 'lang' && expr.args.length < 2) return true;
      return expr.args.some(dependsOnFocus);
    }
    case 'seq':
      return expr.items.some(dependsOnFocus);
    case 'filter':
      return dependsOnFocus(expr.base);
    case 'path':
    case 'map-op':
      return dependsOnFocus(expr.left);
    case 'negate':
      return dependsOnFocus(expr.operand);
    case 'if':
      return dependsOnFocus(expr.test) || dependsOnFocus(expr.then) || dependsOnFocus(expr.else);
    case 'for':
    case 'let':
    case 'some':
    case 'every':
      return dependsOnFocus(expr.bound) || dependsOnFocus(expr.body);
    case 'instance-of':
    case 'castable':
    case 'cast':
      return dependsOnFocus(expr.operand);
    case 'map-ctor':
      return expr.entries.some(([k, v]) => dependsOnFocus(k) || dependsOnFocus(v));
    case 'array-ctor':
      return expr.members.some(dependsOnFocus);
    case 'dynamic-call':
      return dependsOnFocus(expr.base) || expr.args.some(dependsOnFocus);
    case 'lookup':
      return expr.base === null || dependsOnFocus(expr.base) || (expr.key !== '*' && dependsOnFocus(expr.key));
    default:
      return dependsOnFocus(expr.left) || dependsOnFocus(expr.right);
  }
}

/** Whether a predicate mentions position() or last() outside nested predicates (then positions are needed). */
export function usesPosition(expr: Expr): boolean {
  switch (expr.t) {
    case 'call':
      if (expr.name === expanded(FN, 'position') || expr.name === expanded(FN, 'last')) return true;
      return expr.args.some(usesPosition);
    case 'filter':
      return usesPosition(expr.base);
    case 'step':
      return false;
    case 'path':
    case 'map-op':
      return usesPosition(expr.left);
    default: {
      let found = false;
      for (const value of Object.values(expr)) {
        if (found) break;
        if (value && typeof value === 'object') {
          if (Array.isArray(value)) {
            for (const inner of value) {
              if (Array.isArray(inner)) found ||= inner.some((e) => e && typeof e === 'object' && 't' in e && usesPosition(e as Expr));
              else if (inner && typeof inner === 'object' && 't' in inner) found ||= usesPosition(inner as Expr);
            }
          } else if ('t' in value) found = usesPosition(value as Expr);
        }
      }
      return found;
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// The compiler.

type Predicate = { kind: 'index'; index: number } | { kind: 'last' } | { kind: 'fixed'; ev: Evaluator } | { kind: 'general'; ev: Evaluator; positional: boolean };

export function compile(expr: Expr, scope: Scope): Evaluator {
  switch (expr.t) {
    case 'integer': {
      const value = [expr.v];
      return () => value;
    }
    case 'decimal': {
      const value = [new XDecimal(expr.v)];
      return () => value;
    }
    case 'double': {
      const value = [new XDouble(expr.v)];
      return () => value;
    }
    case 'string': {
      const value = [expr.v];
      return () => value;
    }
    case 'seq': {
      if (expr.items.length === 0) return () => EMPTY;
      if (expr.items.length === 1) return compile(expr.items[0], scope);
      const constant = constantStrings(expr);
      if (constant) return () => constant;
      const parts = expr.items.map((item) => compile(item, scope));
      return (c) => {
        const out: Sequence = [];
        for (const part of parts) for (const item of part(c)) out.push(item);
        return out;
      };
    }
    case 'var': {
      const slot = scope.lookup(expr.name);
      if (slot === undefined) return unsupported(`the variable $${expr.name}`);
      return (c) => c.frame[slot];
    }
    case 'context':
      return (c) => {
        if (c.item === undefined) return unsupported('no context item (an error)');
        return [c.item];
      };
    case 'root':
      return (c) => {
        const node = contextNode(c, '/');
        let top: XNode = node;
        for (let p = parentOf(top); p; p = parentOf(p)) top = p;
        if (top.kind !== KIND_DOCUMENT) return unsupported('/ in a tree without a document node (an error)');
        return [top];
      };
    case 'step':
      return compileStep(expr.axis, expr.test, expr.predicates.map((p) => compilePredicate(p, scope)));
    case 'filter': {
      const base = compile(expr.base, scope);
      const predicates = expr.predicates.map((p) => compilePredicate(p, scope));
      return (c) => {
        let items = base(c);
        for (const predicate of predicates) items = applyPredicate(items, predicate, c);
        return items;
      };
    }
    case 'path':
      return compilePath(expr, scope);
    case 'map-op': {
      const left = compile(expr.left, scope);
      const right = compile(expr.right, scope);
      return (c) => {
        const items = left(c);
        const out: Sequence = [];
        for (let i = 0; i < items.length; i += 1) for (const item of right(c.focus(items[i], i + 1, items.length))) out.push(item);
        return out;
      };
    }
    case 'or':
    case 'and': {
      const left = compile(expr.left, scope);
      const right = compile(expr.right, scope);
      return expr.t === 'or' ? (c) => bool(ebv(left(c)) || ebv(right(c))) : (c) => bool(ebv(left(c)) && ebv(right(c)));
    }
    case 'general':
      return compileGeneral(expr.op, expr.left, expr.right, scope);
    case 'value': {
      const left = compile(expr.left, scope);
      const right = compile(expr.right, scope);
      const op = expr.op;
      return (c) => {
        let a = singleAtomic(left(c), op);
        if (a === undefined) return EMPTY;
        let b = singleAtomic(right(c), op);
        if (b === undefined) return EMPTY;
        if (a instanceof Untyped) a = a.s;
        if (b instanceof Untyped) b = b.s;
        return bool(valueCompareResult(op, compareAtomic(a, b, op !== 'eq' && op !== 'ne')));
      };
    }
    case 'node-cmp': {
      const left = compile(expr.left, scope);
      const right = compile(expr.right, scope);
      const op = expr.op;
      return (c) => {
        const a = nodeArg(left(c), op);
        if (a === undefined) return EMPTY;
        const b = nodeArg(right(c), op);
        if (b === undefined) return EMPTY;
        const order = compareOrder(a, b);
        return [op === 'is' ? order === 0 : op === '<<' ? order < 0 : order > 0];
      };
    }
    case 'arith': {
      const left = compile(expr.left, scope);
      const right = compile(expr.right, scope);
      const op = expr.op;
      return (c) => {
        const a = singleAtomic(left(c), op);
        if (a === undefined) return EMPTY;
        const b = singleAtomic(right(c), op);
        if (b === undefined) return EMPTY;
        return [arithmetic(op, a, b)];
      };
    }
    case 'negate': {
      const operand = compile(expr.operand, scope);
      return (c) => {
        let a = singleAtomic(operand(c), 'unary minus');
        if (a === undefined) return EMPTY;
        if (a instanceof Untyped) a = cast(a, 'double') ?? unsupported('an untyped value that is no number (an error)');
        if (typeof a === 'number') return [a === 0 ? 0 : -a];
        if (a instanceof XDouble) return [new XDouble(-a.v)];
        if (a instanceof XDecimal) return [new XDecimal(a.v === 0 ? 0 : -a.v)];
        return unsupported('negating a value that is no number (an error)');
      };
    }
    case 'concat': {
      const left = compile(expr.left, scope);
      const right = compile(expr.right, scope);
      return (c) => [concatPart(left(c)) + concatPart(right(c))];
    }
    case 'range': {
      const left = compile(expr.left, scope);
      const right = compile(expr.right, scope);
      return (c) => {
        const a = rangeBound(left(c));
        if (a === undefined) return EMPTY;
        const b = rangeBound(right(c));
        if (b === undefined || b < a) return EMPTY;
        if (b - a > 10_000_000) return unsupported('a very large range');
        const out: Sequence = new Array(b - a + 1);
        for (let i = a; i <= b; i += 1) out[i - a] = i;
        return out;
      };
    }
    case 'set': {
      const left = compile(expr.left, scope);
      const right = compile(expr.right, scope);
      const op = expr.op;
      return (c) => {
        const a = left(c);
        const b = right(c);
        if (!a.every(isNode) || !b.every(isNode)) return unsupported(`${op} of non-nodes (an error)`);
        if (op === 'union') return documentOrder([...(a as XNode[]), ...(b as XNode[])]);
        const inB = new Set(b);
        return documentOrder((a as XNode[]).filter((n) => (op === 'intersect' ? inB.has(n) : !inB.has(n))));
      };
    }
    case 'if': {
      const test = compile(expr.test, scope);
      const then = compile(expr.then, scope);
      const otherwise = compile(expr.else, scope);
      return (c) => (ebv(test(c)) ? then(c) : otherwise(c));
    }
    case 'for':
    case 'let':
    case 'some':
    case 'every': {
      const bound = compile(expr.bound, scope);
      const inner = scope.child();
      const slot = inner.declare(expr.name);
      const body = compile(expr.body, inner);
      if (expr.t === 'let') {
        return (c) => {
          c.frame[slot] = bound(c);
          return body(c);
        };
      }
      if (expr.t === 'for') {
        return (c) => {
          const items = bound(c);
          const out: Sequence = [];
          for (const item of items) {
            c.frame[slot] = [item];
            for (const result of body(c)) out.push(result);
          }
          return out;
        };
      }
      const some = expr.t === 'some';
      return (c) => {
        for (const item of bound(c)) {
          c.frame[slot] = [item];
          if (ebv(body(c)) === some) return bool(some);
        }
        return bool(!some);
      };
    }
    case 'instance-of': {
      const operand = compile(expr.operand, scope);
      const type = expr.type;
      return (c) => [matchesSequenceType(operand(c), type)];
    }
    case 'castable':
    case 'cast': {
      const operand = compile(expr.operand, scope);
      const { type, optional } = expr;
      if (!ATOMIC_TYPES.has(type) || type === 'anyAtomicType') return unsupported(`a cast to xs:${type}`);
      const castable = expr.t === 'castable';
      return (c) => {
        const atoms = atomize(operand(c));
        if (atoms.length === 0) return optional ? (castable ? [true] : EMPTY) : castable ? [false] : unsupported('casting the empty sequence (an error)');
        if (atoms.length > 1) return castable ? [false] : unsupported('casting several values (an error)');
        const result = cast(atoms[0], type);
        if (castable) return bool(result !== undefined);
        return result === undefined ? unsupported('a failed cast (an error)') : [result];
      };
    }
    case 'map-ctor': {
      const entries = expr.entries.map(([k, v]) => [compile(k, scope), compile(v, scope)] as const);
      return (c) => {
        const map = new Map<string, { key: Atomic; value: Item[] }>();
        for (const [k, v] of entries) {
          const key = singleAtomic(k(c), 'a map key');
          if (key === undefined) return unsupported('an empty map key (an error)');
          const id = mapKey(key);
          if (map.has(id)) return unsupported('a duplicate map key (an error)');
          map.set(id, { key: key instanceof Untyped ? key : key, value: v(c) });
        }
        return [new XMap(map)];
      };
    }
    case 'array-ctor': {
      const members = expr.members.map((m) => compile(m, scope));
      if (expr.square) return (c) => [new XArray(members.map((m) => m(c)))];
      return (c) => [new XArray(members.length ? members[0](c).map((item) => [item]) : [])];
    }
    case 'dynamic-call': {
      const base = compile(expr.base, scope);
      const args = expr.args.map((a) => compile(a, scope));
      return (c) => {
        const fn = single(base(c), 'a dynamic call');
        if (fn instanceof XMap) {
          if (args.length !== 1) return unsupported('a map called with other than one argument (an error)');
          const key = singleAtomic(args[0](c), 'a map key');
          if (key === undefined) return unsupported('an empty map key (an error)');
          return fn.entries.get(mapKey(key))?.value ?? EMPTY;
        }
        if (fn instanceof XArray) {
          const index = integerArg(args[0](c), 'an array index');
          const member = fn.members[index - 1];
          return member ?? unsupported('an array index out of bounds (an error)');
        }
        return unsupported('a dynamic function call');
      };
    }
    case 'lookup': {
      const base = expr.base ? compile(expr.base, scope) : undefined;
      const key = expr.key === '*' ? undefined : compile(expr.key, scope);
      return (c) => {
        const targets = base ? base(c) : c.item === undefined ? unsupported('no context item') : [c.item];
        const out: Sequence = [];
        for (const target of targets) {
          if (target instanceof XMap) {
            if (!key) for (const entry of target.entries.values()) out.push(...entry.value);
            else for (const k of atomize(key(c))) out.push(...(target.entries.get(mapKey(k))?.value ?? EMPTY));
          } else if (target instanceof XArray) {
            if (!key) for (const member of target.members) out.push(...member);
            else for (const k of atomize(key(c))) {
              if (typeof k !== 'number') return unsupported('a non-integer array lookup (an error)');
              out.push(...(target.members[k - 1] ?? unsupported('an array index out of bounds (an error)')));
            }
          } else return unsupported('a lookup on something that is not a map or array (an error)');
        }
        return out;
      };
    }
    case 'call':
      return compileCall(expr.name, expr.args, scope);
    default:
      return unsupported(`the expression ${(expr as Expr).t}`);
  }
}

function constantStrings(expr: Expr & { t: 'seq' }): Sequence | undefined {
  if (!expr.items.every((item) => item.t === 'string')) return undefined;
  return expr.items.map((item) => (item as { v: string }).v);
}

function concatPart(sequence: Sequence): string {
  const atoms = atomize(sequence);
  if (atoms.length > 1) return unsupported('|| on several values (an error)');
  return atoms.length ? atomicString(atoms[0]) : '';
}

function rangeBound(sequence: Sequence): number | undefined {
  const atoms = atomize(sequence);
  if (atoms.length === 0) return undefined;
  if (atoms.length > 1) return unsupported('a range bound of several values (an error)');
  let v = atoms[0];
  if (v instanceof Untyped) v = cast(v, 'integer') ?? unsupported('a range bound that is no integer (an error)');
  if (typeof v !== 'number') return unsupported('a range bound that is no integer (an error)');
  return v;
}

export function mapKey(key: Atomic): string {
  if (isStringLike(key)) return `s${atomicString(key)}`;
  if (isNumeric(key)) {
    const v = numericValue(key);
    if (Number.isNaN(v)) return 'nNaN';
    return `n${v}`;
  }
  if (typeof key === 'boolean') return `b${key}`;
  return unsupported('a map key of this type');
}

function compilePredicate(expr: Expr, scope: Scope): Predicate {
  if (expr.t === 'integer') return { kind: 'index', index: expr.v };
  if (expr.t === 'call' && expr.name === expanded(FN, 'last') && expr.args.length === 0) return { kind: 'last' };
  const ev = compile(expr, scope);
  if (!dependsOnFocus(expr)) return { kind: 'fixed', ev };
  return { kind: 'general', ev, positional: usesPosition(expr) };
}

/** Applies a predicate to items in the order they came (for reverse axes: nearest first). */
function applyPredicate(items: Sequence, predicate: Predicate, c: Ctx): Sequence {
  switch (predicate.kind) {
    case 'index': {
      const item = items[predicate.index - 1];
      return item === undefined ? EMPTY : [item];
    }
    case 'last':
      return items.length ? [items[items.length - 1]] : EMPTY;
    case 'fixed': {
      const value = predicate.ev(c);
      if (value.length === 1 && isNumeric(value[0] as Atomic) && !isNode(value[0])) {
        const n = numericValue(value[0] as number | XDouble | XDecimal);
        if (!Number.isInteger(n)) return EMPTY;
        const item = items[n - 1];
        return item === undefined ? EMPTY : [item];
      }
      return ebv(value) ? items : EMPTY;
    }
    default: {
      const out: Sequence = [];
      const size = items.length;
      for (let i = 0; i < size; i += 1) {
        const value = predicate.ev(c.focus(items[i], i + 1, size));
        if (value.length === 1 && !isNode(value[0]) && isNumeric(value[0] as Atomic)) {
          if (numericValue(value[0] as number | XDouble | XDecimal) === i + 1) out.push(items[i]);
        } else if (ebv(value)) out.push(items[i]);
      }
      return out;
    }
  }
}

function compileStep(axis: Axis, test: NodeTest, predicates: Predicate[]): Evaluator {
  const reverse = REVERSE_AXES.has(axis);
  return (c) => {
    const node = contextNode(c, `the ${axis} axis`);
    let nodes: Sequence = axisNodes(node, axis, test);
    for (const predicate of predicates) nodes = applyPredicate(nodes, predicate, c);
    if (reverse && nodes.length > 1) nodes = [...nodes].reverse();
    return nodes;
  };
}

function compilePath(expr: Expr & { t: 'path' }, scope: Scope): Evaluator {
  const left = compile(expr.left, scope);
  const right = expr.right;
  // `//name` and `//@name` without positional predicates: one walk over the descendants.
  if (expr.descendants && right.t === 'step' && (right.axis === 'child' || right.axis === 'descendant') && !right.predicates.some((p) => p.t === 'integer' || dependsOnPositionOrNumeric(p))) {
    const step = compileStep('descendant', right.test, right.predicates.map((p) => compilePredicate(p, scope)));
    return pathOver(left, step, false);
  }
  // Otherwise `//` expands to every element (text nodes and the like are left out: enough for the axes
  // below, whose results from a text node would be empty or the node itself only for element tests).
  if (expr.descendants && !(right.t === 'step' && (['child', 'attribute', 'descendant'].includes(right.axis) || (['self', 'descendant-or-self'].includes(right.axis) && elementsOnly(right.test))))) {
    return unsupported('// before this kind of step');
  }
  const step = compile(right, scope);
  return pathOver(left, step, expr.descendants);
}

/** A predicate that may select by position (so `//x[p]` differs from `descendant::x[p]`). */
function dependsOnPositionOrNumeric(p: Expr): boolean {
  if (usesPosition(p)) return true;
  // A predicate whose value may be a number selects by position too: only boolean-valued forms are safe.
  switch (p.t) {
    case 'general':
    case 'value':
    case 'node-cmp':
    case 'and':
    case 'or':
    case 'step':
    case 'instance-of':
    case 'castable':
      return false;
    case 'path':
      return p.right.t !== 'step';
    case 'call': {
      const local = p.name.startsWith(`{${FN}}`) ? p.name.slice(FN.length + 2) : '';
      return !['not', 'exists', 'empty', 'boolean', 'true', 'false', 'contains', 'starts-with', 'ends-with', 'matches', 'doc-available'].includes(local);
    }
    default:
      return true;
  }
}

function pathOver(left: Evaluator, step: Evaluator, descendants: boolean): Evaluator {
  return (c) => {
    let bases = left(c);
    if (descendants) {
      const expandedBases: XNode[] = [];
      for (const base of bases) {
        if (!isNode(base)) return unsupported('a path step on a non-node (an error)');
        expandedBases.push(...descendantNodes(base, { kind: 'name', ns: undefined, local: undefined }, true));
        if (base.kind === KIND_DOCUMENT) expandedBases.unshift(base);
      }
      bases = documentOrder(expandedBases);
    }
    if (bases.length === 1) {
      const base = bases[0];
      if (!isNode(base)) return unsupported('a path step on a non-node (an error)');
      const result = step(c.focus(base, 1, 1));
      return result.length > 1 && result.every(isNode) ? documentOrder(result as XNode[]) : checkMixed(result);
    }
    const out: Sequence = [];
    const size = bases.length;
    for (let i = 0; i < size; i += 1) {
      const base = bases[i];
      if (!isNode(base)) return unsupported('a path step on a non-node (an error)');
      for (const item of step(c.focus(base, i + 1, size))) out.push(item);
    }
    if (out.length === 0) return out;
    if (out.every(isNode)) return documentOrder(out as XNode[]);
    return checkMixed(out);
  };
}

function checkMixed(items: Sequence): Sequence {
  if (items.length > 1 && items.some(isNode) && !items.every(isNode)) return unsupported('a path giving nodes and atomic values (an error)');
  return items;
}

function compileGeneral(op: string, leftExpr: Expr, rightExpr: Expr, scope: Scope): Evaluator {
  const left = compile(leftExpr, scope);
  // `x = ('a', 'b', …)`: a set look-up.
  const constant = rightExpr.t === 'seq' ? constantStrings(rightExpr) : rightExpr.t === 'string' ? [rightExpr.v] : undefined;
  if (constant && (op === '=' || op === '!=')) {
    const set = new Set(constant as string[]);
    const right = compile(rightExpr, scope);
    return (c) => {
      const items = left(c);
      for (const item of items) {
        // A node's string value, without making its untyped atomic value.
        const a: Atomic | undefined = item instanceof XAttribute || item instanceof XElement || item instanceof XText ? undefined : isNode(item) ? new Untyped(stringValue(item)) : (item as Atomic);
        if (a === undefined || isStringLike(a)) {
          const s = a === undefined ? stringValue(item as XNode) : atomicString(a);
          if (op === '=') {
            if (set.has(s)) return TRUE;
          } else if (set.size > 1 || !set.has(s)) return TRUE;
        } else if (item instanceof XMap || item instanceof XArray) {
          for (const x of atomize([item])) for (const b of right(c) as Atomic[]) if (generalPair(op, x, b)) return TRUE;
        } else {
          for (const b of right(c) as Atomic[]) if (generalPair(op, a, b)) return TRUE;
        }
      }
      return FALSE;
    };
  }
  const right = compile(rightExpr, scope);
  return (c) => {
    const a = atomize(left(c));
    if (a.length === 0) return FALSE;
    const b = atomize(right(c));
    for (const x of a) for (const y of b) if (generalPair(op, x, y)) return TRUE;
    return FALSE;
  };
}

// ---------------------------------------------------------------------------------------------------
// Sequence types.

export function matchesItemType(item: Item, type: SequenceType['item']): boolean {
  switch (type.kind) {
    case 'item':
      return true;
    case 'empty':
      return false;
    case 'map':
      return item instanceof XMap;
    case 'array':
      return item instanceof XArray;
    case 'node':
      return isNode(item) && matchesTest(item, type.test, type.test.kind === 'attribute' ? 'attribute' : 'element');
    default:
      if (isNode(item) || item instanceof XMap || item instanceof XArray) return false;
      if (!ATOMIC_TYPES.has(type.type)) return unsupported(`the type xs:${type.type}`);
      return derivesFrom(typeOf(item), type.type);
  }
}

export function matchesSequenceType(items: Sequence, type: SequenceType): boolean {
  if (type.item.kind === 'empty') return items.length === 0;
  if (items.length === 0) return type.occurrence === '?' || type.occurrence === '*';
  if (items.length > 1 && (type.occurrence === '' || type.occurrence === '?')) return false;
  return items.every((item) => matchesItemType(item, type.item));
}

/**
 * XSLT's function conversion rules (for xsl:function parameters and results, and typed variables):
 * atomisation, untyped values cast to the expected atomic type, numeric and URI promotion; then the
 * type must match, or it is an error.
 */
export function convert(items: Sequence, type: SequenceType, what: string): Sequence {
  let value = items;
  if (type.item.kind === 'atomic') {
    const target = type.item.type;
    if (!ATOMIC_TYPES.has(target)) return unsupported(`the type xs:${target}`);
    value = atomize(items).map((atom) => {
      if (atom instanceof Untyped && target !== 'untypedAtomic' && target !== 'anyAtomicType') return cast(atom, target) ?? unsupported(`${what}: a value that does not cast (an error)`);
      if (target === 'double' && (typeof atom === 'number' || atom instanceof XDecimal)) return new XDouble(numericValue(atom));
      if (target === 'decimal' && atom instanceof XDecimal) return atom;
      if (target === 'string' && atom instanceof XAnyURI) return atom.s;
      return atom;
    });
  }
  if (!matchesSequenceType(value, type)) return unsupported(`${what}: a value of the wrong type (an error)`);
  return value;
}

// ---------------------------------------------------------------------------------------------------
// Functions.

type Impl = (c: Ctx, args: Sequence[]) => Sequence;
type Library = Map<string, { min: number; max: number; impl: Impl }>;

const library: Library = new Map();
function define(name: string, min: number, max: number, impl: Impl, ns = FN): void {
  library.set(expanded(ns, name), { min, max, impl });
}

function compileCall(name: ExpandedName, argExprs: Expr[], scope: Scope): Evaluator {
  const args = argExprs.map((a) => compile(a, scope));
  const user = scope.functions.get(`${name}#${args.length}`);
  if (user) {
    return (c) => user.invoke(args.map((a) => a(c)), c.run);
  }
  if (name.startsWith(`{${XS_NS}}`)) {
    const type = name.slice(XS_NS.length + 2);
    if (!ATOMIC_TYPES.has(type) || type === 'anyAtomicType' || args.length !== 1) return unsupported(`the constructor ${name}`);
    return (c) => {
      const atoms = atomize(args[0](c));
      if (atoms.length === 0) return EMPTY;
      if (atoms.length > 1) return unsupported('a constructor function on several values (an error)');
      const result = cast(atoms[0], type);
      return result === undefined ? unsupported('a failed cast (an error)') : [result];
    };
  }
  if (name === expanded(FN, 'key')) {
    if (args.length < 2 || args.length > 3) return unsupported('key() with this many arguments');
    const keyName = argExprs[0].t === 'string' ? argExprs[0].v : undefined;
    if (keyName === undefined) return unsupported('key() with a computed name');
    const resolved = resolveKeyName(keyName, scope);
    return (c) => {
      const values = atomize(args[1](c));
      const top = args.length === 3 ? nodeArg(args[2](c), 'key()') : contextNode(c, 'key()');
      if (top === undefined) return unsupported('key() on an empty sequence (an error)');
      return c.run.key(resolved, values, top, c);
    };
  }
  const entry = library.get(name);
  if (!entry) return unsupported(`the function ${name}#${args.length}`);
  if (args.length < entry.min || args.length > entry.max) return unsupported(`${name} with ${args.length} arguments`);
  const impl = entry.impl;
  if (args.length === 0) return (c) => impl(c, NO_ARGS);
  if (args.length === 1) {
    const [a] = args;
    return (c) => impl(c, [a(c)]);
  }
  return (c) => impl(c, args.map((a) => a(c)));
}

/** Key names are QNames in the stylesheet's namespaces; the schema's resolver is applied at compile time. */
let keyNameResolver: ((lexical: string) => ExpandedName | undefined) | undefined;
export function withKeyNameResolver<T>(resolver: (lexical: string) => ExpandedName | undefined, body: () => T): T {
  const previous = keyNameResolver;
  keyNameResolver = resolver;
  try {
    return body();
  } finally {
    keyNameResolver = previous;
  }
}

function resolveKeyName(lexical: string, scope: Scope): ExpandedName {
  const name = keyNameResolver?.(lexical.trim());
  if (name === undefined || !scope.keys.has(name)) return unsupported(`the key ${lexical}`);
  return name;
}

const toStr = (s: string): Sequence => [s];
const one = (args: Sequence[], i: number, what: string): string => stringArg(args[i] ?? EMPTY, what);

function ctxOrArg(c: Ctx, args: Sequence[], what: string): XNode | undefined {
  return args.length ? nodeArg(args[0], what) : contextNode(c, what);
}

define('true', 0, 0, () => TRUE);
define('false', 0, 0, () => FALSE);
define('not', 1, 1, (_c, [a]) => bool(!ebv(a)));
define('boolean', 1, 1, (_c, [a]) => bool(ebv(a)));
define('empty', 1, 1, (_c, [a]) => bool(a.length === 0));
define('exists', 1, 1, (_c, [a]) => bool(a.length > 0));
define('count', 1, 1, (_c, [a]) => [a.length]);
define('position', 0, 0, (c) => [c.position]);
define('last', 0, 0, (c) => [c.size]);
define('current', 0, 0, (c) => (c.current === undefined ? unsupported('current() without a current item') : [c.current]));
define('data', 0, 1, (c, args) => atomize(args.length ? args[0] : c.item === undefined ? unsupported('no context item') : [c.item]));
define('string', 0, 1, (c, args) => {
  const item = args.length ? single(args[0], 'string()') : c.item ?? unsupported('no context item (an error)');
  return [item === undefined ? '' : itemString(item)];
});
define('name', 0, 1, (c, args) => {
  const node = ctxOrArg(c, args, 'name()');
  return [node ? nodeName(node) : ''];
});
define('local-name', 0, 1, (c, args) => {
  const node = ctxOrArg(c, args, 'local-name()');
  return [node ? localName(node) : ''];
});
define('namespace-uri', 0, 1, (c, args) => {
  const node = ctxOrArg(c, args, 'namespace-uri()');
  return [node ? new XAnyURI(namespaceUri(node)) : new XAnyURI('')];
});
define('root', 0, 1, (c, args) => {
  const node = ctxOrArg(c, args, 'root()');
  if (!node) return EMPTY;
  let top: XNode = node;
  for (let p = parentOf(top); p; p = parentOf(p)) top = p;
  return [top];
});
define('generate-id', 0, 1, (c, args) => {
  const node = ctxOrArg(c, args, 'generate-id()');
  if (!node) return [''];
  // Marked with U+0001, a character no document can contain: a message that would print one is
  // Unsupported (SaxonJS's ids look different), while comparisons and map keys work as they should.
  const doc = node.doc.sequence;
  switch (node.kind) {
    case KIND_DOCUMENT:
      return [`\u0001d${doc}`];
    case KIND_ELEMENT:
      return [`\u0001d${doc}e${node.el.index}`];
    case KIND_ATTRIBUTE:
      return [`\u0001d${doc}e${node.parent.el.index}a${node.position}`];
    default:
      return [`\u0001d${doc}e${node.parent.el.index}t${node.childIndex}`];
  }
});
define('base-uri', 0, 1, (c, args) => {
  const node = ctxOrArg(c, args, 'base-uri()');
  if (!node) return EMPTY;
  return [new XAnyURI(baseUri(node))];
});
define('document-uri', 0, 1, (c, args) => {
  const node = ctxOrArg(c, args, 'document-uri()');
  if (!node || node.kind !== KIND_DOCUMENT) return EMPTY;
  return [new XAnyURI(node.uri)];
});
define('has-children', 0, 1, (c, args) => {
  const node = ctxOrArg(c, args, 'has-children()');
  if (!node || node.kind !== KIND_ELEMENT) return node?.kind === KIND_DOCUMENT ? [true] : [false];
  if (node.doc.hasHiddenNodes && node.el.children.length === 0) return unsupported('has-children() where comments may hide');
  return [node.el.children.length > 0];
});
define('concat', 2, Infinity, (_c, args) => [args.map((a) => concatPart(a)).join('')]);
define('string-join', 1, 2, (_c, args) => {
  const sep = args.length > 1 ? one(args, 1, 'string-join()') : '';
  return [atomize(args[0]).map(atomicString).join(sep)];
});
define('normalize-space', 0, 1, (c, args) => {
  const s = args.length ? one(args, 0, 'normalize-space()') : itemString(c.item ?? unsupported('no context item (an error)'));
  return [normalizeSpace(s)];
});
define('string-length', 0, 1, (c, args) => {
  const s = args.length ? one(args, 0, 'string-length()') : itemString(c.item ?? unsupported('no context item (an error)'));
  return [hasSurrogates(s) ? [...s].length : s.length];
});
define('upper-case', 1, 1, (_c, args) => toStr(one(args, 0, 'upper-case()').toUpperCase()));
define('lower-case', 1, 1, (_c, args) => toStr(one(args, 0, 'lower-case()').toLowerCase()));
define('contains', 2, 2, (_c, args) => bool(one(args, 0, 'contains()').includes(one(args, 1, 'contains()'))));
define('starts-with', 2, 2, (_c, args) => bool(one(args, 0, 'starts-with()').startsWith(one(args, 1, 'starts-with()'))));
define('ends-with', 2, 2, (_c, args) => bool(one(args, 0, 'ends-with()').endsWith(one(args, 1, 'ends-with()'))));
define('substring-before', 2, 2, (_c, args) => {
  const s = one(args, 0, 'substring-before()');
  const t = one(args, 1, 'substring-before()');
  const i = s.indexOf(t);
  return [i < 0 ? '' : s.slice(0, i)];
});
define('substring-after', 2, 2, (_c, args) => {
  const s = one(args, 0, 'substring-after()');
  const t = one(args, 1, 'substring-after()');
  const i = s.indexOf(t);
  return [i < 0 ? '' : s.slice(i + t.length)];
});
define('substring', 2, 3, (_c, args) => {
  const s = one(args, 0, 'substring()');
  const start = numberArg(args[1], 'substring()');
  if (start === undefined) return unsupported('substring() with an empty start (an error)');
  const length = args.length > 2 ? numberArg(args[2], 'substring()') : undefined;
  if (args.length > 2 && length === undefined) return unsupported('substring() with an empty length (an error)');
  const chars = hasSurrogates(s) ? [...s] : null;
  const n = chars ? chars.length : s.length;
  const first = xpathRound(numericValue(start));
  const end = length === undefined ? Infinity : first + xpathRound(numericValue(length));
  if (Number.isNaN(first) || Number.isNaN(end)) return [''];
  const from = Math.max(first, 1);
  const to = Math.min(end, n + 1);
  if (to <= from) return [''];
  return [chars ? chars.slice(from - 1, to - 1).join('') : s.slice(from - 1, to - 1)];
});
define('translate', 3, 3, (_c, args) => {
  const s = [...one(args, 0, 'translate()')];
  const from = [...one(args, 1, 'translate()')];
  const to = [...one(args, 2, 'translate()')];
  const map = new Map<string, string>();
  from.forEach((ch, i) => {
    if (!map.has(ch)) map.set(ch, to[i] ?? '');
  });
  return [s.map((ch) => (map.has(ch) ? map.get(ch)! : ch)).join('')];
});
define('matches', 2, 3, (_c, args) => {
  const s = one(args, 0, 'matches()');
  const regex = xpathRegex(one(args, 1, 'matches()'), args.length > 2 ? one(args, 2, 'matches()') : '', false);
  return bool(regex.test(s));
});
define('replace', 3, 4, (_c, args) => {
  const s = one(args, 0, 'replace()');
  const pattern = one(args, 1, 'replace()');
  const regex = xpathRegex(pattern, args.length > 3 ? one(args, 3, 'replace()') : '', true);
  if (new RegExp(`^(?:${regex.source})$`, 'u').test('')) return unsupported('a regex that matches the empty string (an error)');
  const groupCount = new RegExp(`${regex.source}|`, 'u').exec('')!.length - 1;
  const build = replacement(one(args, 2, 'replace()'), groupCount);
  return [s.replace(regex, (...m: unknown[]) => build(m.slice(0, groupCount + 1) as Array<string | undefined>))];
});
define('tokenize', 1, 3, (_c, args) => {
  if (args.length === 1) {
    const s = normalizeSpace(one(args, 0, 'tokenize()'));
    return s === '' ? EMPTY : s.split(' ');
  }
  const s = one(args, 0, 'tokenize()');
  if (s === '') return EMPTY;
  const regex = xpathRegex(one(args, 1, 'tokenize()'), args.length > 2 ? one(args, 2, 'tokenize()') : '', true);
  if (new RegExp(`^(?:${regex.source})$`, 'u').test('')) return unsupported('a regex that matches the empty string (an error)');
  const out: string[] = [];
  let last = 0;
  for (const m of s.matchAll(regex)) {
    out.push(s.slice(last, m.index));
    last = m.index! + m[0].length;
  }
  out.push(s.slice(last));
  return out;
});
define('encode-for-uri', 1, 1, (_c, args) => {
  let encoded: string;
  try {
    encoded = encodeURIComponent(one(args, 0, 'encode-for-uri()'));
  } catch {
    return unsupported('encode-for-uri() on a lone surrogate');
  }
  return [encoded.replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)];
});
define('string-to-codepoints', 1, 1, (_c, args) => [...one(args, 0, 'string-to-codepoints()')].map((ch) => ch.codePointAt(0)!));
define('codepoints-to-string', 1, 1, (_c, [a]) => {
  const points = atomize(a).map((v) => (typeof v === 'number' ? v : unsupported('a non-integer codepoint (an error)')));
  for (const p of points) if (!(p === 0x9 || p === 0xa || p === 0xd || (p >= 0x20 && p <= 0xd7ff) || (p >= 0xe000 && p <= 0xfffd) || (p >= 0x10000 && p <= 0x10ffff))) unsupported('an invalid codepoint (an error)');
  return [String.fromCodePoint(...points)];
});
define('compare', 2, 2, (_c, args) => {
  if (args[0].length === 0 || args[1].length === 0) return EMPTY;
  return [Math.sign(codepointCompare(one(args, 0, 'compare()'), one(args, 1, 'compare()')))];
});
define('number', 0, 1, (c, args) => {
  const atoms = args.length ? atomize(args[0]) : atomize([c.item ?? unsupported('no context item (an error)')]);
  if (atoms.length === 0) return [new XDouble(NaN)];
  if (atoms.length > 1) return unsupported('number() of several values (an error)');
  const value = cast(atoms[0], 'double');
  return [value instanceof XDouble ? value : new XDouble(NaN)];
});
define('abs', 1, 1, (_c, [a]) => numeric1(a, Math.abs));
define('floor', 1, 1, (_c, [a]) => numeric1(a, Math.floor));
define('ceiling', 1, 1, (_c, [a]) => numeric1(a, Math.ceil));
define('round', 1, 1, (_c, [a]) => numeric1(a, xpathRound));
define('sum', 1, 2, (_c, args) => {
  const atoms = atomize(args[0]);
  if (atoms.length === 0) return args.length > 1 ? args[1] : [0];
  if (atoms.every((v) => typeof v === 'number')) {
    const total = (atoms as number[]).reduce((x, y) => x + y, 0);
    if (!Number.isSafeInteger(total)) return unsupported('an integer beyond 2^53');
    return [total];
  }
  if (atoms.every((v) => v instanceof XDouble || v instanceof Untyped || typeof v === 'number')) {
    let total = 0;
    for (const v of atoms) {
      const d = cast(v, 'double');
      if (!(d instanceof XDouble)) return unsupported('sum() of a value that is no number (an error)');
      total += d.v;
    }
    return [new XDouble(total)];
  }
  return unsupported('sum() of these values');
});
define('min', 1, 1, (_c, [a]) => minMax(a, -1));
define('max', 1, 1, (_c, [a]) => minMax(a, 1));
define('distinct-values', 1, 1, (_c, [a]) => {
  const seen = new Set<string>();
  const out: Sequence = [];
  for (const v of atomize(a)) {
    const key = isStringLike(v) ? `s${atomicString(v)}` : isNumeric(v) ? `n${numericValue(v)}` : typeof v === 'boolean' ? `b${v}` : unsupported('distinct-values() of this type');
    if (seen.has(key)) continue;
    if (isNumeric(v) && Number.isNaN(numericValue(v))) return unsupported('distinct-values() with NaN');
    seen.add(key);
    out.push(v instanceof Untyped ? v.s : v);
  }
  if (out.some((v) => isNumeric(v as Atomic)) && out.some((v) => !isNumeric(v as Atomic))) return unsupported('distinct-values() of mixed types');
  return out;
});
define('reverse', 1, 1, (_c, [a]) => [...a].reverse());
define('head', 1, 1, (_c, [a]) => (a.length ? [a[0]] : EMPTY));
define('tail', 1, 1, (_c, [a]) => a.slice(1));
define('subsequence', 2, 3, (_c, args) => {
  const items = args[0];
  const start = numberArg(args[1], 'subsequence()');
  if (start === undefined) return unsupported('subsequence() with an empty start (an error)');
  const first = xpathRound(numericValue(start));
  const length = args.length > 2 ? numberArg(args[2], 'subsequence()') : undefined;
  if (args.length > 2 && length === undefined) return unsupported('subsequence() with an empty length (an error)');
  const end = length === undefined ? Infinity : first + xpathRound(numericValue(length));
  if (Number.isNaN(first) || Number.isNaN(end)) return EMPTY;
  const from = Math.max(first, 1);
  const to = Math.min(end, items.length + 1);
  return to <= from ? EMPTY : items.slice(from - 1, to - 1);
});
define('insert-before', 3, 3, (_c, args) => {
  const position = integerArg(args[1], 'insert-before()');
  const at = Math.min(Math.max(position, 1), args[0].length + 1) - 1;
  return [...args[0].slice(0, at), ...args[2], ...args[0].slice(at)];
});
define('remove', 2, 2, (_c, args) => {
  const position = integerArg(args[1], 'remove()');
  return args[0].filter((_item, i) => i !== position - 1);
});
define('index-of', 2, 2, (_c, args) => {
  const search = singleAtomic(args[1], 'index-of()');
  if (search === undefined) return unsupported('index-of() with an empty search (an error)');
  const out: number[] = [];
  atomize(args[0]).forEach((v, i) => {
    const x = v instanceof Untyped ? v.s : v;
    const y = search instanceof Untyped ? search.s : search;
    let order: number;
    try {
      order = compareAtomic(x, y, false);
    } catch {
      return; // incomparable values are simply not equal here
    }
    if (order === 0) out.push(i + 1);
  });
  return out;
});
define('zero-or-one', 1, 1, (_c, [a]) => (a.length > 1 ? unsupported('zero-or-one() failed (an error)') : a));
define('one-or-more', 1, 1, (_c, [a]) => (a.length === 0 ? unsupported('one-or-more() failed (an error)') : a));
define('exactly-one', 1, 1, (_c, [a]) => (a.length !== 1 ? unsupported('exactly-one() failed (an error)') : a));
define('unordered', 1, 1, (_c, [a]) => a);
define('doc', 1, 1, (c, args) => {
  const uri = stringOrEmpty(args[0], 'doc()');
  if (uri === undefined) return EMPTY;
  const doc = c.run.document(resolveAgainst(uri, c.run.staticBaseUri));
  return doc ? [doc] : unsupported('doc() of a document that cannot be read (an error)');
});
define('doc-available', 1, 1, (c, args) => {
  const uri = stringOrEmpty(args[0], 'doc-available()');
  if (uri === undefined) return [false];
  return [c.run.document(resolveAgainst(uri, c.run.staticBaseUri)) !== undefined];
});
define('unparsed-text-available', 1, 1, (c, args) => {
  const uri = stringOrEmpty(args[0], 'unparsed-text-available()');
  if (uri === undefined) return [false];
  return [c.run.textAvailable(resolveAgainst(uri, c.run.staticBaseUri))];
});
define('resolve-uri', 1, 2, (c, args) => {
  const relative = stringOrEmpty(args[0], 'resolve-uri()');
  if (relative === undefined) return EMPTY;
  const base = args.length > 1 ? one(args, 1, 'resolve-uri()') : c.run.staticBaseUri;
  return [new XAnyURI(resolveUri(relative, base))];
});
define('merge', 1, 2, (_c, args) => {
  if (args.length > 1) return unsupported('map:merge() with options');
  const merged = new Map<string, { key: Atomic; value: Item[] }>();
  for (const map of args[0]) {
    if (!(map instanceof XMap)) return unsupported('map:merge() of a non-map (an error)');
    for (const [id, entry] of map.entries) if (!merged.has(id)) merged.set(id, entry);
  }
  return [new XMap(merged)];
}, MAP_NS);
define('get', 2, 2, (_c, args) => {
  const map = single(args[0], 'map:get()');
  if (!(map instanceof XMap)) return unsupported('map:get() of a non-map (an error)');
  const key = singleAtomic(args[1], 'map:get()');
  if (key === undefined) return unsupported('map:get() with an empty key (an error)');
  return map.entries.get(mapKey(key))?.value ?? EMPTY;
}, MAP_NS);
define('contains', 2, 2, (_c, args) => {
  const map = single(args[0], 'map:contains()');
  if (!(map instanceof XMap)) return unsupported('map:contains() of a non-map (an error)');
  const key = singleAtomic(args[1], 'map:contains()');
  if (key === undefined) return unsupported('map:contains() with an empty key (an error)');
  return [map.entries.has(mapKey(key))];
}, MAP_NS);
define('keys', 1, 1, (_c, args) => {
  const map = single(args[0], 'map:keys()');
  if (!(map instanceof XMap)) return unsupported('map:keys() of a non-map (an error)');
  if (map.entries.size > 1) return unsupported('the order of map:keys()');
  return [...map.entries.values()].map((entry) => entry.key);
}, MAP_NS);
define('size', 1, 1, (_c, args) => {
  const map = single(args[0], 'map:size()');
  if (!(map instanceof XMap)) return unsupported('map:size() of a non-map (an error)');
  return [map.entries.size];
}, MAP_NS);
define('entry', 2, 2, (_c, args) => {
  const key = singleAtomic(args[0], 'map:entry()');
  if (key === undefined) return unsupported('map:entry() with an empty key (an error)');
  return [new XMap(new Map([[mapKey(key), { key, value: args[1] }]]))];
}, MAP_NS);

function xpathRound(v: number): number {
  if (!Number.isFinite(v)) return v;
  return Math.floor(v + 0.5);
}

function numeric1(a: Sequence, op: (v: number) => number): Sequence {
  const value = numberArg(a, 'a numeric function');
  if (value === undefined) return EMPTY;
  if (typeof value === 'number') return [op(value) === 0 ? 0 : op(value)];
  if (value instanceof XDecimal) return [new XDecimal(op(value.v))];
  return [new XDouble(op(value.v))];
}

function minMax(a: Sequence, sign: number): Sequence {
  const atoms = atomize(a).map((v) => (v instanceof Untyped ? cast(v, 'double') ?? unsupported('min()/max() of a value that is no number (an error)') : v));
  if (atoms.length === 0) return EMPTY;
  if (!(atoms.every((v) => typeof v === 'number') || atoms.every((v) => typeof v === 'string'))) return unsupported('min()/max() of these values');
  let best = atoms[0];
  for (const v of atoms.slice(1)) if (compareAtomic(v, best, true) * sign > 0) best = v;
  return [best];
}

// ---------------------------------------------------------------------------------------------------
// URIs.

/** Characters a relative reference may have for the resolution below to be SaxonJS's. */
const SAFE_RELATIVE = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/%\u00A0-\uD7FF\uE000-\uFFFD ]*(#[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*)?$/;

/** resolve-uri(): RFC 3986 resolution, as SaxonJS does it for ordinary references. */
export function resolveUri(relative: string, base: string): string {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(relative)) {
    if (!/^[A-Za-z0-9\-._~!$&'()*+,;=:@/%?#]*$/.test(relative)) return unsupported('an unusual absolute URI');
    return relative;
  }
  if (!SAFE_RELATIVE.test(relative) || /%(?![0-9A-Fa-f]{2})/.test(relative)) return unsupported('an unusual relative URI');
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(base) || !/^[A-Za-z0-9\-._~!$&'()*+,;=:@/%#?]*$/.test(base)) return unsupported('an unusual base URI');
  let url: URL;
  try {
    url = new URL(relative, base);
  } catch {
    return unsupported('a URI that does not resolve');
  }
  if (relative.startsWith('//') || relative.startsWith('?') || relative.includes('?')) return unsupported('a network-path or query reference');
  return url.href;
}

function resolveAgainst(uri: string, base: string): string {
  return resolveUri(uri, base);
}

/** A node's base URI: its document's URI, changed by xml:base on it or its ancestors. */
export function baseUri(node: XNode): string {
  const element = node.kind === KIND_ELEMENT ? node : node.kind === KIND_DOCUMENT ? undefined : node.parent;
  const bases: string[] = [];
  for (let el = element?.el; el; el = el.parent ?? undefined) {
    const xmlBase = el.attributes.find((a) => a.local === 'base' && a.ns === XML_NS);
    if (xmlBase) bases.push(xmlBase.value);
  }
  let uri = node.doc.uri;
  for (let i = bases.length - 1; i >= 0; i -= 1) uri = resolveUri(bases[i], uri);
  return uri;
}

/** The local file a URI names, or undefined for any other URI. */
export function uriToPath(uri: string): string | undefined {
  if (!/^file:/i.test(uri)) return undefined;
  if (uri.includes('#') || uri.includes('?')) return unsupported('a document URI with a fragment or query');
  try {
    return path.resolve(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

export { EMPTY, XText };
