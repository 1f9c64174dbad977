import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildEdition, BuildOptions, BuildResult } from '../../src/publish/build';
import { REPO_ROOT } from './shared';

/** Edition metadata pinned so outputs are reproducible (golden files, comparisons). */
export const PINNED_EDITION = { commit: 'test', 'build-date': '2026-01-01' };

export const TEI_DIR = path.join(REPO_ROOT, 'tei');
export const PUBLISH_FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'publish');

export function temporaryDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `tei-edition-${prefix}-`));
}

/**
 * Builds a collection into a fresh temporary folder (validation off: the validator is tested on its own;
 * cache off: these tests are about what is rendered, and build-cache.test.ts compares the cache with it).
 */
export async function publish(src: string, options: Partial<BuildOptions> = {}): Promise<{ out: string; result: BuildResult }> {
  const out = path.join(temporaryDir('out'), 'dist');
  const result = await buildEdition({ src, out, validate: false, edition: PINNED_EDITION, cache: false, ...options });
  return { out, result };
}

/** Every file under `dir` (paths relative to it, with /) and its bytes: two builds' outputs compared byte for byte. */
export function snapshot(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (folder: string, prefix: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(folder, entry.name), `${prefix}${entry.name}/`);
      else files.set(`${prefix}${entry.name}`, fs.readFileSync(path.join(folder, entry.name)));
    }
  };
  walk(dir, '');
  return files;
}

export function read(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

/**
 * Builds a collection the way `tei-edition build --no-validate` does, in a child Node process (outside
 * Jest's module sandbox SaxonJS runs markedly faster; see build-in-child.js), without the cache: for the
 * corpus tests, which are about what the stylesheets render, and for the reference builds on the main
 * thread that a test compares its own with (`options`: more build options, as JSON). `files` lists the
 * files to publish (default: the .xml files of src).
 */
export function buildInChild(src: string, files: string[] | undefined, out: string, options: Partial<BuildOptions> = {}): BuildResult {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const job = path.join(path.dirname(out), 'job.json');
  fs.writeFileSync(job, JSON.stringify({ src, out, validate: false, edition: PINNED_EDITION, files, cache: false, ...options }));
  const child = path.join(__dirname, 'build-in-child.js');
  return JSON.parse(execFileSync(process.execPath, ['--max-semi-space-size=64', child, job], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })) as BuildResult;
}
