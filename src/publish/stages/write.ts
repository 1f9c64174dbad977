import * as fs from 'fs';
import * as path from 'path';
import { contentHash } from '../../cache';
import { ASSETS_DIR } from '../../package-files';
import { errorMessage } from '../transform';
import type { BuildContext } from './context';

/**
 * Stage `write`: the static assets, then the new output swapped into place atomically (the pages are
 * in it already: each stage wrote its pages as it finished them), or, in place (`serve`), the changed files moved in. Its time is also the time spent
 * writing files during the other stages. Returns whether the new output is in place.
 */


export function write(context: BuildContext): boolean {
  const { output, timer } = context;
  try {
    // Keyed on their bytes (a few small files): unchanged, they are linked (in place: kept) like the pages.
    for (const [relative, file] of assets()) output.write(`html/${relative}`, { copyOf: file }, `asset ${contentHash(fs.readFileSync(file))}`);
    timer.progress('write', output.files, output.files);
    output.commit();
  } catch (error) {
    context.problems.io(output.target, 'output-unwritable', `cannot write the edition: ${errorMessage(error)}`);
    return false;
  } finally {
    timer.add('write', output.ms, output.files);
    if (output.linked > 0) timer.detail('write', output.inPlace ? `${output.linked} unchanged file(s) kept in place` : output.byDifference ? `${output.linked} unchanged file(s) kept from the output before` : `${output.linked} unchanged file(s) linked from the previous output`);
  }
  return true;
}

/** The assets folder's files: output path under html/ → file. */
function assets(): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  const walk = (dir: string, prefix: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name), `${prefix}${entry.name}/`);
      else found.push([`assets/${prefix}${entry.name}`, path.join(dir, entry.name)]);
    }
  };
  walk(ASSETS_DIR, '');
  return found;
}
