import { contentHash } from '../../cache';
import { BuildKeys } from '../cache-keys';
import type { RegisterIndex } from '../registers';
import type { SourceFile } from './read';
import type { SummaryDigest } from './summarise';

/**
 * The collection's mentions joined to its register's entry groups (RegisterIndex), for the entry pages: per group,
 * the documents that mention it, in collection order, with the targets of the group each names; how many mentions
 * the group has (and speeches: a speech ascribed to a group joins it as a mention does, MentionSummary.speech); and the key of what its page shows (the entry, and each document's mentions of it as the hashes
 * its digest gives them).
 *
 * At 2,000 documents that is some 60,000 (document, group) pairs, which an editor's save in `serve` would join again
 * for one changed document. So a join is kept for the session's next build: when the collection has the same members
 * in the same order, and its register leads every target to the same group as before (RegisterIndex.routes), only
 * the documents whose digest is another object are looked at again (a session's builds share the digests of the
 * files that did not change: ResultCache's packs), and only the groups where what they give changed are joined
 * again. Otherwise, and always in a build of one run, everything is joined, by the same code.
 */

/** A document that mentions a group, as its entry page lists it. */
export interface Mentioning {
  source: SourceFile;
  document: SummaryDigest['document'];
  /** The targets of the group it names (a group's entries may be kept in several files), in its digest's order. */
  targets: string[];
}

export interface GroupMentions {
  /** In collection order; the join's own: read, never modified. */
  documents: Mentioning[];
  /** How many (mention, target) pairs name the group, speeches not counted. */
  mentions: number;
  /** How many (speech, target) pairs ascribe speeches to the group (MentionSummary.speech). */
  speeches: number;
  /** What its entry page shows, as a key: the entry's XML and, per document, what it is listed as and its lists' hashes. */
  key: string;
}

/** What one document's mentions give one group: the targets it names, how often (and how many are speeches), and its line of the group's key. */
interface Share {
  targets: string[];
  count: number;
  speeches: number;
  line: string;
}

interface Joined extends GroupMentions {
  /** The entry's XML the key was made with. */
  xml: string;
  /** Each document's line of the key, as `documents`. */
  lines: string[];
  /**
   * Collection path → its place in `documents`: made when a session's next build first replaces a document in place
   * (changed), not by every join (60,000 entries at 2,000 documents that a build of one run never reads).
   */
  at?: Map<string, number>;
}

type Member = { source: SourceFile; digest: SummaryDigest };

export class MentionJoin {
  private members: Member[] = [];
  private routes: string | undefined;
  /** Group (register/xml:id) → its join. */
  private joined = new Map<string, Joined>();
  /** Per digest, what it gives each group, under `routes`. */
  private shares = new WeakMap<SummaryDigest, Map<string, Share>>();

  /** Per group (RegisterGroup.entry.group) of the index, its mentions among the members (collection order). */
  join(members: Member[], index: RegisterIndex): ReadonlyMap<string, GroupMentions> {
    const routes = index.routes();
    const previous = this.members;
    // Kept only once this join is whole: a join that failed half-way starts afresh next time.
    this.members = [];
    const again = new Set<string>();
    if (routes !== this.routes || !samePaths(members, previous)) {
      this.routes = routes;
      this.shares = new WeakMap();
      this.joined = new Map();
      for (const group of index.groups.keys()) again.add(group);
    } else {
      for (let i = 0; i < members.length; i++) {
        if (members[i].digest !== previous[i].digest) this.changed(members[i], previous[i].digest, index, again);
      }
    }
    this.joinAgain(again, members, index);
    // A group whose entry changed (a register file edited) has the same mentions, but another page.
    for (const [id, group] of index.groups) {
      const joined = this.joined.get(id)!;
      if (joined.xml !== group.entry.xml) {
        joined.xml = group.entry.xml;
        joined.key = keyOf(joined.xml, joined.lines);
      }
    }
    this.members = members;
    return this.joined;
  }

  /**
   * A member whose digest changed: the groups where what it gives changed are to be joined again (`again`); where it
   * gives the same, the group lists its new summary objects in the old ones' place.
   */
  private changed(member: Member, before: SummaryDigest, index: RegisterIndex, again: Set<string>): void {
    const was = this.sharesOf(before, index);
    const is = this.sharesOf(member.digest, index);
    for (const [id, share] of is) {
      const old = was.get(id);
      if (!old || old.line !== share.line || old.count !== share.count || old.speeches !== share.speeches || !sameStrings(old.targets, share.targets)) {
        again.add(id);
        continue;
      }
      const joined = this.joined.get(id)!;
      if (again.has(id)) continue;
      joined.at ??= new Map(joined.documents.map((document, place) => [document.source.path, place]));
      joined.documents[joined.at.get(member.source.path)!] = { source: member.source, document: member.digest.document, targets: share.targets };
    }
    for (const id of was.keys()) if (!is.has(id)) again.add(id);
  }

  /** Joins the groups `again` anew: one pass over the members, each looking up the fewer of its shares and those groups. */
  private joinAgain(again: Set<string>, members: Member[], index: RegisterIndex): void {
    if (again.size === 0) return;
    const made = new Map<string, Joined>();
    for (const id of again) made.set(id, { documents: [], mentions: 0, speeches: 0, key: '', xml: index.groups.get(id)!.entry.xml, lines: [] });
    const add = (joined: Joined, { source, digest }: Member, share: Share): void => {
      joined.documents.push({ source, document: digest.document, targets: share.targets });
      joined.lines.push(share.line);
      joined.mentions += share.count - share.speeches;
      joined.speeches += share.speeches;
    };
    for (const member of members) {
      const shares = this.sharesOf(member.digest, index);
      if (shares.size <= made.size) {
        for (const [id, share] of shares) {
          const joined = made.get(id);
          if (joined) add(joined, member, share);
        }
      } else {
        for (const [id, joined] of made) {
          const share = shares.get(id);
          if (share) add(joined, member, share);
        }
      }
    }
    for (const [id, joined] of made) {
      // An array grown by push keeps room for more: thousands of groups' lists are held between builds.
      joined.documents = joined.documents.slice();
      joined.lines = joined.lines.slice();
      joined.key = keyOf(joined.xml, joined.lines);
      this.joined.set(id, joined);
    }
  }

  /** What a digest's mentions give each group (none for a file that is not an edition document), under the current routes. */
  private sharesOf(digest: SummaryDigest, index: RegisterIndex): Map<string, Share> {
    let shares = this.shares.get(digest);
    if (shares) return shares;
    shares = new Map();
    if (digest['edition-document']) {
      let named: string | undefined;
      for (const target in digest.targets) {
        const group = index.groupOf(target);
        if (!group) continue;
        const [count, hash, speeches = 0] = digest.targets[target];
        let share = shares.get(group.entry.group);
        if (!share) shares.set(group.entry.group, (share = { targets: [], count: 0, speeches: 0, line: `\n${(named ??= BuildKeys.mentioningDocument(digest.document))}` }));
        share.targets.push(target);
        share.count += count;
        share.speeches += speeches;
        // Each hash as long as the others (mentionLists): the line says unambiguously which are whose.
        share.line += ` ${hash}`;
      }
      for (const share of shares.values()) share.targets = share.targets.slice();
    }
    this.shares.set(digest, shares);
    return shares;
  }
}

/** An entry page's key text: its entry and each mentioning document's line. */
function keyOf(xml: string, lines: string[]): string {
  return contentHash('entry page', JSON.stringify(xml), lines.join(''));
}

function samePaths(a: Member[], b: Member[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].source.path !== b[i].source.path) return false;
  return true;
}

function sameStrings(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
