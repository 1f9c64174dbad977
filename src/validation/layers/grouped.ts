/**
 * The one algorithm both layers of schemas run by (the RelaxNG layer, schema-layer.ts; the Schematron
 * rules, rules-layer.ts): documents grouped by the schema they are checked against, each document's
 * result looked up in the result cache, the schema compiled once for the documents not found there
 * (and not at all when every result was found), their fresh results kept for the next run.
 */

/** What a layer says about its schemas and documents; `M` is a document of a group, `R` its result. */
export interface GroupedCheck<M, R> {
  /** The cache key of a member's result against a schema; undefined when it is not cached (no cache, an unreadable schema). */
  key(schema: string, member: M): string | undefined;
  /** The result the cache holds under `key`, when there is one that still holds. */
  cached(key: string, member: M): R | undefined;
  /** Compiles the schema once and checks these members (those the cache did not answer), returning their results in order. */
  check(schema: string, members: M[]): Promise<R[]>;
  /** Keeps a fresh result, when it may be kept (a timeout or a failure depends on more than the inputs). */
  keep(key: string, result: R, member: M): void;
}

export interface GroupOutcome<M, R> {
  schema: string;
  members: M[];
  /** One per member, in order. */
  results: R[];
  /** Per member: whether its result came from the cache. */
  cached: boolean[];
}

/** Runs `check` over every group, one schema after the other, in the groups' order. */
export async function checkGrouped<M, R>(groups: Map<string, M[]>, check: GroupedCheck<M, R>): Promise<Array<GroupOutcome<M, R>>> {
  const outcomes: Array<GroupOutcome<M, R>> = [];
  for (const [schema, members] of groups) {
    const keys = members.map((member) => check.key(schema, member));
    const results: Array<R | undefined> = members.map((member, i) => (keys[i] === undefined ? undefined : check.cached(keys[i]!, member)));
    const cached = results.map((result) => result !== undefined);
    const missing = members.map((_member, i) => i).filter((i) => !cached[i]);
    if (missing.length > 0) {
      const fresh = await check.check(schema, missing.map((i) => members[i]));
      missing.forEach((i, j) => {
        results[i] = fresh[j];
        if (keys[i] !== undefined) check.keep(keys[i]!, fresh[j], members[i]);
      });
    }
    outcomes.push({ schema, members, results: results as R[], cached });
  }
  return outcomes;
}

/** Adds `value` to the group of `key`, in order of first appearance. */
export function addToGroup<K, V>(groups: Map<K, V[]>, key: K, value: V): void {
  const group = groups.get(key);
  if (group) group.push(value);
  else groups.set(key, [value]);
}
