import type { SourceFile } from './stages/read';
import type { SummaryDigest } from './stages/summarise';
import type { EntrySummary } from './transform';

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

  /** The registers that have entries, in table order. */
  registers(): string[] {
    const present = new Set([...this.groups.values()].map((group) => group.entry.register));
    return REGISTERS.filter((register) => present.has(register));
  }

  /**
   * The files a document's pages need besides those its pointers name: where the entries its "#id"
   * targets reach are kept (the stylesheet then finds them: ed:collection-entry).
   */
  registerFilesFor(source: SourceFile, digest: SummaryDigest): Set<SourceFile> {
    const files = new Set<SourceFile>();
    for (const target in digest.targets) {
      if (!target.startsWith('#')) continue;
      const group = this.byId.get(target.slice(1));
      if (group && group.source !== source) files.add(group.source);
    }
    return files;
  }
}

/** Whether an entry is a better one to show for its group than the one chosen so far. */
function preferred(entry: EntrySummary, chosen: EntrySummary): boolean {
  if (entry['in-register'] !== chosen['in-register']) return entry['in-register'];
  return entry.size > chosen.size;
}
