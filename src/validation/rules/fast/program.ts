/**
 * A Schematron schema compiled for the fast evaluator: the same semantics as the stylesheet
 * xslt/schematron/sch2xslt.xsl makes of it (patterns in order, the first matching rule of a pattern,
 * lets at three levels, assert/report, value-of/name/diagnostics in messages, @subject, phases, and
 * xsl:key and xsl:function declarations), evaluated over the light tree. Anything else in the schema
 * makes it Unsupported as a whole; anything a document needs that the evaluator cannot do exactly makes
 * that document Unsupported (see fast-run.ts).
 */
import { parseXmlTree, XmlAttribute, XmlElement } from '../../../xml/tree';
import { compile, convert, Ctx, ebv, Evaluator, matchesTest, RunContext, Scope, UserFunction, usesPosition, withKeyNameResolver } from './evaluate';
import { numericValue } from './cast';
import {
  Atomic, atomicString, atomize, documentOrder, isNode, Item, itemString, KIND_ATTRIBUTE, KIND_DOCUMENT, KIND_ELEMENT, nodeName, Sequence, unsupported, Untyped,
  XAnyURI, XAttribute, XDecimal, XDocument, XDouble, XElement, XNode,
} from './xdm';
import { expanded, ExpandedName, Expr, FN, parseSequenceType, parseXPath, SequenceType, XS_NS } from './xpath-parser';
import { SCHEMATRON_NS } from '../../associations';

const XSL_NS = 'http://www.w3.org/1999/XSL/Transform';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const RUN_NS = 'urn:tei-edition:schematron-run';

/** A finding, located by node: the caller turns it into a line and column. */
export interface FastFinding {
  rule: string;
  role: string;
  message: string;
  /** The subject node (the rule's context unless @subject says otherwise). */
  subject: XNode | undefined;
}

type Matcher = (node: XNode, c: Ctx) => boolean;

interface CompiledAssert {
  report: boolean;
  test: Evaluator;
  rule: string;
  role: string;
  subject: Evaluator;
  message: Array<string | Evaluator>;
}

/**
 * A quick test, on the tree itself, of the nodes a rule may match: false where it cannot, so that most
 * nodes are passed over without making their XPath nodes or evaluating anything.
 */
interface NodeFilter {
  document: boolean;
  element: ((el: XmlElement) => boolean) | null;
  attribute: ((a: XmlAttribute) => boolean) | null;
  /** Text and other nodes. */
  other: boolean;
}

function passes(filter: NodeFilter, node: XNode): boolean {
  switch (node.kind) {
    case KIND_DOCUMENT:
      return filter.document;
    case KIND_ELEMENT:
      return filter.element !== null && filter.element(node.el);
    case KIND_ATTRIBUTE:
      return filter.attribute !== null && filter.attribute(node.attr);
    default:
      return filter.other;
  }
}

const NO_NODES: XNode[] = [];

interface CompiledRule {
  filter: NodeFilter;
  matches: Matcher;
  lets: Array<{ slot: number; value: Evaluator }>;
  asserts: CompiledAssert[];
}

interface CompiledPattern {
  lets: Array<{ slot: number; value: Evaluator }>;
  rules: CompiledRule[];
  /** Whether the traversal selects attributes (sch2xslt.xsl's heuristic: it counts in positions). */
  attributes: boolean;
  /** Whether some rule may match this attribute (else it is counted in positions but not visited). */
  attributeVisit: (a: XmlAttribute) => boolean;
  /** Whether some rule may match an element at all. */
  elements: boolean;
  allNodes: boolean;
}

interface CompiledKey {
  matchers: Array<{ matches: Matcher; use: Evaluator; attributes: boolean; filter: NodeFilter }>;
}

export class FastSchematron {
  constructor(
    private readonly schemaLets: Array<{ slot: number; value: Evaluator }>,
    private readonly patterns: CompiledPattern[],
    private readonly keys: Map<ExpandedName, CompiledKey>,
    private readonly frameSize: { n: number },
    /** Whether the single pass in document order gives the same (see runFlat). */
    private readonly flat: boolean,
  ) {
    this.withElements = patterns.map((pattern, p) => (pattern.elements ? p : -1)).filter((p) => p >= 0);
    this.withAttributes = patterns.map((pattern, p) => (pattern.attributes ? p : -1)).filter((p) => p >= 0);
  }

  /** The patterns (their indices) with a rule that may match an element (runFlat). */
  private readonly withElements: number[];
  /** The patterns that visit attributes (runFlat). */
  private readonly withAttributes: number[];

