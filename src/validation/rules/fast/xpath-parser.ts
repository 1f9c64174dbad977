/**
 * A parser for the part of XPath 3.1 that Schematron rules use (and XSLT 3.0 patterns, for rule
 * contexts and keys). It builds a small syntax tree, with every QName already expanded through the
 * namespaces in scope; anything it does not know is Unsupported (the rules then run on SaxonJS).
 */
import { unsupported } from './xdm';

export const FN = 'http://www.w3.org/2005/xpath-functions';
export const MAP_NS = 'http://www.w3.org/2005/xpath-functions/map';
export const ARRAY_NS = 'http://www.w3.org/2005/xpath-functions/array';
export const MATH_NS = 'http://www.w3.org/2005/xpath-functions/math';
export const XS_NS = 'http://www.w3.org/2001/XMLSchema';

/** An expanded name: `{uri}local`. */
export type ExpandedName = string;
export const expanded = (uri: string, local: string): ExpandedName => `{${uri}}${local}`;

export type Axis = 'child' | 'descendant' | 'attribute' | 'self' | 'descendant-or-self' | 'following-sibling' | 'following' | 'parent' | 'ancestor' | 'preceding-sibling' | 'preceding' | 'ancestor-or-self';

/** A node test: a kind test, or a name test where `undefined` fields are wildcards. */
export type NodeTest =
  | { kind: 'name'; ns: string | undefined; local: string | undefined }
  | { kind: 'node' }
  | { kind: 'text' }
  | { kind: 'comment' }
  | { kind: 'pi' }
  | { kind: 'document'; element?: NodeTest }
  | { kind: 'element'; ns: string | undefined; local: string | undefined }
  | { kind: 'attribute'; ns: string | undefined; local: string | undefined };

export interface SequenceType {
  /** 'empty' for empty-sequence(). */
  item: { kind: 'item' } | { kind: 'atomic'; type: string } | { kind: 'node'; test: NodeTest } | { kind: 'map' } | { kind: 'array' } | { kind: 'empty' };
  occurrence: '' | '?' | '*' | '+';
}

export type Expr =
  | { t: 'seq'; items: Expr[] }
  | { t: 'integer'; v: number }
  | { t: 'decimal'; v: number }
  | { t: 'double'; v: number }
  | { t: 'string'; v: string }
  | { t: 'var'; name: ExpandedName }
  | { t: 'context' }
  | { t: 'root' }
  | { t: 'call'; name: ExpandedName; args: Expr[] }
  | { t: 'step'; axis: Axis; test: NodeTest; predicates: Expr[] }
  | { t: 'filter'; base: Expr; predicates: Expr[] }
  | { t: 'path'; left: Expr; right: Expr; descendants: boolean }
  | { t: 'map-op'; left: Expr; right: Expr }
  | { t: 'or' | 'and'; left: Expr; right: Expr }
  | { t: 'general' | 'value' | 'node-cmp'; op: string; left: Expr; right: Expr }
  | { t: 'arith'; op: '+' | '-' | '*' | 'div' | 'idiv' | 'mod'; left: Expr; right: Expr }
  | { t: 'negate'; operand: Expr }
  | { t: 'concat'; left: Expr; right: Expr }
  | { t: 'range'; left: Expr; right: Expr }
  | { t: 'set'; op: 'union' | 'intersect' | 'except'; left: Expr; right: Expr }
  | { t: 'if'; test: Expr; then: Expr; else: Expr }
  | { t: 'for' | 'let' | 'some' | 'every'; name: ExpandedName; bound: Expr; body: Expr }
  | { t: 'instance-of'; operand: Expr; type: SequenceType }
  | { t: 'castable' | 'cast'; operand: Expr; type: string; optional: boolean }
  | { t: 'map-ctor'; entries: Array<[Expr, Expr]> }
  | { t: 'array-ctor'; square: boolean; members: Expr[] }
  | { t: 'dynamic-call'; base: Expr; args: Expr[] }
  | { t: 'lookup'; base: Expr | null; key: Expr | '*' };

type Token = { k: 'name'; v: string } | { k: 'var'; v: string } | { k: 'str'; v: string } | { k: 'num'; v: string } | { k: 'sym'; v: string } | { k: 'end'; v: '' };

