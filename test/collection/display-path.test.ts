import * as path from 'path';
import fc from 'fast-check';
import { displayPath } from '../../src/collection';

/** What displayPath means (its slow path): relative to cwd when inside it, absolute otherwise, forward slashes. */
function byRelative(absolutePath: string, cwd: string): string {
  const relative = path.relative(cwd, absolutePath);
  const shown = relative === '' ? path.basename(absolutePath) : relative.startsWith('..') || path.isAbsolute(relative) ? absolutePath : relative;
  return shown.split(path.sep).join('/');
}

describe('displayPath', () => {
  it('shows files inside the working folder relative to it, and others absolute', () => {
    expect(displayPath('/work/ed/tei/a.xml', '/work/ed')).toBe('tei/a.xml');
    expect(displayPath('/work/ed/.cache/bench/a.xml', '/work/ed')).toBe('.cache/bench/a.xml');
    expect(displayPath('/tmp/c/a.xml', '/work/ed')).toBe('/tmp/c/a.xml');
    expect(displayPath('/work/edition/a.xml', '/work/ed')).toBe('/work/edition/a.xml');
    expect(displayPath('/work/ed/..x/a.xml', '/work/ed')).toBe('/work/ed/..x/a.xml');
    expect(displayPath('/a.xml', '/')).toBe('a.xml');
    expect(displayPath('/work/ed', '/work/ed')).toBe('ed');
  });

  it('agrees with path.relative on any path, normalised or not', () => {
    if (path.sep !== '/') return;
    const segment = fc.constantFrom('a', 'b', '.cache', '..x', 'c.xml', '.', '..', '');
    const file = fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => `/${parts.join('/')}`);
    fc.assert(fc.property(file, file, (absolutePath, cwd) => displayPath(absolutePath, cwd) === byRelative(absolutePath, cwd)), { numRuns: 5000 });
  });
});
