/**
 * Simplified RELAX NG patterns, hash-consed, with memoised derivatives (James Clark, "An algorithm for
 * RELAX NG validation", and jing's refinements: `After` patterns, split attribute derivatives, recovery).
 *
 * Every pattern is interned: two structurally equal patterns are the same object, so memo tables keyed by
 * pattern identity are shared by every document validated against the schema.
 */
import { Datatype, IdType, isXmlWhitespace, ValueContext } from './datatypes';

// ---------------------------------------------------------------------------------------------------
// Names and name classes

/** Expanded names are interned as small integers (per schema). */
export class NameTable {
  readonly ns: string[] = [];
  readonly local: string[] = [];
  /** namespace URI -> local name -> id (two levels: no key strings to build on the hot path) */
  private readonly ids = new Map<string, Map<string, number>>();
  private lastNs = '\u0000';
  private lastMap: Map<string, number> | undefined;

  id(ns: string, local: string): number {
    let m = ns === this.lastNs ? this.lastMap : this.ids.get(ns);
    if (m === undefined) {
      m = new Map();
      this.ids.set(ns, m);
    }
    this.lastNs = ns;
    this.lastMap = m;
    let id = m.get(local);
    if (id === undefined) {
      id = this.ns.length;
      this.ns.push(ns);
      this.local.push(local);
      m.set(local, id);
    }
    return id;
  }

  /** Like `id` but never adds an entry: -1 for a name never seen. */
  lookup(ns: string, local: string): number {
    return this.ids.get(ns)?.get(local) ?? -1;
  }
}

export type NameClass =
  | { kind: 'name'; id: number; ns: string; local: string }
  | { kind: 'anyName'; except: NameClass | null }
  | { kind: 'nsName'; ns: string; except: NameClass | null }
  | { kind: 'choice'; a: NameClass; b: NameClass };

export function nameClassContains(nc: NameClass, ns: string, local: string): boolean {
  switch (nc.kind) {
    case 'name': return nc.local === local && nc.ns === ns;
    case 'anyName': return nc.except === null || !nameClassContains(nc.except, ns, local);
    case 'nsName': return nc.ns === ns && (nc.except === null || !nameClassContains(nc.except, ns, local));
    case 'choice': return nameClassContains(nc.a, ns, local) || nameClassContains(nc.b, ns, local);
  }
}

/** Specificity as in jing's recovery: an exact name beats a namespace wildcard, which beats anyName. */
export function nameClassSpecificity(nc: NameClass, ns: string, local: string): number {
  switch (nc.kind) {
    case 'name': return nc.local === local && nc.ns === ns ? 3 : 0;
    case 'anyName': return nameClassContains(nc, ns, local) ? 1 : 0;
    case 'nsName': return nameClassContains(nc, ns, local) ? 2 : 0;
    case 'choice': return Math.max(nameClassSpecificity(nc.a, ns, local), nameClassSpecificity(nc.b, ns, local));
  }
}

// ---------------------------------------------------------------------------------------------------
// Patterns

export const enum K {
  Empty, NotAllowed, Text, Choice, Interleave, Group, OneOrMore, List, Data, DataExcept, Value, Attribute, Element, After,
}

export const enum ContentType { Empty = 0, Element = 1, Mixed = 2, Data = 3 }

export class Pattern {
  /** Memo: start-tag-open derivative by name id. */
  stod: Map<number, Pattern> | null = null;
  stodRecover: Map<number, Pattern> | null = null;
  /** Memo: start-attribute derivative by name id. */
  satd: Map<number, Pattern> | null = null;
  endAtts: Pattern | null = null;
  ignoreMissing: Pattern | null = null;
  mixedText: Pattern | null = null;
  textOnlyMemo: Pattern | null = null;
  contentType = -1;
  /** Whether any attribute pattern occurs outside elements (endAttributes is the identity otherwise). */
  hasAtts = false;

  constructor(
    readonly id: number,
    readonly kind: K,
    readonly nullable: boolean,
    /** First operand; for Element the content (set once the content is built); for Attribute/List the content. */
    public a: Pattern | null,
    readonly b: Pattern | null,
    readonly nc: NameClass | null = null,
    readonly dt: Datatype | null = null,
    /** Value pattern: the canonical key of the value and its lexical form (for messages). */
    readonly valueKey: string | null = null,
    readonly valueText: string | null = null,
  ) {}