  /** The findings on one document, in SaxonJS's order. Throws Unsupported when the document needs more than the evaluator does exactly. */
  run(document: XDocument, run: Omit<RunContext, 'key'>): FastFinding[] {
    const context: RunContext = { ...run, key: (name, values, top, c) => this.lookup(name, values, top, c) };
    const frame: Sequence[] = new Array(this.frameSize.n);
    const top = new Ctx(document, 1, 1, frame, context, document);
    for (const { slot, value } of this.schemaLets) frame[slot] = value(top);
    const findings: FastFinding[] = [];
    if (this.flat) return this.runFlat(document, context, frame, top);
    for (const pattern of this.patterns) {
      for (const { slot, value } of pattern.lets) frame[slot] = value(top);
      const { rules, attributeVisit } = pattern;
      const fire = (rule: CompiledRule, c: Ctx): void => {
        for (const { slot, value } of rule.lets) frame[slot] = value(c);
        for (const assert of rule.asserts) {
          if (ebv(assert.test(c)) === assert.report) findings.push(finding(assert, c));
        }
      };
      /** Any node (the document, attributes, and every node when rules match text): apply the first matching rule. */
      const apply = (node: XNode, position: number, size: number): void => {
        let c: Ctx | undefined;
        for (const rule of rules) {
          if (!passes(rule.filter, node)) continue;
          c ??= new Ctx(node, position, size, frame, context, node);
          if (rule.matches(node, c)) {
            fire(rule, c);
            return;
          }
        }
      };
      // apply-templates to `@* | *` (or `@* | node()`): position and size count attributes and children together.
      const visitChildren = (node: XElement | undefined, el: XmlElement): void => {
        let attributeCount = 0;
        let elementCount = 0;
        let wanted = false;
        if (pattern.attributes) {
          for (const a of el.attributes) {
            if (a.ns === XMLNS_NS) continue;
            attributeCount += 1;
            if (!wanted && attributeVisit(a)) wanted = true;
          }
        }
        if (pattern.allNodes) {
          const owner = node ?? document.element(el);
          const nodes = owner.childNodes();
          const total = attributeCount + nodes.length;
          if (wanted) owner.attributes().forEach((a, i) => attributeVisit(a.attr) && apply(a, i + 1, total));
          nodes.forEach((child, i) => {
            if (child.kind === KIND_ELEMENT) visitElement(child.el, attributeCount + i + 1, total, child);
            else apply(child, attributeCount + i + 1, total);
          });
          return;
        }
        for (const child of el.children) if (typeof child !== 'string') elementCount += 1;
        const total = attributeCount + elementCount;
        if (wanted) {
          const attributes = (node ?? document.element(el)).attributes();
          for (let i = 0; i < attributes.length; i += 1) if (attributeVisit(attributes[i].attr)) apply(attributes[i], i + 1, total);
        }
        let k = attributeCount;
        for (const child of el.children) if (typeof child !== 'string') visitElement(child, ++k, total, undefined);
      };
      const visitElement = (el: XmlElement, position: number, size: number, known: XElement | undefined): void => {
        let node = known;
        if (pattern.elements) {
          let c: Ctx | undefined;
          for (const rule of rules) {
            const test = rule.filter.element;
            if (test === null || !test(el)) continue;
            node ??= document.element(el);
            c ??= new Ctx(node, position, size, frame, context, node);
            if (rule.matches(node, c)) {
              fire(rule, c);
              break;
            }
          }
        }
        visitChildren(node, el);
      };
      const visit = (node: XDocument, position: number, size: number): void => {
        apply(node, position, size);
        if (pattern.allNodes) unsupported('the non-element children of a document node');
        visitElement(node.tree.root, 1, 1, undefined);
      };
      visit(document, 1, 1);
    }
    return findings;
  }

  /**
   * When no rule reads position() or last() at its context (nor matches text), the traversal order is all
   * that matters, and it is document order: elements in the tree's order, each followed by its
   * attributes. One pass over the elements then serves every pattern, each keeping its findings apart,
   * which are then put one pattern after the other, as the per-pattern traversals give them. (Lets have
   * no effects, so computing every pattern's lets first changes nothing.)
   */
  private runFlat(document: XDocument, context: RunContext, frame: Sequence[], top: Ctx): FastFinding[] {
    const patterns = this.patterns;
    for (const pattern of patterns) for (const { slot, value } of pattern.lets) frame[slot] = value(top);
    const pass = new FlatPass(patterns, document, frame, context);
    for (let p = 0; p < patterns.length; p += 1) pass.apply(p, document);
    const elements = document.tree.elements;
    const withElements = this.withElements;
    const withAttributes = this.withAttributes;
    for (let i = 0; i < elements.length; i += 1) pass.element(elements[i], withElements, withAttributes);
    return pass.findings();
  }

  private readonly indexes = new WeakMap<XDocument, Map<ExpandedName, Map<string, XNode[]>>>();

  private lookup(name: ExpandedName, values: Atomic[], top: XNode, c: Ctx): XNode[] {
    const doc = top.doc;
    let byName = this.indexes.get(doc);
    if (!byName) this.indexes.set(doc, (byName = new Map()));
    let index = byName.get(name);
    if (!index) byName.set(name, (index = this.buildIndex(name, doc, c)));
    const found: XNode[] = [];
    for (const value of values) {
      if (!(typeof value === 'string' || value instanceof Untyped || value instanceof XAnyURI)) unsupported('a key value that is not a string');
      const nodes = index.get(atomicString(value));
      if (nodes) found.push(...nodes);
    }
    let result = values.length > 1 ? documentOrder(found) : found;
    if (top.kind !== KIND_DOCUMENT) result = result.filter((node) => isWithin(node, top));
    return result;
  }

