import * as fs from 'fs';
import * as path from 'path';
import { loadSchema } from '../../src/relaxng';
import { REPO_ROOT } from '../support/shared';

/** The project's schema and documents; jing's output for them is in test/fixtures/relaxng/project-expected.json. */
interface JingError { line: number; column: number; message: string }
const expected: Record<string, JingError[]> = JSON.parse(
  fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'relaxng', 'project-expected.json'), 'utf8'),
);

describe('schemas/edition.rng with the TypeScript validator', () => {
  const docs = Object.keys(expected);

  test('every document of tei/ and of the encoding fixtures has a jing verdict', () => {
    const onDisk = [
      ...fs.readdirSync(path.join(REPO_ROOT, 'tei')).filter((f) => f.endsWith('.xml')).map((f) => `tei/${f}`),
      ...fs.readdirSync(path.join(REPO_ROOT, 'test/fixtures/encoding/invalid')).map((f) => `test/fixtures/encoding/invalid/${f}`),
    ];
    for (const doc of onDisk) expect(docs).toContain(doc);
  });

  test('the collection is valid, each mistake is invalid, with jing\'s messages and positions', async () => {
    const schema = await loadSchema(path.join(REPO_ROOT, 'schemas', 'edition.rng'));
    for (const doc of docs) {
      const result = schema.validateFile(path.join(REPO_ROOT, doc));
      const jing = expected[doc];
      if (doc.startsWith('tei/') || doc.endsWith('valid-letter.xml')) expect({ doc, valid: result.valid }).toEqual({ doc, valid: true });
      if (doc.includes('/invalid/')) expect({ doc, valid: result.valid }).toEqual({ doc, valid: false });
      expect({ doc, errors: result.errors.map((e) => `${e.line}:${e.column}: ${e.message}`) })
        .toEqual({ doc, errors: jing.map((e) => `${e.line}:${e.column}: ${e.message}`) });
    }
  });
});
