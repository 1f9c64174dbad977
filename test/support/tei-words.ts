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

/**
 * The words of a TEI document's `text` as the reading view must print them, computed independently of
 * the stylesheets from the documented editorial policy: inside `choice` the editors' reading (corr,
 * reg, expan, else the first alternative), inside `app` the lemma (else the first reading); notes are
 * taken out of the running text and returned as their own sequence, in document order; the whitespace
 * around a break="no" is ignored (the word goes on); the header is not part of the text.
 */
export function readingWords(xml: string): { text: string[]; notes: string[] } {
  const text: string[] = [];
  const notes: string[][] = [];
  const breaksWord = (node: OrderedNode | undefined): boolean => {
    if (!node) return false;
    const name = elementName(node);
    return (name === 'pb' || name === 'lb' || name === 'cb') && ['no', 'false', 'n'].includes(node[':@']?.break ?? '');
  };
  const walk = (nodes: OrderedNode[], inText: boolean, out: string[], inExample = false): void => {
    nodes.forEach((node, index) => {
      if ('#text' in node) {
        if (!inText) return;
        let value = decodeCharacterReferences(String(node['#text']));
        if (breaksWord(nodes[index - 1])) value = value.replace(/^\s+/, '');
        if (breaksWord(nodes[index + 1])) value = value.replace(/\s+$/, '');
        out.push(value);
        return;
      }
      const name = elementName(node);
      if (!name || name.startsWith('?') || name === '#comment' || name === 'teiHeader') return;
      const children = (node[name] as OrderedNode[]) ?? [];
      if (!inText) {
        walk(children, name === 'text', out);
        return;
      }
      if (name === 'note' && !inExample) {
        const own: string[] = [];
        notes.push(own);
        walk(children, true, own);
        out.push(' ');
        return;
      }
      // Examples of encoding are shown as code: their words are split by the tags around them.
      if (inExample || name === 'egXML') {
        out.push(' ');
        walk(children, true, out, true);
        out.push(' ');
        return;
      }
      if (name === 'pb' || name === 'lb' || name === 'cb') {
        if (!breaksWord(node)) out.push(' ');
        return;
      }
      if (name === 'choice' || name === 'app') {
        const alternatives = children.filter((child) => elementName(child) && !elementName(child)!.startsWith('#'));
        const pick = name === 'app'
          ? alternatives.find((c) => elementName(c) === 'lem') ?? alternatives.find((c) => ['rdg', 'rdgGrp'].includes(elementName(c)!))
          : ['corr', 'reg', 'expan'].map((n) => alternatives.find((c) => elementName(c) === n)).find(Boolean) ?? alternatives[0];
        if (pick) walk([pick], true, out);
        return;
      }
      const boundary = WORD_BOUNDARY_ELEMENTS.has(name) ? ' ' : '';
      out.push(boundary);
      walk(children, true, out);
      out.push(boundary);
    });
  };
  walk(parseOrdered(xml), false, text);
  return { text: words(text.join('')), notes: notes.flatMap((note) => words(note.join(''))) };
}

/** The words of an edition (text or HTML text content). Brackets inside a word ("Aug[ustus]") split it;
 * alignWords counts such a word as found. */
export function editionWords(text: string): string[] {
  return words(text);
}

/**
 * Elements that TEI never puts inside a word (divisions, paragraph-like, list, table, verse, drama,
 * letter parts: TEI's model.divLike, model.pLike, model.listLike, model.lLike and friends): their
 * boundaries separate words even when the encoder wrote no whitespace.
 */
const WORD_BOUNDARY_ELEMENTS = new Set([
  'TEI', 'teiCorpus', 'text', 'front', 'body', 'back', 'group', 'floatingText', 'div', 'div1', 'div2', 'div3', 'div4',
  'div5', 'div6', 'div7', 'p', 'ab', 'head', 'lg', 'l', 'list', 'item', 'label', 'table', 'row', 'cell', 'figure',
  'figDesc', 'opener', 'closer', 'salute', 'signed', 'dateline', 'byline', 'postscript', 'trailer', 'argument',
  'epigraph', 'docTitle', 'titlePart', 'titlePage', 'docAuthor', 'docDate', 'docImprint', 'sp', 'speaker', 'stage',
  'castList', 'castGroup', 'castItem', 'role', 'roleDesc', 'u', 'bibl', 'listBibl', 'biblStruct', 'person', 'place',
  'org', 'listPerson', 'listPlace', 'listOrg', 'entry', 'sense', 'def', 'egXML', 'eg', 'quote', 'cit', 'q', 'seg',
]);

export interface Alignment {
  /** Reference words found in the output, in order. */
  matched: number;
  total: number;
  /** The first reference words not found, with their index (for the failure message). */
  missing: { index: number; word: string }[];
}

/**
 * Finds the reference words in the output words, in order (greedy, earliest match: exact for deciding
 * "every word in order"). Extra output words are allowed (page and note markers, link addresses).
 * A word the output joins across a break ("in" + "terests") or splits counts as found.
 */
export function alignWords(reference: string[], output: string[], window = 5000): Alignment {
  const missing: { index: number; word: string }[] = [];
  let matched = 0;
  let j = 0;
  for (let i = 0; i < reference.length; i += 1) {
    let found = false;
    for (let k = j; k < Math.min(output.length, j + window); k += 1) {
      const step = matchAt(reference, i, output, k);
      if (step) {
        matched += step.ref;
        i += step.ref - 1;
        j = k + step.out;
        found = true;
        break;
      }
    }
    if (!found && missing.length < 20) missing.push({ index: i, word: reference[i] });
  }
  return { matched, total: reference.length, missing };
}

function matchAt(reference: string[], i: number, output: string[], k: number): { ref: number; out: number } | undefined {
  if (reference[i] === output[k]) return { ref: 1, out: 1 };
  for (const [long, short, longIsOutput] of [[output, reference, true], [reference, output, false]] as const) {
    const a = longIsOutput ? k : i;
    const b = longIsOutput ? i : k;
    const target = long[a];
    if (!target.startsWith(short[b])) continue;
    let joined = '';
    let n = 0;
    while (joined.length < target.length && b + n < short.length && n < 8) joined += short[b + n++];
    if (joined === target) return longIsOutput ? { ref: n, out: 1 } : { ref: 1, out: n };
  }
  return undefined;
}

/** fast-xml-parser leaves some numeric character references (outside the BMP) as text: decode them. */
function decodeCharacterReferences(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(parseInt(dec, 10)));
}
