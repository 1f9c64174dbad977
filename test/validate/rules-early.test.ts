import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { validateCollection, ValidationReport } from '../../src/validation';
import { REPO_ROOT } from '../support/shared';
import { FIXTURES } from './helpers';

/**
 * The edition rules run on each document as soon as it is parsed (RulesLayer.afterParse), before the documents
 * parsed after it are known. What they find must not depend on that order: a pointer into a register parsed later,
 * into a file the run reads only after the parse (not named), into a malformed file, or out of the collection, gives
 * what it gives when every document is at hand. The reference is the same run with every document checked by
 * SaxonJS at the end (TEI_EDITION_RULES_ENGINE=saxon), which never runs early.
 */

const RULES = path.join(REPO_ROOT, 'schemas', 'edition.sch');
const SCHEMA = path.join(FIXTURES, 'schema', 'edition-mini.rng');

function tei(id: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="${id}" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>${id}</title></titleStmt>
      <publicationStmt><p>Made for the tests.</p></publicationStmt>
      <sourceDesc><p>Made for the tests.</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text>
    <body>
${body}
    </body>
  </text>
</TEI>
`;
}

let dir: string;
let early: ValidationReport;
let atTheEnd: ValidationReport;

/** The documents named, in the order the run parses them: each letter before the files it points into. */
const NAMED = ['coll/a-letter.xml', 'coll/b-letter.xml', 'coll/c-letter.xml', 'coll/d-letter.xml', 'coll/e-broken.xml', 'coll/z-register.xml'];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tei-edition-rules-early-'));
  const coll = path.join(dir, 'coll');
  fs.mkdirSync(coll);
  const write = (name: string, text: string): void => fs.writeFileSync(path.join(coll, name), text);
  // Into the register, parsed after it: a person named as a person (resolves), and as a place (the wrong kind).
  write('a-letter.xml', tei('a-letter', `      <p xml:id="a-letter-p1">From <persName ref="z-register.xml#z-register-ada">Ada</persName> in <placeName ref="z-register.xml#z-register-ada">Ada's house</placeName>; <persName ref="z-register.xml#z-register-nobody">Nobody</persName>.</p>`));
  // Into a file not named, read by the run after the parse; and into a document of the run that no pointer names as a file.
  write('b-letter.xml', tei('b-letter', `      <p xml:id="b-letter-p1">To <persName ref="people.xml#people-bob">Bob</persName>, see <ref target="#a-letter-p1">the other</ref> and <ref target="a-letter.xml#a-letter-p1">the first letter</ref>.</p>`));
  // Into a malformed document of the run (never a document the rules may read), with an id of the wrong prefix.
  write('c-letter.xml', tei('c-letter', `      <p xml:id="wrong-p1">See <ref target="e-broken.xml#e-broken-p1">the broken one</ref>.</p>`));
  // Hostile pointers: out of the folders validated, and a script URL; neither is ever read.
  write('d-letter.xml', tei('d-letter', `      <p xml:id="d-letter-p1"><ref target="../../../../../../etc/passwd.xml#root">out</ref> <ref target="javascript:alert(1)#x">script</ref> <persName ref="/etc/hosts.xml#x">Eve</persName></p>`));
  write('e-broken.xml', tei('e-broken', '      <p xml:id="e-broken-p1">Never closed'));
  write('z-register.xml', tei('z-register', `      <listPerson><person xml:id="z-register-ada"><persName>Ada</persName></person></listPerson>`));
  write('people.xml', tei('people', `      <listPerson><person xml:id="people-bob"><persName>Bob</persName></person></listPerson>`));

  const options = { cwd: dir, schema: SCHEMA, rules: RULES };
  early = await validateCollection(NAMED, options);
  const engine = process.env.TEI_EDITION_RULES_ENGINE;
  process.env.TEI_EDITION_RULES_ENGINE = 'saxon';
  try {
    atTheEnd = await validateCollection(NAMED, options);
  } finally {
    if (engine === undefined) delete process.env.TEI_EDITION_RULES_ENGINE;
    else process.env.TEI_EDITION_RULES_ENGINE = engine;
  }
}, 120000);

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const rulesOf = (report: ValidationReport, file: string): string[] =>
  report.diagnostics.filter((d) => d.file === file && d.layer === 'rules').map((d) => `${d.line}:${d.column} ${d.rule} ${d.message}`);

test('the findings are those of the run that checks every document at the end', () => {
  expect(early.diagnostics.length).toBeGreaterThan(0);
  expect(early.diagnostics).toEqual(atTheEnd.diagnostics);
  expect(early.files).toEqual(atTheEnd.files);
});

test('a pointer into a register parsed after the document resolves, and its kind is checked', () => {
  const found = rulesOf(early, 'coll/a-letter.xml');
  expect(found.filter((f) => f.includes('pointer-wrong-kind'))).toEqual([
    expect.stringMatching(/placeName must point to a place entry, but z-register\.xml#z-register-ada is a person$/),
  ]);
  expect(found.filter((f) => f.includes('pointer-unresolved'))).toEqual([
    expect.stringMatching(/z-register\.xml#z-register-nobody: no element in z-register\.xml has xml:id="z-register-nobody"$/),
  ]);
});

test('a pointer into a file the run reads after the parse, and into another document of the run, resolve', () => {
  expect(rulesOf(early, 'coll/b-letter.xml').filter((f) => f.includes('pointer-'))).toEqual([
    expect.stringMatching(/#a-letter-p1: no element in this document has xml:id="a-letter-p1"$/),
  ]);
});

test('a malformed document, a file outside the collection and a script URL are never read', () => {
  expect(rulesOf(early, 'coll/c-letter.xml').filter((f) => f.includes('pointer-unresolved'))).toEqual([
    expect.stringMatching(/e-broken\.xml#e-broken-p1: e-broken\.xml is not a document of the collection$/),
  ]);
  const hostile = rulesOf(early, 'coll/d-letter.xml').filter((f) => f.includes('pointer-unresolved'));
  expect(hostile).toEqual([
    expect.stringMatching(/passwd\.xml is not a document of the collection$/),
    expect.stringMatching(/hosts\.xml is not a document of the collection$/),
  ]);
  // Nothing of those files is quoted (the passwd format, a hosts line).
  expect(hostile.join('\n')).not.toMatch(/root:x:|127\.0\.0\.1/);
});
