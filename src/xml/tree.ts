/**
 * A light, position-aware XML tree of a well-formed document.
 *
 * fast-xml-parser says whether a document is well-formed, but keeps no positions; libxml2 reports
 * lines without columns; SaxonJS reports nodes without positions. This scanner gives every element its
 * start line and column (and each attribute its own), in document order, so every layer can report
 * `file:line:column`. It also enforces the few well-formedness constraints fast-xml-parser lets through
 * (a second root element, undefined entities, unbound namespace prefixes, `<` in attribute values,
 * forbidden control characters). In strict mode it also refuses whatever fast-xml-parser would, so that
 * most documents need this scan alone (src/xml/wellformed.ts).
 */

import { MAX_ELEMENT_DEPTH, MAX_TEXT_CHARS } from '../limits';

export const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units (characters for all but astral-plane text). */
  column: number;
}

export interface XmlAttribute extends Position {
  /** The qualified name as written (`xml:id`, `ref`). */
  name: string;
  local: string;
  /** Namespace URI ('' for unprefixed attributes). */
  ns: string;
  /** The value with entity and character references replaced. */
  value: string;
}

export interface XmlElement extends Position {
  /** 0-based position among all elements, in document order (the order XPath uses). */
  index: number;
  name: string;
  local: string;
  ns: string;
  attributes: readonly XmlAttribute[];
  parent: XmlElement | null;
  /** Child elements and text, in order. Text is decoded; comments and PIs are left out. */
  children: ReadonlyArray<XmlElement | string>;
  /** Line on which the start tag ends (`>`): libxml2 reports an element at this line. */
  tagEndLine: number;
}

export interface XmlProcessingInstruction extends Position {
  target: string;
  data: string;
  /** True when the PI comes before the root element (where `xml-model` PIs belong). */
  inProlog: boolean;
}

export interface XmlTree {
  root: XmlElement;
  /** Every element in document order; `elements[i].index === i`. */
  elements: XmlElement[];
  processingInstructions: XmlProcessingInstruction[];
}

/** `limit-exceeded`: deeper or longer than src/limits.ts allows. `xml-dtd-refused`: a DOCTYPE that would make a parser read a file, fetch a URL or expand entities. */
export type XmlSyntaxRule = 'xml-malformed' | 'xml-dtd-refused' | 'limit-exceeded';

export class XmlSyntaxError extends Error {
  constructor(message: string, readonly line: number, readonly column: number, readonly rule: XmlSyntaxRule = 'xml-malformed') {
    super(message);
  }
}

const PREDEFINED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
// Characters XML 1.0 forbids anywhere in a document (C0 controls other than tab, LF, CR).
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
/** fast-xml-parser's XML name (its util.js), for the strict scan: names it would refuse leave the fast path. */
const VALIDATOR_NAME = /^[:A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD][:A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\-.\d\u00B7\u0300-\u036F\u203F-\u2040]*$/;

/**
 * A piece of the text, shared with earlier equal pieces. Documents repeat short strings (names,
 * indentation, attribute values) hundreds of thousands of times, and the tree keeps them all: sharing
 * them takes the test corpus's trees from 181 to 141 MB, at no cost in time. (The RelaxNG engine's
 * parser keeps none, and sharing did not pay there.) The cache is direct-mapped: bounded, never growing.
 */
function piece(text: string, from: number, end: number): string {
  const length = end - from;
  if (length > MAX_PIECE || length <= 0) return text.slice(from, end);
  let hash = length;
  for (let i = from; i < end; i += 1) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  const slot = (hash ^ (hash >>> 15)) & (PIECES.length - 1);
  const known = PIECES[slot];
  if (known !== undefined && known.length === length && text.startsWith(known, from)) return known;
  return (PIECES[slot] = ownCopy(text.slice(from, end)));
}

/**
 * A string that does not keep `text`'s document alive. V8 makes a slice of 13 characters or more a view into
 * the string it was cut from, and the view keeps that whole string in memory: a piece kept in PIECES, or a
 * processing instruction kept in the validation state, would keep its whole document (measured: 22 MB of a
 * build's main heap at 500 generated documents was their texts, held so). Concatenating first makes V8 copy
 * the characters into a string of their own, the slice of which holds only that.
 */
