import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../support/shared';
import { parseOrdered } from '../support/tei-words';

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

interface Element {
  name: string;
  attributes: Record<string, string>;
  text: string;
  /** Names of the ancestors, outermost first. */
  ancestors: string[];
}

/** Every element of a document, in document order, with its attributes and its text content. */
function elements(xml: string): Element[] {
  const out: Element[] = [];
  const textOf = (nodes: OrderedNode[]): string =>
    nodes.map((node) => ('#text' in node ? String(node['#text']) : textOf((node[Object.keys(node).find((k) => k !== ':@')!] as OrderedNode[]) ?? []))).join('');
  const walk = (nodes: OrderedNode[], ancestors: string[]): void => {
    for (const node of nodes) {
      const name = Object.keys(node).find((key) => key !== ':@' && key !== '#text');
      if (!name || name.startsWith('?')) continue;
      const children = node[name] as OrderedNode[];
      out.push({ name, attributes: node[':@'] ?? {}, text: textOf(children), ancestors });
      walk(children, [...ancestors, name]);
    }
  };
  walk(parseOrdered(xml), []);
  return out;
}

const TEI_DIR = path.join(REPO_ROOT, 'tei');
const documents = fs.readdirSync(TEI_DIR).filter((name) => name.endsWith('.xml') && name !== 'register.xml');
const register = elements(fs.readFileSync(path.join(TEI_DIR, 'register.xml'), 'utf8'));
const entryIds = new Set(
  register.filter((e) => ['person', 'place', 'org'].includes(e.name)).map((e) => e.attributes['xml:id']),
);

describe('the shared register', () => {
  const used = new Set<string>();
  for (const file of documents) {
    const all = elements(fs.readFileSync(path.join(TEI_DIR, file), 'utf8'));
    test(`${file}: every @ref resolves to a register entry`, () => {
      const refs = all.filter((e) => e.attributes.ref !== undefined);
      expect(refs.length).toBeGreaterThan(0);
      for (const element of refs) {
        for (const pointer of element.attributes.ref.split(/\s+/)) {
          const match = /^register\.xml#(.+)$/.exec(pointer);
          expect({ element: element.name, text: element.text, pointer, resolves: Boolean(match && entryIds.has(match[1])) })
            .toEqual({ element: element.name, text: element.text, pointer, resolves: true });
          used.add(match![1]);
        }
      }
    });

    test(`${file}: every name is linked to the register, except the header's responsibility statements`, () => {
      const unlinked = all.filter((e) => ['persName', 'placeName', 'orgName'].includes(e.name) && e.attributes.ref === undefined);
      expect(unlinked.filter((e) => !e.ancestors.includes('respStmt')).map((e) => e.text)).toEqual([]);
      expect(all.filter((e) => e.ancestors.includes('text') && ['persName', 'placeName', 'orgName'].includes(e.name)).length).toBeGreaterThan(10);
    });

    test(`${file}: its xml:id is its file name and every other xml:id starts with it`, () => {
      const docId = file.replace(/\.xml$/, '');
      const ids = all.map((e) => e.attributes['xml:id']).filter(Boolean);
      expect(ids[0]).toBe(docId);
      expect(ids.slice(1).filter((id) => !id.startsWith(`${docId}-`))).toEqual([]);
    });
  }

  test('every register entry is used by at least one document', () => {
    expect([...entryIds].filter((id) => !used.has(id))).toEqual([]);
  });

  test('Brezhnev and Gromyko, named in both documents, are one entry each', () => {
    for (const id of ['brezhnev', 'gromyko']) {
      const docs = documents.filter((file) => fs.readFileSync(path.join(TEI_DIR, file), 'utf8').includes(`register.xml#${id}"`));
      expect({ id, docs: docs.sort() }).toEqual({ id, docs: [...documents].sort() });
    }
  });

  test('each entry has a main name, a note, and every form under which the texts name it', () => {
    const forms = new Map<string, Set<string>>();
    let current = '';
    for (const e of register) {
      if (['person', 'place', 'org'].includes(e.name)) {
        current = e.attributes['xml:id'];
        forms.set(current, new Set());
      } else if (['persName', 'placeName', 'orgName'].includes(e.name) && current) {
        forms.get(current)!.add(e.text.replace(/\s+/g, ' ').trim());
      }
    }
    for (const file of documents) {
      const xml = fs.readFileSync(path.join(TEI_DIR, file), 'utf8');
      // A name's form as written in the source: the text with editorial readings (reg, corr, expan in choice)
      // removed, and the translator's insertions (supplied) in the brackets the source prints them in.
      const sourceForm = (raw: string): string =>
        raw.replace(/<(reg|corr)>.*?<\/\1>/g, '').replace(/<choice><abbr>(.*?)<\/abbr><expan>.*?<\/expan><\/choice>/g, '$1')
          .replace(/<supplied\b[^>]*>(.*?)<\/supplied>/g, '[$1]')
          .replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
      const textPart = xml.slice(xml.indexOf('<text>'));
      for (const match of textPart.matchAll(/<(persName|placeName|orgName) ref="register\.xml#([^"]+)"[^>]*>(.*?)<\/\1>/g)) {
        const form = sourceForm(match[3]);
        expect({ entry: match[2], form, listed: forms.get(match[2])?.has(form) }).toEqual({ entry: match[2], form, listed: true });
      }
    }
    const kinds = register.filter((e) => ['person', 'place', 'org'].includes(e.name)).length;
    expect(register.filter((e) => ['persName', 'placeName', 'orgName'].includes(e.name) && e.attributes.type === 'main').length).toBe(kinds);
  });
});
