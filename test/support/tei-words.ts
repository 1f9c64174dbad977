import * as fs from 'fs';
import * as path from 'path';
import { XMLParser } from 'fast-xml-parser';

/**
 * The reference reading of a TEI document, against which both editions are checked: the words of its
 * `text` as the reading view must show them, computed here, independently of the stylesheets, from the
 * reading model's declarative table (the `ed:kind` and `ed:punctuation` elements of xslt/common.xsl;
 * see docs/publish.md, "Reading model"). The stylesheets implement that model in XSLT; this file
 * implements it again in TypeScript, over a plain tree.
 */

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

export const TEI_NS = 'http://www.tei-c.org/ns/1.0';
const EXAMPLES_NS = 'http://www.tei-c.org/ns/Examples';
const XSLT_COMMON = path.resolve(__dirname, '..', '..', 'xslt', 'common.xsl');

// ---------------------------------------------------------------------------------------------
// A plain tree with namespaces and parents
// ---------------------------------------------------------------------------------------------

export interface TextNode {
  type: 'text';
  value: string;
  parent: ElementNode;
}

export interface ElementNode {
  type: 'element';
  local: string;
  ns: string;
  attributes: Record<string, string>;
  children: TreeNode[];
  parent: ElementNode | null;
}

export type TreeNode = TextNode | ElementNode;

function tagOf(node: OrderedNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@');
}

/** Parses XML into elements with their namespace URI (prefixes and default namespaces resolved). */
export function parseTree(xml: string): ElementNode {
  const root: ElementNode = { type: 'element', local: '#document', ns: '', attributes: {}, children: [], parent: null };
  const build = (nodes: OrderedNode[], parent: ElementNode, scope: Map<string, string>): void => {
    for (const node of nodes) {
      const tag = tagOf(node);
      if (!tag || tag.startsWith('?') || tag === '#comment') continue;
      if (tag === '#text') {
        parent.children.push({ type: 'text', value: decodeCharacterReferences(String(node['#text'])), parent });
        continue;
      }
      const attributes = node[':@'] ?? {};
      let inner = scope;
      for (const [key, value] of Object.entries(attributes)) {
        if (key === 'xmlns' || key.startsWith('xmlns:')) {
          if (inner === scope) inner = new Map(scope);
          inner.set(key === 'xmlns' ? '' : key.slice(6), value);
        }
      }
      const colon = tag.indexOf(':');
      const element: ElementNode = {
        type: 'element',
        local: colon >= 0 ? tag.slice(colon + 1) : tag,
        ns: inner.get(colon >= 0 ? tag.slice(0, colon) : '') ?? '',
        attributes,
        children: [],
        parent,
      };
      parent.children.push(element);
      build((node[tag] as OrderedNode[]) ?? [], element, inner);
    }
  };
  build(parseOrdered(xml), root, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
  return root;
}

/** fast-xml-parser leaves some numeric character references (outside the BMP) as text: decode them. */
function decodeCharacterReferences(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(parseInt(dec, 10)));
}

// ---------------------------------------------------------------------------------------------
// The reading model's table, read from xslt/common.xsl
// ---------------------------------------------------------------------------------------------

export interface KindProperties {
  layout: 'block' | 'context' | 'run-on' | 'inline' | 'moved' | 'hidden';
  boundary: 'yes' | 'as-block' | 'token' | 'break' | 'no';
  text: boolean;
}

export interface ReadingModel {
  /** Element name → kind. */
  kinds: Map<string, string>;
  /** Element name → register (ed:register-table): what counts as a register entry. */
  entries: Map<string, string>;
  /** Names the table lists more than once. */
  duplicates: string[];
  properties: Map<string, KindProperties>;
  closing: RegExp;
  opening: RegExp;
  /** Text that starts with closing punctuation; text that ends with opening punctuation. */
  closingStart: RegExp;
  openingEnd: RegExp;
}

let model: ReadingModel | undefined;

