import * as fs from 'fs';
import * as path from 'path';
import { loadSchemaSync, Schema } from '../../src/relaxng';
import { describeWithShared, sharedPath } from '../support/shared';

/**
 * Issue 6's rule for a second engine: jing's verdict on every file of ../shared/corpus/ (verdicts.tsv), with
 * tei_all for the tei_all rows and the project's own schema (eltec, EpiDoc, DraCor 1.6.0) for the others.
 * First-error lines must agree too; error counts are reported (jing repeats a message at the end tag of every
 * child of an element it could not match, which we do not).
 */
describeWithShared('agreement with jing on the shared corpus (verdicts.tsv)', () => {
  const corpus = sharedPath('corpus');
  const rows = fs.readFileSync(path.join(corpus, 'verdicts.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  const schemas = new Map<string, Schema>();
  const schemaFor = (column: string): Schema => {
    const file = column === 'tei_all' ? sharedPath('schemas', 'tei_all.rng') : path.join(corpus, column);
    let schema = schemas.get(file);
    if (!schema) {
      schema = loadSchemaSync(file);
      schemas.set(file, schema);
    }
    return schema;
  };
  const outcomes: Array<{ verdict: boolean; firstLine: boolean; count: boolean }> = [];

  test('covers tei_all and every project schema, DraCor included', () => {
    expect(rows.filter((r) => r[2] === 'tei_all').length).toBeGreaterThanOrEqual(79);
    expect(rows.some((r) => r[2].includes('dracor'))).toBe(true);
  });

  for (const [file, , schemaColumn, jingValid, jingCount, jingFirstLine] of rows) {
    test(`${file} against ${schemaColumn}: jing says ${jingValid === 'true' ? 'valid' : 'invalid'}`, () => {
      const result = schemaFor(schemaColumn).validateFile(path.join(corpus, file));
      const firstLine = result.errors.length > 0 ? String(result.errors[0].line) : '';
      outcomes.push({ verdict: String(result.valid) === jingValid, firstLine: firstLine === jingFirstLine, count: String(result.errors.length) === jingCount });
      expect({ valid: String(result.valid), firstErrorLine: firstLine }).toEqual({ valid: jingValid, firstErrorLine: jingFirstLine });
    });
  }

  afterAll(() => {
    const n = outcomes.length;
    const count = (k: 'verdict' | 'firstLine' | 'count') => outcomes.filter((o) => o[k]).length;
    // eslint-disable-next-line no-console
    console.log(`RELAX NG agreement with jing: verdicts ${count('verdict')}/${n}, first error line ${count('firstLine')}/${n}, error count ${count('count')}/${n}`);
  });
});
