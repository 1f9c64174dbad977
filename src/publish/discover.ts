import * as fs from 'fs';
import * as path from 'path';

/**
 * The files of a collection folder: every `.xml` file below it, in a stable order.
 *
 * WIRE-UP (lead): the validator branch owns file discovery (`src/collection/`); when it is merged, use
 * its function here so that `validate` and `build` always see the same files.
 */
export function discoverCollection(srcDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.xml')) found.push(full);
    }
  };
  walk(srcDir);
  return found;
}
