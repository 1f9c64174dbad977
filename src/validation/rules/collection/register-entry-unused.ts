import type { Diagnostic } from '../../../diagnostics/diagnostic';
import type { XmlElement } from '../../../xml/tree';
import { Collection, CollectionRule, isEntry, pointerTokens, xmlId } from '../model';

/**
 * A register entry no document points to is dead weight, or a sign that a name was tagged with the
 * wrong pointer. Checked only when the run includes documents with a text, so that validating the
 * register alone does not call every entry unused.
 */
export const registerEntryUnused: CollectionRule = {
  id: 'register-entry-unused',
  severity: 'warning',
  description: 'a register entry (person, place, org…) that no document of the collection points to',
  check(collection: Collection): Diagnostic[] {
    if (!collection.documents.some((document) => document.hasText)) return [];
    const used = new Set<XmlElement>();
    for (const document of collection.documents) {
      for (const element of document.tree.elements) {
        for (const { token } of pointerTokens(element)) {
          const target = collection.resolve(token, document);
          if (!target) continue;
          // A pointer from inside an entry to the entry itself does not count as a use.
          let entry: XmlElement | null = target.element;
          while (entry && !isEntry(entry)) entry = entry.parent;
          let inside: XmlElement | null = element;
          while (inside && inside !== entry) inside = inside.parent;
          if (entry && inside !== entry) used.add(entry);
        }
      }
    }
    const diagnostics: Diagnostic[] = [];
    for (const document of collection.documents) {
      for (const element of document.tree.elements) {
        if (!isEntry(element) || used.has(element)) continue;
        diagnostics.push({
          file: document.path,
          line: element.line,
          column: element.column,
          severity: 'warning',
          rule: 'register-entry-unused',
          layer: 'rules',
          message: `the ${element.local} "${xmlId(element)}" is not referenced by any document of the collection`,
        });
      }
    }
    return diagnostics;
  },
};