export function readingModel(): ReadingModel {
  if (model) return model;
  const stylesheet = parseTree(fs.readFileSync(XSLT_COMMON, 'utf8'));
  const kinds = new Map<string, string>();
  const properties = new Map<string, KindProperties>();
  const punctuation = new Map<string, string>();
  const duplicates: string[] = [];
  const entries = new Map<string, string>();
  const visit = (element: ElementNode): void => {
    if (element.local === 'register' && element.ns === 'urn:tei-edition') {
      for (const entry of element.attributes.entries.split(/\s+/)) entries.set(entry, element.attributes.name);
    }
    if (element.local === 'kind' && element.ns === 'urn:tei-edition') {
      const name = element.attributes.name;
      properties.set(name, {
        layout: element.attributes.layout as KindProperties['layout'],
        boundary: element.attributes.boundary as KindProperties['boundary'],
        text: element.attributes.text === 'yes',
      });
      for (const child of element.children) {
        if (child.type !== 'text') continue;
        for (const elementName of child.value.split(/\s+/).filter(Boolean)) {
          if (kinds.has(elementName)) duplicates.push(elementName);
          kinds.set(elementName, name);
        }
      }
    } else if (element.local === 'punctuation' && element.ns === 'urn:tei-edition') {
      punctuation.set(element.attributes.joins, element.children.map((c) => (c.type === 'text' ? c.value : '')).join(''));
    }
    for (const child of element.children) if (child.type === 'element') visit(child);
  };
  visit(stylesheet);
  if (kinds.size < 100 || !punctuation.has('left') || !punctuation.has('right')) throw new Error(`${XSLT_COMMON}: the reading model's table was not found`);
  const charClass = (chars: string): string => `[${chars.replace(/[\]\[\\^-]/g, '\\$&')}]`;
  const left = charClass(punctuation.get('left')!);
  const right = charClass(punctuation.get('right')!);
  model = {
    kinds, entries, duplicates, properties,
    closing: new RegExp(`^${left}+$`, 'u'), opening: new RegExp(`^${right}+$`, 'u'),
    closingStart: new RegExp(`^${left}`, 'u'), openingEnd: new RegExp(`${right}$`, 'u'),
  };
  return model;
}

/** An element's kind, as ed:kind: its table entry; 'float' for an unlisted TEI element; 'phrase' for any other namespace. */
export function kindOf(element: ElementNode): string {
  if (element.ns === TEI_NS || element.ns === EXAMPLES_NS) {
    const kind = readingModel().kinds.get(element.local) ?? 'float';
    if (kind === 'note' && isTranscriptionNote(element)) return 'unit';
    return kind === 'block' && isRegisterList(element) ? 'meta' : kind;
  }
  return 'phrase';
}

/** A transcription's own note among its utterances (ed:is-transcription-note): read where it stands. */
function isTranscriptionNote(element: ElementNode): boolean {
  if (element.attributes.place !== undefined || element.parent === null) return false;
  return isTei(element.parent, 'u') || element.parent.children.some((child) => isTei(child, 'u'));
}

/** The language in force at an element (the nearest xml:lang), '' for none. */
function languageAt(element: ElementNode | null): string {
  for (let at = element; at !== null; at = at.parent) if (at.attributes['xml:lang'] !== undefined) return at.attributes['xml:lang'];
  return '';
}

/** The description shown for an event or a gap (ed:shown-desc): the desc in the language of the text around it, else the first. */
function shownDesc(element: ElementNode): ElementNode | undefined {
  const descs = element.children.filter((child): child is ElementNode => isTei(child, 'desc') && NORMALIZE(stringValue(child)) !== '');
  const language = languageAt(element);
  return descs.find((desc) => languageAt(desc) === language) ?? descs[0];
}

/** What happens around the words of a spoken text (ed:is-spoken-event). */
function isSpokenEvent(element: ElementNode): boolean {
  return isTei(element, 'vocal', 'kinesic', 'incident', 'pause');
}

const REGISTER_LISTS = ['listPerson', 'listPlace', 'listOrg', 'listBibl', 'listEvent'];

function hasAncestor(element: ElementNode, local: string): boolean {
  for (let up = element.parent; up; up = up.parent) if (up.ns === TEI_NS && up.local === local) return true;
  return false;
}

/**
 * As ed:is-register-entry for an element of a document's back matter: a register's kind of element with
 * an xml:id (a work, bibl or biblStruct, only in a listBibl).
 */
export function isBackRegisterEntry(element: ElementNode): boolean {
  return element.ns === TEI_NS && readingModel().entries.has(element.local) && element.attributes['xml:id'] !== undefined
    && (!['bibl', 'biblStruct'].includes(element.local) || hasAncestor(element, 'listBibl')) && hasAncestor(element, 'back');
}

/** As ed:is-register-list: a list of register entries in the back matter is the document's register, not text to read. */
export function isRegisterList(element: ElementNode): boolean {
  return element.ns === TEI_NS && REGISTER_LISTS.includes(element.local) && hasAncestor(element, 'back')
    && element.children.some((child) => child.type === 'element' && isBackRegisterEntry(child));
}

// ---------------------------------------------------------------------------------------------
// The model, again: block layout, boundaries, joins, the reading policy
// ---------------------------------------------------------------------------------------------

function properties(element: ElementNode): KindProperties {
  return readingModel().properties.get(kindOf(element))!;
}

function isTei(node: TreeNode | undefined, ...names: string[]): boolean {
  return node !== undefined && node.type === 'element' && node.ns === TEI_NS && names.includes(node.local);
}

function siblingIndex(node: TreeNode): number {
  return node.parent!.children.indexOf(node);
}

function isBlankText(node: TreeNode | undefined): boolean {
  return node !== undefined && node.type === 'text' && node.value.trim() === '';
}

/** The sibling right before (after) a node. */
function adjacent(node: TreeNode, step: -1 | 1): TreeNode | undefined {
  return node.parent!.children[siblingIndex(node) + step];
}

