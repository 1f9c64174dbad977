import * as fs from 'fs';
import * as path from 'path';
import { Grammar, Pattern, TEI_NS } from './tei-schema';
import { kindOf, ElementNode } from './tei-words';

/**
 * The every-element corpus, generated from a RelaxNG grammar of the TEI (tei_all.rng) at test time: for
 * every element the grammar allows inside `text`, one small document that uses it in each context the
 * grammar allows it in (every element that may contain it and that may itself occur inside `text`),
 * each occurrence with its own words. Publishing these documents shows that no element, wherever it
 * stands, stops a document from being published or loses (or glues) its words.
 *
 * Each context is reached from `text` by a shortest chain of elements (avoiding, where another way
 * exists, elements that hide or move their content: alternatives, notes, index entries...); the chains of
 * one document share their common beginnings. The documents are not meant to be valid (an element's
 * required siblings are not supplied) but every parent-child pair in them is one the grammar allows.
 */

/** Generated words: "zq" and letters, unique in the corpus, so a word found twice or out of place shows. */
export const GENERATED_WORD = /^zq[a-z]+$/;

export interface GeneratedDocument {
  element: string;
  file: string;
  /** The contexts (parent elements) it occurs in. */
  contexts: string[];
}

const EXAMPLES_NS = 'http://www.tei-c.org/ns/Examples';
/** Elements that hide, select or move their content: a chain passes through them only where there is no other way. */
const DETOUR_KINDS = new Set(['meta', 'note', 'gap', 'choice', 'app', 'subst', 'code']);
const DETOUR_NAMES = new Set(['sic', 'corr', 'orig', 'reg', 'abbr', 'expan', 'lem', 'rdg', 'del', 'add', 'egXML', 'teiHeader']);
const MAX_DEPTH = 5;

function escape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

export class EveryElementCorpus {
  private counter = 0;
  private readonly chains = new Map<string, string[]>();
  /** Instances by element and depth, with WORDS where the words go (filled in afresh for every use). */
  private readonly instances = new Map<string, string>();
  readonly elements: string[];

  constructor(private readonly grammar: Grammar) {
    const reachable = grammar.reachable('text');
    this.elements = [...reachable].filter((name) => [TEI_NS, EXAMPLES_NS].includes(grammar.elements.get(name)!.ns)).sort();
    this.computeChains();
  }

  /** Shortest chains from text to every element (Dijkstra: detours through hiding elements cost more). */
  private computeChains(): void {
    const cost = new Map<string, number>([['text', 0]]);
    const previous = new Map<string, string>();
    const done = new Set<string>();
    for (;;) {
      let best: string | undefined;
      for (const [name, c] of cost) if (!done.has(name) && (best === undefined || c < cost.get(best)! || (c === cost.get(best)! && name < best))) best = name;
      if (best === undefined) break;
      done.add(best);
      for (const child of [...this.grammar.children(best)].sort()) {
        const step = this.isDetour(child) ? 50 : 1;
        const c = cost.get(best)! + step;
        if (!cost.has(child) || c < cost.get(child)!) {
          cost.set(child, c);
          previous.set(child, best);
        }
      }
    }
    for (const name of done) {
      const chain = [name];
      while (chain[0] !== 'text') chain.unshift(previous.get(chain[0])!);
      this.chains.set(name, chain);
    }
  }

  private isDetour(name: string): boolean {
    const definition = this.grammar.elements.get(name)!;
    const element: ElementNode = { type: 'element', local: name, ns: definition.ns, attributes: {}, children: [], parent: null };
    return DETOUR_NAMES.has(name) || DETOUR_KINDS.has(kindOf(element));
  }

  /** The elements of `text` that may contain an element, in name order. */
  parents(name: string): string[] {
    return this.elements.filter((parent) => this.grammar.children(parent).has(name));
  }

  private words(): string {
    const word = (): string => {
      let n = this.counter++;
      let letters = '';
      do {
        letters = String.fromCharCode(97 + (n % 26)) + letters;
        n = Math.floor(n / 26);
      } while (n > 0);
      return `zq${letters}`;
    };
    return `${word()} ${word()}`;
  }

  private openTag(name: string, attributes: string): string {
    const ns = this.grammar.elements.get(name)?.ns;
    return `<${name}${ns && ns !== TEI_NS ? ` xmlns="${ns}"` : ''}${attributes}>`;
  }

  /** A small instance of an element: its required attributes, and content with words where it may hold text. */
  instance(name: string): string {
    return this.template(name, 0).replace(/\u0001/g, () => this.words());
  }

  private template(name: string, depth: number): string {
    const key = `${name} ${depth}`;
    let cached = this.instances.get(key);
    if (cached === undefined) {
      const definition = this.grammar.elements.get(name);
      if (!definition) return '';
      const attributes: string[] = [];
      this.collectRequiredAttributes(definition.content, attributes, new Set());
      let content = this.sample(definition.content, depth, false, new Set());
      if (!content.xml.includes(WORDS) && depth < MAX_DEPTH) content = this.sample(definition.content, depth, true, new Set());
      cached = `${this.openTag(name, attributes.join(''))}${content.xml}</${name}>`;
      this.instances.set(key, cached);
    }
    return cached;
  }

