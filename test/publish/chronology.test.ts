import { sortableDateKey, sortChronologically } from '../../src/chronology';

/**
 * The order of entry pages' document lists and of the search results, which must be the stylesheet's
 * (ed:sortable-date-key, tested through the pages in document-header.test.ts).
 */
describe('chronological order', () => {
  test('years before the common era come in time, before the common era, with months in order within a year', () => {
    const keys = ['1980-10-02', '-0480', '0001', '-0500-06', '9999', '-0500', '-12000', '-0500-03-01', '1980', '-0001'];
    const sorted = sortChronologically(keys, (dateKey) => ({ dateKey, title: '', path: '' }));
    expect(sorted).toEqual(['-12000', '-0500', '-0500-03-01', '-0500-06', '-0480', '-0001', '0001', '1980', '1980-10-02', '9999']);
  });

  test('a key of the common era is its own sort key', () => {
    expect(sortableDateKey('1980-10-02')).toBe('1980-10-02');
    expect(sortableDateKey('9999')).toBe('9999');
    expect(sortableDateKey('-0480-05')).toBe('-99999519-05');
  });

  test('equal dates sort by title then path, by code points (an astral character after every BMP one), stably', () => {
    const items = [
      { dateKey: '1900', title: '\u{1F600} smile', path: 'b.xml' },
      { dateKey: '1900', title: '\uFF21 wide', path: 'a.xml' },
      { dateKey: '1900', title: 'Same', path: 'd.xml' },
      { dateKey: '1900', title: 'Same', path: 'c.xml' },
    ];
    expect(sortChronologically(items, (item) => item).map((item) => item.path)).toEqual(['c.xml', 'd.xml', 'a.xml', 'b.xml']);
  });
});