  /** jing: an After pattern is "not allowed" when its first operand is. */
  get isNotAllowed(): boolean {
    return this.kind === K.NotAllowed || (this.kind === K.After && (this.a as Pattern).kind === K.NotAllowed);
  }
}

/** Thrown when a document would need more patterns than the schema's budget allows. */
export class ResourceLimitError extends Error {}

const MAX_ID = 0x7fffffff;

/**
 * Open-addressing hash table from a pair of pattern ids to a pattern. Keys stay small integers (no heap
 * numbers, no strings), which matters: interning is the hottest allocation path of the validator.
 */
class PairTable {
  private a = new Int32Array(1024);
  private b = new Int32Array(1024);
  private v: Array<Pattern | undefined> = new Array(1024).fill(undefined);
  private size = 0;
  private mask = 1023;

  private static hash(a: number, b: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);
    h ^= h >>> 15;
    return h;
  }

  get(a: number, b: number): Pattern | undefined {
    let i = PairTable.hash(a, b) & this.mask;
    for (;;) {
      const p = this.v[i];
      if (p === undefined) return undefined;
      if (this.a[i] === a && this.b[i] === b) return p;
      i = (i + 1) & this.mask;
    }
  }

  set(a: number, b: number, p: Pattern): void {
    if (++this.size * 2 > this.v.length) this.grow();
    let i = PairTable.hash(a, b) & this.mask;
    while (this.v[i] !== undefined) i = (i + 1) & this.mask;
    this.a[i] = a;
    this.b[i] = b;
    this.v[i] = p;
  }

  private grow(): void {
    const { a, b, v } = this;
    const n = v.length * 2;
    this.a = new Int32Array(n);
    this.b = new Int32Array(n);
    this.v = new Array(n).fill(undefined);
    this.mask = n - 1;
    for (let j = 0; j < v.length; j++) {
      const p = v[j];
      if (p === undefined) continue;
      let i = PairTable.hash(a[j], b[j]) & this.mask;
      while (this.v[i] !== undefined) i = (i + 1) & this.mask;
      this.a[i] = a[j];
      this.b[i] = b[j];
      this.v[i] = p;
    }
  }
}

export class PatternBuilder {
  readonly names = new NameTable();
  private nextId = 0;
  readonly empty: Pattern;
  readonly notAllowed: Pattern;
  readonly text: Pattern;
  private readonly choices = new PairTable();
  private readonly groups = new PairTable();
  private readonly interleaves = new PairTable();
  private readonly afters = new PairTable();
  private readonly oneOrMores = new Map<number, Pattern>();
  private readonly lists = new Map<number, Pattern>();
  /** Attribute patterns are interned per (name class object, content). */
  private readonly attributes = new Map<NameClass, Map<number, Pattern>>();
  private readonly elements: Pattern[] = [];

  constructor(readonly maxPatterns = 2_000_000) {
    this.empty = this.make(K.Empty, true, null, null);
    this.notAllowed = this.make(K.NotAllowed, false, null, null);
    this.text = this.make(K.Text, true, null, null);
    this.empty.contentType = ContentType.Empty;
  }

  get patternCount(): number {
    return this.nextId;
  }

  private make(kind: K, nullable: boolean, a: Pattern | null, b: Pattern | null, nc: NameClass | null = null,
    dt: Datatype | null = null, valueKey: string | null = null, valueText: string | null = null): Pattern {
    if (this.nextId >= this.maxPatterns || this.nextId >= MAX_ID) {
      throw new ResourceLimitError(`pattern limit (${this.maxPatterns}) exceeded`);
    }
    const p = new Pattern(this.nextId++, kind, nullable, a, b, nc, dt, valueKey, valueText);
    if (kind === K.Attribute) p.hasAtts = true;
    else if (a !== null && kind !== K.Element && kind !== K.List) p.hasAtts = a.hasAtts || (b !== null && b.hasAtts);
    return p;
  }

  // -------------------------------------------------------------------------------------------------
  // Constructors (with the simplifications of spec section 4.20/4.21 and jing's choice normalisation)

  data(dt: Datatype): Pattern {
    return this.make(K.Data, false, null, null, null, dt);
  }

  dataExcept(dt: Datatype, except: Pattern): Pattern {
    if (except.kind === K.NotAllowed) return this.data(dt);
    return this.make(K.DataExcept, false, except, null, null, dt);
  }

  value(dt: Datatype, key: string, text: string): Pattern {
    return this.make(K.Value, false, null, null, null, dt, key, text);
  }