/** The sibling before (after) a node, white space between tokens aside. */
function neighbour(node: TreeNode, step: -1 | 1): TreeNode | undefined {
  const next = adjacent(node, step);
  return isBlankText(next) ? adjacent(next!, step) : next;
}

function stringValue(node: TreeNode): string {
  return node.type === 'text' ? node.value : node.children.map(stringValue).join('');
}

const NORMALIZE = (value: string): string => value.replace(/\s+/g, ' ').trim();

/**
 * A break inside a word: break="no", or a break between tokens joined across it (w/@part, @join), or another
 * edition's break (@ed, @edRef) without @break written between two letters.
 */
function breaksWord(node: TreeNode | undefined): boolean {
  if (!isTei(node, 'pb', 'lb', 'cb', 'gb', 'milestone')) return false;
  const { attributes } = node as ElementNode;
  if (['no', 'false', 'n'].includes(attributes.break ?? '') || tokenJoinsRight(neighbour(node!, -1)) || tokenJoinsLeft(neighbour(node!, 1))) return true;
  if (attributes.break !== undefined) return false;
  const before = adjacent(node!, -1);
  const after = adjacent(node!, 1);
  if ((attributes.ed !== undefined || attributes.edRef !== undefined) && before?.type === 'text' && after?.type === 'text' && /\S$/.test(before.value) && /^\S/.test(after.value)) return true;
  // Between two characters of a script written without spaces (Han, kana), across white space and other breaks.
  const nearest = (step: -1 | 1): TreeNode | undefined => {
    let next = adjacent(node!, step);
    while (next && (isBlankText(next) || isTei(next, 'pb', 'lb', 'cb', 'gb', 'milestone'))) next = adjacent(next, step);
    return next;
  };
  const previousText = nearest(-1);
  const nextText = nearest(1);
  return previousText?.type === 'text' && nextText?.type === 'text' && UNSPACED.test(previousText.value.trimEnd().slice(-2)) && UNSPACED_START.test(nextText.value.trimStart());
}

/** Scripts written without spaces between words (ed:is-unspaced-script): Han with its extensions, kana, bopomofo, CJK punctuation, full-width forms; not Hangul. */
const UNSPACED_CLASS = '[\\u3000-\\u312F\\u3190-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF\\uFF00-\\uFFEF\\u{20000}-\\u{3FFFF}]';
const UNSPACED = new RegExp(`${UNSPACED_CLASS}$`, 'u');
const UNSPACED_START = new RegExp(`^${UNSPACED_CLASS}`, 'u');
const UNSPACED_LINE_END = new RegExp(`(?<=${UNSPACED_CLASS})\\s*\\n\\s*(?=${UNSPACED_CLASS})`, 'gu');

/** The source's own line ends between two characters of those scripts are no space (ed:join-unspaced-lines). */
function joinUnspacedLines(value: string): string {
  return value.includes('\n') ? value.replace(UNSPACED_LINE_END, '') : value;
}

/** A token joined to what precedes it: TEI's @join, a later part of a fragmented word (w/@part), closing punctuation. */
function tokenJoinsLeft(node: TreeNode | undefined): boolean {
  if (!node || node.type !== 'element') return false;
  if (isTei(node, 'pc')) return node.attributes.join ? ['left', 'both'].includes(node.attributes.join) : readingModel().closing.test(NORMALIZE(stringValue(node)));
  if (isTei(node, 'w')) return ['left', 'both'].includes(node.attributes.join ?? '') || ['M', 'F'].includes(node.attributes.part ?? '');
  return false;
}

function tokenJoinsRight(node: TreeNode | undefined): boolean {
  if (!node || node.type !== 'element') return false;
  if (isTei(node, 'pc')) return node.attributes.join ? ['right', 'both'].includes(node.attributes.join) : readingModel().opening.test(NORMALIZE(stringValue(node)));
  if (isTei(node, 'w')) return ['right', 'both'].includes(node.attributes.join ?? '') || ['I', 'M'].includes(node.attributes.part ?? '');
  return false;
}

/** Nothing may separate the node from what precedes it (text: it starts with closing punctuation). */
function joinsLeft(node: TreeNode | undefined): boolean {
  if (node?.type === 'text') return readingModel().closingStart.test(node.value);
  return tokenJoinsLeft(node) || breaksWord(node);
}

function joinsRight(node: TreeNode | undefined): boolean {
  if (node?.type === 'text') return readingModel().openingEnd.test(node.value);
  return tokenJoinsRight(node) || breaksWord(node);
}

function holdsRunningText(node: ElementNode | null): boolean {
  return node !== null && node.local !== '#document' && properties(node).text;
}

