import { RegisterIndex } from '../../src/publish/registers';
import type { SourceFile } from '../../src/publish/stages/read';
import { searchEntities } from '../../src/publish/stages/search';
import type { SummaryDigest } from '../../src/publish/stages/summarise';
import type { EntrySummary, SearchEntry } from '../../src/publish/transform';

/*
 * One register join for the entry pages and the search (src/publish/registers.ts): the search's entry of a
 * person repeated in a letter's back matter and kept in the register file is the one the page shows, and
 * finds it under the names either copy gives.
 */

const file = (path: string): SourceFile => ({ file: `/c/${path}`, path, hash: path, size: 1 });
const entry = (path: string, inRegister: boolean, size: number): EntrySummary => ({
  group: 'persons/goethe', register: 'persons', page: 'persons/goethe.html', target: `${path}#goethe`, xml: '<person/>', id: 'goethe', label: 'Goethe', 'in-register': inRegister, size,
});
const names = (label: string, ...forms: string[]): SearchEntry => ({ group: 'persons/goethe', id: 'goethe', label, names: forms, geo: '' });

test("a group's search entry is its page's entry, with every file's names for it", () => {
  const letter = file('letter.xml');
  const register = file('register.xml');
  const members = [
    { source: letter, digest: { entries: [entry('letter.xml', false, 40)], targets: {} } as unknown as SummaryDigest },
    { source: register, digest: { entries: [entry('register.xml', true, 5)], targets: {} } as unknown as SummaryDigest },
  ];
  const index = RegisterIndex.of(members);
  expect(index.groupOf('letter.xml#goethe')).toBe(index.groupOf('register.xml#goethe'));
  expect(index.groupOf('#goethe')?.source).toBe(register);

  const entities = searchEntities(index, [
    { source: letter, entries: [names('Goethe', 'Goethe', 'J. W. Goethe')] },
    { source: register, entries: [names('Goethe, Johann Wolfgang', 'Goethe, Johann Wolfgang', 'Goethe')] },
  ], index.qualifiers(members));
  expect(entities).toEqual([{
    group: 'persons/goethe', register: 'persons', id: 'goethe', label: 'Goethe, Johann Wolfgang', qualifier: '', page: 'persons/goethe.html',
    names: ['Goethe', 'J. W. Goethe', 'Goethe, Johann Wolfgang'], geo: '',
  }]);
});
