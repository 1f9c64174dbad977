import * as path from 'path';
import { PACKAGE_ROOT } from './package-files';

/**
 * The compiled script of a worker thread, given its path under src/ without extension
 * ('validation/schema/typescript-worker'). A worker always runs the compiled JavaScript in lib/, also when
 * its parent runs from src/ under ts-jest (`npm test` compiles first): a thread cannot load TypeScript.
 */
export function compiledWorkerScript(modulePath: string): string {
  return path.join(PACKAGE_ROOT, 'lib', `${modulePath}.js`);
}
