/**
 * Reads a RELAX NG schema (XML syntax) and simplifies it (spec section 4) straight into interned patterns:
 * include/externalRef (local files only), grammar/define/ref/parentRef scoping, combine, div, name
 * classes, `ns` and `datatypeLibrary` inheritance, and the shorthand patterns (optional, zeroOrMore, mixed...).
 * Foreign elements and attributes (annotations, embedded Schematron) are ignored.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { createDatatype, Datatype, DatatypeError, isNcName, ValueContext } from './datatypes';
import { NameClass, Pattern, PatternBuilder } from './patterns';
import { LineMap, NamespaceScope, parseXml, XmlSyntaxError } from './xml-parser';

export const RNG_NS = 'http://relaxng.org/ns/structure/1.0';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export class SchemaError extends Error {
  constructor(message: string, readonly file: string, readonly line = 0, readonly column = 0) {
    super(line > 0 ? `${file}:${line}:${column}: ${message}` : `${file}: ${message}`);
    this.name = 'SchemaError';
  }
}

/** An element of the RELAX NG namespace, with its inherited `ns` and `datatypeLibrary`. */
interface RngNode {
  name: string;
  attrs: Record<string, string>;
  children: RngNode[];
  text: string;
  ns: string;
  dtl: string;
  bindings: Record<string, string>;
  file: string;
  line: number;
  column: number;
}

function parseRngFile(file: string, inheritedNs: string | null, readFile: (file: string) => string): RngNode {
  let xml: string;
  try {
    xml = readFile(file);
  } catch (e) {
    throw new SchemaError(`cannot read schema: ${(e as Error).message}`, file);
  }
  const lines = new LineMap(xml);
  const scope = new NamespaceScope();
  const stack: Array<RngNode | null> = [];
  let root: RngNode | null = null;
  let foreignDepth = 0;
  try {
    parseXml(xml, {
      startTag(qname, attributes, end) {
        scope.push(attributes, end);
        const [uri, local] = scope.element(qname, end);
        if (foreignDepth > 0 || uri !== RNG_NS) {
          foreignDepth++;
          stack.push(null);
          return;
        }
        const parent = stack.length > 0 ? stack[stack.length - 1] : null;
        const attrs: Record<string, string> = {};
        for (let i = 0; i < attributes.length; i += 2) {
          // only unqualified attributes belong to RELAX NG; namespace declarations and foreign attributes are skipped
          if (attributes[i].indexOf(':') < 0 && attributes[i] !== 'xmlns') attrs[attributes[i]] = attributes[i + 1];
        }
        const { line, column } = lines.position(end);
        const node: RngNode = {
          name: local,
          attrs,
          children: [],
          text: '',
          ns: attrs.ns ?? (parent ? parent.ns : inheritedNs ?? ''),
          dtl: attrs.datatypeLibrary ?? (parent ? parent.dtl : ''),
          bindings: scope.bindings,
          file,
          line,
          column,
        };
        if (parent) parent.children.push(node);
        else root = node;
        stack.push(node);
      },
      endTag() {
        scope.pop();
        const node = stack.pop();
        if (node === null) foreignDepth--;
      },
      text(t) {
        const node = stack[stack.length - 1];
        if (node && foreignDepth === 0) node.text += t;
      },
    });
  } catch (e) {
    if (!(e instanceof XmlSyntaxError)) throw e;
    const { line, column } = lines.position(e.offset);
    throw new SchemaError(`not well-formed: ${e.message}`, file, line, column);
  }
  if (!root) throw new SchemaError('the schema has no RELAX NG root element', file);
  return root;
}

/** Resolves an href against the file that contains it; only local files are allowed. */
function resolveHref(node: RngNode): string {
  const href = node.attrs.href;
  if (href === undefined) throw err(node, `"${node.name}" has no "href" attribute`);
  let url: URL;
  try {
    url = new URL(href, pathToFileURL(node.file));
  } catch {
    throw err(node, `illegal "href" attribute "${href}"`);
  }
  if (url.protocol !== 'file:') throw err(node, `refusing to load "${href}": only local schema files are allowed`);
  if (url.hash) url.hash = '';
  return fileURLToPath(url);
}

function err(node: RngNode, message: string): SchemaError {
  return new SchemaError(message, node.file, node.line, node.column);
}

class Define {
  bodies: RngNode[] = [];
  combine: string | null = null;
  sawPlain = false;
  pattern: Pattern | null = null;
  building = false;
  constructor(readonly name: string, readonly scope: Scope) {}
}

