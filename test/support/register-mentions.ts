import * as fs from 'fs';
import * as path from 'path';
import { ElementNode, isRegisterList, parseTree, readingModel, TreeNode } from './tei-words';

/**
 * The test's own reading of a collection's register and of the mentions that point into it, from the TEI
 * files (independently of the stylesheets, from the TEI Guidelines' structures): which elements are
 * register entries (a register kind of ed:register-table with an xml:id, in a register file, a standOff,
 * a back matter, a particDesc or settingDesc; works only in a listBibl), which elements of a document's
 * text name one (their first pointer: "#id" in the file or else anywhere in the collection, "file.xml#id",
 * or "#key" where there is no @ref), and where each is on its page (its xml:id, else "mention-N" in the
 * order of the text's elements with @ref or @key outside the back matter's register lists). Then, in the
 * published site, whether each such mention links to its entry's page and the page links back.
 */

const TEI_NS = 'http://www.tei-c.org/ns/1.0';
const LISTS = ['listPerson', 'listPlace', 'listOrg', 'listBibl', 'listEvent'];

export interface RegisterMention {
  /** Collection path of the document. */
  file: string;
  element: ElementNode;
  /** Its anchor on the document's page. */
  anchor: string;
  register: string;
  /** The entry's xml:id. */
  id: string;
}

function elements(node: TreeNode, out: ElementNode[] = []): ElementNode[] {
  if (node.type !== 'element') return out;
  out.push(node);
  for (const child of node.children) elements(child, out);
  return out;
}

export function hasAncestor(element: ElementNode, ...locals: string[]): boolean {
  for (let up = element.parent; up; up = up.parent) if (up.ns === TEI_NS && locals.includes(up.local)) return true;
  return false;
}

function inRegisterList(element: ElementNode): boolean {
  for (let up: ElementNode | null = element; up; up = up.parent) if (isRegisterList(up)) return true;
  return false;
}

/** A file with no text to read: no text element, or a text of lists of entries (with an xml:id) and headings only (ed:is-edition-document). */
function isRegisterFile(all: ElementNode[]): boolean {
  const texts = all.filter((e) => e.ns === TEI_NS && e.local === 'text' && !hasAncestor(e, 'text'));
  if (texts.length === 0) return true;
  const lists = all.filter((e) => e.ns === TEI_NS && LISTS.includes(e.local) && hasAncestor(e, 'text')
    && e.children.some((c) => c.type === 'element' && c.attributes['xml:id'] !== undefined));
  if (lists.length === 0) return false;
  // Text to read, or a place made for it (a paragraph, block, line group, line or speech, even empty: ed:reading-text).
  const reading = (node: TreeNode): boolean => {
    if (node.type === 'text') return node.value.trim() !== '';
    if (node.ns === TEI_NS && [...LISTS, 'teiHeader'].includes(node.local)) return false;
    if (node.ns === TEI_NS && ['p', 'ab', 'lg', 'l', 'sp'].includes(node.local)) return true;
    if (node.ns === TEI_NS && node.local === 'head') return false;
    return node.children.some(reading);
  };
  return !texts.some(reading);
}

/** Whether a TEI file, by this reading, is a register (no page of its own): as the build's ed:is-edition-document. */
export function isRegisterText(xml: string): boolean {
  return isRegisterFile(elements(parseTree(xml)));
}

/** The page file name of an entry's id (ed:file-name). */
export function pageName(id: string): string {
  return id.replace(/[^\p{L}\p{N}._-]/gu, '-');
}

export interface CollectionRegister {
  /** Per edition document (collection path): its mentions of register entries. */
  mentions: RegisterMention[];
  /** xml:id → register, over the collection. */
  entries: Map<string, string>;
  /** The edition documents (collection paths). */
  documents: string[];
}

