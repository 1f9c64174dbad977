import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { temporaryDir } from '../support/publish';
import { REPO_ROOT } from '../support/shared';

/**
 * The package as a user gets it (issue 15): `npm pack` (with its prepack), the tarball installed into an empty
 * project, then `npx tei-edition init`, `validate`, `build`, a second document, `build` again, all in that project.
 *
 * No network: the tarball's dependencies are installed by `npm ci --offline` from npm's cache, which the
 * `npm ci` of this clone filled, with a lock file for the project made from this repository's: the entries of
 * the tarball's dependencies and theirs (nothing of the devDependencies, so a run-time use of one fails here).
 * Only when npm's cache lacks a package (another cache folder, a cleaned cache) does it fall back to the
 * registry, and says so.
 */

const PACKAGE = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  name: string; version: string; dependencies: Record<string, string>; devDependencies: Record<string, string>; bin: Record<string, string>;
};
const TARBALL = `${PACKAGE.name}-${PACKAGE.version}.tgz`;

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}

/** npm without this test's own npm context (`npm test` sets npm_* variables that the nested npm would obey). */
function npmEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key) && key !== 'JEST_WORKER_ID') env[key] = value;
  return { ...env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', NO_COLOR: '1' };
}

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: npmEnvironment(), timeout: 600000 });
}

