import * as path from 'path';
import { LineIndex, XmlElement, XmlTree } from '../xml/tree';

/**
 * XInclude (1.1) as the validator reads it: which file an xi:include names, whether tei-edition follows it, and a
 * document with its includes in place (the expanded document that `xmllint --xinclude` and oXygen validate), with the
 * way back from a position in it to the file, line and column where that markup is written.
 *
 * tei-edition follows an include only to a file of the collection, as a whole, as XML: never a URL, an absolute path,
 * a file outside the working folder by its path as written, text (parse="text") or part of a file (xpointer); an
 * inclusion loop or nesting past MAX_INCLUDE_DEPTH stops (the rule xinclude-unresolved says why, at the include).
 */

export const XINCLUDE_NS = 'http://www.w3.org/2001/XInclude';

/** How deep includes may nest (an include of an include ...): a corpus root includes registers and members, two levels. */
export const MAX_INCLUDE_DEPTH = 16;

/** An xi:include as the digest and the rules' facts keep it: @href, @parse, @xpointer, whether it has an xi:fallback, its position. */
export type IncludeFact = [href: string | null, parse: string | null, xpointer: string | null, fallback: boolean, line: number, column: number];

/** The xi:include elements of a tree, in document order; none without the XInclude namespace in the text (most documents: no walk). */
export function includeElements(tree: XmlTree, text?: string): XmlElement[] {
  if (text !== undefined && !text.includes(XINCLUDE_NS)) return [];
  return tree.elements.filter((element) => element.local === 'include' && element.ns === XINCLUDE_NS);
}

export function includeFact(element: XmlElement): IncludeFact {
  const value = (name: string): string | null => element.attributes.find((attribute) => attribute.name === name)?.value ?? null;
  const fallback = element.children.some((child) => typeof child !== 'string' && child.local === 'fallback' && child.ns === XINCLUDE_NS);
  return [value('href'), value('parse'), value('xpointer'), fallback, element.line, element.column];
}

/**
 * The absolute path of the file an include names, or why tei-edition does not follow it. `from`: the including
 * file's path as reports show it (relative to the working folder) and its folder (absolute).
 */
export function resolveInclude(from: { path: string; folder: string }, href: string | null, parse: string | null, xpointer: string | null): { file: string } | { problem: string } {
  const shown = href === null ? '' : JSON.stringify(href);
  if (href === null || href.trim() === '') return { problem: 'xi:include has no href: tei-edition includes whole files, not parts of the same document (xpointer)' };
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(href) || href.startsWith('/') || href.startsWith('\\')) {
    return { problem: `xi:include href=${shown} is not a file of the collection: tei-edition never reads a URL or an absolute path a document names` };
  }
  if (parse !== null && parse.trim() !== 'xml') return { problem: `xi:include href=${shown} has parse=${JSON.stringify(parse)}: tei-edition includes TEI files only (parse="xml"), not text` };
  if (xpointer !== null) return { problem: `xi:include href=${shown} has an xpointer: tei-edition includes whole files, not parts of them` };
  let decoded = href.split('#')[0];
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // kept as written
  }
  // Out of the working folder by its path as written, whatever a link inside the folder may make of it.
  if (!from.path.startsWith('/') && /^\.\.(\/|$)/.test(path.posix.normalize(path.posix.join(path.posix.dirname(from.path), decoded.split(path.sep).join('/'))))) {
    return { problem: `xi:include href=${shown} is outside the working folder: tei-edition includes only files of the collection` };
  }
  return { file: path.resolve(from.folder, decoded) };
}

/** A file of an expansion: its path as reports show it, its text and tree. */
export interface IncludedFile {
  path: string;
  text: string;
  tree: XmlTree;
}

/** A stretch of the expanded text, copied from a file (`from`: its offset there). */
interface Piece {
  at: number;
  file: IncludedFile;
  from: number;
  length: number;
}

/**
 * A document with its includes in place, as XInclude makes it: each followed xi:include is replaced by the root
 * element of the file it names (its prolog left out, as XInclude's infoset has no place for it there), or by its
 * xi:fallback's content when the file is not followed; an include that cannot be followed and has no fallback stays as
 * written (the schema then says it is not allowed there). No xml:base or xml:lang is added: TEI allows both, other
 * schemas may not, and oXygen's users turn the fix-up off for that reason. An included root in no namespace stays in
 * none (` xmlns=""` is added to it). A position in the expanded text leads back to where its markup is written
 * (`locate`).
 */
export class ExpandedDocument {
  readonly text: string;
  /** Every file whose content is in the text, the document first. */
  readonly files: IncludedFile[];
  private readonly pieces: Piece[];
  private lines: LineIndex | undefined;
  private readonly fileLines = new Map<IncludedFile, LineIndex>();