/** `files`: collection-relative paths (forward slashes) of the collection folder `dir`. */
export function collectionRegister(dir: string, files: string[]): CollectionRegister {
  const registers = readingModel().entries;
  const parsed = files.map((file) => {
    const all = elements(parseTree(fs.readFileSync(path.join(dir, file), 'utf8')));
    return { file, all, register: isRegisterFile(all) };
  });
  const byFile = new Map<string, Map<string, string>>();
  const entries = new Map<string, string>();
  const ids = new Map<string, Map<string, ElementNode>>();
  for (const { file, all, register } of parsed) {
    const own = new Map<string, string>();
    const idMap = new Map<string, ElementNode>();
    for (const e of all) {
      const id = e.attributes['xml:id'];
      if (id === undefined) continue;
      if (!idMap.has(id)) idMap.set(id, e);
      if (e.ns !== TEI_NS || !registers.has(e.local)) continue;
      if (['bibl', 'biblStruct'].includes(e.local) && !hasAncestor(e, 'listBibl')) continue;
      if (!register && !hasAncestor(e, 'standOff', 'back', 'particDesc', 'settingDesc')) continue;
      if (idMap.get(id) !== e) continue;
      own.set(id, registers.get(e.local)!);
    }
    byFile.set(file, own);
    ids.set(file, idMap);
    for (const [id, reg] of own) if (!entries.has(id)) entries.set(id, reg);
  }
  const mentions: RegisterMention[] = [];
  const documents: string[] = [];
  for (const { file, all, register } of parsed) {
    if (register) continue;
    documents.push(file);
    const numbered = all.filter((e) => hasAncestor(e, 'text') && !hasAncestor(e, 'teiHeader')
      && (e.attributes.ref !== undefined || e.attributes.key !== undefined) && !inRegisterList(e));
    numbered.forEach((element, index) => {
      const key = element.attributes.key?.trim();
      const pointer = element.attributes.ref !== undefined ? element.attributes.ref.trim().split(/\s+/)[0]
        : key && /^[\p{L}_][\p{L}\p{N}._-]*$/u.test(key) ? `#${key}` : undefined;
      if (!pointer || !pointer.includes('#')) return;
      const [target, id] = pointer.split('#', 2);
      let register: string | undefined;
      if (target === '') {
        const local = ids.get(file)!.get(id);
        register = local ? byFile.get(file)!.get(id) : entries.get(id);
      } else if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) {
        const other = path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURIComponent(target)));
        register = byFile.get(other)?.get(id);
      }
      if (register) mentions.push({ file, element, anchor: element.attributes['xml:id'] ?? `mention-${index + 1}`, register, id });
    });
  }
  return { mentions, entries, documents };
}

/** The HTML of an element of a page, from its start tag to its matching end tag. */
function elementContent(html: string, start: number, tag: string): string {
  const tags = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'g');
  tags.lastIndex = start;
  let depth = 0;
  for (let match = tags.exec(html); match; match = tags.exec(html)) {
    depth += match[1] ? -1 : 1;
    if (depth === 0) return html.slice(start, match.index + match[0].length);
  }
  return html.slice(start);
}

/**
 * Which mentions are not linked to their entry's page on their document's page (html/documents/<name>.html,
 * `names`: BuildResult.names), or whose entry page does not link back to the exact spot: one line each.
 * A mention is linked when its element is a link to the page, or (a name with names inside it: links do
 * not nest) holds one.
 */
export function unlinkedMentions(site: string, names: Record<string, string>, mentions: RegisterMention[]): string[] {
  const pages = new Map<string, string>();
  const page = (file: string): string => {
    if (!pages.has(file)) pages.set(file, fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
    return pages.get(file)!;
  };
  const broken: string[] = [];
  for (const m of mentions) {
    const name = names[m.file];
    const html = name === undefined ? '' : page(path.join(site, 'documents', `${name}.html`));
    const anchor = m.anchor.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const tag = new RegExp(`<([a-z]+)\\b[^>]*\\bid="${anchor}"[^>]*>`).exec(html);
    const expected = `../${m.register}/${pageName(m.id)}.html`;
    const linked = tag && (tag[1] === 'a' ? /\bhref="([^"]*)"/.exec(tag[0])?.[1] === expected : elementContent(html, tag.index, tag[1]).includes(`href="${expected}"`));
    if (!tag || !linked) {
      broken.push(`${m.file} <${m.element.local}> #${m.anchor}: ${tag ? tag[0] : 'no element with this id'} (expected a link to ${expected})`);
      continue;
    }
    const entry = page(path.join(site, m.register, `${pageName(m.id)}.html`));
    if (!entry.includes(`href="../documents/${name}.html#${m.anchor}"`)) broken.push(`${m.register}/${pageName(m.id)}.html does not link back to ${name}.html#${m.anchor}`);
  }
  return broken;
}
