import * as fs from 'fs';
import * as path from 'path';
import { COLLECTION_RULES } from '../../src/validation';
import { REPO_ROOT } from '../support/shared';
import { FIXTURES } from './helpers';

/** Every rule is documented in docs/rules.md, and every edition rule has its fixture folder. */
const documented = new Set([...fs.readFileSync(path.join(REPO_ROOT, 'docs', 'rules.md'), 'utf8').matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]));
const schematronRules = [...new Set([...fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'edition.sch'), 'utf8').matchAll(/<sch:(?:assert|report) id="([^"]+)"/g)].map((m) => m[1]))];
const typescriptRules = COLLECTION_RULES.map((rule) => rule.id);

/** Rule IDs the code reports directly (the io, wellformed and schema layers, rule failures). */
function reportedInCode(dir: string): string[] {
  const ids = new Set<string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) reportedInCode(full).forEach((id) => ids.add(id));
    else if (entry.name.endsWith('.ts')) {
      for (const m of fs.readFileSync(full, 'utf8').matchAll(/'((?:xml|file|schema|rng|rules)-[a-z-]+)'/g)) ids.add(m[1]);
    }
  }
  return [...ids];
}
const STAGES = new Set(['schema-compile', 'schema-validate', 'rules-compile', 'rules-schematron', 'rules-collection', 'xml-model']);

describe('the rule catalogue', () => {
  test.each([...schematronRules, ...typescriptRules])('%s is documented in docs/rules.md and has a fixture folder', (rule) => {
    expect(documented).toContain(rule);
    expect(fs.existsSync(path.join(FIXTURES, 'rules', rule))).toBe(true);
  });

  test('every rule ID the code reports is documented', () => {
    const missing = reportedInCode(path.join(REPO_ROOT, 'src')).filter((id) => !STAGES.has(id) && !documented.has(id));
    expect(missing).toEqual([]);
  });

  test('every fixture folder under rules/ is a rule', () => {
    for (const folder of fs.readdirSync(path.join(FIXTURES, 'rules'))) expect([...schematronRules, ...typescriptRules]).toContain(folder);
  });

  test('rules have stable, well-formed IDs and a role', () => {
    for (const rule of [...schematronRules, ...typescriptRules]) expect(rule).toMatch(/^[a-z]+(-[a-z]+)+$/);
    const sch = fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'edition.sch'), 'utf8');
    for (const m of sch.matchAll(/<sch:(assert|report)\b[^>]*>/g)) expect(m[0]).toMatch(/ role="(error|warning)"/);
  });
});