function ownCopy(text: string): string {
  return (` ${text}`).slice(1);
}

const MAX_PIECE = 32;
const PIECES = new Array<string | undefined>(16384);

/**
 * The attributes or children of an element that has none: one shared array. A document has hundreds of
 * thousands of elements, most with one child or none; arrays that grow by `push` start with room for 17
 * items, which made these arrays a third of the tree's memory. Nothing may add to it: XmlElement's arrays
 * are read-only to every module but this one, whose `append` gives an element its own array first. It is
 * not frozen: V8 takes every loop, `some` or `find` over an array that is sometimes frozen off its fast
 * path (measured: 3–4 times slower, an allocation per item for `for…of`), and the rules loop over the
 * attributes and children of every element.
 */
const NONE: never[] = [];

function append(parent: XmlElement, child: XmlElement | string): void {
  if (parent.children === NONE) parent.children = [child];
  else (parent.children as Array<XmlElement | string>).push(child);
}

/** A name's first character: `[A-Za-z_:\u00C0-\uFFFF]`. */
function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || c >= 0xc0;
}
/** A name's other characters: `[-A-Za-z0-9_:.\u00B7\u00C0-\uFFFF]`. */
function isNameChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x3a || c === 0x2d || c === 0x2e || c === 0xb7 || c >= 0xc0;
}
/** JavaScript's `\s` (the lenient scan's white space). */
function isJsSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x80 && /\s/.test(String.fromCharCode(c)));
}
/** XML's white space (all the strict scan accepts). */
function isXmlSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** Maps string offsets to line and column. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): Position {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.starts[low] + 1 };
  }

  /** The offset of a 1-based line and column (`position`'s inverse). */
  offset(position: Position): number {
    return (this.starts[position.line - 1] ?? this.text.length) + position.column - 1;
  }

  /**
   * The 0-based line of each of a series of offsets that never decrease (a scan's tags and attributes):
   * amortised constant time each, where `position` searches.
   */
  forward(): LineCursor {
    return new LineCursor(this.starts);
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const start = this.starts[line - 1];
    if (start === undefined) return '';
    const end = line < this.starts.length ? this.starts[line] - 1 : this.text.length;
    return this.text.slice(start, end).replace(/\r$/, '');
  }

  get lineCount(): number {
    return this.starts.length;
  }
}

/** LineIndex.forward's cursor. */
export class LineCursor {
  private k = 0;

  constructor(private readonly starts: readonly number[]) {}

  /** The 0-based line of `offset`, which is not before the offset of the previous call. */
  line(offset: number): number {
    const starts = this.starts;
    let k = this.k;
    while (k + 1 < starts.length && starts[k + 1] <= offset) k += 1;
    this.k = k;
    return k;
  }

  /** The offset at which the line of the previous call starts. */
  lineStart(): number {
    return this.starts[this.k];
  }
}

export interface ParseOptions {
  /**
   * Also refuse (as XmlSyntaxError) everything fast-xml-parser's validator might refuse, and a little
   * more, so that a document this accepts is one the validator accepts: checkWellFormed's fast path
   * (src/xml/wellformed.ts). Without it, the scan checks only what the validator lets through.
   */
  strict?: boolean;
  /**
   * Keep text (and CDATA) in `children` (default true). Without it, children are elements only: for a
   * caller that reads only elements and attributes (`validate --no-rules`): the test corpus's trees
   * take 117 MB instead of 141 MB. Text is checked all the same (references, length).
   */
  text?: boolean;
}

/**
 * Parses a document that fast-xml-parser has accepted (or, `strict`, any document). Throws
 * XmlSyntaxError (with a position) for the well-formedness errors it finds itself.
 */
export function parseXmlTree(text: string, lines = new LineIndex(text), options: ParseOptions = {}): XmlTree {
  return new TreeScanner(text, lines, options.strict === true, options.text !== false).scan();
}

type Fail = (message: string, offset: number, rule?: XmlSyntaxRule) => never;