const SYMBOLS = ['(:', '::', ':=', '//', '..', '!=', '<=', '>=', '<<', '>>', '||', '=>', '(', ')', '[', ']', '{', '}', ',', '.', '@', '/', '|', '=', '<', '>', '+', '-', '*', '?', '!', ':', '#', '$'];
const NAME_START = /[A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;
const NAME_CHAR = /[-.0-9A-Za-z_\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C-\u200D\u203F\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const ncname = (from: number): number => {
    if (!NAME_START.test(text[from] ?? '')) return from;
    let end = from + 1;
    while (end < text.length && NAME_CHAR.test(text[end])) end += 1;
    return end;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i += 1;
      continue;
    }
    if (text.startsWith('(:', i)) {
      let depth = 1;
      i += 2;
      while (i < text.length && depth > 0) {
        if (text.startsWith('(:', i)) {
          depth += 1;
          i += 2;
        } else if (text.startsWith(':)', i)) {
          depth -= 1;
          i += 2;
        } else i += 1;
      }
      if (depth > 0) unsupported('an unclosed comment');
      continue;
    }
    if (c === '"' || c === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        const end = text.indexOf(c, j);
        if (end < 0) unsupported('an unclosed string');
        value += text.slice(j, end);
        if (text[end + 1] === c) {
          value += c;
          j = end + 2;
        } else {
          i = end + 1;
          break;
        }
      }
      tokens.push({ k: 'str', v: value });
      continue;
    }
    const number = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 64));
    if (number && (c !== '.' || /[0-9]/.test(text[i + 1] ?? ''))) {
      if (NAME_START.test(text[i + number[0].length] ?? '')) unsupported('a number followed by a name');
      tokens.push({ k: 'num', v: number[0] });
      i += number[0].length;
      continue;
    }
    if (c === '$') {
      let j = i + 1;
      while (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r') j += 1;
      const end = qnameEnd(j);
      if (end === j) unsupported('a variable without a name');
      tokens.push({ k: 'var', v: text.slice(j, end) });
      i = end;
      continue;
    }
    if (text.startsWith('Q{', i)) {
      const close = text.indexOf('}', i);
      if (close < 0) unsupported('an unclosed braced URI');
      const end = ncname(close + 1);
      tokens.push({ k: 'name', v: text.slice(i, end === close + 1 && text[end] === '*' ? end + 1 : end) });
      i = end === close + 1 && text[end] === '*' ? end + 1 : end;
      continue;
    }
    if (c === '*' && text[i + 1] === ':' && NAME_START.test(text[i + 2] ?? '')) {
      const end = ncname(i + 2);
      tokens.push({ k: 'name', v: text.slice(i, end) });
      i = end;
      continue;
    }
    const nameEnd = qnameEnd(i);
    if (nameEnd > i) {
      tokens.push({ k: 'name', v: text.slice(i, nameEnd) });
      i = nameEnd;
      continue;
    }
    const symbol = SYMBOLS.find((s) => text.startsWith(s, i));
    if (!symbol) unsupported(`the character ${c}`);
    tokens.push({ k: 'sym', v: symbol });
    i += symbol.length;
  }
  tokens.push({ k: 'end', v: '' });
  return tokens;

  /** The end of a QName, or `prefix:*`, starting at `from`. */
  function qnameEnd(from: number): number {
    const first = ncname(from);
    if (first === from) return from;
    if (text[first] === ':' && text[first + 1] !== ':' && text[first + 1] !== '=') {
      if (text[first + 1] === '*') return first + 2;
      const second = ncname(first + 1);
      if (second > first + 1) return second;
    }
    return first;
  }
}

const KIND_TESTS = new Set(['node', 'text', 'comment', 'processing-instruction', 'document-node', 'element', 'attribute', `schema-element`, `schema-attribute`, 'namespace-node']);
const RESERVED_FUNCTION_NAMES = new Set([...KIND_TESTS, 'if', 'item', 'empty-sequence', 'function', 'map', 'array', 'switch', 'typeswitch']);
const AXES = new Set(['child', 'descendant', 'attribute', 'self', 'descendant-or-self', 'following-sibling', 'following', 'parent', 'ancestor', 'preceding-sibling', 'preceding', 'ancestor-or-self']);

