import { parseXml } from '../../src/relaxng/xml-parser';

/**
 * The repetition fuzzer's mutants. A TEI content model often lets an element repeat (respStmt has resp+,
 * a msIdentifier several altIdentifier, a correspAction several date, a bibl several title...) where most
 * documents have one; a stylesheet written against those documents may hand two nodes to something that
 * takes one (matches(), xs:date(), `eq`, an `as="xs:string?"` parameter) and the document fails to publish.
 *
 * For a valid document, the mutants repeat elements where the schema allows another of the same name:
 * every occurrence of a name is followed by a copy of itself (the copy of the original, so that nested
 * repetitions stay linear in size), in three variants: the same copy, a copy with other words, a copy
 * with other attribute values (dates a year later, other pointers, other types). Whether the schema
 * allows the repetition is decided by the caller's `valid` (validating the mutant), not guessed.
 * The elements whose repetition is valid are then repeated all at once, one mutant per variant: a document
 * that publishes shows that none of them breaks a transform; one that fails is taken apart name by name
 * (`mutantsByName`) to say which.
 */

export type Variant = 'same' | 'words' | 'attributes';
export const VARIANTS: Variant[] = ['same', 'words', 'attributes'];

interface Span {
  name: string;
  start: number;
  end: number;
  depth: number;
}

/** Every element of a document with its raw extent (start tag to end tag), in document order. */
export function elementSpans(xml: string): Span[] {
  const spans: Span[] = [];
  const open: Span[] = [];
  parseXml(xml, {
    startTag(name, _attrs, end) {
      const span = { name, start: xml.lastIndexOf('<', end - 1), end: -1, depth: open.length };
      spans.push(span);
      open.push(span);
    },
    endTag(_name, end) {
      open.pop()!.end = end;
    },
    text() {
      /* positions only */
    },
  });
  return spans;
}

const DATE_ATTRIBUTES = /\s(when|notBefore|notAfter|from|to|when-iso|notBefore-iso|notAfter-iso|from-iso|to-iso)="(-?\d{4})/g;
const POINTER_ATTRIBUTES = /\s(ref|target|corresp|key|who|ana|source|wit|resp|sameAs|facs|scheme|url)="([^"]*)"/g;
const TOKEN_ATTRIBUTES = /\s(type|subtype|role|n|reason|unit|rend|place|status|cert|evidence|form|scope|level)="([^"]*)"/g;

/** A copy of an element's markup, made different from the original as the variant says; its IDs get a suffix. */
export function variantCopy(markup: string, variant: Variant, serial: number): string {
  let copy = markup.replace(/(\sxml:id=")([^"]*)"/g, `$1$2-rep${serial}"`);
  if (variant === 'words') {
    // Text between tags: other words, the same shape (a date stays a date-like string, a number a number).
    copy = copy.replace(/>([^<]+)(?=<)/g, (_whole, text: string) => `>${otherWords(text)}`);
  } else if (variant === 'attributes') {
    copy = copy
      .replace(DATE_ATTRIBUTES, (_whole, name: string, year: string) => ` ${name}="${String(Number(year) + 1).padStart(4, '0')}`)
      .replace(POINTER_ATTRIBUTES, (_whole, name: string, value: string) => ` ${name}="${value.split(/\s+/).map((v) => (v.startsWith('#') ? `${v}-other` : v.replace(/([A-Za-z])$/, '$1x'))).join(' ')}"`)
      .replace(TOKEN_ATTRIBUTES, (_whole, name: string, value: string) => ` ${name}="${/^\d+$/.test(value) ? String(Number(value) + 1) : `${value}x`}"`);
  }
  return copy;
}

/** Other words of the same shape: letters shifted, digits kept (so "12 May 1850" stays a date of a kind). */
function otherWords(text: string): string {
  if (/&|;/.test(text)) return text;
  return text.replace(/[A-Za-z]+/g, (word) => (word.length > 2 ? `${word.slice(0, -1)}${word.endsWith('e') ? 'a' : 'e'}` : word));
}

/** The document with each chosen element (by its index in `spans`) followed by a copy of itself, as the variant says. */
export function repeatElements(xml: string, spans: Span[], chosen: Iterable<number>, variant: Variant): string {
  const inserts = [...chosen].map((index, serial) => ({ at: spans[index].end, markup: variantCopy(xml.slice(spans[index].start, spans[index].end), variant, serial + 1) }));
  inserts.sort((a, b) => a.at - b.at);
  let out = '';
  let from = 0;
  for (const { at, markup } of inserts) {
    out += xml.slice(from, at) + markup;
    from = at;
  }
  return out + xml.slice(from);
}

export interface Mutant {
  variant: Variant;
  /** The repeated element names. */
  names: string[];
  /** The repeated elements (indices in elementSpans). */
  elements: number[];
  xml: string;
}

/**
 * One mutant per variant that repeats every element whose repetition `valid` accepts. Names are tried whole
 * (every occurrence repeated), then, when that is refused, occurrence by occurrence (an idno may repeat in a
 * msIdentifier, not in an altIdentifier); what is accepted alone is then put together while it stays accepted.
 */
export function repetitionMutants(xml: string, valid: (mutant: string) => boolean, options: { maxElementChars?: number } = {}): Mutant[] {
  const maxChars = options.maxElementChars ?? 4000;
  const spans = elementSpans(xml);
  // The root is not repeated; nor are large elements (divisions, the body): their copies would multiply the document's size.
  const byName = new Map<string, number[]>();
  spans.forEach((span, index) => {
    if (span.depth > 0 && span.end - span.start <= maxChars) byName.set(span.name, [...(byName.get(span.name) ?? []), index]);
  });
  const names = [...byName.keys()].sort();
  const mutants: Mutant[] = [];
  for (const variant of VARIANTS) {
    const groups: number[][] = [];
    for (const name of names) {
      const occurrences = byName.get(name)!;
      if (valid(repeatElements(xml, spans, occurrences, variant))) groups.push(occurrences);
      else if (occurrences.length > 1) groups.push(occurrences.filter((index) => valid(repeatElements(xml, spans, [index], variant))));
    }
    let chosen = groups.flat();
    let text = repeatElements(xml, spans, chosen, variant);
    if (!valid(text)) {
      chosen = [];
      text = xml;
      for (const group of groups) {
        const attempt = repeatElements(xml, spans, [...chosen, ...group], variant);
        if (valid(attempt)) {
          chosen.push(...group);
          text = attempt;
        }
      }
    }
    if (chosen.length > 0) mutants.push({ variant, names: [...new Set(chosen.map((index) => spans[index].name))].sort(), elements: chosen, xml: text });
  }
  return mutants;
}

/** One mutant per repeated name (to say which repetition breaks a document whose all-at-once mutant fails). */
export function mutantsByName(xml: string, mutant: Mutant): Mutant[] {
  const spans = elementSpans(xml);
  return mutant.names.map((name) => {
    const elements = mutant.elements.filter((index) => spans[index].name === name);
    return { variant: mutant.variant, names: [name], elements, xml: repeatElements(xml, spans, elements, mutant.variant) };
  });
}
