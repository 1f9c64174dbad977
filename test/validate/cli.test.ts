import { execFileSync } from 'child_process';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { REPO_ROOT } from '../support/shared';
import { copyTree, FIXTURES, runCli, temporaryDir } from './helpers';

/** No output of ours may contain a JavaScript stack trace. */
function expectNoTrace(text: string): void {
  expect(text).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
  expect(text).not.toMatch(/\b(TypeError|ReferenceError|RangeError|SyntaxError)\b/);
}

describe('tei-edition validate: exit codes and pretty output', () => {
  test('a clean collection exits 0 with the summary line', () => {
    const result = runCli(['validate', 'collection']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^schema\/edition-mini\.rng: relaxng engine \(auto: [^)]+\), compiled in \d+ ms\n0 errors, 0 warnings in 3 files\n$/);
    expect(result.status).toBe(0);
    expect(runCli(['validate', 'collection', '--quiet']).stdout).toBe('0 errors, 0 warnings in 3 files\n');
  });

  test('a second run takes unchanged results from the cache, and says so', () => {
    const dir = temporaryDir();
    try {
      const env = { TEI_EDITION_CACHE_DIR: dir };
      const first = runCli(['validate', 'collection', '--timings'], { env });
      const second = runCli(['validate', 'collection', '--timings'], { env });
      expect(second.stdout).toMatch(/^schema\/edition-mini\.rng: relaxng engine \(auto: [^)]+\), 3 of 3 results from the cache\n/);
      expect(first.stderr).toMatch(/^timing: cache \(0 hit\(s\), 13 miss\(es\)\): \d+ ms, 13 file\(s\)$/m);
      expect(second.stderr).toMatch(/^timing: cache \(10 hit\(s\), 0 miss\(es\)\): \d+ ms, 10 file\(s\)$/m);
      expect(second.stderr).not.toMatch(/timing: (schema|rules)-/);
      const fresh = runCli(['validate', 'collection', '--timings', '--no-cache'], { env });
      expect(fresh.stderr).not.toMatch(/timing: cache/);
      expect(fresh.stderr).toMatch(/timing: schema-compile/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('errors exit 1; output is grouped by file as file:line:column  severity  message  rule', () => {
    const result = runCli(['validate', 'ten-problems', 'wellformed/mismatched-tag.xml']);
    expect(result.status).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('ten-problems/ten-problems.xml');
    const entries = lines.filter((line) => line.startsWith('ten-problems/ten-problems.xml:'));
    expect(entries).toHaveLength(10);
    for (const entry of entries) expect(entry).toMatch(/^ten-problems\/ten-problems\.xml:\d+:\d+ {2}(error {2}|warning) {2}\S.* {2}[a-z]+(-[a-z]+)+$/);
    expect(entries).toContain('ten-problems/ten-problems.xml:29:20  error    <emph> is not allowed here inside <p>; the schema defines no element <emph>  rng-element-unexpected');
    expect(lines).toContain('wellformed/mismatched-tag.xml');
    expect(lines[lines.length - 1]).toBe('10 errors, 1 warning in 2 files');
    expect(result.stdout).not.toMatch(/\u001b\[/); // no colour when not on a terminal
  });

  test('colour only when asked for (or on a terminal)', () => {
    const result = runCli(['validate', 'rules/note-id', '--color']);
    expect(result.stdout).toMatch(/\u001b\[33m/);
  });

  test('a malformed file is reported with line and column, and the other files are still checked', () => {
    const result = runCli(['validate', 'wellformed/unbound-prefix.xml', 'rules/pointer-wrong-kind', '--format', 'json']);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.diagnostics.map((d: { rule: string; file: string; line: number; column: number }) => `${d.file}:${d.line}:${d.column} ${d.rule}`)).toEqual([
      'rules/pointer-wrong-kind/wrong-kind.xml:19:22 pointer-wrong-kind',
      'wellformed/unbound-prefix.xml:5:15 xml-malformed',
    ]);
  });

  test('warnings alone exit 0, unless --max-warnings is exceeded; --quiet hides them', () => {
    expect(runCli(['validate', 'rules/note-id']).status).toBe(0);
    expect(runCli(['validate', 'rules/note-id', '--max-warnings', '1']).status).toBe(0);
    const over = runCli(['validate', 'rules/note-id', '--max-warnings', '0']);
    expect(over.status).toBe(1);
    expect(over.stderr).toMatch(/1 warnings, more than --max-warnings 0/);
    const quiet = runCli(['validate', 'rules/note-id', '--quiet']);
    expect(quiet.stdout).not.toMatch(/note-id/);
  });

  test("--verbose shows the engine's original message under the reworded one", () => {
    const result = runCli(['validate', 'schema-layer/unexpected-element.xml', '--verbose']);
    expect(result.stdout).toMatch(/\n {4}schema-layer\/unexpected-element\.xml:19:21: error: element "emph" not allowed anywhere; expected [^\n]*"persName"[^\n]*\n/);
    const xmllint = runCli(['validate', 'schema-layer/unexpected-element.xml', '--verbose', '--engine', 'xmllint']);
    expect(xmllint.stdout).toMatch(/\n {4}schema-layer\/unexpected-element\.xml:19: element emph: Relax-NG validity error : Did not expect element emph there\n/);
  });

  test('--output writes the report to a file', () => {
    const dir = temporaryDir();
    try {
      const result = runCli(['validate', 'collection', '--format', 'json', '--output', path.join(dir, 'report.json')]);
      expect(result.status).toBe(0);
      expect(result.stdout).toBe('');
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')).summary.files).toBe(3);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('tei-edition validate: usage errors exit 2 with one line and no trace', () => {
  test.each([
    [['validate', 'no-such-folder'], /^tei-edition: no such file or folder: no-such-folder$/m],
    [['validate', 'collection', '--format', 'yaml'], /Invalid values:[\s\S]*format/],
    [['validate', 'collection', '--frobnicate'], /Unknown argument: frobnicate/],
    [['validate', 'collection', '--schema', 'nothing.rng'], /--schema nothing\.rng: no such file/],
    [['validate', 'collection', '--schema', 'https://tei-c.org/tei_all.rng'], /--schema https:\/\/tei-c\.org\/tei_all\.rng: only local files are accepted/],
    [['validate', 'collection', '--max-warnings', 'many'], /max-warnings/],
    [['validate', 'collection', '--changed', 'no-such-ref-anywhere'], /--changed no-such-ref-anywhere/],
    [['frobnicate'], /Unknown argument: frobnicate|Did you mean/],
    [[], /name a command/],
  ])('%j', (args, message) => {
    const result = runCli(args as string[]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message as RegExp);
    expectNoTrace(result.stderr);
  });

  test('no paths and no tei/ folder', () => {
    const dir = temporaryDir();
    try {
      const result = runCli(['validate'], { cwd: dir });
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/no paths were given and there is no tei\/ folder/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('tei-edition validate: hostile and odd input never produces a trace', () => {
  let dir: string;
  beforeAll(() => {
    dir = temporaryDir();
    const write = (name: string, content: string | Buffer): void => fs.writeFileSync(path.join(dir, name), content);
    write('empty.xml', '');
    write('binary.xml', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    write('utf16.xml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<?xml version="1.0" encoding="UTF-16"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"/>\n', 'utf16le')]));
    write('latin1-declared.xml', Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><p>Caf\xe9</p></TEI>\n', 'latin1'));
    write('unknown-encoding.xml', '<?xml version="1.0" encoding="X-NO-SUCH"?>\n<TEI/>\n');
    write('deep.xml', `${'<div>'.repeat(5000)}${'</div>'.repeat(5000)}`);
    write('entities.xml', '<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><p>&b;</p></TEI>\n');
    write('script.xml', '<?xml version="1.0"?>\n<?xml-model href="javascript:alert(1)" schematypens="http://relaxng.org/ns/structure/1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="script"><p rend="&lt;script&gt;">x</p></TEI>\n');
    write('weird name, with: colon.xml', '<TEI xmlns="http://www.tei-c.org/ns/1.0"/>');
    fs.mkdirSync(path.join(dir, 'folder.xml'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test.each(['pretty', 'json', 'junit', 'github'])('every file is reported, in %s, with exit 1', (format) => {
    const result = runCli(['validate', '.', '--format', format], { cwd: dir });
    expect(result.status).toBe(1);
    expectNoTrace(result.stdout + result.stderr);
    expect(result.stderr).toBe('');
    for (const name of ['empty.xml', 'binary.xml', 'utf16.xml', 'deep.xml', 'entities.xml', 'script.xml']) expect(result.stdout).toContain(name);
  });

  test('the files get the diagnostics they deserve', () => {
    const report = JSON.parse(runCli(['validate', '.', '--format', 'json'], { cwd: dir }).stdout);
    const rules = (file: string): string[] => report.diagnostics.filter((d: { file: string }) => d.file === file).map((d: { rule: string }) => d.rule);
    expect(rules('empty.xml')).toEqual(['xml-malformed']);
    expect(rules('binary.xml')).toEqual(['file-encoding']);
    expect(rules('unknown-encoding.xml')).toEqual(['file-encoding']);
    expect(rules('script.xml')).toContain('schema-remote');
    expect(rules('weird name, with: colon.xml')).toEqual(expect.arrayContaining(['schema-missing']));
    expect(report.files.map((f: { file: string }) => f.file)).not.toContain('folder.xml');
  });
});

describe('tei-edition validate: formats', () => {
  test('json: documented shape, stable keys, raw text kept', () => {
    const result = runCli(['validate', 'ten-problems', '--format', 'json']);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.format).toBe('tei-edition-validate');
    expect(report.version).toBe(1);
    expect(report.summary).toEqual({ files: 1, filesWithErrors: 1, filesWithWarnings: 1, errors: 9, warnings: 1 });
    expect(report.files[0]).toMatchObject({ file: 'ten-problems/ten-problems.xml', wellformed: true, schemas: [{ schema: 'schema/edition-mini.rng', verdict: 'invalid' }], rules: 'checked', errors: 9, warnings: 1 });
    for (const diagnostic of report.diagnostics) {
      expect(Object.keys(diagnostic).filter((key) => key !== 'raw')).toEqual(['file', 'line', 'column', 'severity', 'rule', 'layer', 'message']);
      expect(['error', 'warning']).toContain(diagnostic.severity);
      expect(['wellformed', 'schema', 'rules', 'io']).toContain(diagnostic.layer);
    }
    expect(report.diagnostics.find((d: { rule: string }) => d.rule === 'rng-element-unexpected').raw).toMatch(/element "emph" not allowed anywhere/);
    expect(report.schemas).toEqual([{ file: 'schema/edition-mini.rng', engine: 'relaxng', reason: expect.stringMatching(/^auto: /), compileMs: expect.any(Number), documents: 1, cached: 0 }]);
  });

  test('junit: parses as XML, one test case per file, failures for files with errors', () => {
    const result = runCli(['validate', 'collection', 'ten-problems', 'wellformed/two-roots.xml', 'rules/note-id', '--format', 'junit']);
    expect(result.status).toBe(1);
    expect(XMLValidator.validate(result.stdout)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testcase' }).parse(result.stdout);
    const suite = parsed.testsuites.testsuite;
    const cases = suite.testcase as Array<{ name: string; failure?: { type: string }; 'system-out'?: string }>;
    expect(cases.map((c) => c.name)).toEqual([
      'collection/letter-1979.xml',
      'collection/memo-1980.xml',
      'collection/register.xml',
      'rules/note-id/note-misnamed.xml',
      'ten-problems/ten-problems.xml',
      'wellformed/two-roots.xml',
    ]);
    expect(suite.tests).toBe('6');
    expect(suite.failures).toBe('2');
    expect(cases.filter((c) => c.failure).map((c) => c.name)).toEqual(['ten-problems/ten-problems.xml', 'wellformed/two-roots.xml']);
    expect(cases[3]['system-out']).toMatch(/note-id/);
  });

  test('github: annotations in the documented syntax, and a Markdown step summary', () => {
    const dir = temporaryDir();
    const summaryFile = path.join(dir, 'summary.md');
    try {
      const result = runCli(['validate', 'ten-problems', '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: summaryFile, GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'owner/repo', GITHUB_SHA: 'abc123' } });
      expect(result.status).toBe(1);
      const lines = result.stdout.trimEnd().split('\n');
      const annotations = lines.slice(0, -1);
      expect(annotations).toHaveLength(10);
      // ::error file={name},line={line},col={column},title={title}::{message} (GitHub's workflow commands)
      for (const line of annotations) expect(line).toMatch(/^::(error|warning) file=[^,:]+,line=\d+,col=\d+,title=[^,:]+::[^\r\n]+$/);
      expect(annotations).toContain('::error file=ten-problems/ten-problems.xml,line=29,col=20,title=rng-element-unexpected (schema)::<emph> is not allowed here inside <p>; the schema defines no element <emph>');
      expect(lines[lines.length - 1]).toBe('9 errors, 1 warning in 1 file');
      const summary = fs.readFileSync(summaryFile, 'utf8');
      expect(summary).toMatch(/^## TEI validation/);
      expect(summary).toMatch(/- Files validated: 1/);
      expect(summary).toMatch(/### Errors\n\n\| File \| Line:Col \| Message \| Rule \|/);
      expect(summary).toContain('| [ten-problems/ten-problems.xml:29](https://github.com/owner/repo/blob/abc123/ten-problems/ten-problems.xml#L29) | 29:20 | &lt;emph&gt; is not allowed here inside &lt;p&gt;; the schema defines no element &lt;emph&gt; | `rng-element-unexpected` |');
      expect(summary).toMatch(/### Warnings/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(['relaxng', 'xmllint'])('a schema that does not compile in time (%s engine)', (engine) => {
  test('is stopped at --schema-timeout and reported on each document, naming the schema; the run ends', () => {
    const started = Date.now();
    // Without the rules layer, nothing keeps this thread busy: the 1 ms limit passes while the worker starts.
    const result = runCli(['validate', 'collection', '--schema-timeout', '0.001', '--no-rules', '--format', 'json', '--engine', engine]);
    expect(Date.now() - started).toBeLessThan(60000);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.diagnostics.map((d: { rule: string; line: number; column: number }) => `${d.rule} ${d.line}:${d.column}`)).toEqual(['schema-timeout 2:1', 'schema-timeout 2:1', 'schema-timeout 2:1']);
    expect(report.diagnostics[0].message).toMatch(
      engine === 'xmllint' ? /^the schema schema\/edition-mini\.rng did not compile within 1 ms \(libxml2 never finishes compiling some RelaxNG schemas\)/ : /^the schema schema\/edition-mini\.rng did not compile within 1 ms; the document was not checked against it/,
    );
    for (const file of report.files) {
      expect(file.schemas).toEqual([{ schema: 'schema/edition-mini.rng', verdict: 'not-checked' }]);
    }
    expect(report.schemas).toEqual([{ file: 'schema/edition-mini.rng', engine, reason: `chosen with --engine ${engine}`, compileMs: null, documents: 3, cached: 0 }]);
  });
});

describe('no network access', () => {
  let server: http.Server;
  let requests: string[];
  let base: string;
  let dir: string;
  beforeAll(async () => {
    requests = [];
    server = http.createServer((request, response) => {
      requests.push(request.url ?? '');
      response.end('<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><element><anyName/><text/></element></start></grammar>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = temporaryDir();
    fs.writeFileSync(
      path.join(dir, 'remote.xml'),
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<?xml-model href="${base}/schema.rng" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>`,
        `<?xml-model href="${base}/rules.sch" type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"?>`,
        `<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="remote"><p><ref target="${base}/register.xml#x">remote</ref></p></TEI>`,
        '',
      ].join('\n'),
    );
    fs.writeFileSync(path.join(dir, 'schema.rng'), `<grammar xmlns="http://relaxng.org/ns/structure/1.0"><include href="${base}/included.rng"/><start><ref name="x"/></start></grammar>`);
    fs.writeFileSync(path.join(dir, 'entity.xml'), `<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY remote SYSTEM "${base}/entity.txt">]>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><p>&remote;</p></TEI>\n`);
    fs.writeFileSync(path.join(dir, 'local.xml'), `<?xml version="1.0"?>\n<!DOCTYPE TEI SYSTEM "${base}/tei.dtd">\n<TEI xmlns="http://www.tei-c.org/ns/1.0"/>\n`);
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a remote schema gets a clear error, and nothing is fetched', () => {
    const result = runCli(['validate', 'remote.xml', '--format', 'json'], { cwd: dir });
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout);
    const messages = report.diagnostics.map((d: { rule: string; message: string }) => `${d.rule}: ${d.message}`);
    expect(messages).toContain(`schema-remote: the schema ${base}/schema.rng is not a local file; tei-edition never downloads schemas: point the xml-model at a local copy, or pass --schema`);
    expect(messages.some((m: string) => m.startsWith(`schema-remote: the schema ${base}/rules.sch`))).toBe(true);
    expect(requests).toEqual([]);
  });

  test.each(['relaxng', 'xmllint'])('neither engine fetches external entities or DTDs of the documents (%s)', (engine) => {
    fs.writeFileSync(
      path.join(dir, 'any.rng'),
      '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><ref name="any"/></start><define name="any"><element><anyName/><zeroOrMore><choice><attribute><anyName/></attribute><text/><ref name="any"/></choice></zeroOrMore></element></define></grammar>',
    );
    const result = runCli(['validate', 'remote.xml', 'local.xml', '--schema', 'any.rng', '--no-rules', '--format', 'json', '--engine', engine], { cwd: dir });
    const report = JSON.parse(result.stdout);
    expect(report.schemas).toMatchObject([{ file: 'any.rng', engine }]);
    // The schema layer starts on the bytes before the parse; the parse then refuses the external DTD.
    expect(report.files.find((f: { file: string }) => f.file === 'local.xml').schemas).toEqual([]);
    expect(report.diagnostics.filter((d: { file: string }) => d.file === 'local.xml').map((d: { rule: string }) => d.rule)).toEqual(['xml-dtd-refused']);
    expect(requests).toEqual([]);
  });

  test('remote includes, external entities and DTDs are not fetched either', () => {
    const result = runCli(['validate', 'remote.xml', 'entity.xml', 'local.xml', '--schema', 'schema.rng', '--format', 'json'], { cwd: dir });
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.diagnostics.map((d: { rule: string }) => d.rule)).toContain('schema-remote');
    // Entities and external DTDs are refused before any engine sees the document.
    const refused = report.diagnostics.filter((d: { rule: string }) => d.rule === 'xml-dtd-refused').map((d: { file: string }) => d.file);
    expect(refused).toEqual(['entity.xml', 'local.xml']);
    expect(requests).toEqual([]);
  });
});

describe('a deliberately broken copy of a collection', () => {
  let dir: string;
  beforeEach(() => {
    dir = temporaryDir();
    // The same layout as the repository, so that the documents' xml-model paths still resolve.
    copyTree(path.join(FIXTURES, 'collection'), path.join(dir, 'test', 'fixtures', 'validate', 'collection'));
    copyTree(path.join(FIXTURES, 'schema'), path.join(dir, 'test', 'fixtures', 'validate', 'schema'));
    copyTree(path.join(REPO_ROOT, 'schemas'), path.join(dir, 'schemas'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('fails with exit 1 and a precise message', () => {
    const collection = path.join(dir, 'test', 'fixtures', 'validate', 'collection');
    const letter = path.join(collection, 'letter-1979.xml');
    fs.writeFileSync(letter, fs.readFileSync(letter, 'utf8').replace('<persName ref="register.xml#brezhnev">Leonid Brezhnev</persName>', '<persName ref="register.xml#brezhnevv">Leonid Brezhnev</persName>'));
    expect(runCli(['validate', collection]).status).toBe(1);
    const result = runCli(['validate', 'test/fixtures/validate/collection'], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      'test/fixtures/validate/collection/letter-1979.xml:25:111  error    @ref on persName points nowhere: register.xml#brezhnevv: no element in register.xml has xml:id="brezhnevv"  pointer-unresolved',
    );
    expect(result.stdout.trimEnd().split('\n').pop()).toBe('1 error, 0 warnings in 3 files');
  });

  test('--changed checks only what changed since a git ref, with the rest as context', () => {
    const git = (...args: string[]): string =>
      execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org' } });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'fixtures');
    expect(runCli(['validate', 'test/fixtures/validate/collection', '--changed'], { cwd: dir })).toMatchObject({ status: 0, stdout: '0 errors, 0 warnings in 0 files\n' });
    const memo = path.join(dir, 'test', 'fixtures', 'validate', 'collection', 'memo-1980.xml');
    fs.writeFileSync(memo, fs.readFileSync(memo, 'utf8').replace('n="2" xml:id="memo-1980-n2"', 'n="5" xml:id="memo-1980-n5"'));
    const result = runCli(['validate', '--changed', 'HEAD', '--format', 'json', 'test/fixtures/validate/collection'], { cwd: dir });
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.files.map((f: { file: string }) => f.file)).toEqual(['test/fixtures/validate/collection/memo-1980.xml']);
    expect(report.diagnostics.map((d: { rule: string }) => d.rule)).toEqual(['note-sequence']);
  });
});