function inRunningText(element: ElementNode): boolean {
  if (holdsRunningText(element.parent)) return true;
  const touching = (node: TreeNode | undefined): boolean => node !== undefined && node.type === 'text' && node.value.trim() !== '';
  if (touching(adjacent(element, -1)) || touching(adjacent(element, 1))) return true;
  // A block never sits inside a line: the parts of an element laid out by context follow it into the line.
  const parent = element.parent;
  return parent !== null && parent.local !== '#document' && properties(parent).layout === 'context' && inRunningText(parent);
}

/** A part of a cit: a word boundary between it and the part beside it, none at the cit's edges. */
function isCitationPart(element: ElementNode): boolean {
  return element.parent !== null && isTei(element.parent, 'cit');
}

/** As ed:is-run-on: the nearest thing beside the element among its siblings (white space aside) is text or a pc. */
function isRunOn(element: ElementNode): boolean {
  const siblings = element.parent?.children ?? [];
  const at = siblings.indexOf(element);
  const significant = (node: TreeNode): boolean => !(node.type === 'text' && node.value.trim() === '');
  const before = siblings.slice(0, at).reverse().find(significant);
  const after = siblings.slice(at + 1).find(significant);
  return [before, after].some((node) => node !== undefined && (node.type === 'text' || (node.type === 'element' && isTei(node, 'pc'))));
}

export function isBlock(element: ElementNode): boolean {
  const { layout } = properties(element);
  return layout === 'block' || (layout === 'context' && !inRunningText(element)) || (layout === 'run-on' && !isRunOn(element));
}

/** Whether words never continue across the element's start and end (breaks, spaces and images aside: see walk). */
function hasBoundary(element: ElementNode): boolean {
  if (isTei(element, 'pc')) return element.attributes.join === 'no';
  const { boundary } = properties(element);
  return boundary === 'yes' || boundary === 'token' || (boundary === 'as-block' && isBlock(element));
}

/** An app shown apart from the text, as an entry where it stands: in a listApp, or pointing to its place (@from). */
function standsApart(app: ElementNode): boolean {
  if (app.attributes?.from !== undefined) return true;
  for (let node = app.parent; node; node = node.parent) if (isTei(node, 'listApp', 'rdg')) return true;
  return false;
}

/** An app's readings (lem and rdg, also those in its rdgGrp), in document order; not those of an app inside them. */
function readingsOf(app: ElementNode): ElementNode[] {
  const found: ElementNode[] = [];
  const visit = (element: ElementNode): void => {
    for (const child of element.children) {
      if (child.type !== 'element') continue;
      if (isTei(child, 'lem', 'rdg')) found.push(child);
      else if (isTei(child, 'rdgGrp')) visit(child);
    }
  };
  visit(app);
  return found;
}

/** The reading view's side of a choice, app or rdgGrp (a rdgGrp picked is read the same way in turn). */
function reading(alternatives: ElementNode): ElementNode | undefined {
  const children = alternatives.children.filter((c): c is ElementNode => c.type === 'element');
  if (isTei(alternatives, 'app', 'rdgGrp')) {
    return children.find((c) => isTei(c, 'lem')) ?? children.find((c) => isTei(c, 'rdg', 'rdgGrp'));
  }
  for (const name of ['corr', 'reg', 'expan']) {
    const pick = children.find((c) => isTei(c, name));
    if (pick) return pick;
  }
  return children[0];
}

/**
 * The words of a TEI document's `text` as the reading view must show them: the text in running order,
 * and the notes, each note's words in document order (a note's place in the text adds nothing: its
 * marker is not a word). The header is not part of the text.
 */
