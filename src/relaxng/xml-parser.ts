/**
 * A small, fast, non-validating XML 1.0 parser for the validator: it reports start tags, end tags and text
 * with string offsets (positions are computed only when an error needs one), checks well-formedness, and
 * never loads anything: no external DTD, no external entities. General entities declared in the internal
 * subset are expanded (as text).
 *
 * Why not a general-purpose parser: the validator needs only these events, and scanning with indexOf and
 * char codes instead of a character-by-character state machine makes parsing several times faster.
 */

export class XmlSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

export interface XmlEvents {
  /** `attrs` is flat: name, value, name, value... (values decoded and normalised); `end` is the offset after `>`. */
  startTag(name: string, attrs: string[], end: number): void;
  /** Also called right after startTag for an empty-element tag, with the same `end`. */
  endTag(name: string, end: number): void;
  /** Character data (entities expanded, line ends normalised); `start`/`end` are raw offsets. */
  text(text: string, start: number, end: number): void;
}

/** Converts string offsets to 1-based lines and columns (columns in UTF-16 units, as Java counts them). */
export class LineMap {
  private starts: number[] | null = null;
  constructor(private readonly src: string) {}

  position(offset: number): { line: number; column: number } {
    if (this.starts === null) {
      const starts = [0];
      const s = this.src;
      if (s.indexOf('\r') < 0) {
        for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) starts.push(i + 1);
      } else {
        for (let i = 0; i < s.length; i++) {
          const c = s.charCodeAt(i);
          if (c === 10) starts.push(i + 1);
          else if (c === 13 && s.charCodeAt(i + 1) !== 10) starts.push(i + 1);
        }
      }
      this.starts = starts;
    }
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  }
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const INVALID_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
/**
 * The code units that may start a character INVALID_CHAR matches: controls, U+FFFE/U+FFFF and every
 * surrogate. Searching for these without the `u` flag is several times faster (the `u` search over a
 * whole document took 15% of validation); only the surrogates found need a second look.
 */
