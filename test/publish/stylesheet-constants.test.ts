import * as fs from 'fs';
import * as path from 'path';
import { loadSaxonJS } from '../../src/saxon';
import { loadStylesheets } from '../../src/publish/stylesheets';
import { stylesheetConstants } from '../../src/publish/transform';
import { REPO_ROOT } from '../support/shared';

/*
 * The reading model's maps (xslt/common.xsl: element name → kind, kind → layout, boundary, text) and the names of
 * languages by their codes are global
 * parameters whose defaults the stylesheet builds from its table; transform.ts gets them once per compiled
 * stylesheet from the template ed:constants and passes them back to every transformation
 * (stylesheetConstants). Both stylesheets must declare them (else the saving silently stops), and a
 * transformation given them must write exactly what one computing its own defaults writes.
 */

interface Saxon {
  getResource(options: { text: string; type: 'xml' }): Promise<unknown>;
  transform(options: Record<string, unknown>, mode: 'sync'): { principalResult: string };
}
const saxon = loadSaxonJS<Saxon>();
const sef = (name: string): object => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'lib', 'xslt', `${name}.sef.json`), 'utf8')) as object;
const EXPECTED = ['kinds', 'layouts', 'boundaries', 'text-holders', 'language-names'].map((name) => `Q{urn:tei-edition}${name}`).sort();

describe('stylesheet constants', () => {
  test.each(['html', 'text'])('%s.xsl declares the reading model maps and the language names as constants', (name) => {
    const constants = stylesheetConstants(sef(name));
    expect(Object.keys(constants).sort()).toEqual(EXPECTED);
    // The same values again for the same compiled stylesheet: computed once.
    const stylesheet = sef(name);
    expect(stylesheetConstants(stylesheet)).toBe(stylesheetConstants(stylesheet));
  });

  test('a stylesheet without the template gets none', () => {
    expect(stylesheetConstants(sef('schematron/sch2xslt'))).toEqual({});
  });

  test('transformations given the constants write what transformations computing them write', async () => {
    const html = sef('html');
    const text = sef('text');
    const files = fs.readdirSync(path.join(REPO_ROOT, 'tei')).filter((file) => file.endsWith('.xml')).sort();
    const collection = await Promise.all(files.map(async (file) => ({
      path: file, document: await saxon.getResource({ text: fs.readFileSync(path.join(REPO_ROOT, 'tei', file), 'utf8'), type: 'xml' }),
    })));
    const run = (withConstants: boolean): string[] => {
      const results: string[] = [];
      const transform = (stylesheet: object, options: { stylesheetParams: Record<string, unknown> } & Record<string, unknown>): void => {
        const documents: string[] = [];
        const constants = withConstants ? stylesheetConstants(stylesheet) : {};
        const { principalResult } = saxon.transform({
          stylesheetInternal: stylesheet, destination: 'serialized', baseOutputURI: 'file:///out/',
          deliverResultDocument: () => ({ destination: 'serialized', save: (uri: unknown, value: string) => documents.push(`${String(uri)}\n${value}`) }),
          ...options, stylesheetParams: { ...constants, ...options.stylesheetParams },
        }, 'sync');
        results.push(principalResult, ...documents);
      };
      for (const entry of collection) {
        const params = { collection, 'source-path': entry.path, edition: { version: 'v', commit: 'c', 'build-date': '2026-01-01' } };
        transform(html, { sourceNode: entry.document, initialMode: 'Q{urn:tei-edition}summary', stylesheetParams: { collection: [entry], 'source-path': entry.path } });
        transform(html, { sourceNode: entry.document, stylesheetParams: params });
        transform(text, { sourceNode: entry.document, stylesheetParams: params });
      }
      return results;
    };
    const computed = run(false);
    expect(computed.length).toBeGreaterThan(files.length * 3);
    expect(run(true)).toEqual(computed);
  });
});

describe('loading the compiled stylesheets', () => {
  test('a session\'s next build gets the stylesheets it loaded while the SEF files are the same; else they are read again', () => {
    const first = loadStylesheets();
    expect(first.files).toMatch(/^\d+:\d+:\d+:\d+ \d+:\d+:\d+:\d+$/);
    expect(loadStylesheets(first)).toBe(first);
    // Files of another identity (recompiled, replaced): read and hashed again, to the same hash when their bytes are the same.
    const again = loadStylesheets({ ...first, files: `${first.files} before` });
    expect(again).not.toBe(first);
    expect(again.hash).toBe(first.hash);
    expect(again.files).toBe(first.files);
  });
});