  list(p: Pattern): Pattern {
    if (p.kind === K.NotAllowed) return p;
    return this.intern1(this.lists, K.List, false, p);
  }

  attribute(nc: NameClass, content: Pattern): Pattern {
    if (content.kind === K.NotAllowed) return content;
    let m = this.attributes.get(nc);
    if (!m) this.attributes.set(nc, (m = new Map()));
    let p = m.get(content.id);
    if (!p) {
      p = this.make(K.Attribute, false, content, null, nc);
      m.set(content.id, p);
    }
    return p;
  }

  /** A new element pattern; its content is set later with `setElementContent` (patterns are recursive). */
  element(nc: NameClass): Pattern {
    const p = this.make(K.Element, false, null, null, nc);
    this.elements.push(p);
    return p;
  }

  setElementContent(el: Pattern, content: Pattern): void {
    el.a = content;
  }

  get allElements(): readonly Pattern[] {
    return this.elements;
  }

  oneOrMore(p: Pattern): Pattern {
    if (p.kind === K.NotAllowed || p.kind === K.Empty || p.kind === K.OneOrMore) return p;
    return this.intern1(this.oneOrMores, K.OneOrMore, p.nullable, p);
  }

  group(a: Pattern, b: Pattern): Pattern {
    if (a.kind === K.NotAllowed || b.kind === K.NotAllowed) return this.notAllowed;
    if (a.kind === K.Empty) return b;
    if (b.kind === K.Empty) return a;
    return this.intern2(this.groups, K.Group, a.nullable && b.nullable, a, b);
  }

  interleave(a: Pattern, b: Pattern): Pattern {
    if (a.kind === K.NotAllowed || b.kind === K.NotAllowed) return this.notAllowed;
    if (a.kind === K.Empty) return b;
    if (b.kind === K.Empty) return a;
    // order the operands: interleave is commutative, and a canonical order improves memo hits
    if (a.id > b.id) [a, b] = [b, a];
    return this.intern2(this.interleaves, K.Interleave, a.nullable && b.nullable, a, b);
  }

  after(a: Pattern, b: Pattern): Pattern {
    return this.intern2(this.afters, K.After, false, a, b);
  }

  choice(a: Pattern, b: Pattern): Pattern {
    if (a === b) return a;
    if (a.kind === K.NotAllowed) return b;
    if (b.kind === K.NotAllowed) return a;
    if (a.kind !== K.Choice && b.kind !== K.Choice && a.kind !== K.After && b.kind !== K.After) {
      return a.id < b.id ? this.choicePair(a, b) : this.choicePair(b, a);
    }
    const leaves: Pattern[] = [];
    collectChoiceLeaves(a, leaves);
    collectChoiceLeaves(b, leaves);
    return this.choiceOf(leaves);
  }

  /** The choice of any number of patterns, built at once (folding pairwise would rebuild the chain n times). */
  choiceAll(ps: Pattern[]): Pattern {
    if (ps.length === 1) return ps[0];
    const leaves: Pattern[] = [];
    for (const p of ps) collectChoiceLeaves(p, leaves);
    return this.choiceOf(leaves);
  }

  /** The choice of a list of patterns (none of them a Choice), normalised: set semantics, sorted by id. */
  private choiceOf(input: Pattern[]): Pattern {
    let leaves = input.filter((p) => p.kind !== K.NotAllowed);
    if (leaves.some((p) => p.kind === K.After)) leaves = this.mergeAfters(leaves);
    if (leaves.length === 0) return this.notAllowed;
    leaves.sort((x, y) => x.id - y.id);
    let result = leaves[leaves.length - 1];
    for (let i = leaves.length - 2; i >= 0; i--) {
      if (leaves[i] !== leaves[i + 1]) result = this.choicePair(leaves[i], result);
    }
    return result;
  }