/**
 * The scan of one document. Why a class of small methods rather than one function: this is the hottest
 * code of a validation run, and V8 optimises it while it runs (on the first large document, in lenient
 * mode for a schema and then strict for the documents). In one large function every branch first taken
 * later (CDATA, a DOCTYPE, a character reference, strict checks) threw the optimised code away and had
 * the whole function compiled again: 5–6 TurboFan compiles of 0.2–1.6 s each (under load) in a run of the
 * test corpus. Small methods are compiled, and if need be compiled again, one by one; the rare branches
 * sit in methods of their own, out of the hot ones.
 */
class TreeScanner {
  private readonly elements: XmlElement[] = [];
  private readonly processingInstructions: XmlProcessingInstruction[] = [];
  private readonly declaredEntities = new Set<string>();
  private readonly stack: XmlElement[] = [];
  private readonly nsStack: Array<Map<string, string>> = [new Map([['xml', XML_NS]])];
  private readonly at: LineCursor;
  private root: XmlElement | null = null;
  private rootClosed = false;
  private pos = 0;
  // Whether text not kept has a reference to check: the next "&" at or after an offset, found again only
  // once the scan has passed it (the text nodes come in order).
  private nextAmpersand = -2;
  /** Set by namespaceOf: the colon's offset in the name it last saw, and the prefix. */
  private colon = -1;
  private prefix = '';
  // The attributes of the start tag being read (reused: one set of arrays per scan).
  private readonly attributeNames: string[] = [];
  private readonly attributeValues: string[] = [];
  private readonly attributeOffsets: number[] = [];
  private attributeCount = 0;
  private declares = false;
  /** `fail` as a function, for skipDoctype. */
  private readonly failure: Fail = (message, offset, rule) => this.fail(message, offset, rule);

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly strict: boolean,
    private readonly keepText: boolean,
  ) {
    this.at = lines.forward();
  }

  scan(): XmlTree {
    const text = this.text;
    const forbidden = FORBIDDEN_CHAR.exec(text);
    if (forbidden) this.fail(`the character U+${forbidden[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`, forbidden.index);
    while (this.pos < text.length) {
      const pos = this.pos;
      const lt = text.indexOf('<', pos);
      const textEnd = lt < 0 ? text.length : lt;
      if (textEnd > pos) this.characters(pos, textEnd);
      if (lt < 0) break;
      const next = text.charCodeAt(lt + 1);
      if (next === 0x2f /* / */) this.endTag(lt);
      else if (next === 0x21 /* ! */) this.declaration(lt);
      else if (next === 0x3f /* ? */) this.processingInstruction(lt);
      else this.startTag(lt);
    }
    if (!this.root) this.fail('the document has no root element', 0);
    if (this.stack.length > 0) {
      // Where the editor must look: the start tag of the innermost element left open, not the end of the file.
      const open = this.stack[this.stack.length - 1];
      throw new XmlSyntaxError(`the element <${open.name}> is never closed: the file ends before its end tag`, open.line, open.column);
    }
    return { root: this.root!, elements: this.elements, processingInstructions: this.processingInstructions };
  }

  private fail(message: string, offset: number, rule?: XmlSyntaxRule): never {
    const { line, column } = this.lines.position(offset);
    throw new XmlSyntaxError(message, line, column, rule);
  }

  /** The text from `from` to `to` (the next "<"). */
  private characters(from: number, to: number): void {
    if (to - from > MAX_TEXT_CHARS) this.fail(`a text of ${to - from} characters, over the limit of ${MAX_TEXT_CHARS} per text node (see SECURITY.md)`, from, 'limit-exceeded');
    const stack = this.stack;
    if (stack.length === 0) this.outsideRoot(from, to);
    else if (this.keepText) append(stack[stack.length - 1], this.decode(piece(this.text, from, to), from));
    else if (this.ampersandBefore(from, to)) this.decode(this.text.slice(from, to), from); // checked, not kept
  }

  private ampersandBefore(from: number, to: number): boolean {
    if (this.nextAmpersand !== -1 && this.nextAmpersand < from) this.nextAmpersand = this.text.indexOf('&', from);
    return this.nextAmpersand >= 0 && this.nextAmpersand < to;
  }

  private outsideRoot(from: number, to: number): void {
    const text = this.text;
    if (this.strict) {
      for (let i = from; i < to; i += 1) if (!isXmlSpace(text.charCodeAt(i)) && !(i === 0 && text.charCodeAt(0) === 0xfeff)) this.fail('text outside the root element', i);
    } else {
      const raw = text.slice(from, to);
      if (raw.trim() !== '') this.fail('text is not allowed outside the root element', from + raw.search(/\S/));
    }
  }

  /** `<!`: a comment, a CDATA section or a DOCTYPE (anything else is read as a start tag, and refused). */
  private declaration(pos: number): void {
    const text = this.text;
    if (text.startsWith('<!--', pos)) {
      const end = text.indexOf('-->', pos + 4);
      if (end < 0) this.fail('a comment is not closed (missing -->)', pos);
      const dashes = text.indexOf('--', pos + 4);
      if (dashes < end) this.fail('"--" is not allowed inside a comment', dashes);
      this.pos = end + 3;
    } else if (text.startsWith('<![CDATA[', pos)) {
      const end = text.indexOf(']]>', pos);
      if (end < 0) this.fail('a CDATA section is not closed (missing ]]>)', pos);
      if (this.stack.length === 0) this.fail('a CDATA section is not allowed outside the root element', pos);
      if (this.keepText) append(this.stack[this.stack.length - 1], text.slice(pos + 9, end));
      this.pos = end + 3;
    } else if (text.startsWith('<!DOCTYPE', pos)) {
      if (this.root) this.fail('a DOCTYPE declaration is not allowed after the root element starts', pos);
      const end = skipDoctype(text, pos, this.declaredEntities, this.failure);
      // fast-xml-parser skips a DOCTYPE by counting "<" and ">", quoted or not: it must end where ours does.
      if (this.strict && validatorDoctypeEnd(text, pos) !== end - 1) this.fail('a DOCTYPE fast-xml-parser reads differently', pos);
      this.pos = end;
    } else {
      this.startTag(pos);
    }
  }

  private processingInstruction(pos: number): void {
    const text = this.text;
    const end = text.indexOf('?>', pos + 2);
    if (end < 0) this.fail('a processing instruction is not closed (missing ?>)', pos);
    const body = text.slice(pos + 2, end);
    const target = /^[^\s?]+/.exec(body)?.[0] ?? '';
    if (target.toLowerCase() === 'xml' && pos !== 0 && !(pos === 1 && text.charCodeAt(0) === 0xfeff)) {
      this.fail('the XML declaration is only allowed at the very start of the file', pos);
    }
    if (target.toLowerCase() !== 'xml') {
      const line = this.at.line(pos);
      this.processingInstructions.push({ target: ownCopy(target), data: ownCopy(body.slice(target.length).trim()), line: line + 1, column: pos - this.at.lineStart() + 1, inProlog: this.root === null });
    }
    this.pos = end + 2;
  }

  private endTag(pos: number): void {
    const text = this.text;
    const end = text.indexOf('>', pos);
    let name: string;
    if (this.strict) {
      // `</name>`, white space allowed before ">" only
      const stop = this.nameEnd(pos + 2);
      if (stop === pos + 2 || skipXmlSpace(text, stop) !== end) this.fail('a malformed end tag', pos);
      name = text.slice(pos + 2, stop);
    } else {
      name = text.slice(pos + 2, end).trim();
    }
    const open = this.stack.pop();
    if (!open || open.name !== name) this.fail(`closing tag </${name}> does not match the open element${open ? ` <${open.name}>` : ''}`, pos);
    this.nsStack.pop();
    if (this.stack.length === 0) this.rootClosed = true;
    this.pos = end + 1;
  }

  private startTag(pos: number): void {
    const text = this.text;
    if (this.rootClosed) this.fail('only one root element is allowed; this element comes after the end of the root element', pos);
    const nameStop = this.nameEnd(pos + 1);
    if (nameStop === pos + 1) this.fail('an element name is expected after "<"', pos);
    const name = piece(text, pos + 1, nameStop);
    if (this.strict) this.strictElementName(pos + 1, nameStop);
    const cursor = this.readAttributes(nameStop);
    const selfClosing = text.charCodeAt(cursor) === 0x2f;
    if (this.strict && (selfClosing ? text.charCodeAt(cursor + 1) !== 0x3e : text.charCodeAt(cursor) !== 0x3e)) this.fail('a start tag is not closed', cursor);
    const tagEnd = selfClosing ? cursor + 1 : cursor;

    // Elements that declare no namespace share their parent's bindings.
    const bindings = this.declares ? this.declaredBindings() : this.nsStack[this.nsStack.length - 1];
    this.nsStack.push(bindings);
    const ns = this.namespaceOf(name, false, bindings);
    if (ns === undefined) this.fail(`the namespace prefix "${this.prefix}" (in ${name}) is not declared`, pos);
    const local = this.localOf(name, pos + 1);
    const line = this.at.line(pos);
    const column = pos - this.at.lineStart() + 1;
    const attributes = this.attributeCount === 0 ? NONE : this.attributes(bindings);
    const stack = this.stack;
    const element: XmlElement = {
      index: this.elements.length,
      name,
      local,
      ns: ns!,
      line: line + 1,
      column,
      tagEndLine: this.at.line(tagEnd) + 1, // after the attributes: `at` only moves forward
      attributes,
      parent: stack.length > 0 ? stack[stack.length - 1] : null,
      children: NONE,
    };
    this.elements.push(element);
    if (element.parent) append(element.parent, element);
    else this.root = element;
    if (selfClosing) {
      this.nsStack.pop();
      if (stack.length === 0) this.rootClosed = true;
    } else {
      stack.push(element);
      if (stack.length > MAX_ELEMENT_DEPTH) this.fail(`elements nest more than ${MAX_ELEMENT_DEPTH} deep here, over the limit (see SECURITY.md)`, pos, 'limit-exceeded');
    }
    this.pos = tagEnd + 1;
  }

  /**
   * Reads the attributes of a start tag from the end of its name into attributeNames, attributeValues
   * and attributeOffsets (raw), sets attributeCount and declares (whether one is a namespace
   * declaration), and returns the offset of the tag's ">" or "/".
   */
  private readAttributes(nameStop: number): number {
    const text = this.text;
    const strict = this.strict;
    let cursor = nameStop;
    let count = 0;
    let declares = false;
    for (;;) {
      const spaced = this.skipSpace(cursor);
      const ch = text.charCodeAt(spaced);
      if (ch === 0x3e /* > */ || ch === 0x2f /* / */ || Number.isNaN(ch)) {
        cursor = spaced;
        break;
      }
      if (strict && spaced === cursor) this.fail('no white space before an attribute', cursor);
      cursor = spaced;
      const attributeStop = this.nameEnd(cursor);
      if (attributeStop === cursor) this.fail('an attribute name is expected', cursor);
      const attributeOffset = cursor;
      const attributeName = piece(text, cursor, attributeStop);
      cursor = this.skipSpace(attributeStop);
      if (strict) this.strictAttributeName(attributeOffset, attributeStop, attributeName, cursor, count);
      cursor = this.skipSpace(cursor + 1); // past '='
      const quote = text[cursor];
      if (strict && quote !== '"' && quote !== "'") this.fail('an unquoted attribute value', cursor);
      const valueEnd = text.indexOf(quote, cursor + 1);
      if (strict && valueEnd < 0) this.fail('an attribute value is not closed', cursor);
      if (valueEnd - cursor > MAX_TEXT_CHARS) this.fail(`an attribute value of ${valueEnd - cursor - 1} characters, over the limit of ${MAX_TEXT_CHARS} (see SECURITY.md)`, cursor, 'limit-exceeded');
      const rawValue = piece(text, cursor + 1, valueEnd);
      const lessThan = rawValue.indexOf('<');
      if (lessThan >= 0) this.fail(`"<" is not allowed in an attribute value (in ${attributeName}); write &lt;`, cursor + 1 + lessThan);
      this.attributeNames[count] = attributeName;
      this.attributeValues[count] = rawValue;
      this.attributeOffsets[count] = attributeOffset;
      count += 1;
      if (attributeName.startsWith('xmlns')) declares = true;
      cursor = valueEnd + 1;
    }
    this.attributeCount = count;
    this.declares = declares;
    return cursor;
  }

  /** The bindings of a start tag that declares namespaces: its parent's, with its own declarations. */
  private declaredBindings(): Map<string, string> {
    const bindings = new Map(this.nsStack[this.nsStack.length - 1]);
    for (let i = 0; i < this.attributeCount; i += 1) {
      const attributeName = this.attributeNames[i];
      if (attributeName === 'xmlns') bindings.set('', this.decode(this.attributeValues[i], this.attributeOffsets[i]));
      else if (attributeName.startsWith('xmlns:')) bindings.set(attributeName.slice(6), this.decode(this.attributeValues[i], this.attributeOffsets[i]));
    }
    return bindings;
  }

  /** The attributes readAttributes read, with their namespaces and decoded values. */
  private attributes(bindings: Map<string, string>): XmlAttribute[] {
    const count = this.attributeCount;
    const attributes = new Array<XmlAttribute>(count);
    for (let i = 0; i < count; i += 1) {
      const attributeName = this.attributeNames[i];
      const offset = this.attributeOffsets[i];
      const attributeNs = this.namespaceOf(attributeName, true, bindings);
      if (attributeNs === undefined) this.fail(`the namespace prefix "${this.prefix}" (in ${attributeName}) is not declared`, offset);
      const attributeLocal = this.localOf(attributeName, offset);
      let value = this.decode(this.attributeValues[i], offset);
      if (hasTabOrLineBreak(value)) value = value.replace(/[\t\n\r]/g, ' ');
      const line = this.at.line(offset) + 1;
      attributes[i] = { name: attributeName, local: attributeLocal, ns: attributeNs!, value, line, column: offset - this.at.lineStart() + 1 };
    }
    return attributes;
  }

  /** Strict: the checks of an element name beyond ours (see validatorName). */
  private strictElementName(from: number, nameStop: number): void {
    this.validatorName(from, nameStop);
    const after = this.text.charCodeAt(nameStop);
    if (!isXmlSpace(after) && after !== 0x3e /* > */ && after !== 0x2f /* / */) this.fail('an element name runs into other characters', nameStop);
  }

  /** Strict: the checks of an attribute name (`cursor`: after it and its white space), and that it is not repeated among the first `count`. */
  private strictAttributeName(from: number, stop: number, name: string, cursor: number, count: number): void {
    this.validatorName(from, stop);
    if (this.text.charCodeAt(cursor) !== 0x3d /* = */) this.fail('"=" is expected after an attribute name', cursor);
    for (let i = 0; i < count; i += 1) if (this.attributeNames[i] === name) this.fail('a repeated attribute', from);
  }

  /**
   * Strict: a name fast-xml-parser's validator accepts (for ASCII names, the same rule as ours), with no
   * character the lenient scan would take for white space between names (U+3000, U+FEFF…).
   */
  private validatorName(from: number, end: number): void {
    const text = this.text;
    for (let i = from; i < end; i += 1) {
      if (text.charCodeAt(i) >= 0x80) {
        const name = text.slice(from, end);
        if (!VALIDATOR_NAME.test(name) || /\s/.test(name)) this.fail('a name fast-xml-parser refuses, or with white space in it', from);
        return;
      }
    }
  }

  /** The end of the name starting at `from` (`from` itself when there is none). */
  private nameEnd(from: number): number {
    const text = this.text;
    if (!isNameStart(text.charCodeAt(from))) return from;
    let end = from + 1;
    while (isNameChar(text.charCodeAt(end))) end += 1;
    return end;
  }

  private skipSpace(from: number): number {
    return this.strict ? skipXmlSpace(this.text, from) : skipJsSpace(this.text, from);
  }

  /** Sets `colon` and `prefix`, and returns the namespace of a qualified name (undefined: its prefix is not declared). */
  private namespaceOf(qname: string, isAttribute: boolean, bindings: Map<string, string>): string | undefined {
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    this.colon = colon;
    this.prefix = prefix;
    if (prefix === 'xmlns' || (prefix === '' && qname === 'xmlns')) return 'http://www.w3.org/2000/xmlns/';
    if (isAttribute && prefix === '') return '';
    const ns = bindings.get(prefix);
    return ns === undefined && prefix === '' ? '' : ns;
  }

  /** The local part of the qualified name namespaceOf last saw, which starts at `from` in the text. */
  private localOf(qname: string, from: number): string {
    return this.colon < 0 ? qname : piece(this.text, from + this.colon + 1, from + qname.length);
  }

  /** Text or an attribute value with its references replaced. */
  private decode(raw: string, offset: number): string {
    if (raw.indexOf('&') < 0) return raw;
    return this.strict ? this.decodeStrict(raw, offset) : this.decodeLenient(raw, offset);
  }

  private decodeLenient(raw: string, offset: number): string {
    return raw.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[^;&\s]+);/g, (match, ref: string, from: number) => {
      if (ref.startsWith('#')) return this.characterReference(ref, offset + from);
      if (ref in PREDEFINED_ENTITIES) return PREDEFINED_ENTITIES[ref];
      if (this.declaredEntities.has(ref)) return match; // declared in the internal subset: kept as written
      return this.fail(`the entity &${ref}; is not defined`, offset + from);
    });
  }

  /**
   * Strict: every "&" starts a predefined entity or a character reference (what both fast-xml-parser and
   * the lenient decoding accept, and decode alike).
   */
  private decodeStrict(raw: string, offset: number): string {
    let out = '';
    let last = 0;
    for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', last)) {
      const semi = raw.indexOf(';', amp + 1);
      const ref = semi < 0 ? '' : raw.slice(amp + 1, semi);
      let value = PREDEFINED_ENTITIES[ref];
      if (value === undefined) {
        if (!/^#(?:[0-9]+|x[0-9a-fA-F]+)$/.test(ref)) this.fail('not a predefined entity or character reference', offset + amp);
        value = this.characterReference(ref, offset + amp);
      }
      out += raw.slice(last, amp) + value;
      last = semi + 1;
    }
    return last === 0 ? raw : out + raw.slice(last);
  }

  private characterReference(ref: string, offset: number): string {
    const code = ref.startsWith('#x') ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    // XML 1.0's Char production: a reference cannot smuggle in what the text itself may not hold.
    const isChar = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
    if (!isChar) this.fail(`the character reference &${ref}; is not a character allowed in XML`, offset);
    return String.fromCodePoint(code);
  }
}