  private collectRequiredAttributes(pattern: Pattern, out: string[], seen: Set<string>): void {
    switch (pattern.kind) {
      case 'attribute':
        if (pattern.name !== '*' && !out.some((a) => a.startsWith(` ${pattern.name}=`))) out.push(` ${pattern.name}="${escape(pattern.values[0] ?? 'x')}"`);
        return;
      case 'ref':
        if (seen.has(pattern.name)) return;
        seen.add(pattern.name);
        this.collectRequiredAttributes(this.grammar.defines.get(pattern.name) ?? { kind: 'notAllowed' }, out, seen);
        return;
      case 'group':
      case 'interleave':
        for (const item of pattern.items) this.collectRequiredAttributes(item, out, seen);
        return;
      case 'choice': {
        const first = pattern.items.find((item) => item.kind !== 'notAllowed');
        if (first && !pattern.items.some((item) => item.kind === 'empty')) this.collectRequiredAttributes(first, out, seen);
        return;
      }
      case 'oneOrMore':
        this.collectRequiredAttributes(pattern.item, out, seen);
        return;
      default:
    }
  }

  /** Content for a pattern: text as generated words, elements as their instances; optional parts only with `optional`. */
  private sample(pattern: Pattern, depth: number, optional: boolean, seen: Set<string>): { xml: string; ok: boolean } {
    switch (pattern.kind) {
      case 'text':
      case 'data':
        return { xml: WORDS, ok: true };
      case 'empty':
      case 'attribute':
        return { xml: '', ok: true };
      case 'notAllowed':
      case 'anyElement':
        return { xml: '', ok: pattern.kind === 'anyElement' };
      case 'element':
        return { xml: depth >= MAX_DEPTH ? `<${pattern.name}/>` : this.template(pattern.name, depth + 1), ok: true };
      case 'ref': {
        const target = this.grammar.defines.get(pattern.name);
        if (!target) return { xml: '', ok: false };
        if (target.kind === 'element') return this.sample(target, depth, optional, seen);
        if (seen.has(pattern.name)) return { xml: '', ok: false };
        return this.sample(target, depth, optional, new Set([...seen, pattern.name]));
      }
      case 'group':
      case 'interleave': {
        let xml = '';
        for (const item of pattern.items) {
          const part = this.sample(item, depth, optional, seen);
          if (!part.ok) return { xml: '', ok: false };
          xml += part.xml;
        }
        return { xml, ok: true };
      }
      case 'choice': {
        // Text if allowed; else the first alternative that yields words; else the first that works.
        const ordered = [...pattern.items].sort((a, b) => Number(b.kind === 'text') - Number(a.kind === 'text'));
        let fallback: { xml: string; ok: boolean } | undefined;
        for (const item of ordered) {
          const part = this.sample(item, depth, optional, seen);
          if (!part.ok) continue;
          if (part.xml.includes(WORDS)) return part;
          fallback ??= part;
        }
        return fallback ?? { xml: '', ok: false };
      }
      case 'oneOrMore':
        return this.sample(pattern.item, depth, optional, seen);
      case 'mixed': {
        const inner = this.sample(pattern.item, depth, optional, seen);
        return { xml: `${WORDS}${inner.ok ? inner.xml : ''}`, ok: true };
      }
      case 'optional':
      case 'zeroOrMore': {
        if (!optional || depth >= MAX_DEPTH) return { xml: '', ok: true };
        const part = this.sample(pattern.item, depth, false, seen);
        return part.ok && part.xml.includes(WORDS) ? part : { xml: '', ok: true };
      }
      default:
        return { xml: '', ok: true };
    }
  }

  /** The document for one element: every context it may occur in, each with its own instance. */
  document(name: string): { xml: string; contexts: string[] } {
    type Node = { name: string; children: Map<string, Node>; hosts: boolean };
    const root: Node = { name: 'text', children: new Map(), hosts: false };
    const contexts = this.parents(name);
    for (const parent of contexts) {
      let node = root;
      for (const step of this.chains.get(parent)!.slice(1)) {
        if (!node.children.has(step)) node.children.set(step, { name: step, children: new Map(), hosts: false });
        node = node.children.get(step)!;
      }
      node.hosts = true;
    }
    const render = (node: Node): string => {
      const inner = (node.hosts ? this.instance(name) : '') + [...node.children.values()].map(render).join('');
      return `${this.openTag(node.name, '')}${inner}</${node.name}>`;
    };
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="${TEI_NS}"><teiHeader><fileDesc><titleStmt><title>Every element: ${name}</title></titleStmt><publicationStmt><p>Generated at test time</p></publicationStmt><sourceDesc><p>Generated from tei_all.rng</p></sourceDesc></fileDesc></teiHeader>${render(root)}</TEI>
`;
    return { xml, contexts };
  }

  /** Writes one document per element into a folder. */
  write(dir: string): GeneratedDocument[] {
    fs.mkdirSync(dir, { recursive: true });
    return this.elements.map((element) => {
      const { xml, contexts } = this.document(element);
      const file = path.join(dir, `every-${element}.xml`);
      fs.writeFileSync(file, xml);
      return { element, file, contexts };
    });
  }
}

/** Where an instance's words go. */
const WORDS = '\u0001';
