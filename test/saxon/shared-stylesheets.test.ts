import * as fs from 'fs';
import * as path from 'path';
import { loadSaxonJS, saxonSourceEdits } from '../../src/saxon';
import { REPO_ROOT } from '../support/shared';

/*
 * src/saxon's SOURCE_EDITS remember, on a compiled stylesheet, what every transformation used to find again in it
 * (its package and global nodes, each mode's rule index). See source-edits.test.ts for the other edits.
 */

interface Saxon {
  getResource(options: { text: string; type: 'xml' }): Promise<unknown>;
  transform(options: Record<string, unknown>, mode: 'sync'): { principalResult: string };
}
const edited = loadSaxonJS<Saxon>();

describe('SaxonJS source edits: compiled stylesheets shared by transformations', () => {
  test('the edits that remember things on the compiled stylesheet apply', () => {
    expect(saxonSourceEdits()).toEqual(expect.arrayContaining(['remember the compiled stylesheet walk of each transformation', 'one rule index per compiled mode']));
  });

  // The compiled stylesheet's walk and its modes' rule indexes are remembered on the compiled stylesheet:
  // transformations sharing one (as a build's thousands do) must give what each gives with a compiled stylesheet
  // of its own (parsed afresh from the SEF, where nothing is remembered yet), whatever ran in between. (Not
  // against SaxonJS as published, in a file of its own: two SaxonJS instances in one process share a registry and
  // mix their objects.)
  test('transformations sharing compiled stylesheets give what fresh ones give', async () => {
    const sefText = (name: string): string => fs.readFileSync(path.join(REPO_ROOT, 'lib', 'xslt', `${name}.sef.json`), 'utf8');
    const texts = { html: sefText('html'), text: sefText('text') };
    const files = ['carter-brezhnev-1979.xml', 'politburo-directive-1980.xml', 'register.xml'];
    const collection = await Promise.all(files.map(async (file) => ({
      path: file, document: await edited.getResource({ text: fs.readFileSync(path.join(REPO_ROOT, 'tei', file), 'utf8'), type: 'xml' }),
    })));
    const run = (stylesheet: (name: 'html' | 'text') => object): string[] => {
      const results: string[] = [];
      const transform = (name: 'html' | 'text', options: Record<string, unknown>): void => {
        const documents: string[] = [];
        const { principalResult } = edited.transform({
          stylesheetInternal: stylesheet(name), destination: 'serialized', baseOutputURI: 'file:///out/',
          deliverResultDocument: () => ({ destination: 'serialized', save: (uri: unknown, value: string) => documents.push(`${String(uri)}\n${value}`) }),
          ...options,
        }, 'sync');
        results.push(principalResult, ...documents);
      };
      for (const round of [1, 2]) {
        for (const entry of collection) {
          const params = { collection, 'source-path': entry.path, edition: { version: `v${round}`, commit: 'c', 'build-date': '2026-01-01' } };
          transform('html', { sourceNode: entry.document, initialMode: 'Q{urn:tei-edition}summary', stylesheetParams: { collection: [entry], 'source-path': entry.path } });
          transform('html', { sourceNode: entry.document, stylesheetParams: params });
          transform('text', { sourceNode: entry.document, stylesheetParams: params });
        }
        const summaries = files.map((file) => ({ path: file, 'date-key': '1979', title: file, text: `${file} ${round}` }));
        transform('text', { initialTemplate: 'Q{http://www.w3.org/1999/XSL/Transform}initial-template', stylesheetParams: { summaries } });
      }
      return results;
    };
    const fresh = run((name) => JSON.parse(texts[name]) as object);
    const shared = { html: JSON.parse(texts.html) as object, text: JSON.parse(texts.text) as object };
    expect(fresh.length).toBeGreaterThan(12);
    expect(run((name) => shared[name])).toEqual(fresh);
  });
});
