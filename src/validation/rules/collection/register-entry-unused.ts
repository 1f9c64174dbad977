import type { Diagnostic } from '../../../diagnostics/diagnostic';
import type { Collection, CollectionRule, RuleDocument } from '../model';

/**
 * A register entry no document points to is dead weight, or a sign that a name was tagged with the
 * wrong pointer. Checked only when the run includes documents with a text, so that validating the
 * register alone does not call every entry unused. Not a cast list's role: a play prints its whole cast, and
 * a mute role (attendants, a spirit who does not speak) is part of the text, not a forgotten entry.
 */
export const registerEntryUnused: CollectionRule = {
  id: 'register-entry-unused',
  severity: 'warning',
  description: 'a register entry (person, place, org…; not a cast list\'s role) that no document of the collection points to',
  check(collection: Collection): Diagnostic[] {
    if (!collection.documents.some((document) => document.hasText)) return [];
    /** Per document, the entries (indices in its facts.entries) something points to. */
    const used = new Map<RuleDocument, Set<number>>();
    for (const document of collection.documents) {
      for (const [token, inside] of document.facts.pointers) {
        const target = collection.resolve(token, document);
        if (!target) continue;
        // The entry that holds the element pointed to; a pointer from inside that entry does not count as a use.
        const entry = target.entry;
        if (entry < 0 || (target.document === document && inside.includes(entry))) continue;
        let entries = used.get(target.document);
        if (!entries) used.set(target.document, (entries = new Set()));
        entries.add(entry);
      }
    }
    const diagnostics: Diagnostic[] = [];
    for (const document of collection.documents) {
      document.facts.entries.forEach(([local, id, line, column, , uris], index) => {
        if (local === 'role' || used.get(document)?.has(index)) return;
        diagnostics.push({
          file: document.path,
          line,
          column,
          severity: 'warning',
          rule: 'register-entry-unused',
          layer: 'rules',
          message: id ? `the ${local} "${id}" is not referenced by any document of the collection`
            : `the ${local} known by ${uris![0]} is not referenced by any document of the collection`,
        });
      });
    }
    return diagnostics;
  },
};
