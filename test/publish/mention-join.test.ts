import { RegisterIndex } from '../../src/publish/registers';
import { GroupMentions, MentionJoin } from '../../src/publish/stages/mention-join';
import type { SourceFile } from '../../src/publish/stages/read';
import type { SummaryDigest } from '../../src/publish/stages/summarise';
import type { EntrySummary } from '../../src/publish/transform';

/*
 * serve keeps the join of the mentions to the register's entries between its builds (src/publish/stages/mention-join.ts)
 * and joins again only what the documents whose digest changed give. Whatever changes, the join it keeps must equal
 * the one a build of its own makes from nothing. Each step below is one kind of save, checked against a fresh join.
 */

type Member = { source: SourceFile; digest: SummaryDigest };

function entry(register: string, id: string, file: string, xml = `<person xml:id="${id}"/>`, inRegister = true): EntrySummary {
  return { group: `${register}/${id}`, register, page: `${register}/${id}.html`, target: `file:///c/${file}#${id}`, xml, id, label: id, 'in-register': inRegister, size: 1 };
}

/** A digest as the summaries give it (the fields the join and the register read). */
function digest(path: string, fields: { title?: string; targets?: SummaryDigest['targets']; entries?: EntrySummary[]; edition?: boolean }): SummaryDigest {
  const edition = fields.edition ?? true;
  return {
    'edition-document': edition,
    publishers: [], 'project-descriptions': [], 'date-key': '1979', title: fields.title ?? path, references: [], 'header-pointers': [],
    document: { path, name: path.replace(/\.xml$/, ''), 'date-key': '1979', 'date-label': '1979', title: fields.title ?? path, lang: 'en', source: '', summary: '' },
    entries: fields.entries ?? [], relations: [],
    search: {} as SummaryDigest['search'],
    targets: fields.targets ?? {},
  };
}

function member(path: string, fields: Parameters<typeof digest>[1]): Member {
  return { source: { file: `/c/${path}`, path, hash: `${path} ${JSON.stringify(fields)}`, size: 1 }, digest: digest(path, fields) };
}

/** A join as plain data (paths rather than objects), to compare two joins. */
function plain(joined: ReadonlyMap<string, GroupMentions>): unknown {
  return [...joined].map(([group, { documents, mentions, speeches, key }]) => ({
    group, mentions, speeches, key, documents: documents.map(({ source, document, targets }) => ({ path: source.path, hash: source.hash, document, targets })),
  }));
}

const hash = (text: string): string => text.padEnd(32, '0');

