import type { SourceFile } from './stages/read';
import type { SummaryDigest } from './stages/summarise';
import type { EntryLink, EntrySummary, PageRelation, PageStatement } from './transform';

/**
 * The collection's register: every register entry of every file (mode ed:summary's entries: register
 * files, standOff, documents' back matter and header), joined into one entry per register and xml:id (or, for
 * an entry that has none, the URI it is known by: ed:entry-key),
 * and the mentions' targets (MentionSummary.targets) joined to those entries. The one place where the
 * build decides which entry a pointer reaches and which page shows it (docs/publish.md, "Registers"):
 *
 * - a group is a register and an xml:id (EntrySummary.group): the same person repeated in the back
 *   matter of a thousand letters is one entry, with one page (its address, register/id.html, is what
 *   every document links to); an entry without an xml:id that is known by a URI (Syriaca.org's records: a
 *   <person> with <idno type="URI">http://syriaca.org/person/13</idno>) is the group of that URI, with a page
 *   named by it (ed:uri-file-name: persons/syriaca.org~person~13.html);
 * - the entry a group's page shows is the one a register keeps (a register file or a standOff:
 *   EntrySummary['in-register']), else the fullest (EntrySummary.size), else the first in collection order;
 * - a target "uri#id" (a pointer into a file) reaches the group of the entry it names; a target "#id"
 *   (a pointer whose own file has no such element: ed:pointer-target) reaches the group of that xml:id,
 *   wherever the collection keeps it;
 * - a target that is an absolute URI (a pointer such as "http://syriaca.org/person/13", or "pmb:1234" as its prefixDef
 *   expands it) reaches the group of the entry known by that URI (EntrySummary.uris: its idno), the first in collection
 *   order; a URI two groups' entries are known by is ambiguous (ambiguities: the build warns). Targets and URIs come
 *   from the stylesheet in one form (ed:uri-key: "https" as "http", no "/" at the end), compared here as they are;
 * - a target that is a key pointer (a name's @key, "@" and the code: ed:key-pointer) reaches the group of that xml:id,
 *   else of the first entry whose @n is the key (EntrySummary.n), else of the first with an idno of that value
 *   (EntrySummary.idnos); a key that several groups' entries share there is ambiguous only where a pointer uses it
 *   (keyAmbiguities: the build warns; a project numbering its entries n="1", "2" in each list is no mistake).
 */

export interface RegisterGroup {
  /** The entry its page shows. */
  entry: EntrySummary;
  /** The file that entry is in. */
  source: SourceFile;
  /** Every target (EntrySummary.target) of the group's entries: a mention of any of them is a mention of the group. */
  targets: Set<string>;
  /**
   * The pages of its entries, where they differ (absent where they do not): copies of a record without an xml:id that
   * list its URIs in another order, each named by its first (ed:entry-key). A document's page links the copy it finds, so
   * each of those pages is written, the same page as `entry.page` (collection-pages.ts).
   */
  pages?: Set<string>;
}

/** The registers the edition always has (every page names them); works and events only when a collection has entries of them. */
export const STANDARD_REGISTERS = ['persons', 'places', 'organisations'];
/** All registers, in the order of ed:register-table (xslt/common.xsl). */
export const REGISTERS = [...STANDARD_REGISTERS, 'works', 'events'];

export class RegisterIndex {
  /** Group (register/xml:id, or register/URI) → group, in the collection order of their first entries. */
  readonly groups = new Map<string, RegisterGroup>();
  /** Group (register/URI) of a copy of another group's entry (copyOf) → that group. */
  private readonly copies = new Map<string, RegisterGroup>();
  private readonly byTarget = new Map<string, RegisterGroup>();
  private readonly byId = new Map<string, RegisterGroup>();
  /** URI → the group of the first entry known by it and that entry's file (where a document's page finds it: registerFilesFor); and the other groups known by it too (ambiguities). */
  private readonly byUri = new KeyTable();
  /** Key pointer → the first entry whose @n is that key, and the first with an idno of it (as byUri); and the others that share it. */
  private readonly keys = { n: new KeyTable(), idno: new KeyTable() };

  /** From the digests of the collection's members, in collection order. */
  static of(members: Array<{ source: SourceFile; digest: SummaryDigest }>): RegisterIndex {
    const index = new RegisterIndex();
    for (const { source, digest } of members) {
      for (const entry of digest.entries) index.add(source, entry);
    }
    return index;
  }

