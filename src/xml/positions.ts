import { childElements, XmlAttribute, XmlElement, XmlTree } from './tree';

/**
 * Finds elements by the clues other tools give: libxml2 names an element and the line where its start
 * tag ends; SaxonJS gives an element's position in document order.
 */
export class PositionIndex {
  private byLine: Map<number, XmlElement[]> | null = null;

  constructor(readonly tree: XmlTree) {}

  /** The element at a 0-based document-order index (XPath's order), or the root element. */
  element(index: number): XmlElement {
    return this.tree.elements[index] ?? this.tree.root;
  }

  /**
   * The element at a path of 1-based positions among element siblings, from the root element down
   * (`[1, 3, 2]`: the root's third child element's second child element); undefined for an empty path.
   */
  byPath(path: number[]): XmlElement | undefined {
    if (path.length === 0) return undefined;
    let element = this.tree.root;
    for (const position of path.slice(1)) {
      const child = childElements(element)[position - 1];
      if (!child) return element;
      element = child;
    }
    return element;
  }

  /** Elements whose start tag covers `line`. */
  elementsOnLine(line: number): XmlElement[] {
    if (!this.byLine) {
      this.byLine = new Map();
      for (const element of this.tree.elements) {
        for (let l = element.line; l <= element.tagEndLine; l += 1) {
          const list = this.byLine.get(l);
          if (list) list.push(element);
          else this.byLine.set(l, [element]);
        }
      }
    }
    return this.byLine.get(line) ?? [];
  }

  /**
   * The element libxml2 means by "element NAME" at `line` (the line where its start tag ends).
   * `prefer` narrows the choice when several elements of that name share the line.
   */
  findReported(line: number, name: string, prefer?: (element: XmlElement) => boolean): XmlElement | undefined {
    const candidates = this.elementsOnLine(line).filter((element) => element.local === name || element.name === name);
    const ranked = [...candidates.filter((element) => element.tagEndLine === line), ...candidates.filter((element) => element.tagEndLine !== line)];
    return (prefer && ranked.find(prefer)) ?? ranked[0];
  }

  /** Every element with this local name or qualified name. */
  named(name: string): XmlElement[] {
    return this.tree.elements.filter((element) => element.local === name || element.name === name);
  }
}

/** An attribute by qualified name, or by local name (libxml2 says `id` for `xml:id`). */
export function findAttribute(element: XmlElement, name: string): XmlAttribute | undefined {
  return element.attributes.find((attribute) => attribute.name === name) ?? element.attributes.find((attribute) => attribute.local === name);
}