// eslint-disable-next-line no-control-regex
const SUSPECT_UNIT = /[\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/g;

/** The offset of the first character XML does not allow (a lone surrogate included), or -1. */
function firstInvalidChar(s: string): number {
  SUSPECT_UNIT.lastIndex = 0;
  for (let m = SUSPECT_UNIT.exec(s); m !== null; m = SUSPECT_UNIT.exec(s)) {
    const c = s.charCodeAt(m.index);
    if (c < 0xd800 || c > 0xdbff) return m.index; // a control, U+FFFE/U+FFFF, or a low surrogate with no high one before it
    const next = s.charCodeAt(m.index + 1);
    if (!(next >= 0xdc00 && next <= 0xdfff)) return m.index;
    SUSPECT_UNIT.lastIndex = m.index + 2; // a pair: a character from U+10000 up
  }
  return -1;
}

function isNameStartCode(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a;
  return (c >= 0xc0 && c <= 0xd6) || (c >= 0xd8 && c <= 0xf6) || (c >= 0xf8 && c <= 0x2ff) || (c >= 0x370 && c <= 0x37d)
    || (c >= 0x37f && c <= 0x1fff) || (c >= 0x200c && c <= 0x200d) || (c >= 0x2070 && c <= 0x218f)
    || (c >= 0x2c00 && c <= 0x2fef) || (c >= 0x3001 && c <= 0xd7ff) || (c >= 0xf900 && c <= 0xfdcf)
    || (c >= 0xfdf0 && c <= 0xfffd) || (c >= 0xd800 && c <= 0xdbff); // a high surrogate starts U+10000..EFFFF
}
function isNameCode(c: number): boolean {
  if (c < 0x80) {
    return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x3a || c === 0x2d || c === 0x2e;
  }
  return isNameStartCode(c) || c === 0xb7 || (c >= 0x300 && c <= 0x36f) || (c >= 0x203f && c <= 0x2040) || (c >= 0xdc00 && c <= 0xdfff);
}
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** Parses a whole document, calling the events; throws XmlSyntaxError at the first well-formedness error. */
export function parseXml(src: string, events: XmlEvents): void {
  new Parser(src, events).parse();
}

class Parser {
  private pos = 0;
  private readonly stack: string[] = [];
  /** Internal general entities; null for an external one (declared, never loaded). */
  private readonly entities: Record<string, string | null> = Object.create(null);
  private sawRoot = false;

  constructor(private readonly s: string, private readonly ev: XmlEvents) {}

  private fail(message: string, at = this.pos): never {
    throw new XmlSyntaxError(message, at);
  }

  parse(): void {
    const s = this.s;
    const bad = firstInvalidChar(s);
    if (bad >= 0) this.fail(`character U+${(s.codePointAt(bad) as number).toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`, bad);
    if (s.charCodeAt(0) === 0xfeff) this.pos = 1;
    if (s.startsWith('<?xml', this.pos) && isSpace(s.charCodeAt(this.pos + 5))) this.xmlDeclaration();
    const n = s.length;
    while (this.pos < n) {
      const lt = s.indexOf('<', this.pos);
      if (lt !== this.pos) {
        const end = lt < 0 ? n : lt;
        this.characters(this.pos, end);
        this.pos = end;
        if (lt < 0) break;
      }
      const c = s.charCodeAt(lt + 1);
      if (c === 0x2f /* / */) this.endTag();
      else if (c === 0x21 /* ! */) {
        if (s.startsWith('<!--', lt)) this.comment();
        else if (s.startsWith('<![CDATA[', lt)) this.cdata();
        else if (s.startsWith('<!DOCTYPE', lt)) this.doctype();
        else this.fail('markup declaration not allowed here');
      } else if (c === 0x3f /* ? */) this.processingInstruction();
      else this.startTag();
    }
    if (this.stack.length > 0) this.fail(`element "${this.stack[this.stack.length - 1]}" is not closed at the end of the document`, n);
    if (!this.sawRoot) this.fail('the document has no root element', n);
  }

  private name(): string {
    const s = this.s;
    const start = this.pos;
    if (!isNameStartCode(s.charCodeAt(start))) this.fail('a name was expected');
    let i = start + 1;
    while (i < s.length && isNameCode(s.charCodeAt(i))) i++;
    this.pos = i;
    return s.slice(start, i);
  }

  private skipSpace(): boolean {
    const s = this.s;
    const start = this.pos;
    while (isSpace(s.charCodeAt(this.pos))) this.pos++;
    return this.pos > start;
  }

  private expect(literal: string, what = `"${literal}"`): void {
    if (!this.s.startsWith(literal, this.pos)) this.fail(`${what} expected`);
    this.pos += literal.length;
  }

  private characters(start: number, end: number): void {
    const s = this.s;
    if (this.stack.length === 0) {
      for (let i = start; i < end; i++) {
        if (!isSpace(s.charCodeAt(i))) this.fail(this.sawRoot ? 'content is not allowed after the root element' : 'content is not allowed before the root element', i);
      }
      return;
    }
    let text = s.slice(start, end);
    const cdataEnd = text.indexOf(']]>');
    if (cdataEnd >= 0) this.fail('"]]>" is not allowed in character data', start + cdataEnd);
    if (text.indexOf('&') >= 0) text = this.expand(text, start, false);
    if (text.indexOf('\r') >= 0) text = text.replace(/\r\n?/g, '\n');
    this.ev.text(text, start, end);
  }

  /** Expands references in text or (attribute = true) in an attribute value, which is also normalised. */
  private expand(raw: string, offset: number, attribute: boolean): string {
    let out = '';
    let last = 0;
    for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', last)) {
      let chunk = raw.slice(last, amp);
      if (attribute) chunk = chunk.replace(/\r\n|[\t\n\r]/g, ' ');
      out += chunk;
      const semi = raw.indexOf(';', amp);
      if (semi < 0) this.fail('a reference must end with ";"', offset + amp);
      const ref = raw.slice(amp + 1, semi);
      if (ref.charCodeAt(0) === 0x23 /* # */) {
        const cp = ref[1] === 'x' ? (/^x[0-9a-fA-F]+$/.test(ref.slice(1)) ? parseInt(ref.slice(2), 16) : NaN)
          : /^[0-9]+$/.test(ref.slice(1)) ? parseInt(ref.slice(1), 10) : NaN;
        if (!(cp >= 0 && cp <= 0x10ffff) || INVALID_CHAR.test(String.fromCodePoint(cp))) this.fail(`invalid character reference "&${ref};"`, offset + amp);
        out += String.fromCodePoint(cp);
      } else {
        const value = PREDEFINED[ref] ?? this.entities[ref];
        if (value === undefined) this.fail(`the entity "${ref}" was referenced, but not declared`, offset + amp);
        if (value === null) this.fail(`the entity "${ref}" is external: external entities are never loaded`, offset + amp);
        out += attribute ? value.replace(/[\t\n\r]/g, ' ') : value;
      }
      last = semi + 1;
    }
    let rest = raw.slice(last);
    if (attribute) rest = rest.replace(/\r\n|[\t\n\r]/g, ' ');
    return out + rest;
  }

  private startTag(): void {
    const s = this.s;
    if (this.stack.length === 0 && this.sawRoot) this.fail('only one root element is allowed');
    this.pos++; // <
    const name = this.name();
    const attrs: string[] = [];
    for (;;) {
      const spaced = this.skipSpace();
      const c = s.charCodeAt(this.pos);
      if (c === 0x3e /* > */) {
        this.pos++;
        this.sawRoot = true;
        this.stack.push(name);
        this.ev.startTag(name, attrs, this.pos);
        return;
      }
      if (c === 0x2f /* / */) {
        if (s.charCodeAt(this.pos + 1) !== 0x3e) this.fail('">" expected after "/"');
        this.pos += 2;
        this.sawRoot = true;
        this.ev.startTag(name, attrs, this.pos);
        this.ev.endTag(name, this.pos);
        return;
      }
      if (Number.isNaN(c)) this.fail(`element "${name}": the start tag is not closed`);
      if (!spaced) this.fail(`element "${name}": white space is required before an attribute`);
      const attName = this.name();
      for (let i = 0; i < attrs.length; i += 2) {
        if (attrs[i] === attName) this.fail(`attribute "${attName}" appears more than once in element "${name}"`);
      }
      this.skipSpace();
      this.expect('=', `"=" after attribute "${attName}"`);
      this.skipSpace();
      const q = s.charCodeAt(this.pos);
      if (q !== 0x22 && q !== 0x27) this.fail(`the value of attribute "${attName}" must be quoted`);
      const close = s.indexOf(q === 0x22 ? '"' : "'", this.pos + 1);
      if (close < 0) this.fail(`the value of attribute "${attName}" is not closed`);
      const raw = s.slice(this.pos + 1, close);
      const lt = raw.indexOf('<');
      if (lt >= 0) this.fail(`"<" is not allowed in the value of attribute "${attName}"`, this.pos + 1 + lt);
      let value = raw;
      if (raw.indexOf('&') >= 0) value = this.expand(raw, this.pos + 1, true);
      else if (/[\t\n\r]/.test(raw)) value = raw.replace(/\r\n|[\t\n\r]/g, ' ');
      attrs.push(attName, value);
      this.pos = close + 1;
    }
  }

  private endTag(): void {
    const start = this.pos;
    this.pos += 2; // </
    const name = this.name();
    this.skipSpace();
    this.expect('>', `">" to close the end tag "${name}"`);
    const open = this.stack.pop();
    if (open === undefined) this.fail(`end tag "${name}" without a start tag`, start);
    if (open !== name) this.fail(`the element type "${open}" must be terminated by the matching end-tag "</${open}>"`, start);
    this.ev.endTag(name, this.pos);
  }

  private comment(): void {
    const s = this.s;
    const end = s.indexOf('--', this.pos + 4);
    if (end < 0) this.fail('comment not closed');
    if (s.charCodeAt(end + 2) !== 0x3e) this.fail('"--" is not allowed inside a comment', end);
    this.pos = end + 3;
  }

  private cdata(): void {
    if (this.stack.length === 0) this.fail('a CDATA section is only allowed inside the root element');
    const start = this.pos + 9;
    const end = this.s.indexOf(']]>', start);
    if (end < 0) this.fail('CDATA section not closed');
    let text = this.s.slice(start, end);
    if (text.indexOf('\r') >= 0) text = text.replace(/\r\n?/g, '\n');
    this.pos = end + 3;
    this.ev.text(text, start, end);
  }

  private processingInstruction(): void {
    const s = this.s;
    this.pos += 2;
    const target = this.name();
    if (target.toLowerCase() === 'xml') this.fail('the XML declaration is only allowed at the start of the document');
    if (target.includes(':')) this.fail('a processing instruction target cannot contain ":"');
    const end = s.indexOf('?>', this.pos);
    if (end < 0) this.fail('processing instruction not closed');
    if (end > this.pos && !isSpace(s.charCodeAt(this.pos))) this.fail('white space is required after the processing instruction target');
    this.pos = end + 2;
  }

  private xmlDeclaration(): void {
    const end = this.s.indexOf('?>', this.pos);
    if (end < 0) this.fail('XML declaration not closed');
    const decl = this.s.slice(this.pos + 5, end);
    if (!/^\s+version\s*=\s*("1\.[0-9]+"|'1\.[0-9]+')(\s+encoding\s*=\s*("[A-Za-z][\w.-]*"|'[A-Za-z][\w.-]*'))?(\s+standalone\s*=\s*("(yes|no)"|'(yes|no)'))?\s*$/.test(decl)) {
      this.fail('malformed XML declaration');
    }
    this.pos = end + 2;
  }

  private doctype(): void {
    const s = this.s;
    if (this.sawRoot) this.fail('the document type declaration must come before the root element');
    this.pos += 9;
    if (!this.skipSpace()) this.fail('white space expected after "<!DOCTYPE"');
    this.name();
    this.skipSpace();
    if (s.startsWith('SYSTEM', this.pos) || s.startsWith('PUBLIC', this.pos)) {
      // the external subset is never read
      const pub = s.startsWith('PUBLIC', this.pos);
      this.pos += 6;
      this.quoted();
      if (pub) this.quoted();
      this.skipSpace();
    }
    if (s.charCodeAt(this.pos) === 0x5b /* [ */) {
      this.pos++;
      this.internalSubset();
      this.skipSpace();
    }
    this.expect('>', '">" to close the document type declaration');
  }

  private quoted(): string {
    this.skipSpace();
    const q = this.s.charCodeAt(this.pos);
    if (q !== 0x22 && q !== 0x27) this.fail('a quoted literal was expected');
    const close = this.s.indexOf(q === 0x22 ? '"' : "'", this.pos + 1);
    if (close < 0) this.fail('literal not closed');
    const value = this.s.slice(this.pos + 1, close);
    this.pos = close + 1;
    return value;
  }

  /** Skips markup declarations; remembers internal general entities. */
  private internalSubset(): void {
    const s = this.s;
    for (;;) {
      this.skipSpace();
      if (this.pos >= s.length) this.fail('internal subset not closed');
      if (s.charCodeAt(this.pos) === 0x5d /* ] */) {
        this.pos++;
        return;
      }
      if (s.startsWith('<!--', this.pos)) {
        this.comment();
      } else if (s.startsWith('<?', this.pos)) {
        this.processingInstruction();
      } else if (s.startsWith('<!ENTITY', this.pos)) {
        this.pos += 8;
        this.skipSpace();
        const parameter = s.charCodeAt(this.pos) === 0x25 /* % */;
        if (parameter) {
          this.pos++;
          this.skipSpace();
        }
        const name = this.name();
        this.skipSpace();
        if (s.startsWith('SYSTEM', this.pos) || s.startsWith('PUBLIC', this.pos)) {
          // an external entity: declared but never loaded; a reference to it is an error
          if (!parameter && !(name in this.entities)) this.entities[name] = null;
          this.skipDeclaration();
          continue;
        }
        const value = this.quoted();
        if (!parameter && !(name in this.entities)) this.entities[name] = this.expandEntityValue(value);
        this.skipSpace();
        this.expect('>', '">" to close the entity declaration');
      } else if (s.startsWith('<!', this.pos)) {
        this.skipDeclaration();
      } else if (s.charCodeAt(this.pos) === 0x25 /* % */) {
        const semi = s.indexOf(';', this.pos);
        if (semi < 0) this.fail('parameter entity reference not closed');
        this.pos = semi + 1;
      } else {
        this.fail('markup declaration expected in the internal subset');
      }
    }
  }

  private expandEntityValue(value: string): string {
    return value.replace(/&#x([0-9a-fA-F]+);|&#([0-9]+);/g, (_m, hex, dec) => String.fromCodePoint(hex ? parseInt(hex, 16) : Number(dec)));
  }

  private skipDeclaration(): void {
    const s = this.s;
    let i = this.pos;
    let quote = 0;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === 0x22 || c === 0x27) quote = c;
      else if (c === 0x3e) break;
    }
    if (i >= s.length) this.fail('markup declaration not closed');
    this.pos = i + 1;
  }
}

