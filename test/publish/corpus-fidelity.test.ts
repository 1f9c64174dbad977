import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { BuildResult } from '../../src/publish/build';
import { ARTIFACTS } from '../support/browser';
import { describeWithShared, sharedPath } from '../support/shared';
import { alignWords, editionWords, readingWords } from '../support/tei-words';
import { PINNED_EDITION, read, temporaryDir } from '../support/publish';
import { FIDELITY_EXCEPTIONS } from './corpus-fidelity-exceptions';

/**
 * Issue 5: publish every TEI file of ../shared/corpus (foreign projects, mostly invalid against our
 * schema: --no-validate) and check, per file, that the text edition has every word of the TEI `text`
 * in order (notes as their own sequence; for choice/app the reading the policy selects).
 * The figures go to test-artifacts/corpus-fidelity.json.
 */

const CORPUS = sharedPath('corpus');
const TEI_EXTENSIONS = /\.(xml|tei|odd)$/;

function corpusFiles(): string[] {
  if (!fs.existsSync(CORPUS)) return [];
  return fs.readdirSync(CORPUS, { recursive: true, encoding: 'utf8' })
    .filter((f) => TEI_EXTENSIONS.test(f) && !f.split(path.sep).includes('schema'))
    .sort()
    .map((f) => path.join(CORPUS, f));
}

function parts(text: string, hasNotes: boolean): { body: string; notes: string } {
  const at = hasNotes ? text.lastIndexOf('\n\nNotes\n-----\n') : -1;
  return at < 0 ? { body: text, notes: '' } : { body: text.slice(0, at), notes: text.slice(at) };
}

interface Figure {
  file: string;
  project: string;
  words: number;
  matched: number;
  percent: number;
  missing: { index: number; word: string }[];
}

describeWithShared('corpus fidelity: the text edition never loses a word of any TEI document', () => {
  const files = corpusFiles();
  let out: string;
  let result: BuildResult;
  const figures: Figure[] = [];

  beforeAll(async () => {
    out = path.join(temporaryDir('corpus'), 'dist');
    // The same build as `tei-edition build --src ../shared/corpus --no-validate`, with the .tei and .odd
    // files too, in a child process (see build-in-child.js for why).
    const job = path.join(path.dirname(out), 'job.json');
    // Without the cache: this test is about what the stylesheets render (build-cache.test.ts checks the cache against it).
    fs.writeFileSync(job, JSON.stringify({ src: CORPUS, out, validate: false, edition: PINNED_EDITION, files, cache: false }));
    const child = path.join(__dirname, '..', 'support', 'build-in-child.js');
    result = JSON.parse(execFileSync(process.execPath, ['--max-semi-space-size=64', child, job], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })) as BuildResult;
  }, 30 * 60 * 1000);

  afterAll(() => {
    if (figures.length === 0) return;
    const projects = new Map<string, { words: number; matched: number; files: number }>();
    for (const f of figures) {
      const p = projects.get(f.project) ?? { words: 0, matched: 0, files: 0 };
      projects.set(f.project, { words: p.words + f.words, matched: p.matched + f.matched, files: p.files + 1 });
    }
    const total = figures.reduce((acc, f) => ({ words: acc.words + f.words, matched: acc.matched + f.matched }), { words: 0, matched: 0 });
    const summary = {
      overall: { files: figures.length, words: total.words, percent: (100 * total.matched) / Math.max(1, total.words) },
      projects: Object.fromEntries([...projects].map(([name, p]) => [name, { ...p, percent: (100 * p.matched) / Math.max(1, p.words) }])),
      files: figures,
    };
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, 'corpus-fidelity.json'), `${JSON.stringify(summary, null, 2)}\n`);
    // eslint-disable-next-line no-console
    console.log(`Corpus fidelity: ${summary.overall.percent.toFixed(3)}% of ${total.words} words in ${figures.length} files\n${
      [...projects].map(([name, p]) => `  ${name}: ${((100 * p.matched) / Math.max(1, p.words)).toFixed(3)}% (${p.files} files, ${p.words} words)`).join('\n')}`);
  });

  test('the corpus is there and every file is handled: no crash, no hang, failures named', () => {
    expect(files.length).toBeGreaterThanOrEqual(70);
    expect(result.published).toBe(true);
    const unexplained = result.failed.filter((f) => !(f in FIDELITY_EXCEPTIONS));
    expect(result.diagnostics.filter((d) => unexplained.some((f) => d.file.endsWith(f)))).toEqual([]);
  });

  test('every word of every file, in order, in its text edition (or a documented exception)', () => {
    const problems: string[] = [];
    for (const file of files) {
      const relative = path.relative(CORPUS, file).split(path.sep).join('/');
      const expected = readingWords(read(file));
      const name = result.names[relative];
      if (expected.text.length + expected.notes.length === 0) continue; // no <text>: a register or not TEI
      if (!name) {
        if (!(relative in FIDELITY_EXCEPTIONS)) problems.push(`${relative}: not published`);
        continue;
      }
      const { body, notes } = parts(read(path.join(out, 'text', `${name}.txt`)), expected.notes.length > 0);
      const text = alignWords(expected.text, editionWords(body));
      const noteWords = alignWords(expected.notes, editionWords(notes));
      const words = text.total + noteWords.total;
      const matched = text.matched + noteWords.matched;
      const figure = { file: relative, project: relative.split('/')[0], words, matched, percent: (100 * matched) / words, missing: [...text.missing, ...noteWords.missing].slice(0, 10) };
      figures.push(figure);
      const excepted = relative in FIDELITY_EXCEPTIONS;
      if (matched < words && !excepted) {
        problems.push(`${relative}: ${figure.percent.toFixed(3)}% (${words - matched} of ${words} words missing), first: ${JSON.stringify(figure.missing.slice(0, 5))}`);
      }
      if (matched === words && excepted) problems.push(`${relative}: now at 100%: remove it from corpus-fidelity-exceptions.ts`);
    }
    expect(problems).toEqual([]);
    expect(figures.length).toBeGreaterThanOrEqual(70);
  });
});