export function readingWords(xml: string): { text: string[]; notes: string[] } {
  const text: string[] = [];
  const notes: string[][] = [];
  /** Notes the reading does not show (in the source's side of a choice, in an index entry...) are still in the Notes section. */
  const collectNotes = (node: TreeNode): void => {
    if (node.type !== 'element') return;
    if (isTei(node, 'note') && isTranscriptionNote(node)) return;
    if (isTei(node, 'note')) {
      const own: string[] = [];
      notes.push(own);
      walkChildren(node, own);
      return;
    }
    if (node.ns === EXAMPLES_NS || isRegisterList(node)) return;
    for (const child of node.children) collectNotes(child);
  };
  const walkChildren = (element: ElementNode, out: string[]): void => {
    for (const child of element.children) walk(child, out);
  };
  const walk = (node: TreeNode, out: string[]): void => {
    if (node.type === 'text') {
      let value = joinUnspacedLines(node.value);
      if (joinsRight(adjacent(node, -1))) value = value.replace(/^\s+/, '');
      if (joinsLeft(adjacent(node, 1))) value = value.replace(/\s+$/, '');
      out.push(value);
      return;
    }
    if (isTei(node, 'g') && (node.attributes.ref ?? '').trim() !== '' && isEmptyGlyph(node)) {
      out.push(glyphReading(node, ids));
      return;
    }
    const kind = kindOf(node);
    switch (kind) {
      case 'gap': {
        // "[…]", with the description of what is missing (ed:gap-label); notes inside it are still notes.
        const desc = shownDesc(node);
        if (desc) out.push(`[… ${NORMALIZE(stringValue(desc))}]`);
        collectNotes(node);
        return;
      }
      case 'meta':
        // A register's notes are the entries' data, not notes of the text (ed:notes).
        if (!isRegisterList(node)) collectNotes(node);
        return;
      case 'note':
        collectNotes(node);
        return;
      case 'unit':
        // A witness of a witness list shows its siglum first (ed:siglum-element), then the rest of it.
        if (isTei(node, 'witness') && node.parent && isTei(node.parent, 'listWit')) {
          const elements = node.children.filter((c): c is ElementNode => c.type === 'element');
          const siglum = elements.find((c) => isTei(c, 'abbr', 'label', 'idno') && c.attributes.type === 'siglum')
            ?? elements.find((c) => isTei(c, 'abbr')) ?? elements.find((c) => isTei(c, 'label'));
          out.push(' ');
          if (siglum) { walk(siglum, out); out.push(' '); }
          for (const child of node.children) if (child !== siglum) { walk(child, out); out.push(' '); }
          return;
        }
        walkDefault(node, out);
        return;
      case 'app':
        // An app standing apart from the text (in a listApp, or with @from) is shown where it stands as its entry:
        // the lemma whole, then the other readings in document order (ed:apparatus-entry).
        if (standsApart(node)) {
          let pick = reading(node);
          while (pick && isTei(pick, 'rdgGrp')) pick = reading(pick);
          if (pick) walk(pick, out);
          out.push(' ');
          for (const other of readingsOf(node)) if (other !== pick) { walk(other, out); out.push(' '); }
          for (const child of node.children) if (!isTei(child, 'lem', 'rdg', 'rdgGrp')) collectNotes(child);
          return;
        }
      // falls through
      case 'choice': {
        const pick = reading(node);
        for (const child of node.children) {
          if (child === pick) walk(child, out);
          else collectNotes(child);
        }
        return;
      }
      case 'subst':
        // Elements only: white space between them is the file's layout, not a space of the text.
        for (const child of node.children) {
          if (isTei(child, 'del')) collectNotes(child);
          else if (!isBlankText(child)) walk(child, out);
        }
        return;
      case 'break':
      case 'milestone':
        if (!breaksWord(node)) out.push(' ');
        return;
      case 'space':
      case 'graphic':
        out.push(' ');
        return;
      case 'code':
        out.push(' ', stringValue(node), ' ');
        return;
      default:
        walkDefault(node, out);
    }
  };
  const walkDefault = (node: ElementNode, out: string[]): void => {
    const space = hasBoundary(node);
    const part = isCitationPart(node);
    if ((space || (part && adjacent(node, -1) !== undefined)) && !joinsLeft(node) && !joinsRight(neighbour(node, -1))) out.push(' ');
    if (isSpokenEvent(node)) {
      // In brackets: its description (one), else its type, else for a pause "pause" (ed:event-label).
      const desc = shownDesc(node);
      if (desc) walkChildren(desc, out);
      else out.push(NORMALIZE(node.attributes.type ?? '') || (isTei(node, 'pause') ? 'pause' : ''));
      for (const child of node.children) if (child !== desc) collectNotes(child);
    } else walkChildren(node, out);
    if ((space || (part && adjacent(node, 1) !== undefined)) && !joinsRight(node) && !joinsLeft(neighbour(node, 1))) out.push(' ');
  };
  const findTexts = (element: ElementNode): void => {
    for (const child of element.children) {
      if (child.type !== 'element') continue;
      if (isTei(child, 'text')) walk(child, text);
      else if (isTei(child, 'TEI', 'teiCorpus')) findTexts(child);
    }
  };
  const tree = parseTree(xml);
  const ids = elementsById(tree);
  findTexts(tree);
  return { text: words(text.join('')), notes: notes.flatMap((note) => words(note.join(''))) };
}

// ---------------------------------------------------------------------------------------------
// Characters and glyphs (Guidelines 5): what an empty g reads as (common.xsl, "Characters and glyphs")
// ---------------------------------------------------------------------------------------------

/** The mapping kinds the reading view reads first (ed:mapping-types 'reading'), and the diplomatic view's. */
const READING_MAPPINGS = ['standard', 'normalized', 'normalised', 'normal', 'regularized', 'regularised', 'modern', 'modernized', 'modernised', 'expanded'];
const DIPLOMATIC_MAPPINGS = ['diplomatic', 'facsimile', 'paleographic', 'palaeographic', 'printed'];
/** TCP's documented line-end characters (ed:known-characters): the word goes on, nothing is read. */
const KNOWN_CHARACTERS: Record<string, string> = { 'tcpchars.xml#EOLhyphen': '', 'tcpchars.xml#EOLunhyphen': '' };

function elementsById(tree: ElementNode): Map<string, ElementNode> {
  const ids = new Map<string, ElementNode>();
  const visit = (element: ElementNode): void => {
    const id = element.attributes['xml:id'];
    if (id !== undefined && !ids.has(id)) ids.set(id, element);
    for (const child of element.children) if (child.type === 'element') visit(child);
  };
  visit(tree);
  return ids;
}

