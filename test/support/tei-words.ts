import { XMLParser } from 'fast-xml-parser';

/** One node of fast-xml-parser's order-preserving output. */
type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  processEntities: true,
  parseTagValue: false,
});

export function parseOrdered(xml: string): OrderedNode[] {
  return parser.parse(xml) as OrderedNode[];
}

function elementName(node: OrderedNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@' && key !== '#text');
}

/** Lower-cased words: runs of letters and digits. */
export function words(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

/**
 * The text of a TEI document's `<text>` element as the source has it: inside `choice`, the source's
 * reading (sic, orig, abbr) and never the editors' (corr, reg, expan). Notes stay where they are
 * anchored. Page and line breaks add no space when `break="no"`; otherwise they separate words.
 */
export function sourceText(xml: string): string {
  const out: string[] = [];
  const walk = (nodes: OrderedNode[], inText: boolean, parent?: string): void => {
    for (const node of nodes) {
      if ('#text' in node) {
        if (inText) out.push(String(node['#text']));
        continue;
      }
      const name = elementName(node);
      if (!name || name.startsWith('?')) continue;
      if (parent === 'choice' && (name === 'corr' || name === 'reg' || name === 'expan')) continue;
      if ((name === 'pb' || name === 'lb') && inText) {
        if (node[':@']?.break !== 'no') out.push(' ');
        continue;
      }
      const children = node[name] as OrderedNode[];
      walk(children, inText || name === 'text', name);
      if (inText) out.push(' ');
    }
  };
  walk(parseOrdered(xml), false);
  return out.join('').replace(/ (?=[^\s])/g, ' ');
}
