import * as path from 'path';
import { DEFAULT_RULES_FILE, validateCollection } from '../../src/validation';

/**
 * A pointer to a register entry kept in another file, written without the file's name ("#pmb8", or a name alone:
 * "pmb9"), as the published edition reads it: it reaches the entry of that xml:id wherever the collection keeps it
 * (ed:pointer-target; RegisterIndex). The validator agrees that the entry is used (no register-entry-unused), while
 * "#pmb8" is still an error of its own (pointer-unresolved: "#id" names an element of its own document, so the file's
 * name is missing). The fixture: test/fixtures/validate/entries-elsewhere/.
 */

const SRC = path.join(__dirname, '..', 'fixtures', 'validate', 'entries-elsewhere');

test('an entry reached by "#id" or by a name alone from another file is not unused; "#id" without the file is still unresolved', async () => {
  const { diagnostics } = await validateCollection(['.'], { cwd: SRC, skipSchema: true, rules: DEFAULT_RULES_FILE });
  const found = (rule: string): string[] => diagnostics.filter((d) => d.rule === rule).map((d) => `${path.basename(d.file)}:${d.line}: ${d.message}`);
  expect(found('register-entry-unused')).toEqual(['persons.xml:15: the person "pmb10" is not referenced by any document of the collection']);
  expect(found('pointer-unresolved')).toEqual(['letter.xml:12: @ref on persName points nowhere: #pmb8: no element in this document has xml:id="pmb8"']);
}, 60_000);
