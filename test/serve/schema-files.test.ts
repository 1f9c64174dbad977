import * as fs from 'fs';
import * as path from 'path';
import { SchemaFiles } from '../../src/serve/schema-files';
import { temporaryDir } from '../support/publish';

/*
 * The schema files `serve` watches, on real files: those the documents name in <?xml-model?> (with what a
 * RelaxNG schema includes), found again after a save from the saved documents alone.
 */

const RNG = 'http://relaxng.org/ns/structure/1.0';
const SCH = 'http://purl.oclc.org/dsdl/schematron';

function tei(...models: Array<[href: string, namespace: string]>): string {
  const prolog = models.map(([href, namespace]) => `<?xml-model href="${href}" type="application/xml" schematypens="${namespace}"?>\n`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${prolog}<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>x</p></body></text></TEI>\n`;
}

describe('serve: the schemas the documents name', () => {
  const base = temporaryDir('serve-schemas');
  const src = path.join(base, 'tei');
  const schemas = path.join(base, 'schemas');
  const at = (...parts: string[]): string => path.join(base, ...parts);
  const given = [at('schemas', 'given.sch')];
  beforeAll(() => {
    fs.mkdirSync(src, { recursive: true });
    fs.mkdirSync(schemas, { recursive: true });
    fs.writeFileSync(at('schemas', 'a.rng'), `<grammar xmlns="${RNG}"><include href="a-part.rng"/></grammar>\n`);
    fs.writeFileSync(at('schemas', 'a-part.rng'), `<grammar xmlns="${RNG}"><start><element name="TEI" ns="http://www.tei-c.org/ns/1.0"><text/></element></start></grammar>\n`);
    fs.writeFileSync(at('schemas', 'b.sch'), `<schema xmlns="${SCH}"/>\n`);
    fs.writeFileSync(at('schemas', 'given.sch'), `<schema xmlns="${SCH}"/>\n`);
    fs.writeFileSync(path.join(src, 'one.xml'), tei(['../schemas/a.rng', RNG]));
    fs.writeFileSync(path.join(src, 'two.xml'), tei(['../schemas/a.rng', RNG]));
  });
  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

  test('the whole collection, then only the documents saved, created or deleted', async () => {
    const files = new SchemaFiles();
    const one = path.join(src, 'one.xml');
    const two = path.join(src, 'two.xml');
    const three = path.join(src, 'three.xml');
    const sorted = (set: Set<string>): string[] => [...set].sort();
    const schemasA = [at('schemas', 'a-part.rng'), at('schemas', 'a.rng')];
    expect(sorted(await files.of([one, two], given))).toEqual([...schemasA, at('schemas', 'given.sch')]);

    // one.xml now names b.sch too, and a schema that does not exist yet (watched, so that creating it rebuilds).
    fs.writeFileSync(one, tei(['../schemas/a.rng', RNG], ['../schemas/b.sch', SCH], ['../schemas/later.sch', SCH]));
    expect(files.knows(one)).toBe(true);
    expect(sorted(await files.update([one], given))).toEqual([...schemasA, at('schemas', 'b.sch'), at('schemas', 'given.sch'), at('schemas', 'later.sch')]);

    // A new document; then both that named a.rng stop naming it: a.rng and what it includes are no longer watched.
    fs.writeFileSync(three, tei(['../schemas/b.sch', SCH]));
    fs.writeFileSync(one, tei(['../schemas/b.sch', SCH]));
    fs.rmSync(two);
    expect(files.knows(two)).toBe(true);
    expect(sorted(await files.update([one, two, three], given))).toEqual([at('schemas', 'b.sch'), at('schemas', 'given.sch')]);

    // A folder, or a path that was never a document, is not something update can take: serve lists the collection again.
    expect(files.knows(src)).toBe(false);
    expect(files.knows(path.join(src, 'never-there.xml'))).toBe(false);
    expect(sorted(await files.of([one, three], given))).toEqual([at('schemas', 'b.sch'), at('schemas', 'given.sch')]);
  });
});
