import * as fs from 'fs';
import { XMLParser } from 'fast-xml-parser';

/**
 * A RelaxNG grammar (XML syntax, as the TEI publishes tei_all.rng) read into patterns, with what the
 * every-element corpus needs of it: which elements exist, which may contain which, which may contain
 * text, which attributes they require, and a small instance of each element's content.
 */

export const TEI_NS = 'http://www.tei-c.org/ns/1.0';
const RNG_NS = 'http://relaxng.org/ns/structure/1.0';

export type Pattern =
  | { kind: 'element'; name: string; ns: string; content: Pattern }
  | { kind: 'anyElement' }
  | { kind: 'ref'; name: string }
  | { kind: 'text' | 'empty' | 'notAllowed' | 'data' }
  | { kind: 'attribute'; name: string; values: string[] }
  | { kind: 'group' | 'interleave' | 'choice'; items: Pattern[] }
  | { kind: 'optional' | 'zeroOrMore' | 'oneOrMore' | 'mixed'; item: Pattern };

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function tagOf(node: OrderedNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@');
}

export interface ElementDefinition {
  /** The define that holds the element pattern. */
  define: string;
  name: string;
  ns: string;
  content: Pattern;
}

export class Grammar {
  readonly defines = new Map<string, Pattern>();
  /** Element definitions by element name (TEI namespace and the Examples namespace's egXML). */
  readonly elements = new Map<string, ElementDefinition>();
  private readonly childCache = new Map<string, Set<string>>();
  private readonly textCache = new Map<string, boolean>();

  constructor(xml: string) {
    const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', trimValues: true, parseTagValue: false });
    const root = (parser.parse(xml) as OrderedNode[]).find((node) => tagOf(node) === 'grammar');
    if (!root) throw new Error('not a RelaxNG grammar');
    const defaultNs = root[':@']?.ns ?? '';
    for (const node of root.grammar as OrderedNode[]) {
      if (tagOf(node) !== 'define') continue;
      const name = node[':@']!.name;
      const pattern = this.group(node.define as OrderedNode[], defaultNs);
      this.defines.set(name, pattern);
    }
    for (const [define, pattern] of this.defines) {
      if (pattern.kind === 'element' && !this.elements.has(pattern.name)) {
        this.elements.set(pattern.name, { define, name: pattern.name, ns: pattern.ns, content: pattern.content });
      }
    }
  }

  /** A sequence of RNG children as one pattern (a define's or element's body is an implicit group). */
  private group(nodes: OrderedNode[], ns: string, prefixes: Map<string, string> = new Map()): Pattern {
    const items = nodes.map((node) => this.pattern(node, ns, prefixes)).filter((p): p is Pattern => p !== undefined);
    if (items.length === 1) return items[0];
    if (items.length === 0) return { kind: 'empty' };
    return { kind: 'group', items };
  }

  private pattern(node: OrderedNode, ns: string, inherited: Map<string, string>): Pattern | undefined {
    const qname = tagOf(node);
    if (!qname || qname === '#text' || qname.startsWith('?')) return undefined;
    const children = (node[qname] as OrderedNode[]) ?? [];
    const attributes = node[':@'] ?? {};
    let prefixes = inherited;
    for (const [key, value] of Object.entries(attributes)) {
      if (key.startsWith('xmlns:')) {
        if (prefixes === inherited) prefixes = new Map(inherited);
        prefixes.set(key.slice(6), value);
      }
    }
    const colon = qname.indexOf(':');
    // Annotations, Schematron and documentation are in other namespaces; RNG elements may carry a prefix.
    if (colon >= 0 && prefixes.get(qname.slice(0, colon)) !== RNG_NS) return undefined;
    const tag = colon >= 0 ? qname.slice(colon + 1) : qname;
    const innerNs = attributes.ns ?? ns;
    switch (tag) {
      case 'element': {
        if (!attributes.name) {
          return { kind: 'anyElement' };
        }
        return { kind: 'element', name: attributes.name, ns: innerNs, content: this.group(children, innerNs, prefixes) };
      }
      case 'attribute': {
        const values: string[] = [];
        const collect = (nodes: OrderedNode[]): void => {
          for (const child of nodes) {
            const t = tagOf(child)?.replace(/^rng:/, '');
            const inner = child[tagOf(child)!] as OrderedNode[];
            if (t === 'value') values.push(String((inner[0] ?? {})['#text'] ?? ''));
            else if (t === 'choice') collect(inner);
          }
        };
        collect(children);
        return { kind: 'attribute', name: attributes.name ?? '*', values };
      }
      case 'ref':
        return { kind: 'ref', name: attributes.name };
      case 'text':
      case 'empty':
      case 'notAllowed':
        return { kind: tag };
      case 'data':
      case 'value':
      case 'list':
        return { kind: 'data' };
      case 'group':
      case 'interleave':
      case 'choice': {
        const items = children.map((child) => this.pattern(child, innerNs, prefixes)).filter((p): p is Pattern => p !== undefined);
        return { kind: tag, items };
      }
      case 'optional':
      case 'zeroOrMore':
      case 'oneOrMore':
      case 'mixed':
        return { kind: tag, item: this.group(children, innerNs, prefixes) };
      case 'parentRef':
      case 'externalRef':
      case 'grammar':
        return { kind: 'notAllowed' };
      default:
        return undefined;
    }
  }

