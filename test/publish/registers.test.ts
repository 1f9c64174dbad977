import * as fs from 'fs';
import * as path from 'path';
import { REGISTERS, STANDARD_REGISTERS } from '../../src/publish/registers';
import { ENTRY_ELEMENTS } from '../../src/validation/rules/model';
import { parseTree, ElementNode } from '../support/tei-words';
import { REPO_ROOT } from '../support/shared';

/**
 * What counts as a register entry is one definition: the published registers (ed:register-table in
 * xslt/common.xsl: the site writes a page for each entry), the Schematron rule that checks what a
 * name points to (pointer-kinds in schemas/edition.sch) and the TypeScript rules (ENTRY_ELEMENTS:
 * unused entries, spelling drift). This test reads all three and fails when they drift apart.
 */

/** The registers of ed:register-table; `checked`: only those the edition's own rules check (rules="yes"). */
function registerTable(checked = false): Map<string, string[]> {
  const table = new Map<string, string[]>();
  const visit = (element: ElementNode): void => {
    if (element.local === 'register' && element.ns === 'urn:tei-edition' && (!checked || element.attributes.rules === 'yes')) {
      table.set(element.attributes.name, element.attributes.entries.split(/\s+/));
    }
    for (const child of element.children) if (child.type === 'element') visit(child);
  };
  visit(parseTree(fs.readFileSync(path.join(REPO_ROOT, 'xslt', 'common.xsl'), 'utf8')));
  return table;
}

/** The entry kinds each branch of pointer-kinds' `wanted` names: persName → (person, personGrp)... */
function schematronKinds(): string[][] {
  const schema = fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'edition.sch'), 'utf8');
  const wanted = /<sch:let name="wanted" value="([^"]*)"/.exec(schema)?.[1] ?? '';
  return [...wanted.matchAll(/(?:then|else) \(([^)]*)\)/g)].map((m) => [...m[1].matchAll(/'([^']+)'/g)].map((q) => q[1]));
}

describe('what counts as a register entry is defined once', () => {
  test('the stylesheets have the three registers the rules check (persons with groups of persons), and works and events', () => {
    expect(Object.fromEntries(registerTable(true))).toEqual({ persons: ['person', 'personGrp', 'role'], places: ['place'], organisations: ['org'] });
    expect(Object.fromEntries(registerTable())).toEqual({
      persons: ['person', 'personGrp', 'role'], places: ['place'], organisations: ['org'], works: ['bibl', 'biblStruct'], events: ['event'],
    });
  });

  test('the TypeScript rules count as entries exactly what the site publishes in the registers they check', () => {
    expect([...ENTRY_ELEMENTS].sort()).toEqual([...registerTable(true).values()].flat().sort());
  });

  test("the Schematron's pointer kinds are the checked registers' entries, one register per kind of name", () => {
    expect(schematronKinds()).toEqual([...registerTable(true).values()]);
  });

  test('the build and the stylesheets name the same registers, in the same order (src/publish/registers.ts)', () => {
    expect(REGISTERS).toEqual([...registerTable().keys()]);
    expect(STANDARD_REGISTERS).toEqual([...registerTable(true).keys()]);
  });
});
