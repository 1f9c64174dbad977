import * as fs from 'fs';
import * as path from 'path';
import { describeWithShared, REPO_ROOT, sharedPath } from '../support/shared';
import { relaxng } from '../support/xmllint';

const PROJECT_SCHEMA = path.join(REPO_ROOT, 'schemas', 'edition.rng');
const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'encoding');
const collection = fs
  .readdirSync(path.join(REPO_ROOT, 'tei'))
  .filter((name) => name.endsWith('.xml'))
  .map((name) => path.join(REPO_ROOT, 'tei', name));
const validFixture = path.join(FIXTURES, 'valid-letter.xml');

/**
 * Each invalid fixture is valid-letter.xml with one realistic encoding mistake (its first comment says
 * which); `element` is the element libxml2 must name in its message.
 */
const mistakes: Record<string, { element: string }> = {
  'unknown-element': { element: 'emph' },
  'note-without-type': { element: 'note' },
  'note-unknown-type': { element: 'note' },
  'note-without-number': { element: 'note' },
  'date-malformed': { element: 'date' },
  'date-impossible': { element: 'date' },
  'date-not-normalised': { element: 'date' },
  'persname-ref-not-pointer': { element: 'persName' },
  'placename-local-pointer': { element: 'placeName' },
  'persname-without-ref': { element: 'persName' },
  'div-unknown-type': { element: 'div' },
  'pb-without-number': { element: 'pb' },
  'choice-without-correction': { element: 'choice' },
  'supplied-without-resp': { element: 'supplied' },
  'ref-javascript-target': { element: 'ref' },
  'paragraph-before-head': { element: 'head' },
  'tei-without-id': { element: 'TEI' },
  'metonym-type-misspelt': { element: 'placeName' },
};

describe('the project schema (schemas/edition.rng)', () => {
  test('the collection in tei/ is valid', async () => {
    expect(collection.length).toBeGreaterThanOrEqual(3);
    const result = await relaxng(PROJECT_SCHEMA, collection);
    for (const file of collection) {
      expect({ file: path.basename(file), valid: result.valid.get(path.basename(file)), errors: result.errors.get(path.basename(file)) })
        .toEqual({ file: path.basename(file), valid: true, errors: undefined });
    }
  });

  test('the fixture the mistakes are made from is valid', async () => {
    const result = await relaxng(PROJECT_SCHEMA, [validFixture]);
    expect(result.valid.get('valid-letter.xml')).toBe(true);
  });

  test('every fixture in invalid/ is listed here', () => {
    const files = fs.readdirSync(path.join(FIXTURES, 'invalid')).map((name) => name.replace(/\.xml$/, ''));
    expect(files.sort()).toEqual(Object.keys(mistakes).sort());
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  describe('rejects realistic encoding mistakes', () => {
    let result: Awaited<ReturnType<typeof relaxng>>;
    beforeAll(async () => {
      result = await relaxng(PROJECT_SCHEMA, Object.keys(mistakes).map((name) => path.join(FIXTURES, 'invalid', `${name}.xml`)));
    });
    for (const [name, { element }] of Object.entries(mistakes)) {
      test(`${name}`, () => {
        const file = `${name}.xml`;
        expect(result.valid.get(file)).toBe(false);
        // libxml2 reports some attribute errors without a file name; those are filed under "".
        const messages = [...(result.errors.get(file) ?? []), ...(result.errors.get('') ?? [])];
        expect(messages.some((message) => new RegExp(`[Ee]lement ${element}\\b`).test(message))).toBe(true);
      });
    }
  });
});

describeWithShared('the official TEI schema (../shared/schemas/tei_all.rng)', () => {
  test('the collection and the valid fixture are valid TEI P5', async () => {
    const files = [...collection, validFixture];
    const result = await relaxng(sharedPath('schemas', 'tei_all.rng'), files);
    for (const file of files) {
      expect({ file: path.basename(file), valid: result.valid.get(path.basename(file)), errors: result.errors.get(path.basename(file)) })
        .toEqual({ file: path.basename(file), valid: true, errors: undefined });
    }
  });
});