  /** The TEI elements (and egXML) this grammar defines. */
  elementNames(): string[] {
    return [...this.elements.keys()].filter((name) => [TEI_NS, 'http://www.tei-c.org/ns/Examples'].includes(this.elements.get(name)!.ns));
  }

  /** Element names a pattern allows at its top level (through refs, not into child elements). */
  private topLevel(pattern: Pattern, visit: (element: Pattern & { kind: 'element' }) => void, seen = new Set<string>()): void {
    switch (pattern.kind) {
      case 'element':
        visit(pattern);
        return;
      case 'ref':
        if (seen.has(pattern.name)) return;
        seen.add(pattern.name);
        this.topLevel(this.defines.get(pattern.name) ?? { kind: 'notAllowed' }, visit, seen);
        return;
      case 'group':
      case 'interleave':
      case 'choice':
        for (const item of pattern.items) this.topLevel(item, visit, seen);
        return;
      case 'optional':
      case 'zeroOrMore':
      case 'oneOrMore':
      case 'mixed':
        this.topLevel(pattern.item, visit, seen);
        return;
      default:
    }
  }

  /** The elements allowed as children of an element. */
  children(name: string): Set<string> {
    let cached = this.childCache.get(name);
    if (!cached) {
      const found = new Set<string>();
      const definition = this.elements.get(name);
      if (definition) this.topLevel(definition.content, (element) => found.add(element.name));
      cached = found;
      this.childCache.set(name, cached);
    }
    return cached;
  }

  /** Whether an element may hold text (character data) among its children. */
  allowsText(name: string): boolean {
    let cached = this.textCache.get(name);
    if (cached === undefined) {
      const definition = this.elements.get(name);
      cached = definition ? this.hasText(definition.content, new Set()) : false;
      this.textCache.set(name, cached);
    }
    return cached;
  }

  private hasText(pattern: Pattern, seen: Set<string>): boolean {
    switch (pattern.kind) {
      case 'text':
      case 'mixed':
        return true;
      case 'data':
        return true;
      case 'ref':
        if (seen.has(pattern.name)) return false;
        seen.add(pattern.name);
        return this.hasText(this.defines.get(pattern.name) ?? { kind: 'notAllowed' }, seen);
      case 'group':
      case 'interleave':
      case 'choice':
        return pattern.items.some((item) => this.hasText(item, seen));
      case 'optional':
      case 'zeroOrMore':
      case 'oneOrMore':
        return this.hasText(pattern.item, seen);
      default:
        return false;
    }
  }

  /** The elements of a TEI class (model.pLike...), through its subclasses. */
  classMembers(className: string): Set<string> {
    const found = new Set<string>();
    const seen = new Set<string>();
    const visit = (pattern: Pattern | undefined): void => {
      if (!pattern) return;
      if (pattern.kind === 'ref') {
        if (seen.has(pattern.name)) return;
        seen.add(pattern.name);
        const target = this.defines.get(pattern.name);
        if (target?.kind === 'element') found.add(target.name);
        else visit(target);
      } else if ('items' in pattern) pattern.items.forEach(visit);
      else if ('item' in pattern) visit(pattern.item);
    };
    visit(this.defines.get(className));
    return found;
  }

  /** Elements reachable from an element through the child relation (itself included). */
  reachable(from: string): Set<string> {
    const seen = new Set([from]);
    const queue = [from];
    while (queue.length > 0) {
      const next = queue.shift()!;
      for (const child of this.children(next)) {
        if (!seen.has(child)) {
          seen.add(child);
          queue.push(child);
        }
      }
    }
    return seen;
  }
}

let cached: { file: string; grammar: Grammar } | undefined;

export function loadGrammar(file: string): Grammar {
  if (cached?.file !== file) cached = { file, grammar: new Grammar(fs.readFileSync(file, 'utf8')) };
  return cached.grammar;
}

export { RNG_NS };
