import type { SourceFile } from './stages/read';
import type { SummaryDigest } from './stages/summarise';
import type { EntryLink, EntrySummary, PageRelation } from './transform';

/**
 * The collection's register: every register entry of every file (mode ed:summary's entries: register
 * files, standOff, documents' back matter and header), joined into one entry per register and xml:id,
 * and the mentions' targets (MentionSummary.targets) joined to those entries. The one place where the
 * build decides which entry a pointer reaches and which page shows it (docs/publish.md, "Registers"):
 *
 * - a group is a register and an xml:id (EntrySummary.group): the same person repeated in the back
 *   matter of a thousand letters is one entry, with one page (its address, register/id.html, is what
 *   every document links to);
 * - the entry a group's page shows is the one a register keeps (a register file or a standOff:
 *   EntrySummary['in-register']), else the fullest (EntrySummary.size), else the first in collection order;
 * - a target "uri#id" (a pointer into a file) reaches the group of the entry it names; a target "#id"
 *   (a pointer whose own file has no such element: ed:pointer-target) reaches the group of that xml:id,
 *   wherever the collection keeps it.
 */

export interface RegisterGroup {
  /** The entry its page shows. */
  entry: EntrySummary;
  /** The file that entry is in. */
  source: SourceFile;
  /** Every target (EntrySummary.target) of the group's entries: a mention of any of them is a mention of the group. */
  targets: Set<string>;
}

/** The registers the edition always has (every page names them); works and events only when a collection has entries of them. */
export const STANDARD_REGISTERS = ['persons', 'places', 'organisations'];
/** All registers, in the order of ed:register-table (xslt/common.xsl). */
export const REGISTERS = [...STANDARD_REGISTERS, 'works', 'events'];

export class RegisterIndex {
  /** Group (register/xml:id) → group, in the collection order of their first entries. */
  readonly groups = new Map<string, RegisterGroup>();
  private readonly byTarget = new Map<string, RegisterGroup>();
  private readonly byId = new Map<string, RegisterGroup>();

  /** From the digests of the collection's members, in collection order. */
  static of(members: Array<{ source: SourceFile; digest: SummaryDigest }>): RegisterIndex {
    const index = new RegisterIndex();
    for (const { source, digest } of members) {
      for (const entry of digest.entries) index.add(source, entry);
    }
    return index;
  }

  private add(source: SourceFile, entry: EntrySummary): void {
    let group = this.groups.get(entry.group);
    if (!group) {
      group = { entry, source, targets: new Set() };
      this.groups.set(entry.group, group);
    } else if (preferred(entry, group.entry)) {
      group.entry = entry;
      group.source = source;
    }
    if (entry.target && !this.byTarget.has(entry.target)) {
      group.targets.add(entry.target);
      this.byTarget.set(entry.target, group);
    }
    // Registers in table order would decide between two registers' entries of one id; ids are unique in practice.
    if (!this.byId.has(entry.id)) this.byId.set(entry.id, group);
  }

  /** The group a mention's target reaches, if any. */
  groupOf(target: string): RegisterGroup | undefined {
    return target.startsWith('#') ? this.byId.get(target.slice(1)) : this.byTarget.get(target);
  }

  /**
   * Where every target leads, as text: the groups (in order) and the group each "uri#id" target and each xml:id reaches.
   * Two indexes with the same routes join every mention to the same group (MentionJoin); their entries may differ.
   */
  routes(): string {
    const parts: string[] = [...this.groups.keys()];
    parts.push('');
    for (const [target, group] of this.byTarget) parts.push(target, group.entry.group);
    parts.push('');
    for (const [id, group] of this.byId) parts.push(id, group.entry.group);
    return JSON.stringify(parts);
  }

  /**
   * What tells apart a register's entries of one name (EntrySummary.label), such as the "Servant" of every play of a
   * collection of drama (group → qualifier): the title of the document whose entry the group's page shows, where
   * entries of that name come from several documents; and its xml:id, where the same document has several of that
   * name (DraCor names each of a play's extras by their cast list's group: "Soldiers, Servants, Messengers"), as a
   * register shows an entry without a name. Not for an entry kept in a register file, which has no title: such entries
   * are the project's own index, whose names are its to choose (and whose entries' dates and notes tell them apart).
   * The register lists, the entry pages and the search's names all show it ("Servant (Othello)").
   */
  qualifiers(members: Array<{ source: SourceFile; digest: SummaryDigest }>): Map<string, string> {
    const named = new Map<string, RegisterGroup[]>();
    for (const group of this.groups.values()) {
      const name = `${group.entry.register}\n${group.entry.label}`;
      const same = named.get(name);
      if (same) same.push(group);
      else named.set(name, [group]);
    }
    const qualifier = new Map<string, string>();
    if (named.size === this.groups.size) return qualifier;
    const titles = new Map(members.map(({ source, digest }) => [source, digest['edition-document'] ? digest.title : '']));
    for (const same of named.values()) {
      if (same.length < 2) continue;
      const count = new Map<string, number>();
      for (const group of same) count.set(titles.get(group.source)!, (count.get(titles.get(group.source)!) ?? 0) + 1);
      for (const group of same) {
        const title = titles.get(group.source)!;
        if (!title) continue;
        const parts = [...(count.size > 1 ? [title] : []), ...(count.get(title)! > 1 ? [group.entry.id] : [])];
        qualifier.set(group.entry.group, parts.join('; '));
      }
    }
    return qualifier;
  }

