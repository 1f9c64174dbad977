import { idDuplicate } from './collection/id-duplicate';
import { nameSpellingDrift } from './collection/name-spelling-drift';
import { registerEntryUnused } from './collection/register-entry-unused';
import { xincludeUnresolved } from './collection/xinclude-unresolved';
import type { CollectionRule } from './model';

/**
 * The edition rules written in TypeScript, for what XPath expresses badly: checks across the whole
 * collection and fuzzy matching. The other edition rules are Schematron (schemas/edition.sch).
 * To add one: a module in collection/ exporting a CollectionRule, one line here, a fixture, and a line
 * in docs/rules.md.
 */
export const COLLECTION_RULES: CollectionRule[] = [idDuplicate, registerEntryUnused, nameSpellingDrift, xincludeUnresolved];

export type { CollectionRule } from './model';
