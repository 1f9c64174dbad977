import * as fs from 'fs';
import * as path from 'path';

/**
 * `../shared/` (seeds, tei_all.rng, the reference corpus) sits beside developer and CI clones but not
 * beside a user's clone. Tests that need it call `sharedPath()` and skip, loudly, when it is absent.
 */
export const SHARED_DIR = path.resolve(__dirname, '..', '..', '..', 'shared');

export function sharedAvailable(): boolean {
  return fs.existsSync(path.join(SHARED_DIR, 'seeds'));
}

export function sharedPath(...parts: string[]): string {
  return path.join(SHARED_DIR, ...parts);
}

/**
 * `describe` when ../shared is present. Otherwise the body is not even run (Jest runs the body of a
 * skipped describe to collect its tests, and bodies read ../shared): one skipped test says why.
 */
export function describeWithShared(name: string, body: () => void): void {
  if (sharedAvailable()) {
    describe(name, body);
  } else {
    // eslint-disable-next-line no-console
    console.warn(`NOTICE: skipping "${name}": ${SHARED_DIR} is not present (it exists only beside developer and CI clones).`);
    describe(name, () => {
      test.skip(`skipped: ${SHARED_DIR} is not present`, () => undefined);
    });
  }
}

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
