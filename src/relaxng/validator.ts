/**
 * Validates a document by derivatives as it is parsed (xml-parser.ts), with jing's error recovery and messages.
 *
 * The state is a stack of continuation patterns plus the pattern for the content of the current element.
 * In jing's terms the state is After(current, After(stack[n-1], ...)); keeping the continuations on a stack
 * means the memo tables are keyed by small content patterns and hit across contexts and documents.
 * When an element name is ambiguous (several element patterns with different continuations), `current`
 * holds the After-form itself ("general mode") and the derivative functions handle it.
 */
import { IdType, isXmlWhitespace, ValueContext } from './datatypes';
import { ContentType, idTypeOf, K, NameClass, nameClassContains, Pattern, PatternBuilder, ResourceLimitError, splitTokens } from './patterns';
import { Bindings, LineMap, NamespaceScope, parseXml, XML_NS, XmlSyntaxError } from './xml-parser';


export interface ValidationError {
  /** 1-based line. */
  line: number;
  /** 1-based column (jing's convention: the position just after the tag or text the error is about). */
  column: number;
  message: string;
  /** True for well-formedness errors (the document could not be parsed further). */
  fatal?: boolean;
  /**
   * The element the error is about, as its 0-based position among the document's start tags (document
   * order, as XPath counts): the element whose start or end tag, or whose text, is concerned.
   */
  element?: number;
  /** The attribute the error is about, as written (qualified name). */
  attribute?: string;
}

export interface ValidationResult {
  valid: boolean;
  /** False when the document is not well-formed XML (the last error says why). */
  wellFormed: boolean;
  errors: ValidationError[];
  /** Set when validation stopped early: `maxErrors`, `timeLimitMs`, or the schema's `maxPatterns` budget. */
  incomplete?: 'maxErrors' | 'timeLimit' | 'patternLimit';
}

export interface ValidateOptions {
  /** Stop after this many errors (default 1000). */
  maxErrors?: number;
  /** Stop (with an error) when validating one document takes longer than this (default: no limit). */
  timeLimitMs?: number;
  /** DTD-compatible ID/IDREF checking, on by default as in jing. */
  checkIds?: boolean;
}

export interface CompiledGrammar {
  builder: PatternBuilder;
  start: Pattern;
  /** element name id -> attribute name id -> ID-type (filled on first use; null: no ID-typed attributes) */
  idTypes: Map<number, Map<number, IdType> | null>;
  findElementCache: Map<number, Pattern>;
  /** unprefixed attribute name -> name id */
  plainAttributeNames: Map<string, number>;
}

class StopParsing extends Error {}

interface IdRef { token: string; offset: number; element: number; attribute: string }

export function validateXml(g: CompiledGrammar, xml: string, options: ValidateOptions = {}): ValidationResult {
  return new DocumentValidator(g, options).run(xml);
}

class DocumentValidator implements ValueContext {
  private readonly b: PatternBuilder;
  private readonly errors: ValidationError[] = [];
  private readonly maxErrors: number;
  private readonly deadline: number;
  private readonly checkIds: boolean;
  private incomplete: ValidationResult['incomplete'];

  private cur: Pattern;
  private readonly stack: Pattern[] = [];
  private hadError = false;

  private readonly ns = new NamespaceScope();
  /** qualified element name -> name id, valid while the in-scope namespace bindings are the same object */
  private readonly elementNames = new Map<string, { bindings: Bindings; id: number }>();
  private lines!: LineMap;
  private src = '';
  /** Text of the current element while it may be data-typed (no child element seen yet). */
  private typed = false;
  private typedText = '';
  private events = 0;

  /** Offset just after the tag being processed: where its errors are reported. */
  private offset = 0;

  /** How many start tags have been seen; the open elements' positions among them. */
  private elementCount = 0;
  private readonly open: number[] = [];
  /** The attribute being checked, for errors about it. */
  private attribute: string | undefined;

  private readonly ids = new Map<string, number>();
  private readonly idrefs: IdRef[] = [];

  constructor(private readonly g: CompiledGrammar, options: ValidateOptions) {
    this.b = g.builder;
    this.cur = g.start;
    this.maxErrors = options.maxErrors ?? 1000;
    this.deadline = options.timeLimitMs === undefined ? Infinity : Date.now() + options.timeLimitMs;
    this.checkIds = options.checkIds ?? true;
  }

