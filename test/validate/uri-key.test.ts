import * as fs from 'fs';
import * as path from 'path';
import { loadSaxonJS } from '../../src/saxon';
import { isBareId, uriKey } from '../../src/validation/rules/model';
import { REPO_ROOT } from '../support/shared';

/*
 * When two URIs name the same register entry is decided in one form, by the published edition (ed:uri-key in
 * xslt/common.xsl) and by the validator (uriKey in src/validation/rules/model.ts) alike: both are held to the same
 * cases here. And the file names of the pages of entries known by a URI (ed:uri-file-name): one per URI, safe. The
 * stylesheet's functions are called as the compiled html.xsl has them (declared visibility="public" for that).
 */

interface Saxon {
  transform(options: Record<string, unknown>, mode: 'sync'): { principalResult: unknown };
}
const saxon = loadSaxonJS<Saxon>();
const html = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'lib', 'xslt', 'html.sef.json'), 'utf8')) as object;

function call(name: string, ...args: string[]): string {
  const { principalResult } = saxon.transform({
    stylesheetInternal: html, initialFunction: `Q{urn:tei-edition}${name}`, functionParams: args, destination: 'raw',
  }, 'sync');
  return String(principalResult);
}

const KEYS: Array<[written: string, key: string]> = [
  ['http://syriaca.org/person/13', 'http://syriaca.org/person/13'],
  ['https://syriaca.org/person/13/', 'http://syriaca.org/person/13'],
  ['HTTPS://Syriaca.ORG/person/13', 'http://syriaca.org/person/13'],
  // The path's case is the authority's to decide: Wikidata's Q42 is not q42.
  ['https://www.wikidata.org/entity/Q42', 'http://www.wikidata.org/entity/Q42'],
  ['http://www.wikidata.org/entity/q42/', 'http://www.wikidata.org/entity/q42'],
  ['https://d-nb.info/gnd/118609807/', 'http://d-nb.info/gnd/118609807'],
  ['http://viaf.org/viaf/100177778//', 'http://viaf.org/viaf/100177778'],
  ['https://example.org/', 'http://example.org'],
  // A slash inside the query or fragment is theirs; the path's final slash goes before either.
  ['https://example.org/a/?q=b/', 'http://example.org/a?q=b/'],
  ['https://example.org/a/#part/', 'http://example.org/a#part/'],
  ['http://example.org:8080/a', 'http://example.org:8080/a'],
  ['URN:ISBN:978-3-16-148410-0', 'urn:ISBN:978-3-16-148410-0'],
  ['ftp://Example.org/a/', 'ftp://Example.org/a'],
  ["javascript:alert('x')", "javascript:alert('x')"],
];

const NAMES: Array<[key: string, name: string]> = [
  ['http://syriaca.org/person/13', 'syriaca.org~person~13'],
  ['http://d-nb.info/gnd/118609807', 'd-nb.info~gnd~118609807'],
  ['http://example.org', 'example.org~'],
  ['http://example.org/a_b~c', 'example.org~a_5Fb_7Ec'],
  ['http://example.org/a-b/c', 'example.org~a-b~c'],
  ['http://example.org?id=3', 'example.org~_3Fid_3D3'],
  ['http://../../etc/passwd', '..~..~etc~passwd'],
  ['urn:isbn:978-3', 'urn+isbn_3A978-3'],
  ["javascript:alert('x')", 'javascript+alert_28_27x_27_29'],
  ['http://example.org/Ünïcode/"<b>', 'example.org~_C3_9Cn_C3_AFcode~_22_3Cb_3E'],
];

describe('URIs as register entries are matched by', () => {
  test.each(KEYS)('%s is %s to the edition and to the validator', (written, key) => {
    expect(call('uri-key', written)).toBe(key);
    expect(uriKey(written)).toBe(key);
  });

  test.each(NAMES)('the page of the entry known by %s is %s.html', (key, name) => {
    expect(call('uri-file-name', key)).toBe(name);
  });

  test('page names of URIs are one per URI, never an xml:id page name, and never leave the folder', () => {
    const keys = [...KEYS.map(([, key]) => key), ...NAMES.map(([key]) => key), 'http://example.org/a/b', 'http://example.org/a~b', 'http://example.org/a_2Fb',
      'http://example.org/a%2Fb', 'http://a/b', 'http://a~b', 'urn:a', 'http://urn:1/x', 'urn:1/x'];
    const names = new Map<string, string>();
    for (const key of new Set(keys)) {
      const name = call('uri-file-name', key);
      expect([key, names.get(name)]).toEqual([key, undefined]);
      names.set(name, key);
      // Never the name of an xml:id's page (ed:file-name: letters, digits, ".", "_", "-"), nor "." or "..", nor a path.
      expect(name).toMatch(/[~+]/);
      expect(name).toMatch(/^[A-Za-z0-9._~+-]+$/);
    }
  });

  test('a long URI keeps a short page name, and two that begin alike keep two', () => {
    const long = `http://example.org/${'x'.repeat(300)}`;
    const a = call('uri-file-name', `${long}/a`);
    const b = call('uri-file-name', `${long}/b`);
    expect(a.length).toBeLessThanOrEqual(200);
    expect(a).not.toBe(b);
    expect(a.startsWith('example.org~xxxx')).toBe(true);
  });

  test('a name alone is a bare id to both (ed:is-bare-id, isBareId); a file name, a path, a date or a URI is not', () => {
    for (const [token, bare] of [['pmb50', true], ['Wien', true], ['ŽŽ_1.a-b', true], ['letter2.xml', false], ['L2.XML', false], ['a/b', false],
      ['#pmb50', false], ['1898-01-16', false], ['pmb:50', false], ['-x', false], ['.x', false]] as Array<[string, boolean]>) {
      expect([token, call('is-bare-id', token)]).toEqual([token, String(bare)]);
      expect([token, isBareId(token)]).toEqual([token, bare]);
    }
  });
});
