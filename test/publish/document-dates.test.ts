import * as path from 'path';
import { PUBLISH_FIXTURES, publish, read } from '../support/publish';

/**
 * The date that places a document in time, for documents whose header has none of the usual ones
 * (correspDesc, creation, a dated source): an inscription dated by its object's origDate (in words), a
 * dispatch dated by its dateline; and a document dated nowhere, which has no Date field at all (not an empty one).
 */

const SRC = path.join(PUBLISH_FIXTURES, 'dates');

describe("a document's date, wherever the TEI gives it", () => {
  let out: string;
  const html = (name: string): string => read(path.join(out, 'html', 'documents', `${name}.html`));
  const text = (name: string): string => read(path.join(out, 'text', `${name}.txt`));

  beforeAll(async () => {
    const built = await publish(SRC);
    out = built.out;
    expect(built.result.published).toBe(true);
    expect(built.result.diagnostics).toEqual([]);
  }, 120_000);

  test("an inscription: its object's date of origin, as the edition words it", () => {
    expect(html('inscription')).toContain('<div><dt>Date</dt><dd>Imperial period</dd></div>');
    expect(text('inscription')).toMatch(/^Date: +Imperial period$/m);
  });

  test('a dispatch: the date of its dateline, sorted by it', () => {
    expect(html('dispatch')).toContain('<div><dt>Date</dt><dd>7 March 1815</dd></div>');
    expect(text('dispatch')).toMatch(/^Date: +7 March 1815$/m);
    // Dated documents come first on the home page ("Vienna, ..." before "Funerary ..." and "Undated ..."), then the undated ones by title.
    const home = read(path.join(out, 'html', 'index.html'));
    const order = ['dispatch', 'inscription', 'fragment'].map((name) => home.indexOf(`documents/${name}.html`));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test('a document dated nowhere has no Date field, in either edition', () => {
    expect(html('fragment')).not.toContain('<dt>Date</dt>');
    expect(text('fragment')).not.toMatch(/^Date:/m);
  });
});
