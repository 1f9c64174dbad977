import * as path from 'path';

/**
 * The compiled script of a worker thread, given its path under src/ without extension
 * ('validation/schema/typescript-worker'). A worker always runs the compiled JavaScript in lib/, also when
 * its parent runs from src/ under ts-jest (`npm test` compiles first): a thread cannot load TypeScript.
 */
export function compiledWorkerScript(modulePath: string): string {
  // This file is src/worker-script.ts or lib/worker-script.js: one folder below the package root either way.
  return path.resolve(__dirname, '..', 'lib', `${modulePath}.js`);
}
