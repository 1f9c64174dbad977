import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { FileIndex } from '../../src/cache/file-index';
import { PACKAGE_ROOT, SEF_DIR } from '../../src/package-files';
import { loadStylesheets, stylesheetHash } from '../../src/publish/stylesheets';
import { stylesheetConstants } from '../../src/publish/transform';
import { temporaryDir } from '../support/publish';

/**
 * The compiled stylesheets' hash, in every key of the build cache (stylesheets.ts): the same wherever the checkout
 * is (a SEF names its modules by their absolute URIs), and taken from the cache's file index while the SEF files
 * are unchanged, so that a build whose pages all come from the cache does not read and hash 3 MB of them.
 */

describe('stylesheetHash', () => {
  test('a checkout moved or cloned elsewhere has the same hash; another stylesheet has another', () => {
    const sef = fs.readFileSync(path.join(SEF_DIR, 'html.sef.json'), 'utf8');
    const here = `${pathToFileURL(PACKAGE_ROOT).href}/xslt/`;
    expect(sef).toContain(`"base":"${here}html.xsl"`);
    const elsewhere = sef.split(here).join('file:///home/editor/projects/a%20longer%20name/tei-edition/xslt/');
    expect(elsewhere).not.toBe(sef);
    expect(stylesheetHash(elsewhere)).toBe(stylesheetHash(sef));
    // What the stylesheet does, or which module a tree was made in, is not a location: another hash.
    expect(stylesheetHash(sef.replace('"base":', '"base" :'))).not.toBe(stylesheetHash(sef));
    expect(stylesheetHash(sef.split(`${here}html.xsl`).join(`${here}text.xsl`))).not.toBe(stylesheetHash(sef));
  });

  test('the same stylesheets compiled again (another time, so another checksum) have the same hash', () => {
    const sef = fs.readFileSync(path.join(SEF_DIR, 'text.sef.json'), 'utf8');
    expect(sef).toMatch(/"buildDateTime":"[^"]+"/);
    expect(sef).toMatch(/,"\u03a3":"[0-9a-f]+"\}$/);
    const again = sef.replace(/"buildDateTime":"[^"]*"/, '"buildDateTime":"2031-01-01T00:00:00.000Z"').replace(/"\u03a3":"[0-9a-f]+"\}$/, '"\u03a3":"0badc0de"}');
    expect(again).not.toBe(sef);
    expect(stylesheetHash(again)).toBe(stylesheetHash(sef));
    // Anything else that differs is another stylesheet, whatever its checksum says.
    expect(stylesheetHash(again.replace('"N":"decimalFormat"', '"N":"decimalFormat","x":"1"'))).not.toBe(stylesheetHash(sef));
  });
});

describe('loadStylesheets with the file index', () => {
  test('a build with the index takes each SEF\'s hash from it while the file is unchanged, and reads the SEF when asked for', () => {
    const index = FileIndex.of(temporaryDir('stylesheet-index'));
    const plain = loadStylesheets();
    expect(loadStylesheets(undefined, index).hash).toBe(plain.hash);
    expect(loadStylesheets(undefined, index).hash).toBe(plain.hash);
    // What the index says of an unchanged file is taken as it is: a forged entry shows that the file was not hashed again.
    for (const name of ['html', 'text']) {
      const file = path.join(SEF_DIR, `${name}.sef.json`);
      index.record(`${file} (stylesheet)`, fs.statSync(file), `forged ${name}`);
    }
    const forged = loadStylesheets(undefined, index);
    expect(forged.hash).not.toBe(plain.hash);
    // The texts, read when asked for (worker threads, a transformation), are the files'.
    expect(forged.sef!.html).toBe(fs.readFileSync(path.join(SEF_DIR, 'html.sef.json'), 'utf8'));
    // A SEF compiled again (another identity): hashed again.
    const html = path.join(SEF_DIR, 'html.sef.json');
    const stat = fs.statSync(html);
    index.record(`${html} (stylesheet)`, { ...stat, mtimeMs: stat.mtimeMs - 1 } as fs.Stats, 'forged html, older file');
    index.record(`${path.join(SEF_DIR, 'text.sef.json')} (stylesheet)`, { ...fs.statSync(path.join(SEF_DIR, 'text.sef.json')), size: 1 } as fs.Stats, 'forged text, other size');
    expect(loadStylesheets(undefined, index).hash).toBe(plain.hash);
  });
});

describe('a compiled stylesheet\'s checksum, checked once per SEF file', () => {
  const VERIFIED = '__teiEditionVerified';
  const parsed = (stylesheets: { html: object; text: object }): Array<Record<string, unknown>> => [stylesheets.html, stylesheets.text] as Array<Record<string, unknown>>;

  test('a SEF checked in an earlier run, and unchanged since, is marked so: SaxonJS does not check it again', async () => {
    // The index trusts a file only when it was last changed well before it was read (FileIndex's racy margin).
    for (const name of ['html', 'text']) {
      const age = Date.now() - fs.statSync(path.join(SEF_DIR, `${name}.sef.json`)).ctimeMs;
      if (age < 2500) await new Promise((resolve) => setTimeout(resolve, 2500 - age));
    }
    const index = FileIndex.of(temporaryDir('checksum-index'));
    // The first run checks each SEF (its first transformation, run as it is parsed): not marked.
    for (const sef of parsed(loadStylesheets(undefined, index))) expect(sef[VERIFIED]).toBeUndefined();
    // The next run (a new process: a new load) knows the files were checked.
    for (const sef of parsed(loadStylesheets(undefined, index))) expect(sef[VERIFIED]).toBe(true);
    // A SEF compiled again (another identity) is checked again; without an index, always.
    const html = path.join(SEF_DIR, 'html.sef.json');
    const stat = fs.statSync(html);
    index.record(`${html} (checksum verified)`, { ...stat, mtimeMs: stat.mtimeMs - 1 } as fs.Stats, index.hashOf(`${html} (stylesheet)`, stat)!);
    expect(parsed(loadStylesheets(undefined, index)).map((sef) => sef[VERIFIED])).toEqual([undefined, true]);
    for (const sef of parsed(loadStylesheets())) expect(sef[VERIFIED]).toBeUndefined();
  });

  test('SaxonJS checks the checksum of a SEF not marked, and skips it only for one marked', () => {
    const text = fs.readFileSync(path.join(SEF_DIR, 'text.sef.json'), 'utf8').replace(/"\u03a3":"[0-9a-f]+"\}\s*$/, '"\u03a3":"0badc0de"}');
    expect(() => stylesheetConstants(JSON.parse(text) as object)).toThrow(/checksum/i);
    const marked = JSON.parse(text) as Record<string, unknown>;
    marked[VERIFIED] = true;
    expect(Object.keys(stylesheetConstants(marked))).toContain('Q{urn:tei-edition}kinds');
  });
});
