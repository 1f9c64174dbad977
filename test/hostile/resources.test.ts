import * as fs from 'fs';
import * as path from 'path';
import { expectNoCrash, HOSTILE, ReportDiagnostic, runCli, temporaryDir } from './support';
import { teiDocument } from './tei';

/**
 * 100,000 nested elements, a 100 MB document, a 50 MB text node, a 12 MB text node, 10,000 small files:
 * generated here into a temporary folder, never committed. Each run gets a 1 GiB JavaScript heap
 * (--max-old-space-size): bounded memory means finishing, or failing with a clear limit-exceeded
 * message, inside it; never a stack overflow or an out-of-memory abort.
 */
const expected = JSON.parse(fs.readFileSync(path.join(HOSTILE, 'resources', 'expected.json'), 'utf8'));
const HEAP = ['--max-old-space-size=1024'];

describe('hostile input: resource exhaustion', () => {
  let root: string;
  const schemaHref = path.join(__dirname, '..', '..', 'schemas', 'edition.rng');
  beforeAll(() => {
    root = temporaryDir('resources');
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  /** Writes a document whose body paragraph is produced in chunks, so the test itself stays small. */
  function writeLarge(name: string, open: string, chunk: string, times: number, close: string): string {
    const dir = path.join(root, name.replace(/\.xml$/, ''));
    fs.mkdirSync(dir);
    const [before, after] = teiDocument(name.replace(/\.xml$/, ''), { schemaHref, body: '@BODY@' }).split('@BODY@');
    const fd = fs.openSync(path.join(dir, name), 'w');
    fs.writeSync(fd, before + open);
    for (let i = 0; i < times; i += 1) fs.writeSync(fd, chunk);
    fs.writeSync(fd, close + after);
    fs.closeSync(fd);
    return dir;
  }

  async function expectOneLimit(dir: string, name: string): Promise<void> {
    const want = expected[name];
    const run = await runCli(['validate', dir, '--format', 'json'], { nodeArgs: HEAP });
    expectNoCrash(run);
    expect(run.status).toBe(want.exit);
    const diagnostics: ReportDiagnostic[] = JSON.parse(run.stdout).diagnostics;
    expect(diagnostics.map(({ rule, line, column }) => ({ rule, line, column }))).toEqual([{ rule: want.rule, line: want.line, column: want.column }]);
    expect(diagnostics[0].message).toContain(want.message);
  }

  test('100,000 nested elements: limit-exceeded at the 257th, in validate and in build --no-validate', async () => {
    const dir = writeLarge('deep.xml', '<p>', '<hi>', 100000, `x${'</hi>'.repeat(100000)}</p>`);
    await expectOneLimit(dir, 'deep.xml');
    const out = path.join(root, 'deep-dist');
    const build = await runCli(['build', '--no-validate', '--src', dir, '--out', out], { nodeArgs: HEAP });
    expectNoCrash(build);
    expect(build.status).toBe(1);
    expect(build.stderr).toContain('limit-exceeded');
    expect(build.stderr).toContain('Nothing published');
    expect(fs.existsSync(out)).toBe(false);
  });

  test('a 100 MB document: refused by the file size limit before it is read', async () => {
    const paragraph = '<p>Crème brûlée in <hi>Zürich</hi>, naïve façade.</p>\n'.repeat(2000);
    const dir = writeLarge('huge-document.xml', '', paragraph, Math.ceil((100 * 1048576) / Buffer.byteLength(paragraph)), '');
    expect(fs.statSync(path.join(dir, 'huge-document.xml')).size).toBeGreaterThan(100 * 1048576);
    await expectOneLimit(dir, 'huge-document.xml');
  });

  test('a 50 MB text node: refused by the file size limit', async () => {
    const dir = writeLarge('huge-text-node.xml', '<p>', 'lorem ipsum '.repeat(100000), Math.ceil((50 * 1048576) / 1200000), '</p>');
    await expectOneLimit(dir, 'huge-text-node.xml');
  });

  test('a 12 MB text node within the file size limit: refused by the text node limit', async () => {
    const dir = writeLarge('long-text-node.xml', '<p>', 'lorem ipsum '.repeat(100000), 10, '</p>');
    await expectOneLimit(dir, 'long-text-node.xml');
  });

  test('10,000 small files: all checked, exit 0', async () => {
    const dir = path.join(root, 'many');
    fs.mkdirSync(dir);
    for (let i = 0; i < expected['many-files'].files; i += 1) {
      const id = `d${String(i).padStart(5, '0')}`;
      fs.writeFileSync(path.join(dir, `${id}.xml`), teiDocument(id, { schemaHref }));
    }
    const run = await runCli(['validate', dir, '--format', 'json'], { nodeArgs: HEAP, timeoutMs: 300000 });
    expectNoCrash(run);
    expect(run.status).toBe(expected['many-files'].exit);
    const report = JSON.parse(run.stdout);
    expect(report.summary).toMatchObject({ files: 10000, errors: 0 });
    expect(report.files.every((f: { schemas: Array<{ verdict: string }>; rules: string }) => f.schemas[0]?.verdict === 'valid' && f.rules === 'checked')).toBe(true);
  }, 300000);
});