/** The offset of the first character at or after `from` that is not XML white space. */
function skipXmlSpace(text: string, from: number): number {
  let i = from;
  while (isXmlSpace(text.charCodeAt(i))) i += 1;
  return i;
}

/** The offset of the first character at or after `from` that is not JavaScript white space (the lenient scan's). */
function skipJsSpace(text: string, from: number): number {
  let i = from;
  while (isJsSpace(text.charCodeAt(i))) i += 1;
  return i;
}

/** Whether a value holds a tab, CR or LF (which the value gives as a space). */
function hasTabOrLineBreak(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if (c === 0x09 || c === 0x0a || c === 0x0d) return true;
  }
  return false;
}

/** Where fast-xml-parser's validator takes a DOCTYPE at `start` to end: the ">" that balances its "<"s. */
function validatorDoctypeEnd(text: string, start: number): number {
  let depth = 1;
  for (let i = start + 9; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x3c) depth += 1;
    else if (c === 0x3e && --depth === 0) return i;
  }
  return -1;
}

/**
 * Skips the DOCTYPE, refusing (xml-dtd-refused) everything in it that a parser would act on: an
 * external DTD, external or parameter entities (file and network reads: XXE) and entity declarations
 * of any kind (expansion attacks such as "billion laughs"; SaxonJS, which publishes, cannot read them
 * either). Element and attribute-list declarations and comments are harmless and skipped.
 */