  /** jing's After rules: After(x,r1)|After(x,r2) = After(x,r1|r2); After(c1,r)|After(c2,r) = After(c1|c2,r); drop After(notAllowed,..). */
  private mergeAfters(leaves: Pattern[]): Pattern[] {
    const others: Pattern[] = [];
    const byFirst = new Map<Pattern, Pattern[]>();
    for (const p of leaves) {
      if (p.kind !== K.After) others.push(p);
      else {
        const list = byFirst.get(p.a as Pattern);
        if (list) list.push(p.b as Pattern);
        else byFirst.set(p.a as Pattern, [p.b as Pattern]);
      }
    }
    const bySecond = new Map<Pattern, Pattern[]>();
    let deadSeconds: Pattern[] | null = null;
    for (const [first, seconds] of byFirst) {
      if (first.kind === K.NotAllowed) {
        deadSeconds = seconds;
        continue;
      }
      const second = seconds.length === 1 ? seconds[0] : this.choiceOfAny(seconds);
      const list = bySecond.get(second);
      if (list) list.push(first);
      else bySecond.set(second, [first]);
    }
    for (const [second, firsts] of bySecond) {
      others.push(this.after(firsts.length === 1 ? firsts[0] : this.choiceOfAny(firsts), second));
    }
    if (bySecond.size === 0 && deadSeconds) others.push(this.after(this.notAllowed, this.choiceOfAny(deadSeconds)));
    return others;
  }

  private choiceOfAny(ps: Pattern[]): Pattern {
    let r = ps[0];
    for (let i = 1; i < ps.length; i++) r = this.choice(r, ps[i]);
    return r;
  }

  private choicePair(a: Pattern, b: Pattern): Pattern {
    return this.intern2(this.choices, K.Choice, a.nullable || b.nullable, a, b);
  }

  private intern1(map: Map<number, Pattern>, kind: K, nullable: boolean, a: Pattern): Pattern {
    let p = map.get(a.id);
    if (!p) {
      p = this.make(kind, nullable, a, null);
      map.set(a.id, p);
    }
    return p;
  }

  private intern2(table: PairTable, kind: K, nullable: boolean, a: Pattern, b: Pattern): Pattern {
    let p = table.get(a.id, b.id);
    if (!p) {
      p = this.make(kind, nullable, a, b);
      table.set(a.id, b.id, p);
    }
    return p;
  }

  // -------------------------------------------------------------------------------------------------
  // Derivatives. Each returns a pattern; functions marked "After-form" return a choice of After patterns.

  /**
   * Applies f to every alternative of a choice. Choices are kept as right-nested chains whose left operands
   * are never choices, so walking the chain needs no recursion however many alternatives there are; and an
   * unchanged choice is returned as it is.
   */
  mapChoice(p: Pattern, f: (x: Pattern) => Pattern): Pattern {
    const out: Pattern[] = [];
    let changed = false;
    for (let q = p; ; q = q.b as Pattern) {
      const leaf = q.kind === K.Choice ? (q.a as Pattern) : q;
      const r = f(leaf);
      if (r !== leaf) changed = true;
      out.push(r);
      if (q.kind !== K.Choice) break;
    }
    return changed ? this.choiceAll(out) : p;
  }

  /** Applies f to the second operand of every After in a choice of Afters. */
  applyAfter(p: Pattern, f: (x: Pattern) => Pattern): Pattern {
    switch (p.kind) {
      case K.After: return this.after(p.a as Pattern, f(p.b as Pattern));
      case K.Choice: return this.mapChoice(p, (x) => this.applyAfter(x, f));
      default: return this.notAllowed;
    }
  }

  /** After-form: element content paired with what follows the element. */
  startTagOpenDeriv(p: Pattern, nameId: number): Pattern {
    let memo = p.stod;
    if (memo === null) memo = p.stod = new Map();
    let r = memo.get(nameId);
    if (r === undefined) {
      r = this.computeStod(p, nameId, false);
      memo.set(nameId, r);
    }
    return r;
  }

  /** Like startTagOpenDeriv, but a required first operand of a group may be skipped (jing's recovery). */
  startTagOpenRecoverDeriv(p: Pattern, nameId: number): Pattern {
    let memo = p.stodRecover;
    if (memo === null) memo = p.stodRecover = new Map();
    let r = memo.get(nameId);
    if (r === undefined) {
      r = this.computeStod(p, nameId, true);
      memo.set(nameId, r);
    }
    return r;
  }

