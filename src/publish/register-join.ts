import type { EntrySummary } from './transform';

/**
 * The join of mentions to register entries, from the files' summaries or digests (the collection pages and the
 * search both use it: stages/collection-pages.ts, stages/search.ts): a mention's target (MentionSummary.targets) is the entry whose EntrySummary.target it is;
 * entries are grouped by register and xml:id, and the first entry of a group in collection order is the
 * group's (its page); a target that reaches another entry of the group is not the group's mention.
 */
export interface RegisterJoin {
  /** The groups, in the order of their first entry, each with that entry. */
  groups: Map<string, EntrySummary>;
  /** The group entry a mention's target reaches, if any. */
  entryOf(target: string): EntrySummary | undefined;
}

export function joinRegisters(summaries: Iterable<{ entries: EntrySummary[] }>): RegisterJoin {
  const byTarget = new Map<string, EntrySummary>();
  const groups = new Map<string, EntrySummary>();
  for (const summary of summaries) {
    for (const entry of summary.entries) {
      if (entry.target && !byTarget.has(entry.target)) byTarget.set(entry.target, entry);
      if (!groups.has(entry.group)) groups.set(entry.group, entry);
    }
  }
  return {
    groups,
    entryOf(target) {
      const entry = byTarget.get(target);
      return entry && groups.get(entry.group) === entry ? entry : undefined;
    },
  };
}
