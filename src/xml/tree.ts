/**
 * A light, position-aware XML tree of a well-formed document.
 *
 * fast-xml-parser says whether a document is well-formed, but keeps no positions; libxml2 reports
 * lines without columns; SaxonJS reports nodes without positions. This scanner gives every element its
 * start line and column (and each attribute its own), in document order, so every layer can report
 * `file:line:column`. It also enforces the few well-formedness constraints fast-xml-parser lets through
 * (a second root element, undefined entities, unbound namespace prefixes, `<` in attribute values,
 * forbidden control characters).
 */

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
  attributes: XmlAttribute[];
  parent: XmlElement | null;
  /** Child elements and text, in order. Text is decoded; comments and PIs are left out. */
  children: Array<XmlElement | string>;
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

export class XmlSyntaxError extends Error {
  constructor(message: string, readonly line: number, readonly column: number) {
    super(message);
  }
}

const PREDEFINED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME = /[A-Za-z_:\u00C0-\uFFFF][-A-Za-z0-9_:.\u00B7\u00C0-\uFFFF]*/y;
// Characters XML 1.0 forbids anywhere in a document (C0 controls other than tab, LF, CR).
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

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

/**
 * Parses a document that fast-xml-parser has accepted. Throws XmlSyntaxError (with a position) for
 * the well-formedness errors it finds itself.
 */