  /** The entry a target reaches, as another entry's page names and links it; `qualifiers` as the register lists show them (qualifiers). */
  linkOf(target: string, qualifiers: ReadonlyMap<string, string>): EntryLink | undefined {
    const group = this.groupOf(target);
    if (!group) return undefined;
    const qualifier = qualifiers.get(group.entry.group);
    return { label: group.entry.label, ...(qualifier === undefined ? {} : { qualifier }), page: group.entry.page };
  }

  /** Where the pointers inside an entry lead (EntrySummary.links): target → the entry it reaches, for those that reach one. */
  linksOf(entry: EntrySummary, qualifiers: ReadonlyMap<string, string>): Record<string, EntryLink> | undefined {
    let links: Record<string, EntryLink> | undefined;
    for (const target of entry.links ?? []) {
      const link = this.linkOf(target, qualifiers);
      if (link) (links ??= {})[target] = link;
    }
    return links;
  }

  /**
   * The relations of the members' files (SummaryDigest.relations) on the pages of the entries they relate: group → its
   * relations, in collection and document order, each with the group's side and the other parties (those of the other
   * side; of a mutual relation, the other mutual parties), each the entry it reaches or, where it reaches none, its
   * pointer as written. A relation that reaches no entry is on no page; one repeated alike (the back matter of letters
   * repeating their register's relations) is shown once.
   */
  relationsOf(members: Array<{ digest: SummaryDigest }>, qualifiers: ReadonlyMap<string, string>): Map<string, PageRelation[]> {
    const relations = new Map<string, PageRelation[]>();
    const shown = new Map<string, Set<string>>();
    for (const { digest } of members) {
      for (const { xml, parties } of digest.relations) {
        const groups = parties.map(({ target }) => (target ? this.groupOf(target) : undefined));
        parties.forEach(({ side }, i) => {
          const group = groups[i];
          if (!group) return;
          const others = parties.flatMap((other, j) => {
            const related = side === 'mutual' ? other.side === 'mutual' && groups[j] !== group : other.side !== side && other.side !== 'mutual';
            if (!related) return [];
            return [groups[j] ? this.linkOf(other.target, qualifiers)! : { pointer: other.pointer }];
          });
          const relation: PageRelation = { xml, side, others };
          const key = JSON.stringify(relation);
          let keys = shown.get(group.entry.group);
          if (!keys) shown.set(group.entry.group, (keys = new Set()));
          if (keys.has(key)) return;
          keys.add(key);
          const list = relations.get(group.entry.group);
          if (list) list.push(relation);
          else relations.set(group.entry.group, [relation]);
        });
      }
    }
    return relations;
  }

  /** The registers that have entries, in table order. */
  registers(): string[] {
    const present = new Set([...this.groups.values()].map((group) => group.entry.register));
    return REGISTERS.filter((register) => present.has(register));
  }

  /**
   * The files a document's pages need besides those its pointers name: where the entries its "#id"
   * targets, and its header's "#id" pointers, reach are kept (the stylesheet then finds them: ed:collection-entry).
   */
  registerFilesFor(source: SourceFile, digest: SummaryDigest): Set<SourceFile> {
    const files = new Set<SourceFile>();
    const add = (target: string): void => {
      if (!target.startsWith('#')) return;
      const group = this.byId.get(target.slice(1));
      if (group && group.source !== source) files.add(group.source);
    };
    for (const target in digest.targets) add(target);
    for (const target of digest['header-pointers'] ?? []) add(target);
    return files;
  }
}

/** Whether an entry is a better one to show for its group than the one chosen so far. */
function preferred(entry: EntrySummary, chosen: EntrySummary): boolean {
  if (entry['in-register'] !== chosen['in-register']) return entry['in-register'];
  return entry.size > chosen.size;
}
