import * as fs from 'fs';
import * as path from 'path';
import { discoverFiles } from '../../src/collection';
import { ARTIFACTS } from '../support/browser';
import { buildInChild, temporaryDir } from '../support/publish';
import { collectionRegister, unlinkedMentions } from '../support/register-mentions';
import { describeWithShared, sharedPath } from '../support/shared';

/**
 * Issue 13, point 1, on every project of ../shared/corpus, each built on its own as its editors would
 * (`build --src <project> --no-validate`): every mention in a document's text whose pointer names a register
 * entry of the project (wherever the project keeps it: register files, standOff, back matter, header) links
 * to that entry's page, and the page links back to the exact spot. Counts per project go to
 * test-artifacts/corpus-registers.json and the log.
 */

const CORPUS = sharedPath('corpus');

function projects(): string[] {
  if (!fs.existsSync(CORPUS)) return [];
  return fs.readdirSync(CORPUS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

/** A project's files as the build finds them (collection paths), and the test's reading of its register. */
function readProject(project: string): { dir: string; register: ReturnType<typeof collectionRegister> } {
  const dir = path.join(CORPUS, project);
  const files = discoverFiles([dir]).map((file) => path.relative(dir, file.absolutePath).split(path.sep).join('/'));
  return { dir, register: collectionRegister(dir, files.filter((f) => f.endsWith('.xml'))) };
}

describeWithShared('every project of the corpus: register mentions reach their entry pages and back', () => {
  type Figures = { documents: number; entries: number; mentions: number; linked?: number };
  const figures: Record<string, Figures> = {};
  // Only the projects with mentions of register entries are built (a build of the whole corpus is the
  // fidelity test's); the Schnitzler letters are foreign-registers.test.ts's.
  const read = projects().map((project) => ({ project, ...readProject(project) }));
  for (const { project, register } of read) figures[project] = { documents: register.documents.length, entries: register.entries.size, mentions: register.mentions.length };
  const built = read.filter(({ project, register }) => register.mentions.length > 0 && project !== 'schnitzler-briefe');

  afterAll(() => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, 'corpus-registers.json'), `${JSON.stringify(figures, null, 2)}\n`);
    // eslint-disable-next-line no-console
    console.log(`Register mentions linked to their entry pages (and back), per project:\n${Object.entries(figures)
      .map(([name, f]) => `  ${name}: ${f.linked === undefined ? 'not built here' : `${f.linked} of`} ${f.mentions} mentions with a register entry (${f.entries} entries, ${f.documents} documents)`).join('\n')}`);
  });

  test('the corpus has projects whose mentions point into their own registers', () => {
    expect(built.length).toBeGreaterThanOrEqual(2);
  });

  test.each(built.map(({ project }) => project))('%s', (project) => {
    const { dir, register } = built.find((p) => p.project === project)!;
    const out = path.join(temporaryDir(`registers-${project}`), 'dist');
    const result = buildInChild(dir, undefined, out);
    const published = register.mentions.filter((m) => m.file in result.names);
    const broken = unlinkedMentions(path.join(out, 'html'), result.names, published);
    figures[project].linked = published.length - broken.length;
    expect(result.published).toBe(true);
    expect(published).toHaveLength(register.mentions.length);
    expect(broken).toEqual([]);
  }, 20 * 60 * 1000);
});