function isEmptyGlyph(g: ElementNode): boolean {
  return g.children.every((child) => child.type === 'text' && child.value.trim() === '');
}

/** The prefixDef of a document that expands a prefixed pointer (ed:expand-pointer), applied; the pointer unchanged when none does. */
function expandPointer(pointer: string, root: ElementNode): string {
  const colon = pointer.indexOf(':');
  if (colon < 0) return pointer;
  const prefix = pointer.slice(0, colon);
  const rest = pointer.slice(colon + 1);
  const found: ElementNode[] = [];
  const visit = (element: ElementNode): void => {
    if (isTei(element, 'prefixDef') && element.attributes.ident === prefix) found.push(element);
    for (const child of element.children) if (child.type === 'element') visit(child);
  };
  visit(root);
  for (const definition of found) {
    try {
      const pattern = new RegExp(`^(?:${definition.attributes.matchPattern ?? ''})$`, 'u');
      if (pattern.test(rest)) return rest.replace(pattern, definition.attributes.replacementPattern ?? '');
    } catch {
      // a bad pattern is skipped
    }
  }
  return pointer;
}

/** What an empty g reads as in the reading view: its declaration's mapping (reading kinds, then others, private use last, then diplomatic), else its name in brackets. */
function glyphReading(g: ElementNode, ids: Map<string, ElementNode>, depth = 0): string {
  let root: ElementNode = g;
  while (root.parent) root = root.parent;
  const token = g.attributes.ref.trim().split(/\s+/)[0];
  const pointer = token.includes(':') ? expandPointer(token, root) : token;
  const hash = pointer.indexOf('#');
  const fragment = hash >= 0 ? pointer.slice(hash + 1) : pointer.replace(/^[^:]*:/, '');
  const declaration = pointer.startsWith('#') ? ids.get(pointer.slice(1)) : undefined;
  if (!declaration || !isTei(declaration, 'char', 'glyph')) {
    const file = (hash >= 0 ? pointer.slice(0, hash) : '').split('/').pop();
    const known = KNOWN_CHARACTERS[`${file}#${fragment}`] ?? (token.startsWith('char:') ? KNOWN_CHARACTERS[`tcpchars.xml#${token.slice(5)}`] : undefined);
    return known ?? `[${fragment || token}]`;
  }
  const mappings = declaration.children.filter((c): c is ElementNode => c.type === 'element' && isTei(c, 'mapping') && (NORMALIZE(stringValue(c)) !== '' || c.children.some((m: TreeNode) => isTei(m, 'g'))));
  const type = (m: ElementNode): string => NORMALIZE(m.attributes.type ?? '').toLowerCase();
  const text = (m: ElementNode): string => {
    const value = NORMALIZE(m.children.map((c) => (c.type === 'element' && isTei(c, 'g') && isEmptyGlyph(c) ? (depth < 4 ? glyphReading(c, ids, depth + 1) : '') : stringValue(c))).join(''));
    // Code points written out ("U+A753"), as ed:mapping-text reads them.
    if (!/^(U\+[0-9A-Fa-f]{4,6} ?)+$/.test(value)) return value;
    const points = value.split(' ').map((p) => parseInt(p.slice(2), 16));
    return points.every((c) => (c >= 32 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff)) ? String.fromCodePoint(...points) : value;
  };
  const pick = READING_MAPPINGS.map((t) => mappings.find((m) => type(m) === t)).find(Boolean)
    ?? mappings.find((m) => ![...READING_MAPPINGS, ...DIPLOMATIC_MAPPINGS, 'pua'].includes(type(m)))
    ?? mappings.find((m) => type(m) === 'pua')
    ?? DIPLOMATIC_MAPPINGS.map((t) => mappings.find((m) => type(m) === t)).find(Boolean);
  if (pick) return text(pick);
  const name = [...declaration.children.filter((c): c is ElementNode => isTei(c, 'charName', 'glyphName')).map((c) => NORMALIZE(stringValue(c))),
    ...declaration.children.filter((c): c is ElementNode => c.type === 'element' && isTei(c, 'unicodeProp', 'localProp') && NORMALIZE(c.attributes.name ?? '').toLowerCase() === 'name').map((c) => NORMALIZE(c.attributes.value ?? '')),
    ...declaration.children.filter((c): c is ElementNode => c.type === 'element' && isTei(c, 'charProp')
      && c.children.some((p: TreeNode) => isTei(p, 'unicodeName', 'localName') && NORMALIZE(stringValue(p)).toLowerCase() === 'name'))
      .map((c) => NORMALIZE(c.children.filter((p) => isTei(p, 'value')).map(stringValue).join('')))].find((n) => n !== '');
  return `[${name ?? declaration.attributes['xml:id']}]`;
}

