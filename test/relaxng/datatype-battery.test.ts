import * as path from 'path';
import { loadSchemaSync } from '../../src/relaxng';

/**
 * 242 attribute values checked by jing (test/fixtures/relaxng/datatypes/expected.json, regenerated with
 * scripts/relaxng-jing-cases.js): our verdict and our messages must be jing's.
 */
interface Case { attribute: string; value: string; valid: boolean; messages: string[] }
const dir = path.join(__dirname, '..', 'fixtures', 'relaxng', 'datatypes');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const cases: Case[] = require(path.join(dir, 'expected.json'));

/** Cases where we deliberately differ from jing (none at present). */
const knownDivergences = new Set<string>();

const schema = loadSchemaSync(path.join(dir, 'datatypes.rng'));
const escape = (s: string) => s.replace(/[&<"\n\r\t]/g, (ch) => `&#${ch.charCodeAt(0)};`);

describe('datatype battery against jing', () => {
  test('has a real number of cases, valid and invalid', () => {
    expect(cases.length).toBeGreaterThan(200);
    expect(cases.filter((c) => c.valid).length).toBeGreaterThan(80);
    expect(cases.filter((c) => !c.valid).length).toBeGreaterThan(80);
  });

  for (const c of cases) {
    const key = `${c.attribute} ${c.value}`;
    test(`${c.attribute}=${JSON.stringify(c.value)} is ${c.valid ? 'valid' : 'invalid'}`, () => {
      const result = schema.validate(`<doc ${c.attribute}="${escape(c.value)}"/>`);
      if (knownDivergences.has(key)) {
        expect(result.valid).toBe(!c.valid);
        return;
      }
      expect({ valid: result.valid, messages: result.errors.map((e) => e.message) }).toEqual({ valid: c.valid, messages: c.messages });
    });
  }
});
