import * as fs from 'fs';
import * as path from 'path';
import { validateCollection } from '../../src/validation';
import { REPO_ROOT } from '../support/shared';
import { copyTree, runCli, temporaryDir } from './helpers';

/**
 * The edition's own collection (tei/, with schemas/edition.rng and schemas/edition.sch) must validate
 * cleanly, and a broken copy of it must fail precisely. tei/ is written on another branch; until it
 * is merged these tests are skipped, loudly.
 */
const TEI = path.join(REPO_ROOT, 'tei');
const present = fs.existsSync(TEI) && fs.readdirSync(TEI).some((name) => name.endsWith('.xml')) && fs.existsSync(path.join(REPO_ROOT, 'schemas', 'edition.rng'));
const title = 'the collection in tei/';
if (!present) {
  // Written directly: jest does not show console output of a file whose tests are all skipped.
  process.stderr.write(`NOTICE: skipping "${title}": ${TEI} (with schemas/edition.rng) is not there yet.\n`);
}
const describeIfPresent = present ? describe : describe.skip;

describeIfPresent(present ? title : `${title} [skipped: tei/ not present yet]`, () => {
  test('validates cleanly: no error and no warning, every file checked by all three layers', async () => {
    const report = await validateCollection(['tei'], { cwd: REPO_ROOT });
    expect(report.diagnostics).toEqual([]);
    for (const file of report.files) {
      expect(file.wellformed).toBe(true);
      expect(file.schemas.map((s) => s.verdict)).toEqual(file.schemas.map(() => 'valid'));
      expect(file.schemas.length).toBeGreaterThan(0);
      expect(file.rules).toBe('checked');
    }
  });

  test('`tei-edition validate` with no arguments checks tei/ and exits 0', () => {
    const result = runCli(['validate'], { cwd: REPO_ROOT });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^schemas\/edition\.rng: relaxng engine \(auto: [^)]+\), compiled in \d+ ms\n0 errors, 0 warnings in \d+ files\n$/);
  });

  test('a deliberately broken copy fails with exit 1 and a precise message', () => {
    const dir = temporaryDir();
    try {
      copyTree(TEI, path.join(dir, 'tei'));
      copyTree(path.join(REPO_ROOT, 'schemas'), path.join(dir, 'schemas'));
      const document = fs.readdirSync(path.join(dir, 'tei')).find((name) => name !== 'register.xml' && name.endsWith('.xml'))!;
      const file = path.join(dir, 'tei', document);
      const text = fs.readFileSync(file, 'utf8');
      const pointer = /ref="register\.xml#([a-z-]+)"/.exec(text)!;
      fs.writeFileSync(file, text.replace(pointer[0], `ref="register.xml#${pointer[1]}-typo"`));
      const offset = text.indexOf(pointer[0]);
      const line = text.slice(0, offset).split('\n').length;
      const column = offset - text.lastIndexOf('\n', offset - 1);
      const result = runCli(['validate'], { cwd: dir });
      expect(result.status).toBe(1);
      expect(result.stdout).toContain(
        `tei/${document}:${line}:${column}  error    @ref on ${/<(\w+)[^<]*$/.exec(text.slice(0, offset))![1]} points nowhere: register.xml#${pointer[1]}-typo: no element in register.xml has xml:id="${pointer[1]}-typo"  pointer-unresolved`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
