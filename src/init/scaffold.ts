import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from '../diagnostics/errors';
import { packageVersion, SCHEMAS_DIR, TEMPLATES_DIR } from '../package-files';
import { makeFolders } from '../make-folders';

/**
 * `tei-edition init [DIR]`: a new edition, ready to validate, build and publish: an example document and a
 * register (tei/), the schema and the edition rules they name (schemas/, copies of the package's own, the
 * editor's to relax), edition.yml, a README for the editors, .gitignore, and the GitHub workflows (validate on
 * every push and pull request, publish to GitHub Pages from the default branch). The files come from
 * templates/edition/ and schemas/ of the package.
 *
 * Never overwrites a file unless told to (`force`): every conflict is found before anything is written, and
 * the files appear all together or not at all (each is written beside its place first, then moved into place).
 */
export interface ScaffoldOptions {
  /** The edition's folder (created if missing). */
  dir: string;
  /** Replace files that exist. */
  force?: boolean;
  /** The edition's title, for edition.yml and the README. */
  title?: string;
  /** The date written into the example's header (tests pin it). */
  today?: Date;
}

export interface ScaffoldResult {
  dir: string;
  /** The files written, relative to `dir`, forward slashes, sorted. */
  written: string[];
  /** Files that existed and were replaced (`force`). */
  replaced: string[];
}

export const DEFAULT_TITLE = 'A TEI edition';

/** Raised when files exist and `force` is not set; nothing was written. */
export class ScaffoldConflictError extends UsageError {
  constructor(readonly dir: string, readonly conflicts: string[]) {
    super(
      `init would overwrite ${conflicts.length === 1 ? 'a file' : `${conflicts.length} files`} in ${dir}: ${conflicts.join(', ')}. ` +
        `Nothing was written. Move ${conflicts.length === 1 ? 'it' : 'them'} away, or run \`tei-edition init --force\` to replace ${conflicts.length === 1 ? 'it' : 'them'}.`,
    );
  }
}

/** A file of the new edition: where it goes (relative, forward slashes) and what it holds. */
interface PlannedFile {
  path: string;
  content: Buffer;
}

/** Template files whose name cannot be shipped as it is: npm leaves out `.gitignore`, and dot-folders are easy to lose. */
function destinationOf(templatePath: string): string {
  if (templatePath === 'gitignore') return '.gitignore';
  if (templatePath.startsWith('github/')) return `.${templatePath}`;
  return templatePath;
}

/** The files of a new edition, in order. */
export function planEdition(options: { title?: string; today?: Date; dir: string }): PlannedFile[] {
  const today = (options.today ?? new Date()).toISOString().slice(0, 10);
  const title = (options.title ?? DEFAULT_TITLE).replace(/\s+/g, ' ').trim() || DEFAULT_TITLE;
  const values: Record<string, string> = { date: today, year: today.slice(0, 4) };
  const files: PlannedFile[] = [];
  const walk = (folder: string, prefix: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        walk(full, `${prefix}${entry.name}/`);
        continue;
      }
      const templatePath = `${prefix}${entry.name}`;
      // In YAML, the title goes in quotes (a JSON string is a YAML string): a title with a colon stays a title.
      const fileValues: Record<string, string> = { ...values, title: templatePath.endsWith('.yml') ? JSON.stringify(title) : title };
      const text = fs.readFileSync(full, 'utf8').replace(/\{\{(\w+)\}\}/g, (placeholder, name: string) => fileValues[name] ?? placeholder);
      files.push({ path: destinationOf(templatePath), content: Buffer.from(text, 'utf8') });
    }
  };
  walk(path.join(TEMPLATES_DIR, 'edition'), '');
  // The schema and the rules the documents name: the package's own, copied as they are.
  for (const name of ['edition.rng', 'edition.sch']) files.push({ path: `schemas/${name}`, content: fs.readFileSync(path.join(SCHEMAS_DIR, name)) });
  // The edition's own package.json, so that `npm install` (and the workflows) install the tool it was made with;
  // where there is one (`npm install tei-edition` made it), it is the editor's and left as it is.
  if (!fs.existsSync(path.join(options.dir, 'package.json'))) {
    const manifest = {
      name: packageName(path.basename(path.resolve(options.dir))),
      private: true,
      description: title,
      scripts: { validate: 'tei-edition validate', build: 'tei-edition build', serve: 'tei-edition serve' },
      dependencies: { 'tei-edition': `^${packageVersion()}` },
    };
    files.push({ path: 'package.json', content: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) });
  }
  return files;
}

/** A valid npm package name from a folder name ("My Edition" → "my-edition"). */
function packageName(folder: string): string {
  const name = folder.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|[-]+$/g, '').slice(0, 214);
  return name || 'tei-edition-project';
}

export function scaffoldEdition(options: ScaffoldOptions): ScaffoldResult {
  const dir = path.resolve(options.dir);
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new UsageError(`${options.dir} is a file, not a folder`);
  const files = planEdition({ ...options, dir });

  const blocked = files.find((file) => blockingFile(dir, file.path) !== undefined);
  if (blocked) throw new UsageError(`init cannot write ${blocked.path} in ${dir}: ${blockingFile(dir, blocked.path)} is a file, not a folder. Nothing was written.`);
  const existing = files.filter((file) => fs.existsSync(path.join(dir, file.path)) || isSymlink(path.join(dir, file.path)));
  for (const file of existing) {
    if (fs.statSync(path.join(dir, file.path), { throwIfNoEntry: false })?.isDirectory()) {
      throw new UsageError(`init cannot write ${file.path} in ${dir}: it is a folder. Nothing was written.`);
    }
  }
  if (existing.length > 0 && !options.force) throw new ScaffoldConflictError(dir, existing.map((file) => file.path));

  // Everything is written beside its place first; only when every file is written are they moved into place.
  const createdFolders: string[] = [];
  const staged: Array<{ temporary: string; target: string }> = [];
  try {
    for (const file of files) {
      const target = path.join(dir, file.path);
      createdFolders.push(...makeFolders(path.dirname(target)));
      const temporary = path.join(path.dirname(target), `.${path.basename(target)}.init-${process.pid}.tmp`);
      staged.push({ temporary, target });
      fs.writeFileSync(temporary, file.content, { flag: 'wx' });
    }
  } catch (error) {
    for (const { temporary } of staged) fs.rmSync(temporary, { force: true });
    for (const folder of createdFolders.reverse()) fs.rmSync(folder, { recursive: true, force: true });
    throw new UsageError(`init could not write the edition in ${dir}: ${(error as Error).message}. Nothing was written.`);
  }
  for (const { temporary, target } of staged) fs.renameSync(temporary, target);

  return {
    dir,
    written: files.map((file) => file.path).sort(),
    replaced: existing.map((file) => file.path).sort(),
  };
}

function isSymlink(file: string): boolean {
  return fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink() === true;
}

/** A file standing where a folder of `relative` has to be (a file named `tei`), if any. */
function blockingFile(dir: string, relative: string): string | undefined {
  const parts = relative.split('/').slice(0, -1);
  for (let i = 1; i <= parts.length; i++) {
    const folder = parts.slice(0, i).join('/');
    const stat = fs.statSync(path.join(dir, folder), { throwIfNoEntry: false });
    if (stat && !stat.isDirectory()) return folder;
  }
  return undefined;
}

