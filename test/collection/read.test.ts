import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readSource, readSourceSync, toCollectionFile } from '../../src/collection';
import { MAX_FILE_ENV } from '../../src/limits';

const REPO_ROOT = path.join(__dirname, '..', '..');

/**
 * readSourceSync (an incremental `validate` reads its one or two changed documents on its own thread) gives
 * exactly what readSource gives: the same bytes and text, or the same problem, for every kind of file.
 */
describe('readSourceSync', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tei-edition-read-'));
    fs.writeFileSync(path.join(dir, 'report.xml'), '%PDF-1.4 not XML');
    fs.writeFileSync(path.join(dir, 'latin1.xml'), Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><p>caf\xe9</p>', 'latin1'));
    fs.writeFileSync(path.join(dir, 'bad-utf8.xml'), Buffer.concat([Buffer.from('<p>\nab'), Buffer.from([0xc3, 0x28]), Buffer.from('</p>')]));
    fs.writeFileSync(path.join(dir, 'utf16.xml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<p>x</p>', 'utf16le')]));
    fs.writeFileSync(path.join(dir, 'large.xml'), `<p>${'x'.repeat(2 * 1024 * 1024)}</p>`);
    fs.mkdirSync(path.join(dir, 'folder.xml'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const files = (): string[] => [
    path.join(REPO_ROOT, 'tei', 'register.xml'),
    ...['ok', 'broken'].flatMap((kind) => {
      const folder = path.join(REPO_ROOT, 'test', 'fixtures', 'hostile', 'encoding', kind);
      return fs.readdirSync(folder).map((name) => path.join(folder, name));
    }),
    ...['report.xml', 'latin1.xml', 'bad-utf8.xml', 'utf16.xml', 'large.xml', 'folder.xml', 'missing.xml'].map((name) => path.join(dir, name)),
  ];

  test('gives what readSource gives, on every kind of file', async () => {
    const kinds = new Set<string>();
    for (const file of files()) {
      const collectionFile = toCollectionFile(file, REPO_ROOT);
      const expected = await readSource(collectionFile);
      expect(readSourceSync(collectionFile)).toEqual(expected);
      kinds.add(expected.ok ? 'ok' : expected.rule);
    }
    // Every outcome is among those compared.
    expect([...kinds].sort()).toEqual(['file-encoding', 'file-unreadable', 'ok', 'xml-malformed']);
  });

  test('and the same refusal of a file over the size limit', async () => {
    const before = process.env[MAX_FILE_ENV];
    process.env[MAX_FILE_ENV] = '1';
    try {
      const file = toCollectionFile(path.join(dir, 'large.xml'), dir);
      const expected = await readSource(file);
      expect(expected).toMatchObject({ ok: false, rule: 'limit-exceeded' });
      expect(readSourceSync(file)).toEqual(expected);
    } finally {
      if (before === undefined) delete process.env[MAX_FILE_ENV];
      else process.env[MAX_FILE_ENV] = before;
    }
  });
});
