import * as fs from 'fs';
import * as path from 'path';
import { connectionRecorder, expectNoCrash, expectReport, Expected, HOSTILE, leaks, plantCanary, runCli, SCHEMA, temporaryDir, walkFiles } from './support';

/**
 * XXE (file and http), parameter entities, external DTDs, billion laughs, remote xml-model, XInclude.
 * A canary file sits beside the collection (outside it) and a TCP server listens on 127.0.0.1: the
 * canary's unique content must never appear in any report or output, and the server must never be
 * contacted. The fixtures' placeholders (@CANARY@, @PORT@, @SCHEMA@) are filled in per run.
 */
describe('hostile input: entities, DTDs, remote schemas, XInclude', () => {
  let root: string;
  let project: string;
  let canary: { file: string; secret: string };
  let server: Awaited<ReturnType<typeof connectionRecorder>>;
  let expected: Expected & { notPublishedWithoutValidation: string[] };
  const REMOTE = 'REMOTE-CONTENT-MUST-NOT-APPEAR';

  beforeAll(async () => {
    server = await connectionRecorder();
    root = temporaryDir('entities');
    canary = plantCanary(root);
    // The same secret in an XML register beside the collection, for pointers to reach for.
    fs.writeFileSync(path.join(root, 'canary.xml'), `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>${canary.secret}</title></titleStmt><publicationStmt><p>x</p></publicationStmt><sourceDesc><listPerson><person xml:id="x"><persName>${canary.secret}</persName></person></listPerson></sourceDesc></fileDesc></teiHeader></TEI>`);
    const fill = (text: string): string => text.split('@CANARY@').join(canary.file).split('@PORT@').join(String(server.port)).split('@SCHEMA@').join(SCHEMA);
    const dir = path.join(HOSTILE, 'entities');
    // The project (the working directory) is root/project; the canaries sit outside it, in root.
    project = path.join(root, 'project');
    fs.mkdirSync(path.join(project, 'tei'), { recursive: true });
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.xml'))) fs.writeFileSync(path.join(project, 'tei', name), fill(fs.readFileSync(path.join(dir, name), 'utf8')));
    expected = JSON.parse(fill(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')));
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('validate: one clear diagnostic per attack, nothing read, nothing fetched', async () => {
    const outputs: string[] = [];
    for (const format of ['json', 'pretty', 'junit', 'github']) {
      const run = await runCli(['validate', 'tei', '--format', format, '--verbose'], { cwd: project });
      expectNoCrash(run);
      expect(run.status).toBe(expected.exit);
      outputs.push(run.stdout, run.stderr);
      if (format === 'json') expectReport(JSON.parse(run.stdout), expected, 'tei/');
    }
    expect(leaks(canary.secret, outputs, [path.join(project, 'tei')])).toEqual([]);
    expect(outputs.join('\n')).not.toContain(REMOTE);
    expect(server.connections()).toBe(0);
  });

  test('validate with libxml2 (--engine xmllint): nothing read, nothing fetched either', async () => {
    const outputs: string[] = [];
    for (const format of ['json', 'pretty']) {
      const run = await runCli(['validate', 'tei', '--engine', 'xmllint', '--no-cache', '--format', format, '--verbose'], { cwd: project });
      expectNoCrash(run);
      expect(run.status).toBe(expected.exit);
      outputs.push(run.stdout, run.stderr);
    }
    // libxml2 quotes the offending line of a schema it cannot parse: never the canary's.
    expect(outputs[0]).toContain('parser error : Start tag expected');
    expect(leaks(canary.secret, outputs, [path.join(project, 'tei')])).toEqual([]);
    expect(outputs.join('\n')).not.toContain(REMOTE);
    expect(server.connections()).toBe(0);
  });

  test('build --no-validate: documents with entities are left out, the rest published; nothing leaks into dist/', async () => {
    const out = path.join(project, 'dist-preview');
    const run = await runCli(['build', '--no-validate', '--src', 'tei', '--out', out], { cwd: project });
    expectNoCrash(run);
    expect(run.status).toBe(1);
    const published = walkFiles(path.join(out, 'html', 'documents')).filter((f) => f.endsWith('.html')).map((f) => f.replace(/\.html$/, '.xml'));
    const all = Object.keys(expected.files);
    expect(published.sort()).toEqual(all.filter((f) => !expected.notPublishedWithoutValidation.includes(f)).sort());
    for (const name of expected.notPublishedWithoutValidation) expect(run.stderr).toMatch(new RegExp(`${name.replace('.', '\\.')}:\\d+:\\d+  error    cannot be parsed, so it is not published: the (DOCTYPE declares the entity|entity &\\w+; is external)`));
    expect(leaks(canary.secret, [run.stdout, run.stderr], [out])).toEqual([]);
    expect(leaks(REMOTE, [run.stdout, run.stderr], [out])).toEqual([]);
    expect(server.connections()).toBe(0);
  });

  test('build (validating): nothing published, nothing leaks, no connection', async () => {
    const out = path.join(project, 'dist');
    const run = await runCli(['build', '--src', 'tei', '--out', out], { cwd: project });
    expectNoCrash(run);
    expect(run.status).toBe(1);
    expect(fs.existsSync(out)).toBe(false);
    expect(leaks(canary.secret, [run.stdout, run.stderr], [])).toEqual([]);
    expect(server.connections()).toBe(0);
  });
});
