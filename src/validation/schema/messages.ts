import type { Diagnostic } from '../../diagnostics/diagnostic';
import { findAttribute, PositionIndex } from '../../xml/positions';
import type { XmlAttribute, XmlElement } from '../../xml/tree';

/** One libxml2 RelaxNG message about one document, as printed. */
export interface LibxmlMessage {
  /** The line libxml2 gives (where the start tag of the element ends); undefined when it gives none. */
  line?: number;
  /** The element named in the "element X:" prefix. */
  element?: string;
  /** The message after "Relax-NG validity error : ". */
  text: string;
  raw: string;
}

/** What the schema declares, for telling an unknown attribute from a bad value. */
export interface SchemaFacts {
  declaresAttribute(name: string): boolean;
}

interface Interpreted {
  message: LibxmlMessage;
  /** Lower is more specific; cascades (a parent failing because a child did) rank high. */
  rank: number;
  kind: string;
  groups: string[];
  element?: XmlElement;
  attribute?: XmlAttribute;
}

/** libxml2's RelaxNG messages (relaxng.c, xmlRelaxNGGetErrorString), most specific first. */
const KINDS: Array<{ kind: string; rank: number; pattern: RegExp }> = [
  { kind: 'type-value', rank: 1, pattern: /^Type (\S+) doesn't allow value '([\s\S]*)'$/ },
  { kind: 'invalid-attribute', rank: 1, pattern: /^Invalid attribute (\S+) for element (\S+)$/ },
  { kind: 'unexpected-element', rank: 1, pattern: /^Did not expect element (\S+) there$/ },
  { kind: 'expected-element', rank: 1, pattern: /^Expecting element (\S+), got (\S+)$/ },
  { kind: 'wrong-namespace', rank: 1, pattern: /^Element (\S+) has wrong namespace: expecting (\S*)$/ },
  { kind: 'needs-namespace', rank: 1, pattern: /^Expecting a namespace for element (\S+)$/ },
  { kind: 'needs-no-namespace', rank: 1, pattern: /^Expecting no namespace for element (\S+)$/ },
  { kind: 'unexpected-text', rank: 1, pattern: /^Did not expect text in element (\S+) content$/ },
  { kind: 'text-instead-of-element', rank: 1, pattern: /^Expecting an element got text$/ },
  { kind: 'interleave-extra', rank: 1, pattern: /^Extra element (\S+) in interleave$/ },
  { kind: 'duplicate-id', rank: 1, pattern: /^ID (\S+) redefined$/ },
  { kind: 'not-empty', rank: 1, pattern: /^Expecting element (\S+) to be empty$/ },
  { kind: 'data-has-elements', rank: 1, pattern: /^(?:Datatype|Value|List) element (\S+) has child elements$/ },
  { kind: 'data-missing', rank: 1, pattern: /^Datatype element (\S+) contains no data$/ },
  { kind: 'bad-datatype', rank: 1, pattern: /^Error validating datatype (\S+)$/ },
  { kind: 'bad-value', rank: 1, pattern: /^Error validating value ?([\s\S]*)$/ },
  { kind: 'bad-list', rank: 1, pattern: /^(?:Error validating list|Extra data in list: ?[\s\S]*)$/ },
  { kind: 'attributes-failed', rank: 3, pattern: /^Element (\S+) failed to validate attributes$/ },
  { kind: 'missing-element', rank: 4, pattern: /^Expecting an element ?(\S*), got nothing$/ },
  { kind: 'extra-content', rank: 5, pattern: /^Element (\S+) has extra content: (\S+)$/ },
  { kind: 'content-failed', rank: 6, pattern: /^Element (\S+) failed to validate content$/ },
  { kind: 'interleave-sequence', rank: 6, pattern: /^Invalid sequence in interleave$/ },
];

const ATTRIBUTE_VALUE_KINDS = new Set(['type-value', 'invalid-attribute', 'bad-datatype', 'bad-value', 'bad-list']);

/** Plain words for the XML Schema datatypes TEI schemas use. */
const TYPE_WORDS: Record<string, string> = {
  date: 'a calendar date (YYYY-MM-DD)',
  gYearMonth: 'a year and month (YYYY-MM)',
  gYear: 'a year (YYYY)',
  dateTime: 'a date and time (YYYY-MM-DDThh:mm:ss)',
  time: 'a time (hh:mm:ss)',
  integer: 'a whole number',
  nonNegativeInteger: 'a whole number (0 or more)',
  positiveInteger: 'a whole number (1 or more)',
  decimal: 'a number',
  double: 'a number',
  float: 'a number',
  boolean: 'true or false',
  ID: 'an XML name usable as an identifier (no spaces; not starting with a digit)',
  IDREF: 'the identifier of an element in this document',
  NCName: 'a name without spaces or colons',
  Name: 'an XML name',
  NMTOKEN: 'a single word without spaces',
  anyURI: 'a URI',
  language: 'a language tag (such as en or de-AT)',
  token: 'a value',
};

/**
 * Turns libxml2's terse RelaxNG messages for one document into diagnostics an editor can act on:
 * each gets the column of the element (or attribute) it is about, plain words, and the original in
 * `raw`. Messages that only repeat an error already reported (a parent "has extra content" because a
 * child failed, "failed to validate attributes" after the attribute was named) are folded into the
 * message they follow from, so one mistake reads as one error.
 */
export function interpretMessages(file: string, messages: LibxmlMessage[], index: PositionIndex | undefined, facts: SchemaFacts): Diagnostic[] {
  const items: Interpreted[] = messages.map((message) => {
    for (const { kind, rank, pattern } of KINDS) {
      const match = pattern.exec(message.text);
      if (match) return { message, rank, kind, groups: match.slice(1) };
    }
    return { message, rank: 2, kind: 'other', groups: [] };
  });

  if (index) {
    for (const item of items) locate(item, index);
    // libxml2 prints some messages without a line; they concern an element another message locates.
    for (const item of items) if (!item.element) relocate(item, items, index);
  }

  const kept: Interpreted[] = [];
  const folded = new Map<Interpreted, Interpreted[]>();
  const fold = (item: Interpreted, into: Interpreted): void => {
    const list = folded.get(into) ?? [];
    list.push(item);
    folded.set(into, list);
  };
  for (const item of [...items].sort((a, b) => a.rank - b.rank)) {
    const host = cascadeHost(item, kept);
    if (host) fold(item, host);
    else kept.push(item);
  }

  return kept
    .map((item) => {
      const position = item.attribute ?? item.element;
      const others = folded.get(item) ?? [];
      const diagnostic: Diagnostic = {
        file,
        line: position?.line ?? item.message.line ?? 0,
        column: position?.column ?? (item.message.line ? 1 : 0),
        severity: 'error',
        rule: ruleFor(item.kind),
        layer: 'schema',
        message: explain(item, facts, index),
        raw: [item, ...others].map((entry) => entry.message.raw).join('\n'),
      };
      return diagnostic;
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

function locate(item: Interpreted, index: PositionIndex): void {
  const { line, element } = item.message;
  if (line === undefined) return;
  const name = element ?? subjectName(item);
  if (name) {
    const attributeName = item.kind === 'invalid-attribute' ? item.groups[0] : undefined;
    const value = item.kind === 'type-value' ? item.groups[1] : undefined;
    item.element = index.findReported(line, name, (candidate) =>
      attributeName ? Boolean(findAttribute(candidate, attributeName)) : value !== undefined ? candidate.attributes.some((a) => a.value === value) : true,
    );
  }
  if (!item.element) item.element = index.elementsOnLine(line)[0];
  if (item.element) item.attribute = findAttributeFor(item, item.element);
}

function relocate(item: Interpreted, items: Interpreted[], index: PositionIndex): void {
  const name = subjectName(item);
  if (!name) return;
  const later = items.slice(items.indexOf(item) + 1).concat(items.slice(0, items.indexOf(item)));
  for (const other of later) {
    if (other.message.line === undefined) continue;
    const candidate = index.findReported(other.message.line, name);
    if (candidate) {
      item.element = candidate;
      break;
    }
  }
  if (!item.element) {
    const all = index.named(name);
    if (all.length === 1) item.element = all[0];
  }
  if (item.element) item.attribute = findAttributeFor(item, item.element);
}

/** The element a message is about, from its text, when the "element X:" prefix is missing. */
function subjectName(item: Interpreted): string | undefined {
  switch (item.kind) {
    case 'invalid-attribute':
      return item.groups[1];
    case 'attributes-failed':
    case 'content-failed':
    case 'unexpected-element':
    case 'wrong-namespace':
    case 'needs-namespace':
    case 'needs-no-namespace':
    case 'unexpected-text':
    case 'not-empty':
      return item.groups[0];
    case 'extra-content':
      return item.groups[1];
    default:
      return undefined;
  }
}

function findAttributeFor(item: Interpreted, element: XmlElement): XmlAttribute | undefined {
  if (item.kind === 'invalid-attribute') return findAttribute(element, item.groups[0]);
  if (item.kind === 'type-value') return element.attributes.find((attribute) => attribute.value === item.groups[1]);
  return undefined;
}

function isWithin(element: XmlElement | undefined, ancestor: XmlElement): boolean {
  for (let current = element; current; current = current.parent ?? undefined) if (current === ancestor) return true;
  return false;
}

/** The already-kept message this one merely follows from, if any. */
function cascadeHost(item: Interpreted, kept: Interpreted[]): Interpreted | undefined {
  if (item.rank <= 2) return undefined;
  const sameLine = (other: Interpreted): boolean => other.message.line !== undefined && other.message.line === item.message.line;
  const element = item.element;
  switch (item.kind) {
    case 'attributes-failed':
      return kept.find((other) => ATTRIBUTE_VALUE_KINDS.has(other.kind) && (element ? other.element === element : sameLine(other)));
    case 'missing-element':
    case 'content-failed':
      return kept.find((other) => (element ? isWithin(other.element, element) : sameLine(other)));
    case 'extra-content': {
      const parent = element?.parent ?? undefined;
      return kept.find((other) => (parent ? isWithin(other.element, parent) : sameLine(other)));
    }
    case 'interleave-sequence':
      return kept.find((other) => sameLine(other) || (element !== undefined && isWithin(other.element, element)));
    default:
      return undefined;
  }
}

function ruleFor(kind: string): string {
  switch (kind) {
    case 'type-value':
    case 'bad-datatype':
    case 'bad-value':
    case 'bad-list':
    case 'data-missing':
      return 'rng-value-invalid';
    case 'invalid-attribute':
    case 'attributes-failed':
      return 'rng-attribute-invalid';
    case 'unexpected-element':
    case 'expected-element':
    case 'interleave-extra':
    case 'extra-content':
      return 'rng-element-unexpected';
    case 'missing-element':
      return 'rng-content-missing';
    case 'unexpected-text':
    case 'text-instead-of-element':
      return 'rng-text-unexpected';
    case 'wrong-namespace':
    case 'needs-namespace':
    case 'needs-no-namespace':
      return 'rng-namespace';
    case 'duplicate-id':
      return 'rng-id-duplicate';
    case 'not-empty':
    case 'data-has-elements':
    case 'content-failed':
    case 'interleave-sequence':
      return 'rng-content-invalid';
    default:
      return 'rng-invalid';
  }
}

/** The start tag as written, values shortened: `<persName ref="register.xml#carter">`. */
export function startTag(element: XmlElement): string {
  const attributes = element.attributes
    .filter((attribute) => !attribute.name.startsWith('xmlns'))
    .map((attribute) => ` ${attribute.name}="${attribute.value.length > 40 ? `${attribute.value.slice(0, 39)}…` : attribute.value}"`);
  return `<${element.name}${attributes.join('')}>`;
}

function typeWords(type: string): string {
  return TYPE_WORDS[type] ?? `a valid ${type}`;
}

function explain(item: Interpreted, facts: SchemaFacts, index: PositionIndex | undefined): string {
  const [a, b] = item.groups;
  const element = item.element;
  const inside = element?.parent ? ` inside <${element.parent.name}>` : '';
  switch (item.kind) {
    case 'type-value': {
      const attribute = item.attribute;
      if (attribute) return `${attribute.name}="${b}" on <${element!.name}> is not ${typeWords(a)}`;
      return `"${b}"${element ? ` in <${element.name}>` : ''} is not ${typeWords(a)}`;
    }
    case 'invalid-attribute': {
      const attribute = item.attribute;
      const shown = attribute?.name ?? a;
      if (attribute && attribute.local === 'id' && attribute.ns && index) {
        const twins = index.tree.elements.filter((other) => other !== element && other.attributes.some((x) => x.name === attribute.name && x.value === attribute.value));
        if (twins.length > 0) return `${shown}="${attribute.value}" is already used on line ${twins[0].line}; identifiers must be unique`;
      }
      if (!facts.declaresAttribute(shown)) return `<${b}> has an attribute ${shown} that the schema does not define`;
      return `${shown}${attribute ? `="${attribute.value}"` : ''} is not allowed on <${b}> here, or its value is not one the schema accepts`;
    }
    case 'unexpected-element':
      return `<${a}> is not allowed here${inside}`;
    case 'expected-element':
      return `expected <${a}> here, found <${b}>`;
    case 'wrong-namespace':
      return `<${a}> is in the wrong namespace; the schema expects ${b || 'no namespace'}`;
    case 'needs-namespace':
      return `<${a}> is in no namespace; the schema expects a namespace (TEI: add xmlns="http://www.tei-c.org/ns/1.0" to the root element)`;
    case 'needs-no-namespace':
      return `<${a}> must not be in a namespace`;
    case 'unexpected-text':
      return `<${a}> may not contain text here`;
    case 'text-instead-of-element':
      return `text found${element ? ` in <${element.name}>` : ''} where the schema expects an element`;
    case 'interleave-extra':
      return `<${a}> is not allowed here, or appears more often than allowed${inside}`;
    case 'duplicate-id':
      return `the identifier "${a}" is used more than once`;
    case 'not-empty':
      return `<${a}> must be empty`;
    case 'data-has-elements':
      return `<${a}> must contain only text, not elements`;
    case 'data-missing':
      return `<${a}> is empty but must contain a value`;
    case 'bad-datatype':
      return `a value${element ? ` on <${element.name}>` : ''} is not ${typeWords(a)}`;
    case 'bad-value':
      return a ? `"${a}" is not one of the values the schema allows here` : `a value${element ? ` on <${element.name}>` : ''} is not one the schema allows`;
    case 'bad-list':
      return `a list of values${element ? ` on <${element.name}>` : ''} is not valid`;
    case 'attributes-failed':
      return `${element ? startTag(element) : `<${a}>`} is missing an attribute the schema requires, or has an attribute or value it does not allow`;
    case 'missing-element':
      return a ? `<${element?.name ?? 'element'}> is incomplete: a required <${a}> is missing` : `<${element?.name ?? 'element'}> is incomplete: required content is missing`;
    case 'extra-content':
      return `<${b}> is not allowed at this point inside <${a}> (out of order, repeated, or not permitted there)`;
    case 'content-failed':
      return `the content of <${a}> does not match the schema`;
    case 'interleave-sequence':
      return `the content${element ? ` of <${element.name}>` : ''} is not in an order the schema allows`;
    default:
      return item.message.text;
  }
}