/**
 * The text of a TEI document's `<text>` element as the source has it: inside `choice`, the source's
 * reading (sic, orig, abbr) and never the editors' (corr, reg, expan). Notes stay where they are
 * anchored. Page and line breaks add no space when `break="no"`; otherwise they separate words.
 * (For checking an encoding against its source text: test/encoding.)
 */
export function sourceText(xml: string): string {
  const out: string[] = [];
  const walk = (nodes: OrderedNode[], inText: boolean, parent?: string): void => {
    for (const node of nodes) {
      if ('#text' in node) {
        if (inText) out.push(String(node['#text']));
        continue;
      }
      const name = tagOf(node);
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

// ---------------------------------------------------------------------------------------------
// Words of the editions, and the alignment
// ---------------------------------------------------------------------------------------------

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

const SCRIPT_FIGURES = /[⁰¹²³⁴-⁹₀-₉]/g;
const FIGURES: Record<string, string> = Object.fromEntries([...'⁰¹²³⁴⁵⁶⁷⁸⁹'].map((c, i) => [c, String(i)]).concat([...'₀₁₂₃₄₅₆₇₈₉'].map((c, i) => [c, String(i)])));

/** A word with its raised and lowered figures on the line: the text edition writes the superscript of "IG II<hi
 * rend="sup">2</hi>" as "II²" (ed:script-position), the reading view raises "II2" by its style; both are the word "ii2". */
function onTheLine(word: string): string {
  return word.replace(SCRIPT_FIGURES, (c) => FIGURES[c]);
}

/** Lower-cased words: runs of letters, marks and digits. */
export function words(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).map(onTheLine);
}

/** Words of an edition, each with whether it touches the word before it (no white space between: "Aug[ustus]"). */
export interface EditionWords {
  words: string[];
  /** touches[i]: words[i] follows words[i - 1] with no white space between them. */
  touches: boolean[];
  /** marker[i]: words[i] is part of a note or page marker ("[3]", "[p. 12]"), which may stand inside a word. */
  marker: boolean[];
}

const WORD_CHARS = /[\p{L}\p{M}\p{N}]/u;

/** The words of an edition's text; `markers` matches the edition's own markers in it (not words of the TEI). */
export function editionWordsOf(text: string, markers?: RegExp): EditionWords {
  const result: EditionWords = { words: [], touches: [], marker: [] };
  const lower = text.toLowerCase();
  const spans: Array<[number, number]> = markers ? [...text.matchAll(markers)].map((m) => [m.index!, m.index! + m[0].length]) : [];
  let span = 0;
  let end = -1;
  let previousSpan = -1;
  for (const match of lower.matchAll(WORD)) {
    const at = match.index!;
    while (span < spans.length && spans[span][1] <= at) span += 1;
    const inMarker = span < spans.length && spans[span][0] <= at;
    // The words of one marker ("[p. 12]") hold together as one.
    result.touches.push(end >= 0 && ((inMarker && previousSpan === span) || !/\s/.test(lower.slice(end, at))));
    result.words.push(onTheLine(match[0]));
    result.marker.push(inMarker);
    previousSpan = inMarker ? span : -1;
    end = at + match[0].length;
  }
  return result;
}

/**
 * What an edition adds inside the words of the text: note, page and column markers ("[p. 12]", "[print: p. 4]",
 * "[leaf 1r]", "[col. b]"; which the policy keeps out of words, but an encoding can force: "Brezh[1]nev"), and the
 * tags of encoding examples shown as code
 * (egXML: "<gi>transfer</gi>s"). The alignment reads across them.
 */
const EDITION_MARKERS = /\[\d+\]|\{\d+\}|\[(?:[^\]\s]+:\s)?(?:p\.|vol\.|fol\.|leaf|col\.)\s[^\]]{0,80}?\]|<[^<>\s][^<>]*>/g;

/** The words of a text edition. */
export function textEditionWords(text: string): EditionWords {
  return editionWordsOf(text, EDITION_MARKERS);
}

/** The words of the HTML reading view's text (htmlReadingText). */
export function htmlEditionWords(text: string): EditionWords {
  return editionWordsOf(text, EDITION_MARKERS);
}

export interface Alignment {
  /** Reference words found in the output, in order. */
  matched: number;
  total: number;
  /** The first reference words not found, with their index (for the failure message). */
  missing: { index: number; word: string; context: string }[];
  /** The output words that no reference word matched (markers, link addresses... or a leak). */
  unmatched: string[];
}

/**
 * Finds the reference words in the output words, in order (greedy, earliest match). Extra output
 * words are allowed (page and note markers, link addresses). A reference word may be found split in
 * the output where nothing but marks separates its parts ("Aug[ustus]", "in-<lb break='no'/>terests"
 * printed with a page marker before it): never across white space, and never two reference words
 * in one output word (a glued word is a lost word).
 */