  private buildIndex(name: ExpandedName, doc: XDocument, c: Ctx): Map<string, XNode[]> {
    const key = this.keys.get(name);
    if (!key) return unsupported(`the key ${name}`);
    const index = new Map<string, XNode[]>();
    const attributes = key.matchers.some((m) => m.attributes);
    if (key.matchers.some((m) => m.filter.other)) unsupported('a key that may match text nodes');
    const focus = (node: XNode): Ctx => new Ctx(node, 1, 1, c.frame, c.run, node);
    const add = (node: XNode): void => {
      for (const matcher of key.matchers) {
        if (!passes(matcher.filter, node)) continue;
        const at = focus(node);
        if (!matcher.matches(node, at)) continue;
        for (const value of atomize(matcher.use(at))) {
          if (!(typeof value === 'string' || value instanceof Untyped || value instanceof XAnyURI)) unsupported('a key value that is not a string');
          const s = atomicString(value);
          const list = index.get(s);
          if (!list) index.set(s, [node]);
          else if (list[list.length - 1] !== node) list.push(node);
        }
      }
    };
    add(doc);
    const elementTests = key.matchers.map((m) => m.filter.element).filter((t): t is (el: XmlElement) => boolean => t !== null);
    for (const el of doc.tree.elements) {
      if (elementTests.some((t) => t(el))) add(doc.element(el));
      if (attributes && el.attributes.some((a) => key.matchers.some((m) => m.filter.attribute?.(a)))) for (const attribute of doc.element(el).attributes()) add(attribute);
    }
    return index;
  }
}

/**
 * One document's single pass in document order (FastSchematron.runFlat): the findings of each pattern
 * apart. Its steps are small methods rather than closures in runFlat: that loop runs over every element
 * of every document, and V8 compiled it (with all it inlined) again at each deopt, up to 10 times a run.
 */
class FlatPass {
  private readonly perPattern: FastFinding[][];

  constructor(
    private readonly patterns: CompiledPattern[],
    private readonly document: XDocument,
    private readonly frame: Sequence[],
    private readonly context: RunContext,
  ) {
    this.perPattern = patterns.map((): FastFinding[] => []);
  }

  /** Pattern `p` on a node other than an element (the document, an attribute): the first rule that matches it fires. */
  apply(p: number, node: XNode): void {
    const rules = this.patterns[p].rules;
    let c: Ctx | undefined;
    for (let r = 0; r < rules.length; r += 1) {
      const rule = rules[r];
      if (!passes(rule.filter, node)) continue;
      c ??= new Ctx(node, 1, 1, this.frame, this.context, node);
      if (rule.matches(node, c)) {
        this.fire(p, rule, c);
        return;
      }
    }
  }

  /** An element: each pattern's rules on it (the patterns `withElements`), then its attributes (`withAttributes`). */
  element(el: XmlElement, withElements: number[], withAttributes: number[]): void {
    for (let i = 0; i < withElements.length; i += 1) this.elementRules(withElements[i], el);
    if (withAttributes.length === 0 || el.attributes.length === 0) return;
    for (let i = 0; i < withAttributes.length; i += 1) this.attributes(withAttributes[i], el);
  }

  findings(): FastFinding[] {
    return this.perPattern.flat();
  }

  private elementRules(p: number, el: XmlElement): void {
    const rules = this.patterns[p].rules;
    let node: XElement | undefined;
    let c: Ctx | undefined;
    for (let r = 0; r < rules.length; r += 1) {
      const rule = rules[r];
      const test = rule.filter.element;
      if (test === null || !test(el)) continue;
      node ??= this.document.element(el);
      c ??= new Ctx(node, 1, 1, this.frame, this.context, node);
      if (rule.matches(node, c)) {
        this.fire(p, rule, c);
        return;
      }
    }
  }

  private attributes(p: number, el: XmlElement): void {
    const visit = this.patterns[p].attributeVisit;
    let wanted = false;
    for (const a of el.attributes) {
      if (visit(a)) {
        wanted = true;
        break;
      }
    }
    if (!wanted) return;
    for (const attribute of this.document.element(el).attributes()) if (visit(attribute.attr)) this.apply(p, attribute);
  }

  /** A rule that matched: its lets, then its asserts and reports. */
  private fire(p: number, rule: CompiledRule, c: Ctx): void {
    for (const { slot, value } of rule.lets) this.frame[slot] = value(c);
    for (const assert of rule.asserts) if (ebv(assert.test(c)) === assert.report) this.perPattern[p].push(finding(assert, c));
  }
}

function isWithin(node: XNode, top: XNode): boolean {
  for (let n: XNode | undefined = node; n; n = n.kind === KIND_DOCUMENT ? undefined : n.parent) if (n === top) return true;
  return false;
}

function finding(assert: CompiledAssert, c: Ctx): FastFinding {
  const subjects = assert.subject(c);
  const subject = subjects[0];
  if (subject !== undefined && !isNode(subject)) return unsupported('a subject that is not a node (an error)');
  let text = '';
  for (const part of assert.message) {
    if (typeof part === 'string') text += part;
    else text += valueOf(part(c));
  }
  // White space collapsed, and trimmed of the one space left at either end. Most messages have single spaces
  // only: they are not rebuilt (a replace of every space allocated 110 MB over ../shared/corpus's 74,000 findings).
  let message = /[\t\n\r]| {2}/.test(text) ? text.replace(/[ \t\n\r]+/g, ' ') : text;
  if (message.startsWith(' ')) message = message.slice(1);
  if (message.endsWith(' ')) message = message.slice(0, -1);
  if (message.includes('\u0001')) return unsupported('a generated id in a message');
  return { rule: assert.rule, role: assert.role, message, subject };
}

