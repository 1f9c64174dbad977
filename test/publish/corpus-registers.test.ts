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

describeWithShared('every project of the corpus: register mentions reach their entry pages and back', () => {
  const figures: Record<string, { documents: number; entries: number; mentions: number; linked: number; published: boolean }> = {};

  afterAll(() => {
    if (Object.keys(figures).length === 0) return;
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, 'corpus-registers.json'), `${JSON.stringify(figures, null, 2)}\n`);
    // eslint-disable-next-line no-console
    console.log(`Register mentions linked to their entry pages (and back), per project:\n${Object.entries(figures)
      .map(([name, f]) => `  ${name}: ${f.linked} of ${f.mentions} mentions with a register entry (${f.entries} entries, ${f.documents} documents)`).join('\n')}`);
  });

  test.each(projects())('%s', (project) => {
    const dir = path.join(CORPUS, project);
    const files = discoverFiles([dir]).map((file) => path.relative(dir, file.absolutePath).split(path.sep).join('/'));
    const out = path.join(temporaryDir(`registers-${project}`), 'dist');
    const result = buildInChild(dir, undefined, out);
    const { mentions, entries, documents } = collectionRegister(dir, files.filter((f) => f.endsWith('.xml')));
    const published = mentions.filter((m) => m.file in result.names);
    const broken = unlinkedMentions(path.join(out, 'html'), result.names, published);
    figures[project] = { documents: documents.length, entries: entries.size, mentions: published.length, linked: published.length - broken.length, published: result.published };
    expect(result.published).toBe(true);
    expect(broken).toEqual([]);
  }, 20 * 60 * 1000);
});
