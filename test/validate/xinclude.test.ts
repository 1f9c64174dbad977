import * as fs from 'fs';
import * as path from 'path';
import { validateCollection } from '../../src/validation';
import { PUBLISH_FIXTURES } from '../support/publish';
import { temporaryDir } from './helpers';

/**
 * XInclude (a teiCorpus root including its registers and its members, as ParlaMint keeps a corpus): validate
 * says, at the xi:include, which ones cannot be followed. Each finding stays in the file that has the include. The
 * schema layer is not asked here (skipSchema): it validates with the includes in place (xinclude-schema.test.ts).
 */

const XI = 'xmlns:xi="http://www.w3.org/2001/XInclude"';
const doc = (body: string): string => `<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0" ${XI}>\n<text><body>\n${body}\n</body></text>\n</TEI>\n`;

describe('xi:include in validate (xinclude-unresolved)', () => {
  test('a corpus whose includes all name files of the collection has no finding', async () => {
    const report = await validateCollection([path.join(PUBLISH_FIXTURES, 'spoken-corpus')], { cwd: temporaryDir(), skipSchema: true });
    expect(report.diagnostics.filter((d) => d.rule === 'xinclude-unresolved')).toEqual([]);
  });

  test('URLs, absolute paths, escapes from the folder, missing files, loops, parse="text" and xpointer are each reported where the include is', async () => {
    // The working folder is work/; outside.xml is beside it, and a link inside the corpus leads to it.
    const root = temporaryDir();
    const cwd = path.join(root, 'work');
    const dir = path.join(cwd, 'corpus');
    fs.mkdirSync(path.join(dir, 'parts'), { recursive: true });
    fs.writeFileSync(path.join(root, 'outside.xml'), '<listPerson xmlns="http://www.tei-c.org/ns/1.0"><person xml:id="secret"/></listPerson>');
    fs.symlinkSync(path.join(root, 'outside.xml'), path.join(dir, 'parts', 'link-out.xml'));
    fs.writeFileSync(path.join(dir, 'parts', 'people.xml'), '<listPerson xmlns="http://www.tei-c.org/ns/1.0"><person xml:id="p1"/></listPerson>');
    fs.writeFileSync(path.join(dir, 'parts', 'a.xml'), `<div xmlns="http://www.tei-c.org/ns/1.0" ${XI}><xi:include href="b.xml"/></div>`);
    fs.writeFileSync(path.join(dir, 'parts', 'b.xml'), `<div xmlns="http://www.tei-c.org/ns/1.0" ${XI}><xi:include href="a.xml"/></div>`);
    fs.writeFileSync(path.join(dir, 'main.xml'), doc([
      '<xi:include href="parts/people.xml"/>',
      '<xi:include href="parts/missing.xml"/>',
      '<xi:include href="../../outside.xml"/>',
      '<xi:include href="parts/link-out.xml"/>',
      '<xi:include href="https://example.org/x.xml"/>',
      '<xi:include href="/etc/passwd" parse="text"/>',
      '<xi:include href="parts/people.xml" parse="text"/>',
      '<xi:include href="parts/people.xml" xpointer="p1"/>',
      '<xi:include href="parts/gone.xml"><xi:fallback><p>Not yet transcribed.</p></xi:fallback></xi:include>',
      '<xi:include href="parts/a.xml"/>',
    ].join('\n')));
    const report = await validateCollection([dir], { cwd, skipSchema: true });
    const found = report.diagnostics.filter((d) => d.rule === 'xinclude-unresolved').map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`);
    const none = 'names no file of the collection (it does not exist, is outside the files validated, or is not well-formed)';
    expect(found).toEqual([
      `corpus/main.xml:5:1: xi:include href="parts/missing.xml" ${none}`,
      'corpus/main.xml:6:1: xi:include href="../../outside.xml" is outside the working folder: tei-edition includes only files of the collection',
      `corpus/main.xml:7:1: xi:include href="parts/link-out.xml" ${none}`,
      'corpus/main.xml:8:1: xi:include href="https://example.org/x.xml" is not a file of the collection: tei-edition never reads a URL or an absolute path a document names',
      'corpus/main.xml:9:1: xi:include href="/etc/passwd" is not a file of the collection: tei-edition never reads a URL or an absolute path a document names',
      'corpus/main.xml:10:1: xi:include href="parts/people.xml" has parse="text": tei-edition includes TEI files only (parse="xml"), not text',
      'corpus/main.xml:11:1: xi:include href="parts/people.xml" has an xpointer: tei-edition includes whole files, not parts of them',
      'corpus/main.xml:13:1: xi:include makes an inclusion loop (corpus/main.xml → corpus/parts/a.xml → corpus/parts/b.xml → corpus/parts/a.xml): a file cannot include itself, directly or through others',
      'corpus/parts/a.xml:1:85: xi:include makes an inclusion loop (corpus/parts/a.xml → corpus/parts/b.xml → corpus/parts/a.xml): a file cannot include itself, directly or through others',
      'corpus/parts/b.xml:1:85: xi:include makes an inclusion loop (corpus/parts/b.xml → corpus/parts/a.xml → corpus/parts/b.xml): a file cannot include itself, directly or through others',
    ]);
    // Nothing an include names outside the folder was read.
    expect(JSON.stringify(report)).not.toContain('secret');
  });
});