function skipDoctype(text: string, start: number, entities: Set<string>, fail: (message: string, offset: number, rule?: XmlSyntaxRule) => never): number {
  let pos = start + 9;
  let inSubset = false;
  while (pos < text.length) {
    const ch = text[pos];
    if (ch === '"' || ch === "'") {
      const end = text.indexOf(ch, pos + 1);
      if (end < 0) break;
      pos = end + 1;
    } else if (ch === '[') {
      inSubset = true;
      pos += 1;
    } else if (ch === ']') {
      inSubset = false;
      pos += 1;
    } else if (inSubset && text.startsWith('<!--', pos)) {
      pos = text.indexOf('-->', pos) + 3;
      if (pos < 3) break;
    } else if (inSubset && text.startsWith('<!ENTITY', pos)) {
      const declaration = /^<!ENTITY\s+(%\s+)?([^\s]+)\s+(?:(SYSTEM|PUBLIC)\b\s*((?:["'][^"']*["']\s*){0,2}))?/.exec(text.slice(pos, pos + 2200));
      const name = declaration?.[2] ?? '';
      if (declaration?.[1]) {
        fail(`the DOCTYPE declares the parameter entity %${name};: tei-edition never reads DTDs or expands parameter entities: remove the declaration`, pos, 'xml-dtd-refused');
      } else if (declaration?.[3]) {
        fail(`the entity &${name}; is external (${declaration[3]} ${(declaration[4] ?? '').trim()}): tei-edition never reads a file or URL a document names; put the text itself in the document`, pos, 'xml-dtd-refused');
      }
      entities.add(name);
      fail(`the DOCTYPE declares the entity &${name};: entity declarations are not supported (the edition cannot be published from them, and nested ones can expand without limit): write the text, or a character reference such as &#x2014;, instead`, pos, 'xml-dtd-refused');
    } else if (!inSubset && /^(SYSTEM|PUBLIC)\b/.test(text.slice(pos, pos + 7)) && /\s/.test(text[pos - 1])) {
      const identifier = /^(?:SYSTEM|PUBLIC)\s*(?:["'][^"']*["']\s*){0,2}/.exec(text.slice(pos, pos + 2200))?.[0].trim() ?? '';
      fail(`the DOCTYPE names an external DTD (${identifier}): tei-edition never reads DTDs (the RelaxNG schema named in the xml-model validates); remove the DOCTYPE or its external identifier`, pos, 'xml-dtd-refused');
    } else if (ch === '>' && !inSubset) {
      return pos + 1;
    } else {
      pos += 1;
    }
  }
  return fail('the DOCTYPE declaration is not closed', start);
}

