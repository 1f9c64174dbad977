import * as path from 'path';
import { expectNoCrash, expectReport, HOSTILE, readExpected, runCli, temporaryDir } from './support';

// Each malformed file gets exactly one diagnostic with its position; the valid file beside them is
// still checked through all three layers; exit 1.
describe('hostile input: malformed XML', () => {
  const dir = path.join(HOSTILE, 'malformed');
  const expected = readExpected(dir);

  test('one precise diagnostic per broken file, the other files still checked, exit 1', async () => {
    const run = await runCli(['validate', 'test/fixtures/hostile/malformed', '--format', 'json']);
    expectNoCrash(run);
    expect(run.status).toBe(expected.exit);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout);
    expectReport(report, expected, 'test/fixtures/hostile/malformed/');
    // The well-formed file went through the schema and the rules.
    expect(report.files.find((f: { file: string }) => f.file.endsWith('/valid.xml'))).toMatchObject({ wellformed: true, schemas: [{ verdict: 'valid' }], rules: 'checked', errors: 0 });
  });

  test('pretty output names file:line:column, one line per problem, no trace', async () => {
    const run = await runCli(['validate', 'test/fixtures/hostile/malformed']);
    expectNoCrash(run);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('test/fixtures/hostile/malformed/mismatched-tag.xml:3:31  error    closing tag </p> does not match <hi>');
    expect(run.stdout).toMatch(/9 errors, 0 warnings in 10 files/);
  });

  test('build refuses the collection and publishes nothing', async () => {
    const run = await runCli(['build', '--src', 'test/fixtures/hostile/malformed', '--out', path.join(temporaryDir('malformed'), 'dist')]);
    expectNoCrash(run);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Nothing published');
    expect(run.stderr).toContain('not-xml-pdf.xml');
  });
});