export function alignWords(reference: string[], output: EditionWords | string[], window = 5000): Alignment {
  const out = Array.isArray(output) ? editionWordsOf(output.join(' ')) : output;
  const missing: Alignment['missing'] = [];
  const used = new Uint8Array(out.words.length);
  let matched = 0;
  let j = 0;
  for (let i = 0; i < reference.length; i += 1) {
    let found = false;
    for (let k = j; k < Math.min(out.words.length, j + window); k += 1) {
      const span = matchAt(reference[i], out, k);
      if (span) {
        matched += 1;
        for (let n = k; n < k + span; n += 1) used[n] = 1;
        j = k + span;
        found = true;
        break;
      }
    }
    if (!found && missing.length < 20) {
      missing.push({ index: i, word: reference[i], context: reference.slice(Math.max(0, i - 4), i + 5).join(' ') });
    }
  }
  const unmatched = out.words.filter((_, n) => !used[n]);
  return { matched, total: reference.length, missing, unmatched };
}

/**
 * How many output words from k spell the reference word (1 if equal), or 0: its parts touch each other,
 * with only marks between them, or a marker ("in[p. 2]terests" spells "interests").
 */
function matchAt(word: string, out: EditionWords, k: number): number {
  if (out.words[k] === word) return 1;
  if (!word.startsWith(out.words[k])) return 0;
  let joined = out.words[k];
  let n = 1;
  while (joined.length < word.length && k + n < out.words.length && out.touches[k + n]) {
    if (!out.marker[k + n]) {
      joined += out.words[k + n];
      if (!word.startsWith(joined)) return 0;
    }
    n += 1;
    if (joined === word && !out.marker[k + n - 1]) return n;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// The HTML reading view
// ---------------------------------------------------------------------------------------------

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
/** HTML elements a browser lays out as blocks: their edges separate words. */
const HTML_BLOCKS = new Set(['address', 'article', 'aside', 'blockquote', 'caption', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'legend', 'li', 'main', 'nav', 'ol', 'p',
  'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul']);

function decodeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (_, entity: string) => {
    const e = entity.toLowerCase();
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' } as Record<string, string>)[e];
  });
}

/**
 * What a reader of the published HTML page sees in the reading view (the default), as text: the text
 * section and the notes section, each as a browser lays it out (blocks on their own lines; the
 * diplomatic side of each choice, line breaks shown only in the diplomatic view, and hidden elements
 * left out; page markers, note references and "back" links, which are not words of the text, left out).
 * For the edition's own pages (html.xsl's output), not arbitrary HTML.
 */
export function htmlReadingText(html: string): { text: string; notes: string } {
  const sections = { text: '', notes: '' };
  type Open = { tag: string; hidden: boolean; block: boolean; section?: keyof typeof sections };
  const stack: Open[] = [];
  const tags = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*(\/?)>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/g;
  let last = 0;
  const current = (): Open | undefined => stack[stack.length - 1];
  const append = (value: string): void => {
    const top = current();
    if (!top || top.hidden || !top.section) return;
    sections[top.section] += value;
  };
  for (const match of html.matchAll(tags)) {
    append(decodeHtml(html.slice(last, match.index)));
    last = match.index! + match[0].length;
    if (!match[2]) continue; // comment, doctype
    const tag = match[2].toLowerCase();
    if (match[1]) {
      // Closing tag: pop to the matching element.
      const at = stack.map((o) => o.tag).lastIndexOf(tag);
      if (at >= 0) {
        const [closed] = stack.splice(at);
        if (closed.block && !closed.hidden && closed.section) sections[closed.section] += '\n';
      }
      continue;
    }
    const attributes = match[3];
    const classes = /\sclass\s*=\s*"([^"]*)"/.exec(attributes)?.[1].split(/\s+/) ?? [];
    const parent = current();
    const hidden = (parent?.hidden ?? false) || /\shidden(\s|=|$)/.test(attributes)
      || ['diplomatic', 'pb', 'cb', 'note-ref', 'note-back', 'mention-entry', 'visually-hidden'].some((c) => classes.includes(c))
      || (tag === 'br' && classes.includes('lb')) || tag === 'script' || tag === 'style';
    let section = parent?.section;
    if (tag === 'section' && classes.includes('text')) section = 'text';
    // The Apparatus section (its list styled as the notes') repeats the lemmas and gives the variant readings: neither.
    if (tag === 'ol' && classes.includes('notes')) section = classes.includes('apparatus') ? undefined : 'notes';
    const block = HTML_BLOCKS.has(tag) || classes.includes('block') || tag === 'br';
    // An image's alt text is read in its place (a figure's figDesc: common.xsl, ed:image-description).
    if (tag === 'img' && !hidden && section) sections[section] += ` ${decodeHtml(/\salt\s*=\s*"([^"]*)"/.exec(attributes)?.[1] ?? '')} `;
    const open: Open = { tag, hidden, block, section };
    if (block && !hidden && section) sections[section] += '\n';
    if (!VOID.has(tag) && !match[4]) stack.push(open);
  }
  return sections;
}