  private add(source: SourceFile, entry: EntrySummary): void {
    let group = this.groups.get(entry.group) ?? this.copies.get(entry.group) ?? this.copyOf(entry);
    // A copy keeps the group it joins (its key and page) when it is the entry the page shows.
    const copy = group !== undefined && group.entry.group !== entry.group;
    if (copy) {
      (group!.pages ??= new Set([group!.entry.page])).add(entry.page);
      this.copies.set(entry.group, group!);
    }
    if (!group) {
      group = { entry, source, targets: new Set() };
      this.groups.set(entry.group, group);
    } else if (preferred(entry, group.entry)) {
      group.entry = copy ? { ...entry, group: group.entry.group, page: group.entry.page } : entry;
      group.source = source;
    }
    if (entry.target && !this.byTarget.has(entry.target)) {
      group.targets.add(entry.target);
      this.byTarget.set(entry.target, group);
    }
    // Registers in table order would decide between two registers' entries of one id; ids are unique in practice.
    if (entry.id && !this.byId.has(entry.id)) this.byId.set(entry.id, group);
    for (const uri of entry.uris ?? []) {
      if (this.byUri.add(uri, group, source)) group.targets.add(uri);
    }
    if (entry.n) this.keys.n.add(entry.n, group, source);
    for (const key of entry.idnos ?? []) this.keys.idno.add(key, group, source);
  }

  /** Where a key pointer leads: the group of that xml:id (its key form is "@" and the id), else by @n, else by idno. */
  private keyed(target: string): { group: RegisterGroup; source: SourceFile; table?: KeyTable } | undefined {
    const byId = this.byId.get(target.slice(1));
    if (byId) return { group: byId, source: byId.source };
    for (const table of [this.keys.n, this.keys.idno]) {
      const found = table.first.get(target);
      if (found) return { ...found, table };
    }
    return undefined;
  }

  /**
   * The group of another copy of an entry without an xml:id, known by the same URIs in another order (ed:entry-key takes
   * the first): each is known by the URI that identifies the other (the first URIs of both), in the same register. Two
   * records that only share some other URI (the same Wikipedia article) stay two (register-uri-ambiguous).
   */
  private copyOf(entry: EntrySummary): RegisterGroup | undefined {
    if (entry.id || !entry.uris || entry.uris.length < 2) return undefined;
    const known = this.byUri.first.get(entryKey(entry))?.group;
    return known && !known.entry.id && known.entry.register === entry.register && entry.uris.includes(entryKey(known.entry)) ? known : undefined;
  }