  private computeStod(p: Pattern, nameId: number, recover: boolean): Pattern {
    const d = (x: Pattern) => (recover ? this.startTagOpenRecoverDeriv(x, nameId) : this.startTagOpenDeriv(x, nameId));
    switch (p.kind) {
      case K.Choice: return this.mapChoice(p, d);
      case K.Element: {
        const nc = p.nc as NameClass;
        const names = this.names;
        return nameClassContains(nc, names.ns[nameId], names.local[nameId]) ? this.after(p.a as Pattern, this.empty) : this.notAllowed;
      }
      case K.Group: {
        const p1 = p.a as Pattern;
        const p2 = p.b as Pattern;
        const x = this.applyAfter(d(p1), (q) => this.group(q, p2));
        return p1.nullable || recover ? this.choice(x, d(p2)) : x;
      }
      case K.Interleave: {
        const p1 = p.a as Pattern;
        const p2 = p.b as Pattern;
        return this.choice(this.applyAfter(d(p1), (q) => this.interleave(q, p2)), this.applyAfter(d(p2), (q) => this.interleave(p1, q)));
      }
      case K.OneOrMore: {
        const rest = this.choice(p, this.empty);
        return this.applyAfter(d(p.a as Pattern), (q) => this.group(q, rest));
      }
      case K.After: {
        const p2 = p.b as Pattern;
        return this.applyAfter(d(p.a as Pattern), (q) => this.after(q, p2));
      }
      default:
        return this.notAllowed;
    }
  }

  /** After-form: attribute value pattern paired with what follows once the attribute is consumed. */
  startAttributeDeriv(p: Pattern, nameId: number): Pattern {
    let memo = p.satd;
    if (memo === null) memo = p.satd = new Map();
    let r = memo.get(nameId);
    if (r === undefined) {
      r = this.computeSatd(p, nameId);
      memo.set(nameId, r);
    }
    return r;
  }

  private computeSatd(p: Pattern, nameId: number): Pattern {
    if (!p.hasAtts && p.kind !== K.After) return this.notAllowed;
    switch (p.kind) {
      case K.Choice: return this.mapChoice(p, (x) => this.startAttributeDeriv(x, nameId));
      case K.Attribute: {
        const names = this.names;
        return nameClassContains(p.nc as NameClass, names.ns[nameId], names.local[nameId]) ? this.after(p.a as Pattern, this.empty) : this.notAllowed;
      }
      case K.Group: {
        const p1 = p.a as Pattern;
        const p2 = p.b as Pattern;
        return this.choice(
          this.applyAfter(this.startAttributeDeriv(p1, nameId), (q) => this.group(q, p2)),
          this.applyAfter(this.startAttributeDeriv(p2, nameId), (q) => this.group(p1, q)),
        );
      }
      case K.Interleave: {
        const p1 = p.a as Pattern;
        const p2 = p.b as Pattern;
        return this.choice(
          this.applyAfter(this.startAttributeDeriv(p1, nameId), (q) => this.interleave(q, p2)),
          this.applyAfter(this.startAttributeDeriv(p2, nameId), (q) => this.interleave(p1, q)),
        );
      }
      case K.OneOrMore: {
        const rest = this.choice(p, this.empty);
        return this.applyAfter(this.startAttributeDeriv(p.a as Pattern, nameId), (q) => this.group(q, rest));
      }
      case K.After: {
        const p2 = p.b as Pattern;
        return this.applyAfter(this.startAttributeDeriv(p.a as Pattern, nameId), (q) => this.after(q, p2));
      }
      default:
        return this.notAllowed;
    }
  }

  /** Removes the possibility of further attributes (attributes become notAllowed). */
  endAttributes(p: Pattern): Pattern {
    if (!p.hasAtts && p.kind !== K.After) return p;
    if (p.endAtts !== null) return p.endAtts;
    let r: Pattern;
    switch (p.kind) {
      case K.Attribute: r = this.notAllowed; break;
      case K.Choice: r = this.mapChoice(p, (x) => this.endAttributes(x)); break;
      case K.Group: r = this.group(this.endAttributes(p.a as Pattern), this.endAttributes(p.b as Pattern)); break;
      case K.Interleave: r = this.interleave(this.endAttributes(p.a as Pattern), this.endAttributes(p.b as Pattern)); break;
      case K.OneOrMore: r = this.oneOrMore(this.endAttributes(p.a as Pattern)); break;
      case K.After: r = this.after(this.endAttributes(p.a as Pattern), p.b as Pattern); break;
      default: r = p;
    }
    p.endAtts = r;
    return r;
  }