/** Resolves a lexical QName's prefix; undefined when the prefix is not declared. */
export type NamespaceResolver = (prefix: string) => string | undefined;

export interface ParseOptions {
  namespaces: NamespaceResolver;
  /** The namespace of unprefixed element names (xpath-default-namespace), '' for none. */
  defaultElementNamespace?: string;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[], private readonly options: ParseOptions) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
  }
  private next(): Token {
    return this.tokens[this.pos++];
  }
  private isSym(v: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.k === 'sym' && token.v === v;
  }
  private isName(v: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.k === 'name' && token.v === v;
  }
  private expectSym(v: string): void {
    if (!this.isSym(v)) unsupported(`expected "${v}" in XPath`);
    this.pos += 1;
  }

  atEnd(): boolean {
    return this.peek().k === 'end';
  }

  private resolve(qname: string, kind: 'element' | 'function' | 'other'): { ns: string; local: string } {
    if (qname.startsWith('Q{')) {
      const close = qname.indexOf('}');
      return { ns: qname.slice(2, close), local: qname.slice(close + 1) };
    }
    const colon = qname.indexOf(':');
    if (colon < 0) return { ns: kind === 'element' ? this.options.defaultElementNamespace ?? '' : kind === 'function' ? FN : '', local: qname };
    const prefix = qname.slice(0, colon);
    const ns = this.options.namespaces(prefix);
    if (ns === undefined) unsupported(`the undeclared prefix ${prefix}`);
    return { ns, local: qname.slice(colon + 1) };
  }

  expr(): Expr {
    const first = this.exprSingle();
    if (!this.isSym(',')) return first;
    const items = [first];
    while (this.isSym(',')) {
      this.pos += 1;
      items.push(this.exprSingle());
    }
    return { t: 'seq', items };
  }

  private exprSingle(): Expr {
    const token = this.peek();
    if (token.k === 'name' && this.peek(1).k === 'var' && (token.v === 'for' || token.v === 'let' || token.v === 'some' || token.v === 'every')) {
      return this.binding(token.v);
    }
    if (token.k === 'name' && token.v === 'if' && this.isSym('(', 1)) {
      this.pos += 2;
      const test = this.expr();
      this.expectSym(')');
      if (!this.isName('then')) unsupported('if without then');
      this.pos += 1;
      const then = this.exprSingle();
      if (!this.isName('else')) unsupported('if without else');
      this.pos += 1;
      return { t: 'if', test, then, else: this.exprSingle() };
    }
    return this.or();
  }

  private binding(keyword: string): Expr {
    this.pos += 1;
    const bindings: Array<{ name: ExpandedName; bound: Expr }> = [];
    for (;;) {
      const variable = this.next();
      const { ns, local } = this.resolve(variable.v, 'other');
      if (keyword === 'let') this.expectSym(':=');
      else if (this.isName('in')) this.pos += 1;
      else unsupported(`${keyword} without in`);
      bindings.push({ name: expanded(ns, local), bound: this.exprSingle() });
      if (!this.isSym(',')) break;
      this.pos += 1;
      if (this.peek().k !== 'var') unsupported('a binding list');
    }
    const closing = keyword === 'for' || keyword === 'let' ? 'return' : 'satisfies';
    if (!this.isName(closing)) unsupported(`${keyword} without ${closing}`);
    this.pos += 1;
    let body = this.exprSingle();
    for (let i = bindings.length - 1; i >= 0; i -= 1) body = { t: keyword as 'for', name: bindings[i].name, bound: bindings[i].bound, body };
    return body;
  }

  private or(): Expr {
    let left = this.and();
    while (this.isName('or')) {
      this.pos += 1;
      left = { t: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Expr {
    let left = this.comparison();
    while (this.isName('and')) {
      this.pos += 1;
      left = { t: 'and', left, right: this.comparison() };
    }
    return left;
  }

  private comparison(): Expr {
    const left = this.concat();
    const token = this.peek();
    if (token.k === 'sym' && ['=', '!=', '<', '<=', '>', '>='].includes(token.v)) {
      this.pos += 1;
      return { t: 'general', op: token.v, left, right: this.concat() };
    }
    if (token.k === 'sym' && (token.v === '<<' || token.v === '>>')) {
      this.pos += 1;
      return { t: 'node-cmp', op: token.v, left, right: this.concat() };
    }
    if (token.k === 'name' && ['eq', 'ne', 'lt', 'le', 'gt', 'ge'].includes(token.v)) {
      this.pos += 1;
      return { t: 'value', op: token.v, left, right: this.concat() };
    }
    if (token.k === 'name' && token.v === 'is') {
      this.pos += 1;
      return { t: 'node-cmp', op: 'is', left, right: this.concat() };
    }
    return left;
  }

  private concat(): Expr {
    let left = this.range();
    while (this.isSym('||')) {
      this.pos += 1;
      left = { t: 'concat', left, right: this.range() };
    }
    return left;
  }

  private range(): Expr {
    const left = this.additive();
    if (this.isName('to')) {
      this.pos += 1;
      return { t: 'range', left, right: this.additive() };
    }
    return left;
  }

  private additive(): Expr {
    let left = this.multiplicative();
    while (this.isSym('+') || this.isSym('-')) {
      const op = this.next().v as '+' | '-';
      left = { t: 'arith', op, left, right: this.multiplicative() };
    }
    return left;
  }

  private multiplicative(): Expr {
    let left = this.union();
    for (;;) {
      if (this.isSym('*')) {
        this.pos += 1;
        left = { t: 'arith', op: '*', left, right: this.union() };
      } else if (this.isName('div') || this.isName('idiv') || this.isName('mod')) {
        const op = this.next().v as 'div';
        left = { t: 'arith', op, left, right: this.union() };
      } else return left;
    }
  }

  private union(): Expr {
    let left = this.intersect();
    while (this.isName('union') || this.isSym('|')) {
      this.pos += 1;
      left = { t: 'set', op: 'union', left, right: this.intersect() };
    }
    return left;
  }

  private intersect(): Expr {
    let left = this.instanceOf();
    while (this.isName('intersect') || this.isName('except')) {
      const op = this.next().v as 'intersect' | 'except';
      left = { t: 'set', op, left, right: this.instanceOf() };
    }
    return left;
  }

  private instanceOf(): Expr {
    const operand = this.treat();
    if (this.isName('instance') && this.isName('of', 1)) {
      this.pos += 2;
      return { t: 'instance-of', operand, type: this.sequenceType() };
    }
    return operand;
  }

  private treat(): Expr {
    const operand = this.castable();
    if (this.isName('treat') && this.isName('as', 1)) unsupported('treat as');
    return operand;
  }

  private castable(): Expr {
    const operand = this.cast();
    if (this.isName('castable') && this.isName('as', 1)) {
      this.pos += 2;
      const { type, optional } = this.singleType();
      return { t: 'castable', operand, type, optional };
    }
    return operand;
  }

  private cast(): Expr {
    const operand = this.arrow();
    if (this.isName('cast') && this.isName('as', 1)) {
      this.pos += 2;
      const { type, optional } = this.singleType();
      return { t: 'cast', operand, type, optional };
    }
    return operand;
  }

  private singleType(): { type: string; optional: boolean } {
    const token = this.next();
    if (token.k !== 'name') unsupported('a cast target');
    const { ns, local } = this.resolve(token.v, 'other');
    if (ns !== XS_NS) unsupported(`a cast to ${token.v}`);
    let optional = false;
    if (this.isSym('?')) {
      this.pos += 1;
      optional = true;
    }
    return { type: local, optional };
  }

  private arrow(): Expr {
    let base = this.unary();
    while (this.isSym('=>')) {
      this.pos += 1;
      const token = this.next();
      if (token.k !== 'name' || !this.isSym('(')) unsupported('a dynamic arrow');
      const { ns, local } = this.resolve(token.v, 'function');
      const args = this.argumentList();
      base = { t: 'call', name: expanded(ns, local), args: [base, ...args] };
    }
    return base;
  }

  private unary(): Expr {
    let negate = false;
    let signs = 0;
    while (this.isSym('-') || this.isSym('+')) {
      if (this.next().v === '-') negate = !negate;
      signs += 1;
    }
    const operand = this.simpleMap();
    if (signs === 0) return operand;
    // Unary plus still converts to a number: model both through negation.
    return negate ? { t: 'negate', operand } : { t: 'negate', operand: { t: 'negate', operand } };
  }

  private simpleMap(): Expr {
    let left = this.path();
    while (this.isSym('!')) {
      this.pos += 1;
      left = { t: 'map-op', left, right: this.path() };
    }
    return left;
  }

  private path(): Expr {
    if (this.isSym('/')) {
      this.pos += 1;
      if (this.startsStep()) return this.relative({ t: 'root' });
      return { t: 'root' };
    }
    if (this.isSym('//')) {
      this.pos += 1;
      return this.relative({ t: 'root' }, true);
    }
    return this.relative(null);
  }

  /** Whether the next token can start a relative path (after a leading "/"). */
  private startsStep(): boolean {
    const token = this.peek();
    if (token.k === 'name') {
      // "/ div 2", "/ and …": an operator after a lone "/" is rare; names are steps.
      return true;
    }
    if (token.k === 'sym') return ['@', '.', '..', '*', '('].includes(token.v) || token.v === '$';
    return token.k === 'var' || token.k === 'str' || token.k === 'num';
  }

  private relative(start: Expr | null, descendantsFirst = false): Expr {
    let left: Expr = start === null ? this.step() : { t: 'path', left: start, right: this.step(), descendants: descendantsFirst };
    for (;;) {
      if (this.isSym('/')) {
        this.pos += 1;
        left = { t: 'path', left, right: this.step(), descendants: false };
      } else if (this.isSym('//')) {
        this.pos += 1;
        left = { t: 'path', left, right: this.step(), descendants: true };
      } else return left;
    }
  }

  private step(): Expr {
    const token = this.peek();
    // Abbreviated steps.
    if (this.isSym('..')) {
      this.pos += 1;
      return { t: 'step', axis: 'parent', test: { kind: 'node' }, predicates: this.predicates() };
    }
    if (this.isSym('@')) {
      this.pos += 1;
      return { t: 'step', axis: 'attribute', test: this.nodeTest('attribute'), predicates: this.predicates() };
    }
    if (token.k === 'name' && this.isSym('::', 1)) {
      if (!AXES.has(token.v)) unsupported(`the axis ${token.v}`);
      this.pos += 2;
      const axis = token.v as Axis;
      return { t: 'step', axis, test: this.nodeTest(axis === 'attribute' ? 'attribute' : 'element'), predicates: this.predicates() };
    }
    if (this.isSym('*') || (token.k === 'name' && !(this.isSym('(', 1) && !KIND_TESTS.has(token.v)) && !this.isSym('#', 1) && !(this.isSym('{', 1) && (token.v === 'map' || token.v === 'array')))) {
      const test = this.nodeTest('element');
      const axis: Axis = test.kind === 'attribute' ? 'attribute' : 'child';
      return { t: 'step', axis, test, predicates: this.predicates() };
    }
    // A postfix expression: a primary with predicates, calls and lookups.
    let base = this.primary();
    const predicates: Expr[] = [];
    for (;;) {
      if (this.isSym('[')) {
        predicates.push(...this.predicates());
      } else if (this.isSym('(')) {
        if (predicates.length) base = { t: 'filter', base, predicates: predicates.splice(0) };
        base = { t: 'dynamic-call', base, args: this.argumentList() };
      } else if (this.isSym('?')) {
        if (predicates.length) base = { t: 'filter', base, predicates: predicates.splice(0) };
        this.pos += 1;
        base = { t: 'lookup', base, key: this.keySpecifier() };
      } else break;
    }
    return predicates.length ? { t: 'filter', base, predicates } : base;
  }

  private keySpecifier(): Expr | '*' {
    const token = this.next();
    if (token.k === 'name' && !token.v.includes(':')) return { t: 'string', v: token.v };
    if (token.k === 'num' && /^[0-9]+$/.test(token.v)) return { t: 'integer', v: Number(token.v) };
    if (token.k === 'sym' && token.v === '*') return '*';
    if (token.k === 'sym' && token.v === '(') {
      const key = this.isSym(')') ? ({ t: 'seq', items: [] } as Expr) : this.expr();
      this.expectSym(')');
      return key;
    }
    return unsupported('a lookup key');
  }

  private predicates(): Expr[] {
    const list: Expr[] = [];
    while (this.isSym('[')) {
      this.pos += 1;
      list.push(this.expr());
      this.expectSym(']');
    }
    return list;
  }

  /** A node test; `principal` is the axis's principal node kind (what `*` and names select). */
  nodeTest(principal: 'element' | 'attribute'): NodeTest {
    const token = this.next();
    if (token.k === 'sym' && token.v === '*') return principal === 'attribute' ? { kind: 'attribute', ns: undefined, local: undefined } : { kind: 'name', ns: undefined, local: undefined };
    if (token.k !== 'name') return unsupported('a node test');
    if (this.isSym('(') && KIND_TESTS.has(token.v)) return this.kindTest(token.v);
    const v = token.v;
    let test: { ns: string | undefined; local: string | undefined };
    if (v.startsWith('*:')) test = { ns: undefined, local: v.slice(2) };
    else if (v.endsWith(':*')) test = { ns: this.resolve(`${v.slice(0, -2)}:x`, 'other').ns, local: undefined };
    else if (v.startsWith('Q{') && v.endsWith('}*')) test = { ns: v.slice(2, -2), local: undefined };
    else test = this.resolve(v, principal === 'attribute' ? 'other' : 'element');
    return principal === 'attribute' ? { kind: 'attribute', ...test } : { kind: 'name', ...test };
  }

  private kindTest(name: string): NodeTest {
    this.expectSym('(');
    let test: NodeTest;
    switch (name) {
      case 'node':
        test = { kind: 'node' };
        break;
      case 'text':
        test = { kind: 'text' };
        break;
      case 'comment':
        test = { kind: 'comment' };
        break;
      case 'processing-instruction':
        if (!this.isSym(')')) unsupported('processing-instruction(name)');
        test = { kind: 'pi' };
        break;
      case 'document-node':
        if (this.isSym(')')) test = { kind: 'document' };
        else {
          const inner = this.next();
          if (inner.k !== 'name' || inner.v !== 'element') unsupported('document-node(…)');
          test = { kind: 'document', element: this.kindTest('element') };
        }
        break;
      case 'element':
      case 'attribute': {
        if (this.isSym(')')) test = { kind: name, ns: undefined, local: undefined };
        else {
          const inner = this.next();
          if (inner.k === 'sym' && inner.v === '*') test = { kind: name, ns: undefined, local: undefined };
          else if (inner.k === 'name') test = { kind: name, ...this.resolve(inner.v, name === 'element' ? 'element' : 'other') };
          else return unsupported(`${name}(…)`);
          if (this.isSym(',')) unsupported(`${name}(name, type)`);
        }
        break;
      }
      default:
        return unsupported(`the kind test ${name}()`);
    }
    this.expectSym(')');
    return test;
  }

  private argumentList(): Expr[] {
    this.expectSym('(');
    const args: Expr[] = [];
    if (this.isSym(')')) {
      this.pos += 1;
      return args;
    }
    for (;;) {
      if (this.isSym('?') && (this.isSym(',', 1) || this.isSym(')', 1))) unsupported('partial function application');
      args.push(this.exprSingle());
      if (this.isSym(')')) {
        this.pos += 1;
        return args;
      }
      this.expectSym(',');
    }
  }

  private primary(): Expr {
    const token = this.next();
    switch (token.k) {
      case 'str':
        return { t: 'string', v: token.v };
      case 'num':
        if (/[eE]/.test(token.v)) return { t: 'double', v: Number(token.v) };
        if (token.v.includes('.')) {
          const v = Number(token.v);
          if (!Number.isSafeInteger(v)) unsupported('a fractional decimal literal');
          return { t: 'decimal', v };
        }
        {
          const v = Number(token.v);
          if (!Number.isSafeInteger(v)) unsupported('an integer literal beyond 2^53');
          return { t: 'integer', v };
        }
      case 'var': {
        const { ns, local } = this.resolve(token.v, 'other');
        return { t: 'var', name: expanded(ns, local) };
      }
      case 'sym':
        if (token.v === '.') return { t: 'context' };
        if (token.v === '(') {
          if (this.isSym(')')) {
            this.pos += 1;
            return { t: 'seq', items: [] };
          }
          const inner = this.expr();
          this.expectSym(')');
          return inner.t === 'seq' ? inner : { t: 'seq', items: [inner] };
        }
        if (token.v === '[') {
          const members: Expr[] = [];
          if (!this.isSym(']')) {
            for (;;) {
              members.push(this.exprSingle());
              if (!this.isSym(',')) break;
              this.pos += 1;
            }
          }
          this.expectSym(']');
          return { t: 'array-ctor', square: true, members };
        }
        if (token.v === '?') return { t: 'lookup', base: null, key: this.keySpecifier() };
        return unsupported(`"${token.v}" in XPath`);
      case 'name': {
        if ((token.v === 'map' || token.v === 'array') && this.isSym('{')) {
          this.pos += 1;
          if (token.v === 'array') {
            const members = this.isSym('}') ? [] : [this.expr()];
            this.expectSym('}');
            return { t: 'array-ctor', square: false, members };
          }
          const entries: Array<[Expr, Expr]> = [];
          if (!this.isSym('}')) {
            for (;;) {
              const key = this.exprSingle();
              this.expectSym(':');
              entries.push([key, this.exprSingle()]);
              if (!this.isSym(',')) break;
              this.pos += 1;
            }
          }
          this.expectSym('}');
          return { t: 'map-ctor', entries };
        }
        if (this.isSym('(')) {
          if (RESERVED_FUNCTION_NAMES.has(token.v)) unsupported(`${token.v}(…)`);
          const { ns, local } = this.resolve(token.v, 'function');
          return { t: 'call', name: expanded(ns, local), args: this.argumentList() };
        }
        if (this.isSym('#')) unsupported('a named function reference');
        return unsupported(`the name ${token.v} in XPath`);
      }
      default:
        return unsupported('the end of the expression');
    }
  }

  sequenceType(): SequenceType {
    const token = this.next();
    if (token.k !== 'name') return unsupported('a sequence type');
    let item: SequenceType['item'];
    if (token.v === 'empty-sequence' && this.isSym('(')) {
      this.expectSym('(');
      this.expectSym(')');
      return { item: { kind: 'empty' }, occurrence: '' };
    }
    if (token.v === 'item' && this.isSym('(')) {
      this.expectSym('(');
      this.expectSym(')');
      item = { kind: 'item' };
    } else if ((token.v === 'map' || token.v === 'array') && this.isSym('(')) {
      this.expectSym('(');
      if (!this.isSym('*')) unsupported(`${token.v}(type)`);
      this.pos += 1;
      this.expectSym(')');
      item = { kind: token.v };
    } else if (KIND_TESTS.has(token.v) && this.isSym('(')) {
      item = { kind: 'node', test: this.kindTest(token.v) };
    } else {
      const { ns, local } = this.resolve(token.v, 'other');
      if (ns !== XS_NS) unsupported(`the type ${token.v}`);
      item = { kind: 'atomic', type: local };
    }
    let occurrence: SequenceType['occurrence'] = '';
    const next = this.peek();
    if (next.k === 'sym' && (next.v === '?' || next.v === '*' || next.v === '+')) {
      occurrence = next.v;
      this.pos += 1;
    }
    return { item, occurrence };
  }
}

export function parseXPath(text: string, options: ParseOptions): Expr {
  const parser = new Parser(tokenize(text), options);
  const expr = parser.expr();
  if (!parser.atEnd()) unsupported('text after the end of an XPath expression');
  return expr;
}

export function parseSequenceType(text: string, options: ParseOptions): SequenceType {
  const parser = new Parser(tokenize(text), options);
  const type = parser.sequenceType();
  if (!parser.atEnd()) unsupported('text after a sequence type');
  return type;
}
