import * as fs from 'fs';
import * as path from 'path';
import { defaultCacheDir } from '../cache';

/**
 * Whether to start the rules worker (src/validation/rules/rules-worker.ts) before the CLI even loads
 * yargs: when `validate` will run the edition rules (Schematron, in SaxonJS) and their results cannot
 * come from the result cache (`--no-cache`, or no cache of validation results yet: a fresh clone, CI).
 * With a cache, the rules usually do not run at all, and a worker loading SaxonJS for nothing would
 * only compete for the CPU. Not for `build`: it loads SaxonJS on the main thread anyway to publish, and
 * its transformations start faster after the rules ran there (measured: 0.3 s more CPU with the worker).
 * A guess from the raw arguments, made before they are parsed: a wrong guess costs a thread that loads
 * SaxonJS for nothing, or the head start, never a different result.
 */
export function shouldPrestartRules(argv: string[], cwd = process.cwd(), exists: (file: string) => boolean = fs.existsSync): boolean {
  if (!validateRunsRules(argv)) return false;
  if (optionGiven(argv, '--no-cache') || argv.includes('--cache=false')) return true;
  const cacheDir = optionValue(argv, '--cache-dir');
  return !exists(path.join(cacheDir !== undefined ? path.resolve(cwd, cacheDir) : defaultCacheDir(cwd), 'validate'));
}

/**
 * Whether to start a worker of the TypeScript RelaxNG engine ahead (src/validation/schema/typescript-spare.ts): when
 * `validate` runs on a result cache (the complement of shouldPrestartRules's cache test), where the documents that
 * changed need it only once the collection's state is read. A guess like shouldPrestartRules's: wrong, it costs a
 * thread's start-up on the other core, never a different result.
 */
export function shouldPrestartSchemaWorker(argv: string[], cwd = process.cwd(), exists: (file: string) => boolean = fs.existsSync): boolean {
  if (optionGiven(argv, '--help', '-h', '--version') || argv.find((arg) => !arg.startsWith('-')) !== 'validate') return false;
  if (optionValue(argv, '--engine') === 'xmllint' || optionGiven(argv, '--no-cache') || argv.includes('--cache=false')) return false;
  const cacheDir = optionValue(argv, '--cache-dir');
  return exists(path.join(cacheDir !== undefined ? path.resolve(cwd, cacheDir) : defaultCacheDir(cwd), 'validate'));
}

/** Whether the command line is `validate` with the rules layer (no --no-rules). */
function validateRunsRules(argv: string[]): boolean {
  if (optionGiven(argv, '--help', '-h', '--version')) return false;
  return argv.find((arg) => !arg.startsWith('-')) === 'validate' && !optionGiven(argv, '--no-rules');
}

function optionGiven(argv: string[], ...options: string[]): boolean {
  return argv.some((arg) => options.includes(arg) || options.some((option) => arg.startsWith(`${option}=`)));
}

function optionValue(argv: string[], option: string): string | undefined {
  for (let i = argv.length - 1; i >= 0; i--) {
    if (argv[i].startsWith(`${option}=`)) return argv[i].slice(option.length + 1);
    if (argv[i] === option && i + 1 < argv.length) return argv[i + 1];
  }
  return undefined;
}