  private get bindings(): Bindings {
    return this.ns.bindings;
  }

  resolvePrefix(prefix: string): string | undefined {
    if (prefix === 'xml') return XML_NS;
    const ns = this.bindings[prefix];
    if (prefix === '') return ns ?? '';
    return ns;
  }

  run(xml: string): ValidationResult {
    this.src = xml;
    this.lines = new LineMap(xml);
    let wellFormed = true;
    if (this.cur.isNotAllowed) this.error('schema does not allow anything: it is equivalent to <notAllowed/>');
    try {
      parseXml(xml, {
        startTag: (name, attrs, end) => {
          this.offset = end;
          this.startElement(name, attrs);
          if ((++this.events & 1023) === 0) this.checkTime();
        },
        endTag: (name, end) => {
          this.offset = end;
          this.endElement(name);
        },
        text: (text, start, end) => this.characters(text, start, end),
      });
      if (this.checkIds) this.checkIdrefs();
    } catch (e) {
      if (e instanceof XmlSyntaxError) {
        wellFormed = false;
        this.errors.push({ ...this.lines.position(e.offset), message: e.message, fatal: true });
      } else if (e instanceof ResourceLimitError) {
        this.incomplete = 'patternLimit';
        this.errors.push({ ...this.lines.position(this.offset), message: `validation stopped: ${e.message}` });
      } else if (!(e instanceof StopParsing)) throw e;
    }
    return {
      valid: this.errors.length === 0,
      wellFormed,
      errors: this.errors,
      ...(this.incomplete ? { incomplete: this.incomplete } : {}),
    };
  }