  /** Recovery after missing required attributes: attributes become empty. */
  ignoreMissingAttributes(p: Pattern): Pattern {
    if (!p.hasAtts && p.kind !== K.After) return p;
    if (p.ignoreMissing !== null) return p.ignoreMissing;
    let r: Pattern;
    switch (p.kind) {
      case K.Attribute: r = this.empty; break;
      case K.Choice: r = this.mapChoice(p, (x) => this.ignoreMissingAttributes(x)); break;
      case K.Group: r = this.group(this.ignoreMissingAttributes(p.a as Pattern), this.ignoreMissingAttributes(p.b as Pattern)); break;
      case K.Interleave: r = this.interleave(this.ignoreMissingAttributes(p.a as Pattern), this.ignoreMissingAttributes(p.b as Pattern)); break;
      case K.OneOrMore: r = this.oneOrMore(this.ignoreMissingAttributes(p.a as Pattern)); break;
      case K.After: r = this.after(this.ignoreMissingAttributes(p.a as Pattern), p.b as Pattern); break;
      default: r = p;
    }
    p.ignoreMissing = r;
    return r;
  }

  /** Derivative by a non-blank text node in element or mixed content (only `text` matches it). */
  mixedTextDeriv(p: Pattern): Pattern {
    if (p.mixedText !== null) return p.mixedText;
    let r: Pattern;
    switch (p.kind) {
      case K.Text: r = p; break;
      case K.Choice: r = this.mapChoice(p, (x) => this.mixedTextDeriv(x)); break;
      case K.Group: {
        const p1 = p.a as Pattern;
        const p2 = p.b as Pattern;
        const x = this.group(this.mixedTextDeriv(p1), p2);
        r = p1.nullable ? this.choice(x, this.mixedTextDeriv(p2)) : x;
        break;
      }
      case K.Interleave: {
        const p1 = p.a as Pattern;
        const p2 = p.b as Pattern;
        r = this.choice(this.interleave(this.mixedTextDeriv(p1), p2), this.interleave(p1, this.mixedTextDeriv(p2)));
        break;
      }
      case K.OneOrMore: r = this.group(this.mixedTextDeriv(p.a as Pattern), this.choice(p, this.empty)); break;
      case K.After: r = this.after(this.mixedTextDeriv(p.a as Pattern), p.b as Pattern); break;
      default: r = this.notAllowed;
    }
    p.mixedText = r;
    return r;
  }

  /** Element alternatives removed: what a data-typed text node is matched against. */
  textOnly(p: Pattern): Pattern {
    if (p.textOnlyMemo !== null) return p.textOnlyMemo;
    let r: Pattern;
    switch (p.kind) {
      case K.Element: case K.Attribute: r = this.notAllowed; break;
      case K.Choice: r = this.mapChoice(p, (x) => this.textOnly(x)); break;
      case K.Group: r = this.group(this.textOnly(p.a as Pattern), this.textOnly(p.b as Pattern)); break;
      case K.Interleave: r = this.interleave(this.textOnly(p.a as Pattern), this.textOnly(p.b as Pattern)); break;
      case K.OneOrMore: r = this.oneOrMore(this.textOnly(p.a as Pattern)); break;
      case K.After: r = this.after(this.textOnly(p.a as Pattern), p.b as Pattern); break;
      default: r = p;
    }
    p.textOnlyMemo = r;
    return r;
  }

  /** For an After-form: the choice of the continuations whose element content is complete. */
  endTagDeriv(p: Pattern): Pattern {
    switch (p.kind) {
      case K.After: return (p.a as Pattern).nullable ? (p.b as Pattern) : this.notAllowed;
      case K.Choice: return this.mapChoice(p, (x) => this.endTagDeriv(x));
      default: return this.notAllowed;
    }
  }

  /** For an After-form: every continuation, whatever the content matched (jing's recoverAfter). */
  recoverAfter(p: Pattern): Pattern {
    switch (p.kind) {
      case K.After: return p.b as Pattern;
      case K.Choice: return this.mapChoice(p, (x) => this.recoverAfter(x));
      default: return this.notAllowed;
    }
  }

  /** For an After-form: After(x, empty) for every After(x, _) (used to tell this level's errors from the parent's). */
  emptyAfter(p: Pattern): Pattern {
    switch (p.kind) {
      case K.After: return this.after(p.a as Pattern, this.empty);
      case K.Choice: return this.mapChoice(p, (x) => this.emptyAfter(x));
      default: return this.notAllowed;
    }
  }