/** xsl:value-of select="…": the items' strings joined by spaces. */
function valueOf(items: Sequence): string {
  if (items.length === 1 && typeof items[0] === 'string') return items[0];
  return atomize(items).map(atomicString).join(' ');
}

// ---------------------------------------------------------------------------------------------------
// Compiling the schema.

function children(el: XmlElement): XmlElement[] {
  return el.children.filter((child): child is XmlElement => typeof child !== 'string');
}

function attr(el: XmlElement, name: string): string | undefined {
  return el.attributes.find((a) => a.name === name && a.ns !== XMLNS_NS)?.value;
}

/** The namespaces in scope on an element of the schema document. */
function inScope(el: XmlElement): Map<string, string> {
  const chain: XmlElement[] = [];
  for (let e: XmlElement | null = el; e; e = e.parent) chain.unshift(e);
  const map = new Map<string, string>([['xml', 'http://www.w3.org/XML/1998/namespace']]);
  for (const e of chain) {
    for (const a of e.attributes) {
      if (a.name === 'xmlns') map.set('', a.value);
      else if (a.name.startsWith('xmlns:')) map.set(a.name.slice(6), a.value);
    }
  }
  return map;
}

/** The port of sch2xslt.xsl's run:may-match-attributes: does a rule context visit attributes? */
export function mayMatchAttributes(context: string): boolean {
  let text = context.replace(/"[^"]*"|'[^']*'/g, '');
  for (;;) {
    const fewer = text.replace(/\[[^[\]]*\]/g, '');
    if (fewer === text) break;
    text = fewer;
  }
  return /[[\]@.$(]|attribute|self|node|key|id|doc/.test(text);
}

export function compileFastSchematron(text: string): FastSchematron {
  const tree = parseXmlTree(text);
  const schema = tree.root;
  if (schema.ns !== SCHEMATRON_NS || schema.local !== 'schema') return unsupported('not an ISO Schematron schema');
  const binding = (attr(schema, 'queryBinding') ?? '').trim().toLowerCase();
  if (binding && !['xslt', 'xslt2', 'xslt3', 'xpath', 'xpath2', 'xpath3', 'xpath31'].includes(binding)) return unsupported('the query binding');
  const sch = (el: XmlElement, local: string): XmlElement[] => children(el).filter((c) => c.ns === SCHEMATRON_NS && c.local === local);
  for (const el of tree.elements) {
    if (el.ns !== SCHEMATRON_NS) continue;
    if (['include', 'extends', 'param'].includes(el.local)) return unsupported(`sch:${el.local}`);
    if (el.local === 'pattern' && (attr(el, 'abstract') === 'true' || attr(el, 'is-a') !== undefined)) return unsupported('abstract patterns');
    if (el.local === 'rule' && attr(el, 'abstract') === 'true') return unsupported('abstract rules');
    if (el.local === 'let' && attr(el, 'value') === undefined) return unsupported('let without @value');
  }

  // The namespaces of the generated stylesheet: the schema element's, sch:ns, run and xs.
  const namespaces = inScope(schema);
  for (const ns of sch(schema, 'ns')) namespaces.set(attr(ns, 'prefix') ?? '', attr(ns, 'uri') ?? '');
  namespaces.set('run', RUN_NS);
  namespaces.set('xs', XS_NS);
  const resolver = (map: Map<string, string>) => (prefix: string): string | undefined => (prefix === '' ? undefined : map.get(prefix));
  const schemaOptions = { namespaces: resolver(namespaces) };
  // Top-level XSLT is copied into the generated stylesheet, so it also sees the stylesheet's namespaces.
  const declarationScope = (el: XmlElement): Map<string, string> => new Map([...namespaces, ...inScope(el)]);
  const qname = (lexical: string, map: Map<string, string>): ExpandedName | undefined => {
    const colon = lexical.indexOf(':');
    if (colon < 0) return expanded('', lexical);
    const ns = map.get(lexical.slice(0, colon));
    return ns === undefined ? undefined : expanded(ns, lexical.slice(colon + 1));
  };

  // Top-level XSLT: keys and functions.
  const functions = new Map<string, UserFunction>();
  const keyNames = new Set<ExpandedName>();
  const keyDeclarations: Array<{ name: ExpandedName; el: XmlElement }> = [];
  const functionDeclarations: XmlElement[] = [];
  for (const el of children(schema)) {
    if (el.ns !== XSL_NS) continue;
    if (el.local === 'key') {
      const name = qname(attr(el, 'name') ?? '', declarationScope(el));
      if (!name || attr(el, 'collation') !== undefined || attr(el, 'composite') === 'yes' || attr(el, 'use') === undefined || children(el).length > 0) return unsupported('this xsl:key');
      keyNames.add(name);
      keyDeclarations.push({ name, el });
    } else if (el.local === 'function') {
      functionDeclarations.push(el);
    } else return unsupported(`xsl:${el.local} at the top level`);
  }
  const root = Scope.root(functions, keyNames);
  const keyResolver = (lexical: string): ExpandedName | undefined => qname(lexical, namespaces);
  for (const el of functionDeclarations) {
    const map = declarationScope(el);
    const name = qname(attr(el, 'name') ?? '', map);
    if (!name || name.startsWith('{}')) return unsupported('a function without a namespace');
    const params = children(el).filter((c) => c.ns === XSL_NS && c.local === 'param');
    functions.set(`${name}#${params.length}`, new XslFunction(el, map, functions, keyNames, keyResolver));
  }
  for (const fn of functions.values()) (fn as XslFunction).prepare();

  const frameSize = root.frameSize;
  return withKeyNameResolver(keyResolver, () => {
    const keys = new Map<ExpandedName, CompiledKey>();
    for (const { name, el } of keyDeclarations) {
      const options = { namespaces: resolver(declarationScope(el)) };
      const keyScope = root.child();
      const match = attr(el, 'match')!;
      const parsedMatch = parseXPath(match, options);
      const matches = compilePattern(parsedMatch, keyScope);
      const use = compile(parseXPath(attr(el, 'use')!, options), keyScope);
      let key = keys.get(name);
      if (!key) keys.set(name, (key = { matchers: [] }));
      key.matchers.push({ matches, use, attributes: nodeKinds(parsedMatch).has('attribute'), filter: nodeFilter(parsedMatch) });
    }

    let readsPosition = false;
    const expression = (text: string, scope: Scope): Evaluator => {
      const parsed = parseXPath(text, schemaOptions);
      if (usesPosition(parsed)) readsPosition = true;
      return compile(parsed, scope);
    };
    const schemaScope = root.child();
    const schemaLets = sch(schema, 'let').map((let_) => ({ value: expression(attr(let_, 'value')!, schemaScope), slot: schemaScope.declare(expanded('', attr(let_, 'name') ?? '')) }));

    const phaseId = attr(schema, 'defaultPhase');
    const phase = phaseId === undefined ? undefined : sch(schema, 'phase').find((p) => attr(p, 'id') === phaseId);
    const active = phase ? new Set(sch(phase, 'active').map((a) => attr(a, 'pattern'))) : undefined;
    const patternElements = sch(schema, 'pattern').filter((p) => !active || active.has(attr(p, 'id')));
    const diagnostics = tree.elements.filter((el) => el.ns === SCHEMATRON_NS && el.local === 'diagnostic');

    const patterns: CompiledPattern[] = patternElements.map((pattern) => {
      const patternScope = schemaScope.child();
      const lets = sch(pattern, 'let').map((let_) => ({ value: expression(attr(let_, 'value')!, patternScope), slot: patternScope.declare(expanded('', attr(let_, 'name') ?? '')) }));
      const rules = sch(pattern, 'rule');
      const contexts = rules.map((rule) => attr(rule, 'context') ?? '');
      const compiledRules: CompiledRule[] = rules.map((rule) => {
        const ruleScope = patternScope.child();
        const matches = compilePattern(parseXPath(attr(rule, 'context') ?? '', schemaOptions), ruleScope);
        const ruleLets = sch(rule, 'let').map((let_) => ({ value: expression(attr(let_, 'value')!, ruleScope), slot: ruleScope.declare(expanded('', attr(let_, 'name') ?? '')) }));
        const asserts = children(rule)
          .filter((c) => c.ns === SCHEMATRON_NS && (c.local === 'assert' || c.local === 'report'))
          .map((assert): CompiledAssert => {
            const message: Array<string | Evaluator> = [];
            const addContent = (el: XmlElement): void => {
              for (const child of el.children) {
                if (typeof child === 'string') message.push(child);
                else if (child.ns === SCHEMATRON_NS && child.local === 'value-of') message.push(expression(attr(child, 'select') ?? '', ruleScope));
                else if (child.ns === SCHEMATRON_NS && child.local === 'name') message.push(expression(`name(${attr(child, 'path') ?? '.'})`, ruleScope));
                else addContent(child);
              }
            };
            addContent(assert);
            for (const token of (attr(assert, 'diagnostics') ?? '').trim().split(/[ \t\n\r]+/).filter(Boolean)) {
              message.push(' ');
              for (const diagnostic of diagnostics) if (attr(diagnostic, 'id') === token) addContent(diagnostic);
            }
            return {
              report: assert.local === 'report',
              test: expression(attr(assert, 'test') ?? '', ruleScope),
              rule: attr(assert, 'id') ?? attr(pattern, 'id') ?? 'schematron',
              role: attr(assert, 'role') ?? attr(rule, 'role') ?? '',
              subject: expression(`(${attr(assert, 'subject') ?? attr(rule, 'subject') ?? '.'})[1]`, ruleScope),
              message,
            };
          });
        return { filter: nodeFilter(parseXPath(attr(rule, 'context') ?? '', schemaOptions)), matches, lets: ruleLets, asserts };
      });
      const parsedContexts = contexts.map((context) => parseXPath(context, schemaOptions));
      const attributeFilters = parsedContexts.filter((context) => nodeKinds(context).has('attribute')).map((context) => attributeFilter(context) ?? ((a: XmlAttribute) => a.ns !== XMLNS_NS));
      return {
        lets,
        rules: compiledRules,
        elements: compiledRules.some((rule) => rule.filter.element !== null),
        attributeVisit: (a: XmlAttribute) => attributeFilters.some((f) => f(a)),
        attributes: contexts.some(mayMatchAttributes),
        allNodes: /node[ \t\n\r]*\(|text[ \t\n\r]*\(|comment[ \t\n\r]*\(|processing-instruction[ \t\n\r]*\(/.test(contexts.join(' ')),
      };
    });
    const flat = !readsPosition && patterns.every((pattern) => !pattern.allNodes);
    return new FastSchematron(schemaLets, patterns, keys, frameSize, flat);
  });
}

/** An xsl:function, compiled on its first call. */
class XslFunction implements UserFunction {
  private compiled: { params: Array<{ slot: number; type?: SequenceType }>; body: Evaluator; result?: SequenceType; frameSize: { n: number } } | undefined;

  constructor(
    private readonly el: XmlElement,
    private readonly namespaces: Map<string, string>,
    private readonly functions: Map<string, UserFunction>,
    private readonly keys: Set<ExpandedName>,
    private readonly keyResolver: (lexical: string) => ExpandedName | undefined,
  ) {}

  /** Compiles the body now (at schema compile time), so that unsupported instructions are seen at once. */
  prepare(): void {
    if (this.compiled) return;
    const options = { namespaces: (prefix: string) => (prefix === '' ? undefined : this.namespaces.get(prefix)) };
    const scope = Scope.root(this.functions, this.keys);
    const type = (text: string | undefined): SequenceType | undefined => (text === undefined ? undefined : parseSequenceType(text, options));
    const params: Array<{ slot: number; type?: SequenceType }> = [];
    const body = children(this.el);
    let i = 0;
    for (; i < body.length && body[i].ns === XSL_NS && body[i].local === 'param'; i += 1) {
      const p = body[i];
      if (attr(p, 'select') !== undefined || children(p).length > 0) unsupported('a function parameter with a default');
      const name = p.attributes.find((a) => a.name === 'name')?.value ?? '';
      const qualified = name.includes(':') ? (this.namespaces.get(name.split(':')[0]) ?? unsupported('a parameter prefix')) : '';
      params.push({ slot: scope.declare(expanded(qualified, name.includes(':') ? name.split(':')[1] : name)), type: type(attr(p, 'as')) });
    }
    this.compiled = { params, frameSize: scope.frameSize, result: type(attr(this.el, 'as')), body: () => [] };
    this.compiled.body = withKeyNameResolver(this.keyResolver, () => compileInstructions(body.slice(i), scope, options, this.namespaces));
  }

  invoke(args: Sequence[], run: RunContext): Sequence {
    this.prepare();
    const { params, body, result, frameSize } = this.compiled!;
    const frame: Sequence[] = new Array(frameSize.n);
    params.forEach((param, i) => {
      frame[param.slot] = param.type ? convert(args[i], param.type, 'a function argument') : args[i];
    });
    // A function has no focus.
    const value = body(new Ctx(undefined, 0, 0, frame, run, undefined));
    return result ? convert(value, result, 'a function result') : value;
  }
}

/** A sequence constructor of the XSLT instructions functions use: variable, sequence, choose, if, try. */
function compileInstructions(instructions: ReadonlyArray<XmlElement | string>, scope: Scope, options: { namespaces: (prefix: string) => string | undefined }, namespaces: Map<string, string>): Evaluator {
  const steps: Array<{ kind: 'let'; slot: number; value: Evaluator; type?: SequenceType } | { kind: 'out'; value: Evaluator }> = [];
  let current = scope;
  for (const node of instructions) {
    if (typeof node === 'string') {
      if (node.trim() !== '') unsupported('text in a function body');
      continue;
    }
    if (node.ns !== XSL_NS) unsupported('a literal result element in a function');
    const select = attr(node, 'select');
    const expression = (text: string): Evaluator => compile(parseXPath(text, options), current);
    switch (node.local) {
      case 'variable': {
        if (select === undefined || children(node).length > 0) unsupported('xsl:variable without @select');
        const value = expression(select);
        current = current.child();
        const name = attr(node, 'name') ?? '';
        const slot = current.declare(name.includes(':') ? expanded(namespaces.get(name.split(':')[0]) ?? unsupported('a variable prefix'), name.split(':')[1]) : expanded('', name));
        const as = attr(node, 'as');
        steps.push({ kind: 'let', slot, value, type: as === undefined ? undefined : parseSequenceType(as, options) });
        break;
      }
      case 'sequence':
        if (select === undefined || children(node).length > 0) unsupported('xsl:sequence without @select');
        steps.push({ kind: 'out', value: expression(select) });
        break;
      case 'if': {
        const test = expression(attr(node, 'test') ?? unsupported('xsl:if without @test'));
        const body = compileInstructions(node.children, current, options, namespaces);
        steps.push({ kind: 'out', value: (c) => (ebv(test(c)) ? body(c) : []) });
        break;
      }
      case 'choose': {
        const branches: Array<{ test?: Evaluator; body: Evaluator }> = [];
        for (const branch of node.children) {
          if (typeof branch === 'string') {
            if (branch.trim() !== '') unsupported('text in xsl:choose');
            continue;
          }
          if (branch.ns === XSL_NS && branch.local === 'when') branches.push({ test: expression(attr(branch, 'test') ?? unsupported('xsl:when without @test')), body: compileInstructions(branch.children, current, options, namespaces) });
          else if (branch.ns === XSL_NS && branch.local === 'otherwise') branches.push({ body: compileInstructions(branch.children, current, options, namespaces) });
          else unsupported('this in xsl:choose');
        }
        steps.push({
          kind: 'out',
          value: (c) => {
            for (const branch of branches) if (!branch.test || ebv(branch.test(c))) return branch.body(c);
            return [];
          },
        });
        break;
      }
      case 'try': {
        // No error is ever caught here: an error in the body is Unsupported (SaxonJS then runs the
        // document), so the catch branch is never needed.
        const inner = node.children.filter((child) => !(typeof child !== 'string' && child.ns === XSL_NS && child.local === 'catch'));
        if (select !== undefined) {
          if (inner.some((child) => typeof child !== 'string' || child.trim() !== '')) unsupported('xsl:try with @select and content');
          steps.push({ kind: 'out', value: expression(select) });
        } else steps.push({ kind: 'out', value: compileInstructions(inner, current, options, namespaces) });
        break;
      }
      default:
        unsupported(`xsl:${node.local} in a function`);
    }
  }
  return (c) => {
    const out: Sequence = [];
    for (const step of steps) {
      if (step.kind === 'let') c.frame[step.slot] = step.type ? convert(step.value(c), step.type, 'a variable') : step.value(c);
      else for (const item of step.value(c)) out.push(item);
    }
    return out;
  };
}

// ---------------------------------------------------------------------------------------------------
// XSLT patterns.

/** An XSLT 3.0 pattern (rule context, key match) as a test on a node. */
export function compilePattern(expr: Expr, scope: Scope): Matcher {
  switch (expr.t) {
    case 'set': {
      if (expr.op !== 'union') return unsupported(`${expr.op} in a pattern`);
      const left = compilePattern(expr.left, scope);
      const right = compilePattern(expr.right, scope);
      return (node, c) => left(node, c) || right(node, c);
    }
    case 'root':
      return (node) => node.kind === KIND_DOCUMENT;
    case 'step':
      return compileStepPattern(expr, scope);
    case 'path': {
      const right = compilePattern(expr.right, scope);
      const left = compilePattern(expr.left, scope);
      if (expr.right.t !== 'step') return unsupported('a pattern step that is not an axis step');
      if (expr.descendants) {
        return (node, c) => {
          if (!right(node, c)) return false;
          for (let p = parentNode(node); p; p = parentNode(p)) if (left(p, c.focus(p, 1, 1))) return true;
          return false;
        };
      }
      return (node, c) => {
        if (!right(node, c)) return false;
        const p = parentNode(node);
        return p !== undefined && left(p, c.focus(p, 1, 1));
      };
    }
    default:
      return unsupported(`this pattern (${expr.t})`);
  }
}

/** The kinds of node a pattern can match (from its last steps). */
function nodeKinds(expr: Expr): Set<'element' | 'attribute' | 'document' | 'other'> {
  switch (expr.t) {
    case 'set':
      return new Set([...nodeKinds(expr.left), ...nodeKinds(expr.right)]);
    case 'path':
      return nodeKinds(expr.right);
    case 'root':
      return new Set(['document']);
    case 'step':
      if (expr.axis === 'attribute') return new Set(['attribute']);
      if (expr.test.kind === 'name' || expr.test.kind === 'element') return new Set(['element']);
      if (expr.test.kind === 'document') return new Set(['document']);
      return new Set(['element', 'attribute', 'document', 'other']);
    default:
      return new Set(['element', 'attribute', 'document', 'other']);
  }
}

/**
 * A quick pre-test for a pattern, from its last step: the node's kind, its name when the step names one,
 * and the predicates whose truth can be read off the tree at once (an attribute that must exist,
 * `local-name() = ('a', 'b')`, `namespace-uri() = '…'`). Only ever false where the pattern cannot match:
 * it saves making nodes and evaluating predicates for the many that cannot.
 */
const ANY: NodeFilter = { document: true, element: () => true, attribute: (a) => a.ns !== XMLNS_NS, other: true };

function nodeFilter(expr: Expr): NodeFilter {
  if (expr.t === 'set') {
    const left = nodeFilter(expr.left);
    const right = nodeFilter(expr.right);
    const or = <T>(x: ((v: T) => boolean) | null, y: ((v: T) => boolean) | null): ((v: T) => boolean) | null => (x && y ? (v) => x(v) || y(v) : x ?? y);
    return { document: left.document || right.document, element: or(left.element, right.element), attribute: or(left.attribute, right.attribute), other: left.other || right.other };
  }
  const last = expr.t === 'path' ? expr.right : expr;
  if (last.t === 'root') return { document: true, element: null, attribute: null, other: false };
  if (last.t === 'step' && (last.axis === 'child' || last.axis === 'attribute') && (last.test.kind === 'name' || last.test.kind === 'element' || last.test.kind === 'attribute')) {
    const { local, ns } = last.test;
    const checks = last.predicates.map(predicateFilter).filter((check): check is NameCheck => check !== undefined);
    if (last.axis === 'attribute') return { document: false, element: null, attribute: (a) => attributeMayMatch(a, local, ns, checks), other: false };
    return {
      document: false,
      element: (el) => {
        if ((local !== undefined && el.local !== local) || (ns !== undefined && el.ns !== ns)) return false;
        for (const check of checks) if (!check(el.local, el.ns, el)) return false;
        return true;
      },
      attribute: null,
      other: false,
    };
  }
  return ANY;
}

/** The raw-attribute form of an attribute step's filter (before any node is made). */
export function attributeFilter(expr: Expr): ((a: XmlAttribute) => boolean) | undefined {
  if (expr.t === 'set') {
    const left = attributeFilter(expr.left);
    const right = attributeFilter(expr.right);
    return left && right ? (a) => left(a) || right(a) : undefined;
  }
  const last = expr.t === 'path' ? expr.right : expr;
  if (last.t === 'step' && last.axis === 'attribute' && last.test.kind === 'attribute') {
    const { local, ns } = last.test;
    const checks = last.predicates.map(predicateFilter).filter((check): check is NameCheck => check !== undefined);
    return (a) => attributeMayMatch(a, local, ns, checks);
  }
  return undefined;
}

function attributeMayMatch(a: XmlAttribute, local: string | undefined, ns: string | undefined, checks: NameCheck[]): boolean {
  if (a.ns === XMLNS_NS) return false;
  if ((local !== undefined && a.local !== local) || (ns !== undefined && a.ns !== ns)) return false;
  for (const check of checks) if (!check(a.local, a.ns, undefined)) return false;
  return true;
}

/** A test of a node's own name (and, for an element, its attributes) that a predicate implies. */
type NameCheck = (local: string, ns: string, el: XmlElement | undefined) => boolean;

function predicateFilter(p: Expr): NameCheck | undefined {
  if (p.t === 'and') {
    const left = predicateFilter(p.left);
    const right = predicateFilter(p.right);
    if (left && right) return (l, n, el) => left(l, n, el) && right(l, n, el);
    return left ?? right;
  }
  if (p.t === 'or') {
    const left = predicateFilter(p.left);
    const right = predicateFilter(p.right);
    return left && right ? (l, n, el) => left(l, n, el) || right(l, n, el) : undefined;
  }
  if (p.t === 'seq' && p.items.length === 1) return predicateFilter(p.items[0]);
  if (p.t === 'step' && p.axis === 'attribute' && p.test.kind === 'attribute' && p.test.local !== undefined && p.test.ns !== undefined && p.predicates.length === 0) {
    const { local, ns } = p.test;
    return (_l, _n, el) => {
      if (el === undefined) return true;
      for (const a of el.attributes) if (a.local === local && a.ns === ns) return true;
      return false;
    };
  }
  if (p.t === 'general' && p.op === '=' && p.left.t === 'call' && p.left.args.length === 0) {
    const fn = p.left.name;
    const values = p.right.t === 'string' ? [p.right.v] : p.right.t === 'seq' && p.right.items.every((item) => item.t === 'string') ? p.right.items.map((item) => (item as { v: string }).v) : undefined;
    if (!values) return undefined;
    const set = new Set(values);
    if (fn === expanded(FN, 'local-name')) return (l) => set.has(l);
    if (fn === expanded(FN, 'namespace-uri')) return (_l, n) => set.has(n);
  }
  return undefined;
}

function parentNode(node: XNode): XNode | undefined {
  return node.kind === KIND_DOCUMENT ? undefined : node.parent;
}

function compileStepPattern(step: Expr & { t: 'step' }, scope: Scope): Matcher {
  const { axis, test } = step;
  if (axis !== 'child' && axis !== 'attribute' && axis !== 'self') return unsupported(`the ${axis} axis in a pattern`);
  const principal = axis === 'attribute' ? 'attribute' : 'element';
  const predicates = step.predicates.map((p) => ({ ev: compile(p, scope), literal: p.t === 'integer' ? p.v : undefined, positional: usesPosition(p) }));
  return (node, c) => {
    if (axis === 'child' && (node.kind === KIND_ATTRIBUTE || node.kind === KIND_DOCUMENT)) return false;
    if (axis === 'attribute' && node.kind !== KIND_ATTRIBUTE) return false;
    if (!matchesTest(node, test, principal)) return false;
    if (predicates.length === 0) return true;
    // Positions among the nodes the step selects from the parent, computed only when needed.
    let siblings: XNode[] | undefined;
    const place = (): [number, number] => {
      if (axis === 'self') return [1, 1];
      const parent = parentNode(node);
      if (!parent) return unsupported('a position without a parent');
      if (!siblings) {
        if (axis === 'attribute') siblings = parent.kind === KIND_ELEMENT ? parent.attributes().filter((a) => matchesTest(a, test, 'attribute')) : [];
        else if (parent.kind === KIND_DOCUMENT) siblings = [parent.root].filter((e) => matchesTest(e, test, 'element'));
        else {
          const element = parent as XElement;
          siblings = (test.kind === 'name' || test.kind === 'element' ? element.childElements() : element.childNodes()).filter((n: XNode) => matchesTest(n, test, 'element'));
        }
      }
      return [siblings!.indexOf(node) + 1, siblings!.length];
    };
    for (const predicate of predicates) {
      if (predicate.literal !== undefined) {
        if (place()[0] !== predicate.literal) return false;
        continue;
      }
      let value: Sequence;
      let position = 1;
      if (predicate.positional) {
        const [p, size] = place();
        position = p;
        value = predicate.ev(c.focus(node, p, size));
      } else value = predicate.ev(c.item === node ? c : c.focus(node, 1, 1));
      if (isNumber(value)) {
        if (numericValue(value[0] as number) !== (predicate.positional ? position : place()[0])) return false;
      } else if (!ebv(value)) return false;
    }
    return true;
  };
}

/** A predicate's value that is a single number compares with the position. */
function isNumber(value: Sequence): boolean {
  return value.length === 1 && (typeof value[0] === 'number' || value[0] instanceof XDouble || value[0] instanceof XDecimal);
}

export { itemString, nodeName, XElement };
export type { Item, Atomic };