export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/** In-scope namespace bindings: each element that declares namespaces gets an object chained to its parent's. */
export type Bindings = Record<string, string>;

/**
 * Namespaces in XML 1.0 on top of parseXml's events: declarations, prefix resolution (O(1) at any depth),
 * and the namespace well-formedness constraints. Errors are XmlSyntaxError at the given offset.
 */
export class NamespaceScope {
  bindings: Bindings = Object.create(null);
  private readonly saved: Bindings[] = [];

  /** Enters an element: applies its declarations (flat attrs as from parseXml). */
  push(attrs: string[], offset: number): void {
    this.saved.push(this.bindings);
    let declared: Bindings | null = null;
    for (let i = 0; i < attrs.length; i += 2) {
      const name = attrs[i];
      if (name.charCodeAt(0) !== 120 /* x */ || !name.startsWith('xmlns')) continue;
      let prefix: string;
      if (name.length === 5) prefix = '';
      else if (name.charCodeAt(5) === 58 /* : */) prefix = name.slice(6);
      else continue;
      const uri = attrs[i + 1];
      if (prefix === 'xmlns') throw new XmlSyntaxError('the prefix "xmlns" must not be declared', offset);
      if (prefix === 'xml' ? uri !== XML_NS : uri === XML_NS) throw new XmlSyntaxError(`the prefix "xml" is bound to ${XML_NS} and only it is`, offset);
      if (uri === XMLNS_NS) throw new XmlSyntaxError(`the namespace ${XMLNS_NS} must not be declared`, offset);
      if (prefix !== '' && uri === '') throw new XmlSyntaxError(`the prefix "${prefix}" cannot be undeclared in XML 1.0`, offset);
      if (declared === null) declared = Object.create(this.bindings) as Bindings;
      declared[prefix] = uri;
    }
    if (declared !== null) this.bindings = declared;
  }

