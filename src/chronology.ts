/**
 * The edition's chronological order, as xslt/common.xsl sorts it (ed:chronological-key): by date key, then title,
 * then path, each compared by code points (XPath's default collation). The home page is sorted there; the lists of
 * documents on entry pages and the search results are sorted here, and the three must agree.
 */

export interface Chronological {
  dateKey: string;
  title: string;
  path: string;
}

export function chronologically(a: Chronological, b: Chronological): number {
  return byCodePoints(sortableDateKey(a.dateKey), sortableDateKey(b.dateKey)) || byCodePoints(a.title, b.title) || byCodePoints(a.path, b.path);
}

/** The items in chronological order (a new array; stable), each one's date key made sortable once. */
export function sortChronologically<T>(items: readonly T[], of: (item: T) => Chronological): T[] {
  return items
    .map((item) => {
      const order = of(item);
      return { item, order: { ...order, dateKey: sortableDateKey(order.dateKey) } };
    })
    .sort((a, b) => byCodePoints(a.order.dateKey, b.order.dateKey) || byCodePoints(a.order.title, b.order.title) || byCodePoints(a.order.path, b.order.path))
    .map(({ item }) => item);
}

/**
 * A date key ("1980-10-02", "-0480", "9999" for undated) as a string that sorts chronologically (ed:sortable-date-key):
 * a year before the common era has its digits complemented to 9 over a fixed width, so that "-0500" (earlier)
 * sorts before "-0480", which as written it does not.
 */
export function sortableDateKey(key: string): string {
  const bce = /^-(\d+)/.exec(key);
  if (!bce) return key;
  const year = bce[1].padStart(8, '0').replace(/\d/g, (digit) => String(9 - Number(digit)));
  return `-${year}${key.slice(bce[0].length)}`;
}

/** Compares strings by their code points (XPath's default collation), not by UTF-16 units as `<` does. */
export function byCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return a.length < b.length ? -1 : 1;
}