  contentType(p: Pattern): ContentType {
    if (p.contentType >= 0) return p.contentType;
    let t: ContentType;
    switch (p.kind) {
      case K.Element: t = ContentType.Element; break;
      case K.Text: t = ContentType.Mixed; break;
      case K.Data: case K.DataExcept: case K.Value: case K.List: t = ContentType.Data; break;
      case K.Choice:
        t = ContentType.Empty;
        for (let q = p; ; q = q.b as Pattern) {
          t = Math.max(t, this.contentType(q.kind === K.Choice ? (q.a as Pattern) : q));
          if (q.kind !== K.Choice) break;
        }
        break;
      case K.Group: case K.Interleave:
        t = Math.max(this.contentType(p.a as Pattern), this.contentType(p.b as Pattern));
        break;
      case K.OneOrMore: case K.After: t = this.contentType(p.a as Pattern); break;
      default: t = ContentType.Empty;
    }
    p.contentType = t;
    return t;
  }

  // -------------------------------------------------------------------------------------------------
  // Matching a string (attribute value or data-typed element content)

  /** Whether the whole string matches p (spec: nullable(textDeriv) or blank and p nullable). */
  valueMatches(p: Pattern, s: string, ctx: ValueContext): boolean {
    switch (p.kind) {
      case K.Text: return true;
      case K.Empty: return isXmlWhitespace(s);
      case K.Data: return (p.dt as Datatype).check(s, ctx) === null;
      case K.Value: return (p.dt as Datatype).key(s, ctx) === p.valueKey;
      case K.DataExcept: return (p.dt as Datatype).check(s, ctx) === null && !this.valueMatches(p.a as Pattern, s, ctx);
      case K.List: return this.listMatches(p.a as Pattern, s, ctx);
      case K.Choice:
        for (let q = p; ; q = q.b as Pattern) {
          if (this.valueMatches(q.kind === K.Choice ? (q.a as Pattern) : q, s, ctx)) return true;
          if (q.kind !== K.Choice) return false;
        }
      case K.NotAllowed: case K.Element: case K.Attribute: case K.After: return false;
      default: {
        // group, interleave, oneOrMore of string patterns: fall back to the text derivative
        if (p.nullable && isXmlWhitespace(s)) return true;
        return this.textDeriv(p, s, ctx).nullable;
      }
    }
  }

  private listMatches(p: Pattern, s: string, ctx: ValueContext): boolean {
    let d = p;
    for (const token of splitTokens(s)) {
      d = this.textDeriv(d, token, ctx);
      if (d.kind === K.NotAllowed) return false;
    }
    return d.nullable;
  }

