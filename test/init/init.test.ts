import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { scaffoldEdition } from '../../src/init/scaffold';
import { REPO_ROOT } from '../support/shared';
import { temporaryDir } from '../support/publish';

const CLI = path.join(REPO_ROOT, 'bin', 'tei-edition.js');
const TODAY = new Date('2026-03-04T12:00:00Z');

function cli(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

/** Every file under a folder, relative, sorted. */
function listing(folder: string): string[] {
  const files: string[] = [];
  const walk = (dir: string, prefix: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name), `${prefix}${entry.name}/`);
      else files.push(`${prefix}${entry.name}`);
    }
  };
  walk(folder, '');
  return files.sort();
}

const EDITION_FILES = [
  '.github/workflows/publish.yml',
  '.github/workflows/validate.yml',
  '.gitignore',
  'README.md',
  'edition.yml',
  'package.json',
  'schemas/edition.rng',
  'schemas/edition.sch',
  'tei/lincoln-bedell-1860.xml',
  'tei/register.xml',
];

describe('tei-edition init', () => {
  test('scaffolds an edition that validates with no warning and builds a site and a text edition', () => {
    const dir = path.join(temporaryDir('init'), 'my edition');
    const init = cli(REPO_ROOT, 'init', dir, '--title', 'Letters: a "test" edition');
    expect(init.stderr).toBe('');
    expect(init.status).toBe(0);
    expect(init.stdout).toContain(`Started an edition in ${dir}:`);
    expect(listing(dir)).toEqual(EDITION_FILES);
    // The schema and rules are the package's own, byte for byte; the documents name them.
    for (const name of ['edition.rng', 'edition.sch']) expect(fs.readFileSync(path.join(dir, 'schemas', name))).toEqual(fs.readFileSync(path.join(REPO_ROOT, 'schemas', name)));
    const example = fs.readFileSync(path.join(dir, 'tei', 'lincoln-bedell-1860.xml'), 'utf8');
    expect(example).toContain('<?xml-model href="../schemas/edition.rng"');
    expect(example).toContain('<?xml-model href="../schemas/edition.sch"');
    // What the example shows an editor: persons, places, a note, dates, all pointing into the register.
    expect(example).toMatch(/<persName ref="register\.xml#bedell">/);
    expect(example).toMatch(/<placeName ref="register\.xml#springfield">/);
    expect(example).toMatch(/<note type="editorial" n="1" xml:id="lincoln-bedell-1860-n1">/);
    expect(example).toMatch(/<date when="1860-10-19">/);
    expect(example).not.toMatch(/\{\{\w+\}\}/);
    expect(parse(fs.readFileSync(path.join(dir, 'edition.yml'), 'utf8'))).toMatchObject({ title: 'Letters: a "test" edition', languages: ['en'] });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))).toMatchObject({
      name: 'my-edition', private: true, dependencies: { 'tei-edition': `^${JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version}` },
    });
    expect(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['node_modules/', 'dist/', '.cache/']));

    const validate = cli(dir, 'validate', '--format', 'json');
    expect(validate.status).toBe(0);
    const report = JSON.parse(validate.stdout);
    expect(report.diagnostics).toEqual([]);
    expect(report.summary.files).toBe(2);

    const build = cli(dir, 'build');
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
    const home = fs.readFileSync(path.join(dir, 'dist', 'html', 'index.html'), 'utf8');
    expect(home).toContain('<h1>Letters: a "test" edition</h1>');
    expect(home).toContain('href="documents/lincoln-bedell-1860.html"');
    const page = fs.readFileSync(path.join(dir, 'dist', 'html', 'documents', 'lincoln-bedell-1860.html'), 'utf8');
    expect(page).toMatch(/href="\.\.\/persons\/bedell\.html[^"]*"/);
    expect(fs.readFileSync(path.join(dir, 'dist', 'text', 'lincoln-bedell-1860.txt'), 'utf8')).toContain('I regret the necessity of saying I have no daughters.');
    expect(fs.readFileSync(path.join(dir, 'dist', 'text', 'edition.txt'), 'utf8')).toMatch(/^Letters: a "test" edition\n/);
  });

  test('refuses to overwrite: exit 2, every file in the way named, nothing written; --force replaces; a package.json is kept', () => {
    const dir = temporaryDir('init-conflict');
    fs.writeFileSync(path.join(dir, 'README.md'), '# my notes\n');
    fs.mkdirSync(path.join(dir, 'tei'));
    fs.writeFileSync(path.join(dir, 'tei', 'register.xml'), '<mine/>');
    const before = listing(dir);
    const refused = cli(dir, 'init');
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(`tei-edition: init would overwrite 2 files in ${dir}: README.md, tei/register.xml. Nothing was written. Move them away, or run \`tei-edition init --force\` to replace them.\n`);
    expect(listing(dir)).toEqual(before);
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('# my notes\n');

    // The project that installed tei-edition has its own package.json: it is the editor's, never touched.
    const manifest = '{"name":"mine","dependencies":{"tei-edition":"file:tei-edition-0.1.0.tgz"}}\n';
    fs.writeFileSync(path.join(dir, 'package.json'), manifest);
    const forced = cli(dir, 'init', '--force');
    expect(forced.status).toBe(0);
    expect(forced.stdout).toMatch(/^ {2}README\.md {2}\(replaced\)$/m);
    expect(forced.stdout).not.toMatch(/npm install/);
    expect(listing(dir)).toEqual(EDITION_FILES);
    expect(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).toBe(manifest);
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toMatch(/^# A TEI edition\n/);
    expect(fs.readFileSync(path.join(dir, 'tei', 'register.xml'), 'utf8')).toContain('<listPerson>');
  });

  test('a file where a folder must go, or DIR a file: exit 2, nothing written, no temporary file left', () => {
    const dir = temporaryDir('init-blocked');
    fs.writeFileSync(path.join(dir, 'schemas'), 'not a folder');
    const blocked = cli(dir, 'init');
    expect(blocked.status).toBe(2);
    expect(blocked.stderr).toMatch(/^tei-edition: init cannot write schemas\/edition\.rng in .*: schemas is a file, not a folder\. Nothing was written\.\n$/);
    expect(listing(dir)).toEqual(['schemas']);
    const file = path.join(dir, 'schemas');
    const notFolder = cli(dir, 'init', file);
    expect(notFolder.status).toBe(2);
    expect(notFolder.stderr).toBe(`tei-edition: ${file} is a file, not a folder\n`);
  });

  test('the library call writes the date it is given, and reports what it wrote', () => {
    const dir = temporaryDir('init-lib');
    const result = scaffoldEdition({ dir, today: TODAY });
    expect(result).toEqual({ dir, written: EDITION_FILES, replaced: [] });
    expect(fs.readFileSync(path.join(dir, 'tei', 'register.xml'), 'utf8')).toContain('<change when="2026-03-04" who="#register-editors">');
    expect(fs.readdirSync(dir).filter((name) => name.includes('.tmp'))).toEqual([]);
  });

  test('the GitHub workflows: validate on every push and pull request with annotations; publish the default branch to Pages', () => {
    const dir = temporaryDir('init-workflows');
    scaffoldEdition({ dir, today: TODAY });
    type Step = { uses?: string; run?: string; with?: Record<string, unknown>; id?: string };
    type Job = { steps: Step[]; needs?: string | string[]; if?: string; environment?: { name: string; url?: string }; permissions?: Record<string, string> };
    type Workflow = { on: Record<string, unknown>; permissions?: Record<string, string>; jobs: Record<string, Job>; concurrency?: unknown };
    const read = (name: string): Workflow => {
      const text = fs.readFileSync(path.join(dir, '.github', 'workflows', name), 'utf8');
      // Strict YAML: a duplicate key or a tab is an error, not a guess.
      return parse(text, { strict: true, uniqueKeys: true }) as Workflow;
    };
    const uses = (job: Job): string[] => job.steps.flatMap((step) => (step.uses ? [step.uses.replace(/@.*$/, '')] : []));
    const runs = (job: Job): string => job.steps.map((step) => step.run ?? '').join('\n');

    const validate = read('validate.yml');
    expect(Object.keys(validate.on).sort()).toEqual(['pull_request', 'push']);
    expect(validate.on.push).toBeNull(); // every branch
    expect(validate.permissions).toEqual({ contents: 'read' });
    const check = Object.values(validate.jobs)[0];
    expect(uses(check)).toEqual(expect.arrayContaining(['actions/checkout', 'actions/setup-node']));
    // --format github: annotations on the changed lines, and the job summary ($GITHUB_STEP_SUMMARY).
    expect(runs(check)).toMatch(/npx tei-edition validate --format github/);
    expect(uses(check).indexOf('actions/checkout')).toBeLessThan(check.steps.findIndex((step) => /tei-edition validate/.test(step.run ?? '')));

    const publish = read('publish.yml');
    expect(Object.keys(publish.on)).toEqual(expect.arrayContaining(['push', 'workflow_dispatch']));
    // The Pages actions need to deploy (pages: write) and to prove who deploys (id-token: write).
    expect(publish.permissions).toMatchObject({ pages: 'write', 'id-token': 'write', contents: 'read' });
    const build = publish.jobs.build;
    expect(build.if).toBe("github.ref == format('refs/heads/{0}', github.event.repository.default_branch)");
    const steps = uses(build);
    expect(steps).toEqual(expect.arrayContaining(['actions/checkout', 'actions/setup-node', 'actions/configure-pages', 'actions/upload-pages-artifact']));
    const buildStep = build.steps.findIndex((step) => /npx tei-edition build\b/.test(step.run ?? ''));
    const upload = build.steps.findIndex((step) => step.uses?.startsWith('actions/upload-pages-artifact@'));
    expect(buildStep).toBeGreaterThan(build.steps.findIndex((step) => step.uses?.startsWith('actions/checkout@')));
    expect(upload).toBeGreaterThan(buildStep);
    expect(build.steps[upload].with).toEqual({ path: 'dist/html' });
    const deploy = publish.jobs.deploy;
    expect(deploy.needs).toBe('build');
    expect(deploy.environment).toEqual({ name: 'github-pages', url: '${{ steps.deployment.outputs.page_url }}' });
    expect(deploy.steps).toEqual([expect.objectContaining({ id: 'deployment', uses: expect.stringMatching(/^actions\/deploy-pages@v\d+$/) })]);
    for (const workflow of [validate, publish]) {
      for (const job of Object.values(workflow.jobs)) for (const step of job.steps) if (step.uses) expect(step.uses).toMatch(/^actions\/[a-z-]+@v\d+$/);
    }
  });

  test("the editors' README names files that init writes, and the commands that exist", () => {
    const dir = temporaryDir('init-readme');
    scaffoldEdition({ dir, title: 'Letters', today: TODAY });
    const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
    expect(readme).toMatch(/^# Letters\n/);
    for (const named of readme.match(/`(?:tei|schemas|\.github\/workflows)\/[^`]*`|`edition\.yml`/g) ?? []) {
      const file = named.slice(1, -1).replace(/^\.github\/workflows\/$/, '.github/workflows');
      expect(fs.existsSync(path.join(dir, file)) || /smith-jones/.test(file)).toBe(true);
    }
    for (const command of ['npx tei-edition validate', 'npx tei-edition build', 'npx tei-edition serve']) expect(readme).toContain(command);
  });
});