export function parseXmlTree(text: string, lines = new LineIndex(text)): XmlTree {
  const elements: XmlElement[] = [];
  const processingInstructions: XmlProcessingInstruction[] = [];
  const declaredEntities = new Set<string>();
  const stack: XmlElement[] = [];
  const nsStack: Array<Map<string, string>> = [new Map([['xml', XML_NS]])];
  let root: XmlElement | null = null;
  let rootClosed = false;
  let pos = 0;

  const fail = (message: string, offset: number): never => {
    const { line, column } = lines.position(offset);
    throw new XmlSyntaxError(message, line, column);
  };

  const forbidden = FORBIDDEN_CHAR.exec(text);
  if (forbidden) fail(`the character U+${forbidden[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`, forbidden.index);

  const decode = (raw: string, offset: number): string =>
    raw.indexOf('&') < 0
      ? raw
      : raw.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[^;&\s]+);/g, (match, ref: string, at: number) => {
          if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
          if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
          if (ref in PREDEFINED_ENTITIES) return PREDEFINED_ENTITIES[ref];
          if (declaredEntities.has(ref)) return match; // declared in the internal subset: kept as written
          return fail(`the entity &${ref}; is not defined`, offset + at);
        });

  const resolve = (qname: string, isAttribute: boolean, offset: number): { local: string; ns: string } => {
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    const local = colon < 0 ? qname : qname.slice(colon + 1);
    if (prefix === 'xmlns' || (prefix === '' && qname === 'xmlns')) return { local, ns: 'http://www.w3.org/2000/xmlns/' };
    if (isAttribute && prefix === '') return { local, ns: '' };
    const bindings = nsStack[nsStack.length - 1];
    const ns = bindings.get(prefix);
    if (ns === undefined) {
      if (prefix === '') return { local, ns: '' };
      return fail(`the namespace prefix "${prefix}" (in ${qname}) is not declared`, offset);
    }
    return { local, ns };
  };

  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    const textEnd = lt < 0 ? text.length : lt;
    if (textEnd > pos) {
      const raw = text.slice(pos, textEnd);
      if (stack.length > 0) stack[stack.length - 1].children.push(decode(raw, pos));
      else if (raw.trim() !== '') fail('text is not allowed outside the root element', pos + raw.search(/\S/));
    }
    if (lt < 0) break;
    pos = lt;

    if (text.startsWith('<!--', pos)) {
      const end = text.indexOf('-->', pos + 4);
      if (end < 0) fail('a comment is not closed (missing -->)', pos);
      const dashes = text.indexOf('--', pos + 4);
      if (dashes < end) fail('"--" is not allowed inside a comment', dashes);
      pos = end + 3;
    } else if (text.startsWith('<![CDATA[', pos)) {
      const end = text.indexOf(']]>', pos);
      if (end < 0) fail('a CDATA section is not closed (missing ]]>)', pos);
      if (stack.length === 0) fail('a CDATA section is not allowed outside the root element', pos);
      stack[stack.length - 1].children.push(text.slice(pos + 9, end));
      pos = end + 3;
    } else if (text.startsWith('<!DOCTYPE', pos)) {
      if (root) fail('a DOCTYPE declaration is not allowed after the root element starts', pos);
      pos = skipDoctype(text, pos, declaredEntities, fail);
    } else if (text.startsWith('<?', pos)) {
      const end = text.indexOf('?>', pos + 2);
      if (end < 0) fail('a processing instruction is not closed (missing ?>)', pos);
      const body = text.slice(pos + 2, end);
      const target = /^[^\s?]+/.exec(body)?.[0] ?? '';
      if (target.toLowerCase() === 'xml' && pos !== 0 && !(pos === 1 && text.charCodeAt(0) === 0xfeff)) {
        fail('the XML declaration is only allowed at the very start of the file', pos);
      }
      if (target.toLowerCase() !== 'xml') {
        const { line, column } = lines.position(pos);
        processingInstructions.push({ target, data: body.slice(target.length).trim(), line, column, inProlog: root === null });
      }
      pos = end + 2;
    } else if (text.startsWith('</', pos)) {
      const end = text.indexOf('>', pos);
      const name = text.slice(pos + 2, end).trim();
      const open = stack.pop();
      if (!open || open.name !== name) fail(`closing tag </${name}> does not match the open element${open ? ` <${open.name}>` : ''}`, pos);
      nsStack.pop();
      if (stack.length === 0) rootClosed = true;
      pos = end + 1;
    } else {
      if (rootClosed) fail('only one root element is allowed; this element comes after the end of the root element', pos);
      NAME.lastIndex = pos + 1;
      const nameMatch = NAME.exec(text);
      if (!nameMatch) fail('an element name is expected after "<"', pos);
      const name = nameMatch![0];
      let cursor = pos + 1 + name.length;
      const rawAttributes: Array<{ name: string; value: string; offset: number }> = [];
      for (;;) {
        while (/\s/.test(text[cursor] ?? '')) cursor += 1;
        const ch = text[cursor];
        if (ch === '>' || ch === '/' || ch === undefined) break;
        NAME.lastIndex = cursor;
        const attributeName = NAME.exec(text);
        if (!attributeName) fail('an attribute name is expected', cursor);
        const attributeOffset = cursor;
        cursor += attributeName![0].length;
        while (/\s/.test(text[cursor])) cursor += 1;
        cursor += 1; // '='
        while (/\s/.test(text[cursor])) cursor += 1;
        const quote = text[cursor];
        const valueEnd = text.indexOf(quote, cursor + 1);
        const rawValue = text.slice(cursor + 1, valueEnd);
        const lessThan = rawValue.indexOf('<');
        if (lessThan >= 0) fail(`"<" is not allowed in an attribute value (in ${attributeName![0]}); write &lt;`, cursor + 1 + lessThan);
        rawAttributes.push({ name: attributeName![0], value: rawValue, offset: attributeOffset });
        cursor = valueEnd + 1;
      }
      const selfClosing = text[cursor] === '/';
      const tagEnd = selfClosing ? cursor + 1 : cursor;

      const bindings = new Map(nsStack[nsStack.length - 1]);
      for (const attribute of rawAttributes) {
        if (attribute.name === 'xmlns') bindings.set('', decode(attribute.value, attribute.offset));
        else if (attribute.name.startsWith('xmlns:')) bindings.set(attribute.name.slice(6), decode(attribute.value, attribute.offset));
      }
      nsStack.push(bindings);
      const { local, ns } = resolve(name, false, pos);
      const start = lines.position(pos);
      const element: XmlElement = {
        index: elements.length,
        name,
        local,
        ns,
        line: start.line,
        column: start.column,
        tagEndLine: lines.position(tagEnd).line,
        attributes: rawAttributes.map((attribute) => {
          const resolved = resolve(attribute.name, true, attribute.offset);
          return {
            name: attribute.name,
            ...resolved,
            value: decode(attribute.value, attribute.offset).replace(/[\t\n\r]/g, ' '),
            ...lines.position(attribute.offset),
          };
        }),
        parent: stack.length > 0 ? stack[stack.length - 1] : null,
        children: [],
      };
      elements.push(element);
      if (element.parent) element.parent.children.push(element);
      else root = element;
      if (selfClosing) {
        nsStack.pop();
        if (stack.length === 0) rootClosed = true;
      } else {
        stack.push(element);
      }
      pos = tagEnd + 1;
    }
  }
  if (!root) fail('the document has no root element', 0);
  if (stack.length > 0) fail(`the element <${stack[stack.length - 1].name}> is not closed`, text.length);
  return { root: root!, elements, processingInstructions };
}

function skipDoctype(text: string, start: number, entities: Set<string>, fail: (message: string, offset: number) => never): number {
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
      const declaration = /^<!ENTITY\s+(%\s+)?([^\s]+)/.exec(text.slice(pos, pos + 200));
      if (declaration && !declaration[1]) entities.add(declaration[2]);
      pos += 8;
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
      if (target.toLowerCase() !== 'xml') found.push({ target, data: body.slice(target.length).trim(), offset: pos });
      pos = end + 2;
    } else if (text[pos] === '<' && /[A-Za-z_:\u00C0-\uFFFF]/.test(text[pos + 1] ?? '')) {
      const lines = new LineIndex(text.slice(0, pos)); // positions in the prolog are the same in the whole text
      return found.map(({ target, data, offset }) => ({ target, data, ...lines.position(offset), inProlog: true }));
    } else {
      return null;
    }
  }
}
