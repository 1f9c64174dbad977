import type { Diagnostic } from '../../../diagnostics/diagnostic';
import type { Collection, CollectionRule } from '../model';

/** xml:id values are unique across the whole collection, not only within a document. */
export const idDuplicate: CollectionRule = {
  id: 'id-duplicate',
  severity: 'error',
  description: 'an xml:id is used more than once in the collection (in the same or in another document)',
  check(collection: Collection): Diagnostic[] {
    const first = new Map<string, { path: string; line: number; column: number }>();
    const diagnostics: Diagnostic[] = [];
    for (const document of collection.documents) {
      for (const [id, line, column] of document.facts.ids) {
        const earlier = first.get(id);
        if (!earlier) {
          first.set(id, { path: document.path, line, column });
          continue;
        }
        const where = earlier.path === document.path ? `line ${earlier.line}` : `${earlier.path}:${earlier.line}:${earlier.column}`;
        diagnostics.push({
          file: document.path,
          line,
          column,
          severity: 'error',
          rule: 'id-duplicate',
          layer: 'rules',
          message: `xml:id "${id}" is already used at ${where}; identifiers must be unique across the collection`,
        });
      }
    }
    return diagnostics;
  },
};