  /** `follow`: the file an include leads to (resolved, safe, well-formed), or undefined. */
  constructor(main: IncludedFile, follow: (from: IncludedFile, include: XmlElement) => IncludedFile | undefined) {
    const parts: string[] = [];
    const pieces: Piece[] = [];
    const files = new Set<IncludedFile>([main]);
    let at = 0;
    const copy = (file: IncludedFile, from: number, to: number): void => {
      if (to <= from) return;
      parts.push(file.text.slice(from, to));
      pieces.push({ at, file, from, length: to - from });
      at += to - from;
    };
    // Text that is in no file: it leads back to where it is added.
    const add = (file: IncludedFile, where: number, text: string): void => {
      parts.push(text);
      pieces.push({ at, file, from: where, length: 0 });
      at += text.length;
    };
    const offsets = new Map<IncludedFile, LineIndex>();
    const offsetOf = (file: IncludedFile, element: XmlElement): number => {
      let index = offsets.get(file);
      if (!index) offsets.set(file, (index = new LineIndex(file.text)));
      return index.offset(element);
    };
    const includesOf = new Map<IncludedFile, XmlElement[]>();
    // The stretch [start, end) of `file`, its includes replaced; `chain`: the files being included, outermost first.
    const emit = (file: IncludedFile, start: number, end: number, chain: IncludedFile[]): void => {
      let includes = includesOf.get(file);
      if (!includes) includesOf.set(file, (includes = includeElements(file.tree)));
      let position = start;
      for (const include of includes) {
        const at0 = offsetOf(file, include);
        if (at0 < position || at0 >= end) continue;
        const span = elementSpan(file.text, at0);
        const target = follow(file, include);
        if (target && !chain.includes(target) && chain.length <= MAX_INCLUDE_DEPTH) {
          copy(file, position, at0);
          files.add(target);
          const root = target.tree.root;
          const rootAt = offsetOf(target, root);
          const rootEnd = elementSpan(target.text, rootAt).end;
          if (root.ns === '' && !root.attributes.some((attribute) => attribute.name === 'xmlns')) {
            // In no namespace where it is written: it stays in none where it is included.
            const nameEnd = rootAt + 1 + root.name.length;
            copy(target, rootAt, nameEnd);
            add(target, rootAt, ' xmlns=""');
            emit(target, nameEnd, rootEnd, [...chain, target]);
          } else {
            emit(target, rootAt, rootEnd, [...chain, target]);
          }
          position = span.end;
          continue;
        }
        if (target && chain.includes(target)) continue; // a loop: as written (xinclude-unresolved reports it)
        const fallback = include.children.find((child): child is XmlElement => typeof child !== 'string' && child.local === 'fallback' && child.ns === XINCLUDE_NS);
        if (fallback) {
          copy(file, position, at0);
          const inner = elementSpan(file.text, offsetOf(file, fallback));
          emit(file, inner.contentStart, inner.contentEnd, chain);
          position = span.end;
        }
      }
      copy(file, position, end);
    };
    emit(main, 0, main.text.length, [main]);
    this.text = parts.join('');
    this.pieces = pieces;
    this.files = [...files];
  }

  /** Whether any include was followed (or stood in for by its fallback): the text differs from the document's. */
  get expanded(): boolean {
    return this.pieces.length > 1;
  }

  /** Where the markup at a position of the expanded text is written. */
  locate(line: number, column: number): { file: string; line: number; column: number } {
    if (!this.lines) this.lines = new LineIndex(this.text);
    const offset = this.lines.offset({ line, column });
    const pieces = this.pieces;
    let low = 0;
    let high = pieces.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (pieces[mid].at <= offset) low = mid;
      else high = mid - 1;
    }
    const piece = pieces[low];
    let index = this.fileLines.get(piece.file);
    if (!index) this.fileLines.set(piece.file, (index = new LineIndex(piece.file.text)));
    const at = index.position(piece.from + Math.min(Math.max(0, offset - piece.at), Math.max(0, piece.length - 1)));
    return { file: piece.file.path, line: at.line, column: at.column };
  }
}

/**
 * Where an element written at `start` (its `<`) ends in a well-formed text: after its end tag (or `/>`), with where
 * its content starts and ends. A scan of the markup alone: comments, CDATA sections, processing instructions and quoted
 * attribute values are stepped over.
 */
export function elementSpan(text: string, start: number): { contentStart: number; contentEnd: number; end: number } {
  let depth = 0;
  let contentStart = -1;
  let i = start;
  for (;;) {
    const open = text.indexOf('<', i);
    if (open < 0) return { contentStart: Math.max(contentStart, start), contentEnd: text.length, end: text.length };
    if (text.startsWith('<!--', open)) {
      i = skipTo(text, '-->', open + 4);
    } else if (text.startsWith('<![CDATA[', open)) {
      i = skipTo(text, ']]>', open + 9);
    } else if (text.startsWith('<?', open)) {
      i = skipTo(text, '?>', open + 2);
    } else if (text.startsWith('</', open)) {
      const close = text.indexOf('>', open);
      depth -= 1;
      if (depth === 0) return { contentStart, contentEnd: open, end: close + 1 };
      i = close + 1;
    } else {
      // A start tag: its end is the first '>' outside a quoted value.
      let j = open + 1;
      let quote = '';
      for (; j < text.length; j += 1) {
        const c = text[j];
        if (quote) {
          if (c === quote) quote = '';
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '>') break;
      }
      const empty = text[j - 1] === '/';
      if (depth === 0) {
        contentStart = j + 1;
        if (empty) return { contentStart, contentEnd: contentStart, end: j + 1 };
      }
      if (!empty) depth += 1;
      i = j + 1;
    }
  }
}

function skipTo(text: string, end: string, from: number): number {
  const at = text.indexOf(end, from);
  return at < 0 ? text.length : at + end.length;
}