class Scope {
  readonly defines = new Map<string, Define>();
  start: Define;
  constructor(readonly parent: Scope | null) {
    this.start = new Define('start', this);
  }
}

type Component = { node: RngNode; kind: 'start' | 'define' };

export interface LoadedSchema {
  builder: PatternBuilder;
  start: Pattern;
}

export interface LoadOptions {
  /** Largest number of interned patterns (bounds memory across documents). */
  maxPatterns?: number;
  /**
   * Reads a schema file (the main one and each it includes), by absolute path; default: from disk as
   * UTF-8. A caller that has already read (and hashed) the files passes them, so nothing else is read.
   */
  readFile?: (file: string) => string;
}

/** Loads and simplifies a schema file into patterns. Throws SchemaError. */
export function loadRngFile(file: string, options: LoadOptions = {}): LoadedSchema {
  return new SchemaCompiler(options).compileFile(path.resolve(file));
}

class SchemaCompiler {
  readonly builder: PatternBuilder;
  private readonly pendingElements: Array<{ el: Pattern; nodes: RngNode[]; scope: Scope }> = [];
  private readonly openFiles: string[] = [];
  private readonly readFile: (file: string) => string;

  constructor(options: LoadOptions) {
    this.builder = new PatternBuilder(options.maxPatterns);
    this.readFile = options.readFile ?? ((file) => fs.readFileSync(file, 'utf8'));
  }

  compileFile(file: string): LoadedSchema {
    const root = this.load(file, null);
    const rootScope = new Scope(null);
    let start: Pattern;
    try {
      start = this.pattern(root, rootScope);
      // element contents are built after their element patterns exist, so that recursion works
      while (this.pendingElements.length > 0) {
        const { el, nodes, scope } = this.pendingElements.pop() as { el: Pattern; nodes: RngNode[]; scope: Scope };
        this.builder.setElementContent(el, this.groupOf(nodes, scope));
      }
    } finally {
      this.openFiles.length = 0;
    }
    return { builder: this.builder, start };
  }

  private load(file: string, inheritedNs: string | null): RngNode {
    if (this.openFiles.includes(file)) throw new SchemaError(`recursive inclusion of "${file}"`, file);
    return parseRngFile(file, inheritedNs, this.readFile);
  }