function ok(result: SpawnSyncReturns<string>, what: string): SpawnSyncReturns<string> {
  if (result.status !== 0) throw new Error(`${what} exited ${result.status}${result.error ? ` (${result.error.message})` : ''}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

/**
 * The project's lock file: the tarball, and the entries of this repository's lock for the packages its
 * dependencies need, and their peers (found where npm would find them: nested first, then hoisted), with their registry address
 * where this repository's lock leaves it out (omit-lockfile-registry-resolved), so that npm ci takes each from
 * npm's cache by its integrity without asking the registry about it.
 */
function projectLock(projectName: string): object {
  const repoLock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const registry = (process.env.npm_config_registry || 'https://registry.npmjs.org/').replace(/\/?$/, '/');
  const packages: Record<string, LockEntry> = {
    '': { name: projectName, dependencies: { [PACKAGE.name]: `file:${TARBALL}` } },
    [`node_modules/${PACKAGE.name}`]: { version: PACKAGE.version, resolved: `file:${TARBALL}`, dependencies: PACKAGE.dependencies, bin: PACKAGE.bin, license: 'MIT' },
  };
  const locate = (from: string, name: string): string | undefined => {
    for (let base = from; ; base = base.replace(/\/?node_modules\/(@[^/]+\/)?[^/]+$/, '')) {
      const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
      if (repoLock.packages[candidate]) return candidate;
      if (base === '') return undefined;
    }
  };
  const visit = (from: string, dependencies: Record<string, string> | undefined, optional: boolean): void => {
    for (const name of Object.keys(dependencies ?? {})) {
      const location = locate(from, name);
      if (!location) {
        if (optional) continue;
        throw new Error(`${name} (needed by ${from || 'the package'}) is not in package-lock.json`);
      }
      if (packages[location]) continue;
      const entry: LockEntry = { ...repoLock.packages[location] };
      for (const flag of ['dev', 'devOptional', 'peer']) delete entry[flag];
      if (!entry.resolved && entry.version) entry.resolved = `${registry}${name}/-/${name.split('/').pop()}-${entry.version}.tgz`;
      packages[location] = entry;
      visit(location, entry.dependencies, false);
      visit(location, entry.optionalDependencies, true);
      // npm installs peer dependencies too (xmllint-wasm's @types/node), unless they are optional.
      const peers = Object.entries(entry.peerDependencies ?? {}).filter(([peer]) => !entry.peerDependenciesMeta?.[peer]?.optional);
      visit('', Object.fromEntries(peers), false);
    }
  };
  visit('', PACKAGE.dependencies, false);
  return { name: projectName, lockfileVersion: 3, requires: true, packages };
}

/** Every file under a folder with its size and modification time (to see that nothing was written there). */
function fileStates(folder: string): string[] {
  const states: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const stat = fs.statSync(full);
        states.push(`${path.relative(folder, full)} ${stat.size} ${stat.mtimeMs}`);
      }
    }
  };
  walk(folder);
  return states.sort();
}

describe('the package, packed and installed into an empty project', () => {
  const work = temporaryDir('package');
  const project = path.join(work, 'edition');
  const tei = (...args: string[]) => run('npx', ['--no', PACKAGE.name, ...args], project);
  let tarball: string | undefined;
  /** The tarball, packed once (prepack compiles what is not compiled yet). */
  const packed = (): string => {
    if (!tarball) {
      ok(run('npm', ['pack', '--pack-destination', work], REPO_ROOT), 'npm pack');
      tarball = path.join(work, TARBALL);
    }
    return tarball;
  };

  test('npm pack ships compiled code, stylesheets, rules, assets, schemas and templates, and nothing else', () => {
    const files = ok(run('tar', ['-tzf', packed()], work), 'tar').stdout.trim().split('\n').map((file) => file.replace(/^package\//, '')).sort();
    for (const needed of [
      'package.json', 'README.md', 'bin/tei-edition.js', 'lib/cli/main.js', 'lib/config/edition-config.js', 'lib/init/scaffold.js',
      'lib/xslt/html.sef.json', 'lib/xslt/text.sef.json', 'lib/xslt/schematron/sch2xslt.sef.json',
      'assets/edition.css', 'assets/edition.js', 'schemas/edition.rng', 'schemas/edition.sch',
      'templates/edition/edition.yml', 'templates/edition/gitignore', 'templates/edition/github/workflows/publish.yml',
    ]) expect(files).toContain(needed);
    // The default rules, compiled ahead: a new edition's first validate does not compile them.
    expect(files.filter((file) => /^lib\/xslt\/rules\/[0-9a-f]{32}\.sef\.json$/.test(file))).toHaveLength(1);
    // Every compiled module of src/, and nothing of the sources, tests, scripts, XSLT sources or source maps.
    const modules = (dir: string): string[] => fs.readdirSync(path.join(REPO_ROOT, 'src', dir), { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? modules(path.join(dir, entry.name)) : entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path.join('lib', dir, entry.name.replace(/\.ts$/, '.js')).split(path.sep).join('/')] : []);
    expect(files.filter((file) => file.startsWith('lib/') && file.endsWith('.js')).sort()).toEqual(modules('').sort());
    expect(files.filter((file) => /^(src|test|scripts|xslt|tei|docs|node_modules|\.github)\/|\.map$|\.ts$|tsbuildinfo/.test(file))).toEqual([]);
  });

  test('installed with its dependencies only, it scaffolds, validates and builds an edition, then a second document', () => {
    fs.mkdirSync(project);
    fs.copyFileSync(packed(), path.join(project, TARBALL));
    fs.writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'edition', private: true, dependencies: { [PACKAGE.name]: `file:${TARBALL}` } }, null, 2)}\n`);
    fs.writeFileSync(path.join(project, 'package-lock.json'), `${JSON.stringify(projectLock('edition'), null, 2)}\n`);
    let install = run('npm', ['ci', '--offline'], project);
    if (install.status !== 0 && /ENOTCACHED/.test(install.stderr)) {
      // eslint-disable-next-line no-console
      console.warn('NOTICE: npm\'s cache lacks a dependency of the package (not the cache `npm ci` filled?): installing from the registry instead.');
      install = run('npm', ['ci', '--prefer-offline'], project);
    }
    ok(install, 'npm ci');
    const installed = path.join(project, 'node_modules', PACKAGE.name);
    // Nothing of the devDependencies (but @types/node, which xmllint-wasm asks for as a peer).
    const lock = JSON.parse(fs.readFileSync(path.join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    const devOnly = Object.keys(PACKAGE.devDependencies).filter((dev) => !lock.packages[`node_modules/${dev}`]);
    expect(devOnly).toEqual(expect.arrayContaining(['typescript', 'jest', 'ts-jest', 'playwright-core']));
    for (const dev of devOnly) expect(fs.existsSync(path.join(project, 'node_modules', dev))).toBe(false);
    expect(fs.existsSync(path.join(installed, 'src'))).toBe(false);
    const packageFiles = fileStates(installed);

    // init: the project's package.json is the user's, and stays as it is.
    const manifest = fs.readFileSync(path.join(project, 'package.json'), 'utf8');
    const init = ok(tei('init', '--title', 'Letters of Abraham Lincoln'), 'init');
    expect(init.stdout).toContain('tei/lincoln-bedell-1860.xml');
    expect(fs.readFileSync(path.join(project, 'package.json'), 'utf8')).toBe(manifest);

    const validate = ok(tei('validate'), 'validate');
    expect(validate.stdout).toMatch(/^0 errors, 0 warnings in 2 files$/m);
    // The rules came compiled with the package: nothing was compiled into the project's cache.
    const rulesCache = path.join(project, 'node_modules', '.cache', 'tei-edition', 'rules');
    expect(fs.existsSync(rulesCache) ? fs.readdirSync(rulesCache) : []).toEqual([]);

    const build = ok(tei('build'), 'build');
    expect(build.stdout).toMatch(/^Published 1 document\(s\) in [\d.]+ s: /);
    const html = path.join(project, 'dist', 'html');
    expect(fs.readFileSync(path.join(html, 'index.html'), 'utf8')).toContain('<h1>Letters of Abraham Lincoln</h1>');
    expect(fs.readFileSync(path.join(html, 'documents', 'lincoln-bedell-1860.html'), 'utf8')).toContain('My dear little Miss.');
    expect(fs.existsSync(path.join(html, 'assets', 'edition.css'))).toBe(true);
    expect(fs.readFileSync(path.join(project, 'dist', 'text', 'edition.txt'), 'utf8')).toMatch(/^Letters of Abraham Lincoln\n/);

    // A second document, made as the editors' README says: a copy of the example with its own name and ids.
    const example = fs.readFileSync(path.join(project, 'tei', 'lincoln-bedell-1860.xml'), 'utf8');
    const second = example.replace(/lincoln-bedell-1860/g, 'lincoln-bedell-1860b')
      .replace('<title type="main">Letter From Abraham Lincoln to Grace Bedell</title>', '<title type="main">A Second Letter to Grace Bedell</title>');
    fs.writeFileSync(path.join(project, 'tei', 'lincoln-bedell-1860b.xml'), second);
    ok(tei('validate'), 'validate with a second document');
    const again = ok(tei('build'), 'build with a second document');
    expect(again.stdout).toMatch(/^Published 2 document\(s\)/);
    const home = fs.readFileSync(path.join(html, 'index.html'), 'utf8');
    expect(home).toContain('href="documents/lincoln-bedell-1860b.html"');
    expect(home).toContain('A Second Letter to Grace Bedell');
    expect(fs.readFileSync(path.join(project, 'dist', 'text', 'edition.txt'), 'utf8')).toContain('A Second Letter to Grace Bedell');

    // The tool wrote its caches beside the project's others, never into its own package folder.
    expect(fileStates(installed)).toEqual(packageFiles);
    expect(fs.readdirSync(path.join(project, 'node_modules', '.cache', 'tei-edition'))).toContain('v8');
  });
});
