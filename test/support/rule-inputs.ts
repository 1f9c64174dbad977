import * as fs from 'fs';
import * as path from 'path';
import type { RuleInput } from '../../src/validation/rules/schematron';
import { PositionIndex } from '../../src/xml/positions';
import { checkWellFormed } from '../../src/xml/wellformed';
import { REPO_ROOT } from './shared';

/** The files under `dir` whose names match `names` (default: .xml), sorted. */
export function xmlFiles(dir: string, names = /\.xml$/): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...xmlFiles(full, names));
    else if (names.test(entry.name)) out.push(full);
  }
  return out.sort();
}

/**
 * The documents of a folder as the pipeline hands them to the rules: the readable, well-formed ones, with
 * their trees; and their texts (what doc() may read).
 */
export function inputsOf(files: string[]): { inputs: RuleInput[]; texts: Map<string, string> } {
  const inputs: RuleInput[] = [];
  const texts = new Map<string, string>();
  for (const file of files) {
    const absolutePath = fs.realpathSync(file);
    let text: string;
    try {
      text = fs.readFileSync(absolutePath, 'utf8');
    } catch {
      continue;
    }
    const verdict = checkWellFormed(text, { text: true });
    if (!verdict.ok) continue;
    texts.set(absolutePath, text);
    inputs.push({ path: path.relative(REPO_ROOT, file), absolutePath, text, index: new PositionIndex(verdict.tree) });
  }
  return { inputs, texts };
}