describe('the mention join kept between builds', () => {
  const register = member('register.xml', { edition: false, entries: [entry('persons', 'carter', 'register.xml'), entry('persons', 'brezhnev', 'register.xml'), entry('places', 'moscow', 'register.xml')] });
  const a = member('a.xml', { targets: { 'file:///c/register.xml#carter': [2, hash('a1')], '#moscow': [1, hash('a2')] } });
  const b = member('b.xml', { targets: { 'file:///c/register.xml#carter': [1, hash('b1')], 'file:///c/register.xml#brezhnev': [1, hash('b2')] } });
  const c = member('c.xml', { targets: { '#carter': [3, hash('c1')] } });
  const start = [register, a, b, c];

  /** Joins `members` with the kept join and with a fresh one; they must agree. Returns the kept join's result (until its next join). */
  const step = (kept: MentionJoin, members: Member[]): ReadonlyMap<string, GroupMentions> => {
    const index = RegisterIndex.of(members);
    const joined = kept.join(members, index);
    expect(plain(joined)).toEqual(plain(new MentionJoin().join(members, RegisterIndex.of(members))));
    return joined;
  };

  test('joins each mention to its entry group, across files and "#id" targets', () => {
    const joined = step(new MentionJoin(), start);
    expect(plain(joined)).toMatchObject([
      { group: 'persons/carter', mentions: 6, documents: [{ path: 'a.xml', targets: ['file:///c/register.xml#carter'] }, { path: 'b.xml' }, { path: 'c.xml', targets: ['#carter'] }] },
      { group: 'persons/brezhnev', mentions: 1, documents: [{ path: 'b.xml' }] },
      { group: 'places/moscow', mentions: 1, documents: [{ path: 'a.xml', targets: ['#moscow'] }] },
    ]);
  });

  test('speeches join their speakers as mentions do, counted apart', () => {
    const play = member('play.xml', { targets: { 'file:///c/register.xml#carter': [5, hash('p1'), 4], '#brezhnev': [2, hash('p2'), 2] } });
    const joined = step(new MentionJoin(), [register, a, play]);
    expect(plain(joined)).toMatchObject([
      { group: 'persons/carter', mentions: 3, speeches: 4, documents: [{ path: 'a.xml' }, { path: 'play.xml' }] },
      { group: 'persons/brezhnev', mentions: 0, speeches: 2, documents: [{ path: 'play.xml' }] },
      { group: 'places/moscow', mentions: 1, speeches: 0 },
    ]);
  });

  test('after each kind of save, the kept join equals a fresh one; groups the save does not touch are not joined again', () => {
    const kept = new MentionJoin();
    const first = step(kept, start);
    const carter = first.get('persons/carter')!.documents;

    // A word changed outside the mentions: a new digest that gives every group the same. The groups keep their lists,
    // with the new summary objects in place (and the new source, whose hash changed).
    const a2 = member('a.xml', { targets: { 'file:///c/register.xml#carter': [2, hash('a1')], '#moscow': [1, hash('a2')] }, title: 'a.xml' });
    a2.source.hash = 'a.xml edited';
    const second = step(kept, [register, a2, b, c]);
    expect(second.get('persons/carter')!.documents).toBe(carter);
    expect(second.get('persons/carter')!.documents[0].source).toBe(a2.source);

    // A mention's text changed (its list's hash), one more mention, a new entry mentioned, and one no longer.
    const a3 = member('a.xml', { targets: { 'file:///c/register.xml#carter': [3, hash('a9')], 'file:///c/register.xml#brezhnev': [1, hash('a3')] } });
    const third = step(kept, [register, a3, b, c]);
    expect(third.get('places/moscow')!.documents).toEqual([]);
    expect(third.get('persons/brezhnev')!.documents.map(({ source }) => source.path)).toEqual(['a.xml', 'b.xml']);
    const carterKey = third.get('persons/carter')!.key;

    // A title changed: what the entry pages list of the document.
    const b2 = member('b.xml', { title: 'Another title', targets: b.digest.targets });
    step(kept, [register, a3, b2, c]);

    // A document that is no longer an edition document (a register now): its mentions are no page's.
    const c2 = member('c.xml', { edition: false, targets: c.digest.targets });
    step(kept, [register, a3, b2, c2]);

    // An entry edited in the register (same routes, another entry to show) and, then, an entry added (other routes).
    const edited = member('register.xml', { edition: false, entries: [entry('persons', 'carter', 'register.xml', '<person xml:id="carter"><note/></person>'), entry('persons', 'brezhnev', 'register.xml'), entry('places', 'moscow', 'register.xml')] });
    const fifth = step(kept, [edited, a3, b2, c2]);
    expect(fifth.get('persons/carter')!.key).not.toBe(carterKey);
    const added = member('register.xml', { edition: false, entries: [...edited.digest.entries, entry('persons', 'vance', 'register.xml')] });
    const a4 = member('a.xml', { targets: { ...a3.digest.targets, 'file:///c/register.xml#vance': [1, hash('a4')] } });
    step(kept, [added, a4, b2, c2]);

    // A document's mentions of an entry that are speeches ascribed to it (the same list, read again as such: the same hash).
    const a5 = member('a.xml', { targets: { ...a4.digest.targets, 'file:///c/register.xml#vance': [3, hash('a4'), 2] } });
    expect(step(kept, [added, a5, b2, c2]).get('persons/vance')).toMatchObject({ mentions: 1, speeches: 2 });

    // Documents added, removed and reordered.
    const d = member('d.xml', { targets: { '#vance': [1, hash('d1')] } });
    step(kept, [added, d, a4, c2]);
    step(kept, [added, a4, d]);
    step(kept, start);
  });

  test('a member whose digest is the same object is not looked at again, however its file is named', () => {
    const kept = new MentionJoin();
    const first = step(kept, start);
    const again = step(kept, [register, { ...a, source: { ...a.source } }, b, c]);
    for (const group of ['persons/carter', 'persons/brezhnev', 'places/moscow']) expect(again.get(group)!.documents).toBe(first.get(group)!.documents);
  });
});