  /** Clark's textDeriv (not memoised: values differ). */
  textDeriv(p: Pattern, s: string, ctx: ValueContext): Pattern {
    switch (p.kind) {
      case K.Text: return p;
      case K.Choice: return this.mapChoice(p, (x) => this.textDeriv(x, s, ctx));
      case K.Group: {
        const p1 = p.a as Pattern;
        const p2 = p.b as Pattern;
        const x = this.group(this.textDeriv(p1, s, ctx), p2);
        return p1.nullable ? this.choice(x, this.textDeriv(p2, s, ctx)) : x;
      }
      case K.Interleave: {
        const p1 = p.a as Pattern;
        const p2 = p.b as Pattern;
        return this.choice(this.interleave(this.textDeriv(p1, s, ctx), p2), this.interleave(p1, this.textDeriv(p2, s, ctx)));
      }
      case K.OneOrMore: return this.group(this.textDeriv(p.a as Pattern, s, ctx), this.choice(p, this.empty));
      case K.Data: case K.Value: case K.DataExcept: case K.List:
        return this.valueMatches(p, s, ctx) ? this.empty : this.notAllowed;
      default: return this.notAllowed;
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Introspection for messages

  /** Element names that could start here (jing's possibleStartTagNames, before normalisation). */
  possibleStartNames(start: Pattern, out: NameClass[]): void {
    this.collectNames(start, out, false);
  }

  /** Attribute names allowed here. */
  possibleAttributeNames(start: Pattern, out: NameClass[]): void {
    this.collectNames(start, out, true);
  }

  private collectNames(start: Pattern, out: NameClass[], attributes: boolean): void {
    const seen = new Set<Pattern>();
    const stack: Pattern[] = [start];
    while (stack.length > 0) {
      const p = stack.pop() as Pattern;
      if (seen.has(p)) continue;
      seen.add(p);
      switch (p.kind) {
        case K.Element: if (!attributes) out.push(p.nc as NameClass); break;
        case K.Attribute: if (attributes) out.push(p.nc as NameClass); break;
        case K.Choice: case K.Interleave: stack.push(p.b as Pattern, p.a as Pattern); break;
        case K.Group:
          // element names: the second operand only when the first may be empty; attributes: both
          if (attributes || (p.a as Pattern).nullable) stack.push(p.b as Pattern);
          stack.push(p.a as Pattern);
          break;
        case K.OneOrMore: case K.After: stack.push(p.a as Pattern); break;
        default:
      }
    }
  }

  /** Names that must occur (jing's RequiredElementsFunction / RequiredAttributesFunction). */
  requiredNames(p: Pattern, attributes: boolean): Set<number> {
    switch (p.kind) {
      case K.Element: case K.Attribute:
        if ((p.kind === K.Attribute) !== attributes) return new Set();
        return (p.nc as NameClass).kind === 'name' ? new Set([(p.nc as { id: number }).id]) : new Set();
      case K.Choice: {
        let common: Set<number> | null = null;
        for (let q = p; ; q = q.b as Pattern) {
          const names = this.requiredNames(q.kind === K.Choice ? (q.a as Pattern) : q, attributes);
          const previous: Set<number> | null = common;
          common = previous === null ? names : new Set([...previous].filter((x: number) => names.has(x)));
          if (common.size === 0 || q.kind !== K.Choice) return common;
        }
      }
      case K.Group:
        if (!attributes) {
          return !(p.a as Pattern).nullable ? this.requiredNames(p.a as Pattern, false) : this.requiredNames(p.b as Pattern, false);
        }
      // falls through: attributes of a group are all required
      case K.Interleave: {
        const s1 = this.requiredNames(p.a as Pattern, attributes);
        const s2 = this.requiredNames(p.b as Pattern, attributes);
        for (const x of s2) s1.add(x);
        return s1;
      }
      case K.OneOrMore: case K.After: return this.requiredNames(p.a as Pattern, attributes);
      default: return new Set();
    }
  }

  private elementIndex: { byName: Map<number, Pattern[]>; wild: Pattern[] } | null = null;

  /** Element patterns whose name class is exactly this name or a choice of names including it. */
  elementsNamed(nameId: number): Pattern[] {
    this.findElement('', '');
    return (this.elementIndex as { byName: Map<number, Pattern[]> }).byName.get(nameId) ?? [];
  }

  /**
   * The content of the element patterns whose name class best matches the name (jing's findElement, which
   * searches the patterns reachable from the start; every element pattern built is reachable).
   */
  findElement(ns: string, local: string): Pattern {
    if (this.elementIndex === null) {
      const byName = new Map<number, Pattern[]>();
      const wild: Pattern[] = [];
      const addNames = (nc: NameClass, el: Pattern): boolean => {
        if (nc.kind === 'name') {
          const list = byName.get(nc.id);
          if (list) list.push(el);
          else byName.set(nc.id, [el]);
          return true;
        }
        if (nc.kind === 'choice') return addNames(nc.a, el) && addNames(nc.b, el);
        return false;
      };
      for (const el of this.elements) if (!addNames(el.nc as NameClass, el)) wild.push(el);
      this.elementIndex = { byName, wild };
    }
    const candidates = [...(this.elementIndex.byName.get(this.names.lookup(ns, local)) ?? []), ...this.elementIndex.wild];
    let best = 0;
    let result: Pattern = this.notAllowed;
    const seen = new Set<Pattern>();
    for (const el of candidates) {
      if (seen.has(el)) continue;
      seen.add(el);
      const s = nameClassSpecificity(el.nc as NameClass, ns, local);
      if (s > best) {
        best = s;
        result = el.a as Pattern;
      } else if (s === best && s !== 0) {
        result = this.choice(result, el.a as Pattern);
      }
    }
    return result;
  }
}

function collectChoiceLeaves(p: Pattern, out: Pattern[]): void {
  // iterative: choices built here are right-nested and may be long
  let q: Pattern = p;
  while (q.kind === K.Choice) {
    collectChoiceLeaves(q.a as Pattern, out);
    q = q.b as Pattern;
  }
  out.push(q);
}

const HAS_WS = /[\t\n\r ]/;
export function splitTokens(s: string): string[] {
  if (s.length > 0 && !HAS_WS.test(s)) return [s];
  const t = s.split(/[\t\n\r ]+/);
  if (t.length > 0 && t[0] === '') t.shift();
  if (t.length > 0 && t[t.length - 1] === '') t.pop();
  return t;
}

/** ID-type of a pattern that is the content of an attribute (DTD compatibility). */
export function idTypeOf(p: Pattern): IdType {
  if ((p.kind === K.Data || p.kind === K.Value || p.kind === K.DataExcept) && p.dt) return p.dt.idType;
  return IdType.None;
}