  /** The group a mention's target reaches, if any. */
  groupOf(target: string): RegisterGroup | undefined {
    if (target.startsWith('@')) return this.keyed(target)?.group;
    return target.startsWith('#') ? this.byId.get(target.slice(1)) : this.byTarget.get(target) ?? this.byUri.first.get(target)?.group;
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
    parts.push('');
    for (const [uri, { group, source }] of this.byUri.first) parts.push(uri, group.entry.group, source.path);
    for (const table of [this.keys.n, this.keys.idno]) {
      parts.push('');
      for (const [key, { group, source }] of table.first) parts.push(key, group.entry.group, source.path);
    }
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
        const parts = [...(count.size > 1 ? [title] : []), ...(count.get(title)! > 1 ? [entryKey(group.entry)] : [])];
        qualifier.set(group.entry.group, parts.join('; '));
      }
    }
    return qualifier;
  }

  /** The entry a target reaches, as another entry's page names and links it; `qualifiers` as the register lists show them (qualifiers). */
  linkOf(target: string, qualifiers: ReadonlyMap<string, string>): EntryLink | undefined {
    const group = this.groupOf(target);
    return group && linkTo(group, qualifiers);
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

  /**
   * What the entries' records state of the entries they point to (EntrySummary.statements), on the pages of those:
   * group → what others state of it (a person's affiliation on the organisation's page, a birth on the place's), in
   * collection order, each with the entry that states it. Each group's statements are those of the entry its page
   * shows (the back matter of letters repeating a person's affiliations says nothing new); one of an entry about
   * itself is on no page.
   */
  statementsOf(qualifiers: ReadonlyMap<string, string>): Map<string, PageStatement[]> {
    const statements = new Map<string, PageStatement[]>();
    for (const group of this.groups.values()) {
      let of: EntryLink | undefined;
      const shown = new Set<string>();
      for (const { target, xml } of group.entry.statements ?? []) {
        const about = this.groupOf(target);
        if (!about || about === group || shown.has(`${about.entry.group}\n${xml}`)) continue;
        shown.add(`${about.entry.group}\n${xml}`);
        of ??= linkTo(group, qualifiers);
        const list = statements.get(about.entry.group);
        if (list) list.push({ xml, of });
        else statements.set(about.entry.group, [{ xml, of }]);
      }
    }
    return statements;
  }

  /**
   * The URIs the entries of several groups are known by (two persons with the same VIAF URI, a project's record and its
   * copy under another xml:id), in collection order: the group a pointer by it reaches (the first), and the others,
   * which no pointer by it reaches (the build warns: register-uri-ambiguous).
   */
  ambiguities(): Array<{ uri: string; reached: { group: RegisterGroup; source: SourceFile }; others: Array<{ group: RegisterGroup; source: SourceFile }> }> {
    return [...this.byUri.others].map(([uri, others]) => ({ uri, reached: this.byUri.first.get(uri)!, others }));
  }

  /**
   * The keys among `used` (key pointers: "@" and the code) that reach one entry of several that have it, by @n or by
   * idno (not by xml:id, which the collection's ids already make one): the group a pointer by it reaches (the first in
   * collection order), and the others (the build warns: register-key-ambiguous).
   */
  keyAmbiguities(used: Iterable<string>): Array<{ key: string; reached: { group: RegisterGroup; source: SourceFile }; others: Array<{ group: RegisterGroup; source: SourceFile }> }> {
    const found = [];
    for (const key of new Set(used)) {
      const keyed = key.startsWith('@') ? this.keyed(key) : undefined;
      const others = keyed?.table?.others.get(key);
      if (keyed && others) found.push({ key, reached: { group: keyed.group, source: keyed.source }, others });
    }
    return found;
  }

  /** The registers that have entries, in table order. */
  registers(): string[] {
    const present = new Set([...this.groups.values()].map((group) => group.entry.register));
    return REGISTERS.filter((register) => present.has(register));
  }

  /**
   * The files a document's pages need besides those its pointers name: where the entries its "#id" and URI
   * targets, and its header's "#id" pointers, reach are kept (the stylesheet then finds them: ed:collection-entry).
   */
  registerFilesFor(source: SourceFile, digest: SummaryDigest): Set<SourceFile> {
    const files = new Set<SourceFile>();
    const add = (target: string): void => {
      const file = target.startsWith('@') ? this.keyed(target)?.source
        : target.startsWith('#') ? this.byId.get(target.slice(1))?.source : this.byTarget.has(target) ? undefined : this.byUri.first.get(target)?.source;
      if (file && file !== source) files.add(file);
    };
    for (const target in digest.targets) add(target);
    for (const target of digest['header-pointers'] ?? []) add(target);
    return files;
  }
}

/** The entries known by one kind of key (a URI, EntrySummary.n or .idnos): the first of each key, and the other groups that have it too. */
class KeyTable {
  readonly first = new Map<string, { group: RegisterGroup; source: SourceFile }>();
  readonly others = new Map<string, Array<{ group: RegisterGroup; source: SourceFile }>>();

  /** Whether the key is new (this group the first to have it). */
  add(key: string, group: RegisterGroup, source: SourceFile): boolean {
    const known = this.first.get(key)?.group;
    if (!known) {
      this.first.set(key, { group, source });
      return true;
    }
    if (known !== group) {
      let others = this.others.get(key);
      if (!others) this.others.set(key, (others = []));
      if (!others.some((other) => other.group === group)) others.push({ group, source });
    }
    return false;
  }
}

/** What identifies an entry in its register: its xml:id, else the URI it is known by (ed:entry-key; EntrySummary.group is register/key). */
export function entryKey(entry: EntrySummary): string {
  return entry.group.slice(entry.register.length + 1);
}

/** The code a key pointer ("@" and the key, "%" as "%25" and " " as "%20": ed:key-pointer) stands for. */
export function keyOf(pointer: string): string {
  return pointer.slice(1).split('%20').map((part) => part.replaceAll('%25', '%')).join(' ');
}

/** A group as another entry's page names and links it. */
function linkTo(group: RegisterGroup, qualifiers: ReadonlyMap<string, string>): EntryLink {
  const qualifier = qualifiers.get(group.entry.group);
  return { label: group.entry.label, ...(qualifier === undefined ? {} : { qualifier }), page: group.entry.page };
}

/** Whether an entry is a better one to show for its group than the one chosen so far. */
function preferred(entry: EntrySummary, chosen: EntrySummary): boolean {
  if (entry['in-register'] !== chosen['in-register']) return entry['in-register'];
  return entry.size > chosen.size;
}