  private checkTime(): void {
    if (Date.now() > this.deadline) {
      this.incomplete = 'timeLimit';
      this.errors.push({ ...this.lines.position(this.offset), message: 'validation stopped: time limit exceeded' });
      throw new StopParsing();
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Errors

  private ignoring(): boolean {
    return this.hadError && this.cur.isNotAllowed;
  }

  private error(message: string, offset = this.offset): void {
    if (this.ignoring()) return;
    this.hadError = true;
    this.report(message, offset);
  }

  /** `about`: the element and attribute concerned (default: the current ones; `{}` for none). */
  private report(message: string, offset: number, about: { element?: number; attribute?: string } = { element: this.open[this.open.length - 1], attribute: this.attribute }): void {
    const { element, attribute } = about;
    this.errors.push({ ...this.lines.position(offset), message, ...(element !== undefined ? { element } : {}), ...(attribute !== undefined ? { attribute } : {}) });
    if (this.errors.length >= this.maxErrors) {
      this.incomplete = 'maxErrors';
      throw new StopParsing();
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Events

  private isAfterForm(p: Pattern): boolean {
    return p.kind === K.After || (p.kind === K.Choice && (p.a as Pattern).kind === K.After);
  }

  /** Moves into an element: `d` is an After-form pairing element content with the continuation. */
  private enter(d: Pattern): void {
    if (d.kind === K.After) {
      this.stack.push(d.b as Pattern);
      this.cur = d.a as Pattern;
    } else {
      this.cur = d; // general mode: several (content, continuation) pairs
    }
  }

  /** Leaves the current element, whatever its content: the continuation(s). */
  private leave(): void {
    this.cur = this.isAfterForm(this.cur) ? this.b.recoverAfter(this.cur) : (this.stack.pop() as Pattern);
  }

  private startElement(qname: string, attrs: string[]): void {
    const b = this.b;
    if (this.typed) {
      this.typed = false;
      this.untypedText(this.typedText, this.offset);
      this.typedText = '';
    }
    this.open.push(this.elementCount++);
    const ns = this.ns;
    ns.push(attrs, this.offset);
    // name ids are cached by qualified name while the namespace bindings stay the same object
    let nameId: number;
    const cached = this.elementNames.get(qname);
    if (cached !== undefined && cached.bindings === ns.bindings) nameId = cached.id;
    else {
      const [elementNs, elementLocal] = ns.element(qname, this.offset);
      nameId = b.names.id(elementNs, elementLocal);
      this.elementNames.set(qname, { bindings: ns.bindings, id: nameId });
    }

    // start tag open
    const d = b.startTagOpenDeriv(this.cur, nameId);
    if (!d.isNotAllowed) {
      this.enter(d);
    } else {
      const recovered = b.startTagOpenRecoverDeriv(this.cur, nameId);
      const ignore = this.ignoring();
      if (!recovered.isNotAllowed) {
        if (!ignore) {
          const missing = this.b.requiredNames(this.cur, false);
          if (missing.size > 0) {
            this.error(`element ${quote(qname)} not allowed yet; missing required element${missing.size > 1 ? 's' : ''} ${this.formatNames(missing, false, 'and')}`);
          } else {
            this.error(`element ${quote(qname)} not allowed yet${this.expectedContent()}`);
          }
        }
        this.enter(recovered);
      } else {
        const content = this.findElement(nameId);
        if (!ignore) {
          this.error(`element ${quote(qname)} not allowed ${content.kind === K.NotAllowed ? 'anywhere' : 'here'}${this.expectedContent()}`);
        }
        this.stack.push(this.cur);
        this.cur = content;
      }
    }

    // attributes
    let idTypes: Map<number, IdType> | null | undefined = null;
    if (this.checkIds) {
      idTypes = this.g.idTypes.get(nameId);
      if (idTypes === undefined) this.g.idTypes.set(nameId, (idTypes = idTypesOf(b, nameId)));
    }
    let seenQualified: Set<number> | null = null;
    let idAtts: Array<IdType | string> | undefined;
    for (let i = 0; i < attrs.length; i += 2) {
      const attName = attrs[i];
      const value = attrs[i + 1];
      let attId: number;
      const colon = attName.indexOf(':');
      if (colon < 0) {
        if (attName === 'xmlns') continue;
        let id = this.g.plainAttributeNames.get(attName);
        if (id === undefined) this.g.plainAttributeNames.set(attName, (id = b.names.id('', attName)));
        attId = id;
      } else {
        const expanded = ns.attribute(attName, this.offset);
        if (expanded === null) continue;
        attId = b.names.id(expanded[0], expanded[1]);
        if (seenQualified === null) seenQualified = new Set();
        else if (seenQualified.has(attId)) throw new XmlSyntaxError(`attribute "${attName}" has the namespace and local name of another attribute`, this.offset);
        seenQualified.add(attId);
      }
      if (idTypes) {
        const t = idTypes.get(attId);
        if (t !== undefined) (idAtts ??= []).push(t, value, attName);
      }
      this.attribute = attName;
      const a = b.startAttributeDeriv(this.cur, attId);
      if (a.isNotAllowed) {
        if (!this.ignoring()) {
          const names: NameClass[] = [];
          b.possibleAttributeNames(this.cur, names);
          const expected = this.expectedNames(names, true);
          if (names.length === 0) this.error(`found attribute ${quote(attName)}, but no attributes allowed here`);
          else this.error(`attribute ${quote(attName)} not allowed here${expected}`);
        }
        continue;
      }
      const v = this.attributeValueDeriv(a, value);
      if (!v.isNotAllowed) {
        this.cur = v;
      } else {
        this.error(`value of attribute ${quote(attName)} is invalid${this.dataFailures(a, value)}`);
        this.cur = b.recoverAfter(a);
      }
    }
    this.attribute = undefined;

    // start tag close
    const e = b.endAttributes(this.cur);
    if (!e.isNotAllowed) {
      this.cur = e;
    } else {
      if (!this.ignoring()) {
        const missing = b.requiredNames(this.cur, true);
        if (missing.size === 0) {
          const names: NameClass[] = [];
          b.possibleAttributeNames(this.cur, names);
          this.error(`element ${quote(qname)} missing one or more required attributes${this.expectedNames(names, true)}`);
        } else {
          this.error(`element ${quote(qname)} missing required attribute${missing.size > 1 ? 's' : ''} ${this.formatNames(missing, true, 'and')}`);
        }
      }
      this.cur = b.ignoreMissingAttributes(this.cur);
    }
    this.typed = b.contentType(this.cur) === ContentType.Data;
    this.typedText = '';
    // jing checks IDs in a separate handler, after the validation of the start tag
    if (idAtts) for (let i = 0; i < idAtts.length; i += 3) this.checkIdAttribute(idAtts[i] as IdType, idAtts[i + 1] as string, idAtts[i + 2] as string);
  }

  /** Continuations of the attribute derivative `a` (an After-form) whose value pattern matches. */
  private attributeValueDeriv(a: Pattern, value: string): Pattern {
    const b = this.b;
    if (a.kind === K.After) return b.valueMatches(a.a as Pattern, value, this) ? (a.b as Pattern) : b.notAllowed;
    if (a.kind === K.Choice) return b.mapChoice(a, (x) => this.attributeValueDeriv(x, value));
    return b.notAllowed;
  }

  private characters(t: string, start: number, end: number): void {
    if (this.typed) {
      this.typedText += t;
      return;
    }
    if (isXmlWhitespace(t)) return;
    this.untypedText(t, this.textErrorOffset(start, end));
  }

  private untypedText(t: string, offset: number): void {
    if (isXmlWhitespace(t)) return;
    const m = this.b.mixedTextDeriv(this.cur);
    if (!m.isNotAllowed) this.cur = m;
    else this.error(`text not allowed here${this.expectedContent()}`, offset);
  }

  /** jing (Xerces) reports text at the end of the line holding its first non-blank character. */
  private textErrorOffset(start: number, end: number): number {
    const s = this.src;
    let i = start;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d) break;
      i++;
    }
    for (; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x0a || c === 0x0d) return i;
    }
    return end;
  }

  private endElement(qname: string): void {
    const b = this.b;
    if (this.typed) {
      this.typed = false;
      const text = this.typedText;
      this.typedText = '';
      this.dataTypedEnd(text, qname);
    } else if (!this.isAfterForm(this.cur)) {
      if (this.cur.nullable) {
        this.cur = this.stack.pop() as Pattern;
      } else {
        if (!this.ignoring()) this.incompleteError(qname);
        this.cur = this.stack.pop() as Pattern;
      }
    } else {
      const e = b.endTagDeriv(this.cur);
      if (!e.isNotAllowed) {
        this.cur = e;
      } else {
        const next = b.recoverAfter(this.cur);
        if (!this.ignoring() && (!next.isNotAllowed || b.endTagDeriv(b.emptyAfter(this.cur)).isNotAllowed)) this.incompleteError(qname);
        this.cur = next;
      }
    }
    this.ns.pop();
    this.open.pop();
  }

  private incompleteError(qname: string): void {
    const missing = this.b.requiredNames(this.cur, false);
    if (missing.size > 0) {
      this.error(`element ${quote(qname)} incomplete; missing required element${missing.size > 1 ? 's' : ''} ${this.formatNames(missing, false, 'and')}`);
    } else {
      this.error(`element ${quote(qname)} incomplete${this.expectedContent()}`);
    }
  }

  /** The content of a data-typed element is matched as a whole, and consumes the end tag. */
  private dataTypedEnd(text: string, qname: string): void {
    const b = this.b;
    const t = b.textOnly(this.cur);
    let next: Pattern;
    if (!this.isAfterForm(this.cur)) {
      if (b.valueMatches(t, text, this)) {
        this.cur = this.stack.pop() as Pattern;
        return;
      }
    } else {
      next = this.afterValueDeriv(t, text);
      if (!next.isNotAllowed) {
        this.cur = next;
        return;
      }
    }
    if (!this.ignoring()) {
      const names: NameClass[] = [];
      b.possibleStartNames(this.cur, names);
      if (names.length > 0 && isXmlWhitespace(text)) {
        this.error(`empty content for element ${quote(qname)} not allowed${this.expectedContent()}`);
      } else {
        this.error(`character content of element ${quote(qname)} invalid${this.dataFailures(t, text)}`);
      }
    }
    this.leave();
  }

  private afterValueDeriv(p: Pattern, text: string): Pattern {
    const b = this.b;
    if (p.kind === K.After) return b.valueMatches(p.a as Pattern, text, this) ? (p.b as Pattern) : b.notAllowed;
    if (p.kind === K.Choice) return b.mapChoice(p, (x) => this.afterValueDeriv(x, text));
    return b.notAllowed;
  }

  private findElement(nameId: number): Pattern {
    let p = this.g.findElementCache.get(nameId);
    if (p === undefined) {
      p = this.b.findElement(this.b.names.ns[nameId], this.b.names.local[nameId]);
      this.g.findElementCache.set(nameId, p);
    }
    return p;
  }

  // -------------------------------------------------------------------------------------------------
  // IDs (DTD compatibility)

  private checkIdAttribute(t: IdType, value: string, attName: string): void {
    this.attribute = attName;
    try {
      this.checkIdValue(t, value, attName);
    } finally {
      this.attribute = undefined;
    }
  }

  private checkIdValue(t: IdType, value: string, attName: string): void {
    const element = this.open[this.open.length - 1];
    const tokens = splitTokens(value);
    if (t === IdType.Id) {
      if (tokens.length === 0) this.report('value of attribute of type ID contained no tokens', this.offset);
      else if (tokens.length > 1) this.report('value of attribute of type ID contained multiple tokens', this.offset);
      else {
        const prev = this.ids.get(tokens[0]);
        if (prev === undefined) this.ids.set(tokens[0], this.offset);
        else {
          this.report(`ID ${quote(tokens[0])} has already been defined`, this.offset);
          this.report(`first occurrence of ID ${quote(tokens[0])}`, prev, {});
        }
      }
    } else if (t === IdType.Idref) {
      if (tokens.length === 0) this.report('value of attribute of type IDREF contained no tokens', this.offset);
      else if (tokens.length > 1) this.report('value of attribute of type IDREF contained multiple tokens', this.offset);
      else this.idrefs.push({ token: tokens[0], offset: this.offset, element, attribute: attName });
    } else if (t === IdType.Idrefs) {
      if (tokens.length === 0) this.report('value of attribute of type IDREFS contained no tokens', this.offset);
      for (const token of tokens) this.idrefs.push({ token, offset: this.offset, element, attribute: attName });
    }
  }

  private checkIdrefs(): void {
    for (const ref of this.idrefs) {
      if (!this.ids.has(ref.token)) this.report(`IDREF ${quote(ref.token)} without matching ID`, ref.offset, { element: ref.element, attribute: ref.attribute });
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Messages

  private expectedContent(): string {
    const b = this.b;
    const cur = this.cur;
    const list: string[] = [];
    const afterForm = this.isAfterForm(cur);
    if (afterForm ? !b.endTagDeriv(cur).isNotAllowed : cur.nullable) list.push('the element end-tag');
    const ct = b.contentType(cur);
    if (ct === ContentType.Mixed && !b.mixedTextDeriv(cur).isNotAllowed) list.push('text');
    else if (ct === ContentType.Data) list.push('data');
    const ncs: NameClass[] = [];
    b.possibleStartNames(cur, ncs);
    const { names, wildcard } = this.normaliseNames(ncs);
    if (names.size > 0) {
      list.push(`element ${this.formatNames(names, false, 'or')}`);
      if (wildcard) list.push('an element from another namespace');
    }
    return list.length === 0 ? '' : `; expected ${formatList(list, 'or')}`;
  }

  private expectedNames(ncs: NameClass[], attribute: boolean): string {
    const { names, wildcard } = this.normaliseNames(ncs);
    if (names.size === 0) return '';
    const s = this.formatNames(names, attribute, 'or');
    return wildcard ? `; expected ${attribute ? 'attribute' : 'element'} ${s} or an ${attribute ? 'attribute' : 'element'} from another namespace`
      : `; expected ${attribute ? 'attribute' : 'element'} ${s}`;
  }

  /** Explicit names not covered by a wildcard of the same set, and whether there is a wildcard. */
  private normaliseNames(ncs: NameClass[]): { names: Set<number>; wildcard: boolean } {
    const names = new Set<number>();
    const wild: NameClass[] = [];
    const visit = (nc: NameClass): void => {
      if (nc.kind === 'name') names.add(nc.id);
      else if (nc.kind === 'choice') {
        visit(nc.a);
        visit(nc.b);
      } else wild.push(nc);
    };
    ncs.forEach(visit);
    const t = this.b.names;
    for (const id of [...names]) {
      if (wild.some((w) => nameClassContains(w, t.ns[id], t.local[id]))) names.delete(id);
    }
    return { names, wildcard: wild.length > 0 };
  }

  /** jing's formatNames: qualified names as in the document, with generated prefixes where needed. */
  private formatNames(ids: Set<number>, attribute: boolean, conjunction: 'and' | 'or'): string {
    const t = this.b.names;
    let defaultNs: string | null;
    const decls = new Map<string, string>();
    if (attribute) defaultNs = '';
    else {
      defaultNs = this.bindings[''] || null; // an undeclared default namespace is null, as in jing
      for (const id of ids) {
        if (t.ns[id] === '') {
          if (defaultNs !== null && defaultNs !== '') decls.set('', '');
          defaultNs = '';
          break;
        }
      }
    }
    const qnames: string[] = [];
    const undeclared: number[] = [];
    const undeclaredNs = new Set<string>();
    for (const id of ids) {
      const ns = t.ns[id];
      const prefix = ns === defaultNs ? '' : this.prefixFor(ns);
      if (prefix === undefined) {
        undeclared.push(id);
        undeclaredNs.add(ns);
      } else qnames.push(prefix ? `${prefix}:${t.local[id]}` : t.local[id]);
    }
    if (undeclared.length > 0) {
      if (undeclaredNs.size === 1 && defaultNs === null) decls.set([...undeclaredNs][0], '');
      else this.choosePrefixes(undeclaredNs, decls);
      for (const id of undeclared) {
        const prefix = decls.get(t.ns[id]) as string;
        qnames.push(prefix ? `${prefix}:${t.local[id]}` : t.local[id]);
      }
    }
    qnames.sort(compareJava);
    let result = formatList(qnames.map(quote), conjunction);
    if (decls.size > 0) {
      const d = [...decls].map(([ns, prefix]) => `${prefix ? `xmlns:${prefix}` : 'xmlns'}=${quoteValue(ns)}`).sort(compareJava);
      result = `${result} (with ${d.join(' ')})`;
    }
    return result;
  }

  private prefixFor(ns: string): string | undefined {
    if (ns === XML_NS) return 'xml';
    const seen = new Set<string>();
    for (let o: Bindings | null = this.bindings; o; o = Object.getPrototypeOf(o)) {
      for (const prefix of Object.keys(o)) {
        if (seen.has(prefix)) continue;
        seen.add(prefix);
        // like jing, the default namespace counts: its prefix is ""
        if (o[prefix] === ns) return prefix;
      }
    }
    return undefined;
  }

  private choosePrefixes(nsSet: Set<string>, decls: Map<string, string>): void {
    const list = [...nsSet].sort(compareJava);
    const generated = ['ns', 'ns-', 'ns_', 'NS', 'NS-', 'NS_'];
    for (let i = 0; ; i++) {
      const prefix = i < generated.length ? generated[i] : `${'_'.repeat(i - generated.length + 1)}ns`;
      const candidates = list.map((_ns, k) => (list.length === 1 ? prefix : `${prefix}${k + 1}`));
      if (candidates.every((c) => this.bindings[c] === undefined)) {
        list.forEach((ns, k) => decls.set(ns, candidates[k]));
        return;
      }
    }
  }

  /** jing's description of why a value does not match (after "is invalid"). */
  private dataFailures(p: Pattern, value: string): string {
    const messages: string[] = [];
    const values: string[] = [];
    let except = false;
    let tokenNote: string | null = null;
    const seen = new Set<Pattern>();
    const visit = (q: Pattern, s: string): void => {
      if (seen.has(q)) return;
      seen.add(q);
      switch (q.kind) {
        case K.After: visit(q.a as Pattern, s); break;
        case K.Choice:
          for (let c = q; ; c = c.b as Pattern) {
            visit(c.kind === K.Choice ? (c.a as Pattern) : c, s);
            if (c.kind !== K.Choice) break;
          }
          break;
        case K.Data: {
          const m = q.dt?.check(s, this);
          if (m) messages.push(m);
          break;
        }
        case K.DataExcept: {
          const m = q.dt?.check(s, this);
          if (m) messages.push(m);
          else except = true;
          break;
        }
        case K.Value: values.push(q.valueText as string); break;
        case K.List: {
          const tokens = splitTokens(s);
          let d = q.a as Pattern;
          for (const token of tokens) {
            const next = this.b.textDeriv(d, token, this);
            if (next.kind === K.NotAllowed) {
              tokenNote = `token ${quoteValue(token)} invalid`;
              this.firstDataPatterns(d).forEach((x) => visit(x, token));
              return;
            }
            d = next;
          }
          if (!d.nullable) {
            tokenNote = 'missing token';
            this.firstDataPatterns(d).forEach((x) => {
              if (x.kind === K.Data || x.kind === K.DataExcept) {
                const m = this.describeData(x);
                if (m) messages.push(m);
              } else if (x.kind === K.Value) values.push(x.valueText as string);
            });
          }
          break;
        }
        default:
      }
    };
    visit(p, value);
    if (except && messages.length === 0 && values.length === 0) return '';
    const all = [...new Set(messages)];
    if (values.length > 0) all.push(`must be equal to ${formatList([...new Set(values)].sort(compareJava).map(quoteValue), 'or')}`);
    if (all.length === 0) return '';
    const arg = formatList(all, 'or');
    return tokenNote ? `; ${tokenNote}; ${arg}` : `; ${arg}`;
  }

  /** What a data pattern requires, for "missing token" messages: why the empty token fails, if it does. */
  private describeData(p: Pattern): string | null {
    return p.dt?.check('', this) ?? null;
  }

  private firstDataPatterns(p: Pattern): Pattern[] {
    const out: Pattern[] = [];
    const visit = (q: Pattern): void => {
      switch (q.kind) {
        case K.Data: case K.DataExcept: case K.Value: out.push(q); break;
        case K.Choice: case K.Interleave: visit(q.a as Pattern); visit(q.b as Pattern); break;
        case K.Group: visit(q.a as Pattern); if ((q.a as Pattern).nullable) visit(q.b as Pattern); break;
        case K.OneOrMore: visit(q.a as Pattern); break;
        default:
      }
    };
    visit(p);
    return out;
  }
}

function quote(qname: string): string {
  return `"${qname}"`;
}

function quoteValue(s: string): string {
  return `"${s.replace(/[<"&\n\r\t]/g, (c) => ({ '<': '&lt;', '"': '&quot;', '&': '&amp;', '\n': '&#xA;', '\r': '&#xD;', '\t': '&#x9;' })[c] as string)}"`;
}

function formatList(list: string[], conjunction: 'and' | 'or'): string {
  if (list.length <= 1) return list[0] ?? '';
  if (list.length === 2) return `${list[0]} ${conjunction} ${list[1]}`;
  return `${list.slice(0, -1).join(', ')} ${conjunction} ${list[list.length - 1]}`;
}

/** Java's String.compareTo order (UTF-16 code units), which jing uses to sort names. */
function compareJava(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The DTD-compatibility ID-types of the attributes of an element name (jing's IdTypeMap), computed on first
 * use: attributes whose content is an ID, IDREF or IDREFS datatype, in element patterns naming it exactly.
 */
export function idTypesOf(builder: PatternBuilder, nameId: number): Map<number, IdType> | null {
  let atts: Map<number, IdType> | null = null;
  for (const el of builder.elementsNamed(nameId)) {
    if (!simpleNames(el.nc as NameClass)) continue;
    const seen = new Set<Pattern>();
    const stack: Pattern[] = [el.a as Pattern];
    while (stack.length > 0) {
      const p = stack.pop() as Pattern;
      if (seen.has(p) || !p.hasAtts) continue;
      seen.add(p);
      switch (p.kind) {
        case K.Attribute: {
          const t = idTypeOf(p.a as Pattern);
          const nc = p.nc as NameClass;
          if (t !== IdType.None && nc.kind === 'name') (atts ??= new Map()).set(nc.id, t);
          break;
        }
        case K.Choice: case K.Group: case K.Interleave: stack.push(p.a as Pattern, p.b as Pattern); break;
        case K.OneOrMore: stack.push(p.a as Pattern); break;
        default:
      }
    }
  }
  return atts;
}

function simpleNames(nc: NameClass): number[] | null {
  if (nc.kind === 'name') return [nc.id];
  if (nc.kind === 'choice') {
    const a = simpleNames(nc.a);
    const b = simpleNames(nc.b);
    return a && b ? [...a, ...b] : null;
  }
  return null;
}