  private withFile<T>(file: string, f: () => T): T {
    this.openFiles.push(file);
    try {
      return f();
    } finally {
      this.openFiles.pop();
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Grammars

  private grammar(node: RngNode, parent: Scope | null): Scope {
    const scope = new Scope(parent);
    for (const c of this.components(node)) this.addComponent(scope, c);
    return scope;
  }

  private components(container: RngNode): Component[] {
    const out: Component[] = [];
    for (const child of container.children) {
      switch (child.name) {
        case 'start': out.push({ node: child, kind: 'start' }); break;
        case 'define': out.push({ node: child, kind: 'define' }); break;
        case 'div': out.push(...this.components(child)); break;
        case 'include': out.push(...this.include(child)); break;
        default: throw err(child, `"${child.name}" not allowed in a grammar`);
      }
    }
    return out;
  }

  private include(node: RngNode): Component[] {
    const file = resolveHref(node);
    const root = this.load(file, node.ns);
    if (root.name !== 'grammar') throw err(node, `included file "${file}" is not a grammar`);
    const own = this.components(node);
    const overridesStart = own.some((c) => c.kind === 'start');
    const overridden = new Set(own.filter((c) => c.kind === 'define').map((c) => c.node.attrs.name));
    const included = this.withFile(file, () => this.components(root));
    const kept = included.filter((c) => (c.kind === 'start' ? !overridesStart : !overridden.has(c.node.attrs.name)));
    return [...kept, ...own];
  }

  private addComponent(scope: Scope, c: Component): void {
    let def: Define;
    if (c.kind === 'start') def = scope.start;
    else {
      const name = c.node.attrs.name;
      if (name === undefined) throw err(c.node, '"define" has no "name" attribute');
      def = scope.defines.get(name) ?? new Define(name, scope);
      scope.defines.set(name, def);
    }
    const combine = c.node.attrs.combine;
    if (combine === undefined) {
      if (def.sawPlain) {
        throw err(c.node, c.kind === 'start' ? 'multiple definitions of start without "combine" attribute'
          : `multiple definitions of "${def.name}" without "combine" attribute`);
      }
      def.sawPlain = true;
    } else {
      if (combine !== 'choice' && combine !== 'interleave') throw err(c.node, `bad "combine" value "${combine}"`);
      if (def.combine !== null && def.combine !== combine) {
        throw err(c.node, `conflicting values of "combine" attribute for definition of "${def.name}"`);
      }
      def.combine = combine;
    }
    def.bodies.push(c.node);
  }

  private definePattern(def: Define, at: RngNode): Pattern {
    if (def.pattern) return def.pattern;
    if (def.bodies.length === 0) {
      throw err(at, def.name === 'start' && def === def.scope.start ? 'missing "start" element' : `reference to undefined pattern "${def.name}"`);
    }
    if (def.building) throw err(at, `bad recursive reference to pattern "${def.name}"`);
    def.building = true;
    const bodies = def.bodies.map((body) => this.groupOf(body.children, def.scope, body));
    let p = bodies[0];
    if (def.combine === 'interleave') for (let i = 1; i < bodies.length; i++) p = this.builder.interleave(p, bodies[i]);
    else p = this.builder.choiceAll(bodies);
    def.building = false;
    def.pattern = p;
    return def.pattern;
  }

  // -------------------------------------------------------------------------------------------------
  // Patterns

  private groupOf(nodes: RngNode[], scope: Scope, owner?: RngNode): Pattern {
    if (nodes.length === 0) {
      if (owner) throw err(owner, `"${owner.name}" must contain a pattern`);
      return this.builder.empty;
    }
    let p = this.pattern(nodes[0], scope);
    for (let i = 1; i < nodes.length; i++) p = this.builder.group(p, this.pattern(nodes[i], scope));
    return p;
  }

  private fold(nodes: RngNode[], scope: Scope, owner: RngNode, op: (a: Pattern, b: Pattern) => Pattern): Pattern {
    if (nodes.length === 0) throw err(owner, `"${owner.name}" must contain a pattern`);
    let p = this.pattern(nodes[0], scope);
    for (let i = 1; i < nodes.length; i++) p = op(p, this.pattern(nodes[i], scope));
    return p;
  }

  private pattern(node: RngNode, scope: Scope): Pattern {
    const b = this.builder;
    switch (node.name) {
      case 'element': {
        let nc: NameClass;
        let content: RngNode[];
        if (node.attrs.name !== undefined) {
          nc = this.qnameClass(node, node.attrs.name, node.ns);
          content = node.children;
        } else {
          if (node.children.length === 0) throw err(node, '"element" has no name');
          nc = this.nameClass(node.children[0]);
          content = node.children.slice(1);
        }
        if (content.length === 0) throw err(node, '"element" must contain a pattern');
        const el = b.element(nc);
        this.pendingElements.push({ el, nodes: content, scope });
        return el;
      }
      case 'attribute': {
        let nc: NameClass;
        let content: RngNode[];
        if (node.attrs.name !== undefined) {
          nc = this.qnameClass(node, node.attrs.name, node.attrs.ns ?? '');
          content = node.children;
        } else {
          if (node.children.length === 0) throw err(node, '"attribute" has no name');
          nc = this.nameClass(node.children[0]);
          content = node.children.slice(1);
        }
        this.checkAttributeName(node, nc);
        return b.attribute(nc, content.length === 0 ? b.text : this.groupOf(content, scope));
      }
      case 'group': return this.fold(node.children, scope, node, (x, y) => b.group(x, y));
      case 'choice':
        if (node.children.length === 0) throw err(node, '"choice" must contain a pattern');
        return b.choiceAll(node.children.map((c) => this.pattern(c, scope)));
      case 'interleave': return this.fold(node.children, scope, node, (x, y) => b.interleave(x, y));
      case 'optional': return b.choice(this.groupOf(node.children, scope, node), b.empty);
      case 'zeroOrMore': return b.choice(b.oneOrMore(this.groupOf(node.children, scope, node)), b.empty);
      case 'oneOrMore': return b.oneOrMore(this.groupOf(node.children, scope, node));
      case 'mixed': return b.interleave(this.groupOf(node.children, scope, node), b.text);
      case 'list': return b.list(this.groupOf(node.children, scope, node));
      case 'empty': return b.empty;
      case 'notAllowed': return b.notAllowed;
      case 'text': return b.text;
      case 'ref': case 'parentRef': {
        const target = node.name === 'ref' ? scope : scope.parent;
        if (!target) throw err(node, 'reference to non-existent parent grammar');
        const name = node.attrs.name;
        const def = target.defines.get(name);
        if (!def) throw err(node, `reference to undefined pattern "${name}"`);
        return this.definePattern(def, node);
      }
      case 'grammar': {
        const g = this.grammar(node, scope);
        return this.definePattern(g.start, node);
      }
      case 'externalRef': {
        const file = resolveHref(node);
        const root = this.load(file, node.ns);
        return this.withFile(file, () => this.pattern(root, scope));
      }
      case 'data': return this.data(node, scope);
      case 'value': return this.value(node);
      default:
        throw err(node, `unknown pattern element "${node.name}"`);
    }
  }

  private context(node: RngNode): ValueContext {
    return {
      resolvePrefix: (prefix: string) => {
        if (prefix === 'xml') return XML_NS;
        if (prefix === '') return node.ns;
        return node.bindings[prefix];
      },
    };
  }

  private datatype(node: RngNode, library: string, type: string, params: Array<{ name: string; value: string }>): Datatype {
    try {
      return createDatatype(library, type, params, this.context(node));
    } catch (e) {
      if (e instanceof DatatypeError) throw err(node, e.message);
      throw e;
    }
  }

  private data(node: RngNode, scope: Scope): Pattern {
    const type = node.attrs.type;
    if (type === undefined) throw err(node, '"data" has no "type" attribute');
    const params: Array<{ name: string; value: string }> = [];
    let except: Pattern | null = null;
    for (const child of node.children) {
      if (child.name === 'param') params.push({ name: child.attrs.name, value: child.text });
      else if (child.name === 'except') {
        if (child.children.length === 0) throw err(child, '"except" must contain a pattern');
        except = this.builder.choiceAll(child.children.map((c) => this.pattern(c, scope)));
      }
      else throw err(child, `"${child.name}" not allowed in "data"`);
    }
    const dt = this.datatype(node, node.dtl, type, params);
    return except ? this.builder.dataExcept(dt, except) : this.builder.data(dt);
  }

  private value(node: RngNode): Pattern {
    const library = node.attrs.type === undefined ? '' : node.dtl;
    const type = node.attrs.type ?? 'token';
    const dt = this.datatype(node, library, type, []);
    const key = dt.key(node.text, this.context(node));
    if (key === undefined) throw err(node, `"${node.text}" is not a valid value of the datatype`);
    return this.builder.value(dt, key, dt.normalize(node.text));
  }

  // -------------------------------------------------------------------------------------------------
  // Name classes

  private qnameClass(node: RngNode, qname: string, defaultNs: string): NameClass {
    const q = qname.trim();
    const colon = q.indexOf(':');
    let ns = defaultNs;
    let local = q;
    if (colon >= 0) {
      const prefix = q.slice(0, colon);
      local = q.slice(colon + 1);
      const bound = prefix === 'xml' ? XML_NS : node.bindings[prefix];
      if (bound === undefined) throw err(node, `undeclared prefix "${prefix}"`);
      ns = bound;
    }
    if (!isNcName(local)) throw err(node, `"${q}" is not a valid name`);
    return { kind: 'name', id: this.builder.names.id(ns, local), ns, local };
  }

  private nameClass(node: RngNode): NameClass {
    switch (node.name) {
      case 'name': return this.qnameClass(node, node.text, node.ns);
      case 'anyName': return { kind: 'anyName', except: this.exceptClass(node) };
      case 'nsName': return { kind: 'nsName', ns: node.ns, except: this.exceptClass(node) };
      case 'choice': {
        if (node.children.length === 0) throw err(node, 'empty name class choice');
        let nc = this.nameClass(node.children[0]);
        for (let i = 1; i < node.children.length; i++) nc = { kind: 'choice', a: nc, b: this.nameClass(node.children[i]) };
        return nc;
      }
      default:
        throw err(node, `"${node.name}" is not a name class`);
    }
  }

  private exceptClass(node: RngNode): NameClass | null {
    if (node.children.length === 0) return null;
    const ex = node.children[0];
    if (ex.name !== 'except' || ex.children.length === 0) throw err(ex, `bad content of "${node.name}"`);
    let nc = this.nameClass(ex.children[0]);
    for (let i = 1; i < ex.children.length; i++) nc = { kind: 'choice', a: nc, b: this.nameClass(ex.children[i]) };
    return nc;
  }

  private checkAttributeName(node: RngNode, nc: NameClass): void {
    if (nc.kind === 'name') {
      if (nc.ns === 'http://www.w3.org/2000/xmlns') throw err(node, 'attribute must not have namespace URI "http://www.w3.org/2000/xmlns"');
      if (nc.ns === '' && nc.local === 'xmlns') throw err(node, 'attribute must not be named "xmlns"');
    }
  }
}