/** The decoded text content of an element (all descendant text, in order). */
export function textContent(element: XmlElement): string {
  let out = '';
  for (const child of element.children) out += typeof child === 'string' ? child : textContent(child);
  return out;
}

export function attribute(element: XmlElement, name: string): string | undefined {
  return element.attributes.find((candidate) => candidate.name === name)?.value;
}

export function childElements(element: XmlElement): XmlElement[] {
  return element.children.filter((child): child is XmlElement => typeof child !== 'string');
}

/** The pseudo-attributes of a processing instruction such as `<?xml-model href="…" type="…"?>`. */
export function pseudoAttributes(data: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const match of data.matchAll(/([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    result[match[1]] = (match[2] ?? match[3])
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  }
  return result;
}

/**
 * The processing instructions before the root element, found without parsing the rest of the document
 * (`<?xml-model?>` lives there): lets the schema layer start while the documents are still being
 * parsed. Returns null when the prolog is not what a well-formed document's would be; the caller then
 * waits for parseXmlTree, whose answer is authoritative either way.
 */
export function prologProcessingInstructions(text: string): XmlProcessingInstruction[] | null {
  const found: Array<{ target: string; data: string; offset: number }> = [];
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (pos < text.length && /\s/.test(text[pos])) pos += 1;
    if (text.startsWith('<!--', pos)) {
      const end = text.indexOf('-->', pos + 4);
      if (end < 0) return null;
      pos = end + 3;
    } else if (text.startsWith('<!DOCTYPE', pos)) {
      try {
        pos = skipDoctype(text, pos, new Set(), () => {
          throw new Error('not a well-formed DOCTYPE');
        });
      } catch {
        return null;
      }
    } else if (text.startsWith('<?', pos)) {
      const end = text.indexOf('?>', pos + 2);
      if (end < 0) return null;
      const body = text.slice(pos + 2, end);
      const target = /^[^\s?]+/.exec(body)?.[0] ?? '';
      if (target.toLowerCase() !== 'xml') found.push({ target: ownCopy(target), data: ownCopy(body.slice(target.length).trim()), offset: pos });
      pos = end + 2;
    } else if (text[pos] === '<' && /[A-Za-z_:\u00C0-\uFFFF]/.test(text[pos + 1] ?? '')) {
      const lines = new LineIndex(text.slice(0, pos)); // positions in the prolog are the same in the whole text
      return found.map(({ target, data, offset }) => ({ target, data, ...lines.position(offset), inProlog: true }));
    } else {
      return null;
    }
  }
}
