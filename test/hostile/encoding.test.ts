import * as fs from 'fs';
import * as path from 'path';
import { expectNoCrash, expectReport, HOSTILE, readExpected, runCli, temporaryDir, walkFiles } from './support';

// UTF-8 with a BOM, UTF-16 (both byte orders, with BOM), ISO-8859-1 declared, CRLF: handled, with
// positions in characters; invalid or unsupported encodings: one error naming the problem.
describe('hostile input: encodings', () => {
  const dir = path.join(HOSTILE, 'encoding');
  const expected = readExpected(dir);

  test('validate: handled, or a clear error naming the encoding, positions in characters', async () => {
    const run = await runCli(['validate', 'test/fixtures/hostile/encoding', '--format', 'json']);
    expectNoCrash(run);
    expect(run.status).toBe(expected.exit);
    expectReport(JSON.parse(run.stdout), expected, 'test/fixtures/hostile/encoding/');
  });

  test('build: every encoding published, no mojibake in the text or the HTML edition, LF only', async () => {
    const out = path.join(temporaryDir('encoding'), 'dist');
    const run = await runCli(['build', '--src', 'test/fixtures/hostile/encoding/ok', '--out', out]);
    expectNoCrash(run);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const names = ['crlf', 'iso-8859-1', 'utf16be-bom', 'utf16le-bom', 'utf8-bom'];
    for (const name of names) {
      const text = fs.readFileSync(path.join(out, 'text', `${name}.txt`), 'utf8');
      const html = fs.readFileSync(path.join(out, 'html', 'documents', `${name}.html`), 'utf8');
      const title = name === 'iso-8859-1' ? 'Café Müller' : 'Café Müller – “quoted”';
      for (const edition of [text, html]) {
        expect(edition).toContain(title);
        expect(edition).toContain('Crème brûlée in Zürich, naïve façade.');
      }
      expect(text).not.toContain('\r');
      expect(text.startsWith('\uFEFF')).toBe(false);
    }
    // Mojibake looks like U+FFFD, "Ã©" (UTF-8 read as Latin-1) or stray BOMs, anywhere in the output.
    for (const file of walkFiles(out).filter((f) => /\.(html|txt)$/.test(f))) {
      const content = fs.readFileSync(path.join(out, file), 'utf8');
      expect({ file, mojibake: /\uFFFD|Ã[\u0080-\u00BF]|Â[\u0080-\u00BF]|\uFEFF/.test(content) }).toEqual({ file, mojibake: false });
    }
    // The TEI copy is the source, byte for byte, whatever its encoding.
    expect(fs.readFileSync(path.join(out, 'html', 'documents', 'utf16be-bom.xml')).equals(fs.readFileSync(path.join(dir, 'ok', 'utf16be-bom.xml')))).toBe(true);
  });
});