  pop(): void {
    this.bindings = this.saved.pop() as Bindings;
  }

  /** [namespace URI, local name] of an element name. */
  element(qname: string, offset: number): [string, string] {
    const colon = qname.indexOf(':');
    if (colon < 0) return [this.bindings[''] ?? '', qname];
    return this.prefixed(qname, colon, offset);
  }

  /** [namespace URI, local name] of an attribute name (unprefixed: no namespace); null for a declaration. */
  attribute(qname: string, offset: number): [string, string] | null {
    const colon = qname.indexOf(':');
    if (colon < 0) return qname === 'xmlns' ? null : ['', qname];
    if (colon === 5 && qname.startsWith('xmlns')) return null;
    return this.prefixed(qname, colon, offset);
  }

  private prefixed(qname: string, colon: number, offset: number): [string, string] {
    const prefix = qname.slice(0, colon);
    const local = qname.slice(colon + 1);
    if (colon === 0 || local === '' || local.indexOf(':') >= 0) throw new XmlSyntaxError(`invalid qualified name "${qname}"`, offset);
    if (prefix === 'xmlns') throw new XmlSyntaxError(`"${qname}" uses the reserved prefix "xmlns"`, offset);
    const ns = prefix === 'xml' ? XML_NS : this.bindings[prefix];
    if (ns === undefined || ns === '') throw new XmlSyntaxError(`the prefix "${prefix}" of "${qname}" is not bound to a namespace`, offset);
    return [ns, local];
  }
}
