import * as fs from 'fs';
import * as path from 'path';
import type { BuildResult } from '../../src/publish/build';
import { ARTIFACTS } from '../support/browser';
import { documentFidelity, DocumentFidelity, percent } from '../support/fidelity';
import { describeWithShared, sharedPath } from '../support/shared';
import { isRegisterText } from '../support/register-mentions';
import { readingWords } from '../support/tei-words';
import { buildInChild, read, temporaryDir } from '../support/publish';
import { FIDELITY_EXCEPTIONS } from './corpus-fidelity-exceptions';

/**
 * Issues 5 and 12: publish every TEI file of ../shared/corpus (foreign projects, mostly invalid against
 * our schema: --no-validate) and check, per file, that both editions (the text edition and the HTML
 * reading view) have every word of the reference reading of the TEI `text` (test/support/tei-words.ts:
 * block, line and token boundaries, choice/app/subst as the policy says, notes as their own sequence),
 * in order, none glued to another. The figures go to test-artifacts/corpus-fidelity.json.
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

interface Figure extends DocumentFidelity {
  file: string;
  project: string;
}

describeWithShared('corpus fidelity: neither edition loses or glues a word of any TEI document', () => {
  const files = corpusFiles();
  let out: string;
  let result: BuildResult;
  const figures: Figure[] = [];

  beforeAll(() => {
    out = path.join(temporaryDir('corpus'), 'dist');
    // The same build as `tei-edition build --src ../shared/corpus --no-validate`, with the .tei and .odd files too.
    result = buildInChild(CORPUS, files, out);
  }, 30 * 60 * 1000);

  afterAll(() => {
    if (figures.length === 0) return;
    type Sum = { files: number; words: number; text: number; html: number };
    const projects = new Map<string, Sum>();
    const add = (sum: Sum | undefined, f: Figure): Sum => ({
      files: (sum?.files ?? 0) + 1, words: (sum?.words ?? 0) + f.text.words, text: (sum?.text ?? 0) + f.text.matched, html: (sum?.html ?? 0) + f.html.matched,
    });
    let overall: Sum | undefined;
    for (const f of figures) {
      projects.set(f.project, add(projects.get(f.project), f));
      overall = add(overall, f);
    }
    const summarize = (s: Sum): object => ({ ...s, 'text-percent': percent({ words: s.words, matched: s.text }), 'html-percent': percent({ words: s.words, matched: s.html }) });
    const summary = {
      overall: summarize(overall!),
      projects: Object.fromEntries([...projects].map(([name, p]) => [name, summarize(p)])),
      files: figures.map((f) => ({ ...f, text: { ...f.text, unmatched: f.text.unmatched.length }, html: { ...f.html, unmatched: f.html.unmatched.length } })),
    };
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, 'corpus-fidelity.json'), `${JSON.stringify(summary, null, 2)}\n`);
    const line = (name: string, s: Sum): string => `  ${name}: text ${percent({ words: s.words, matched: s.text }).toFixed(3)}%, HTML ${
      percent({ words: s.words, matched: s.html }).toFixed(3)}% (${s.files} files, ${s.words} words)`;
    // eslint-disable-next-line no-console
    console.log(`Corpus fidelity (reference words found in order, none glued):\n${line('all', overall!)}\n${[...projects].map(([name, p]) => line(name, p)).join('\n')}`);
  });

  test('the corpus is there and every file is handled: no crash, no hang, failures named', () => {
    expect(files.length).toBeGreaterThanOrEqual(70);
    expect(result.published).toBe(true);
    const unexplained = result.failed.filter((f) => !(f in FIDELITY_EXCEPTIONS));
    expect(result.diagnostics.filter((d) => unexplained.some((f) => d.file.endsWith(f)))).toEqual([]);
  });

  test('every word of every file, in order, in both editions (or a documented exception)', () => {
    const problems: string[] = [];
    for (const file of files) {
      const relative = path.relative(CORPUS, file).split(path.sep).join('/');
      const tei = read(file);
      const expected = readingWords(tei);
      const name = result.names[relative];
      if (expected.text.length + expected.notes.length === 0) continue; // no <text>: a register or not TEI
      if (!name) {
        // A register file (its text only lists of entries with an xml:id, as Schnitzler's indices/listbibl.xml) has
        // no page by design: accepted only when the build read it as one and this test's own reading agrees.
        const register = result.registers.includes(relative);
        if (register && !isRegisterText(tei)) problems.push(`${relative}: read as a register by the build, but it has text to read`);
        else if (!register && !(relative in FIDELITY_EXCEPTIONS)) problems.push(`${relative}: not published`);
        continue;
      }
      if (result.registers.includes(relative)) problems.push(`${relative}: published, yet the build read it as a register`);
      const fidelity = documentFidelity(expected, read(path.join(out, 'text', `${name}.txt`)), read(path.join(out, 'html', 'documents', `${name}.html`)));
      figures.push({ file: relative, project: relative.split('/')[0], ...fidelity });
      const excepted = relative in FIDELITY_EXCEPTIONS;
      for (const [edition, m] of [['text edition', fidelity.text], ['HTML reading view', fidelity.html]] as const) {
        if (m.matched < m.words && !excepted) {
          problems.push(`${relative}, ${edition}: ${percent(m).toFixed(3)}% (${m.words - m.matched} of ${m.words} words missing), first: ${JSON.stringify(m.missing.slice(0, 3))}`);
        }
      }
      if (fidelity.text.matched === fidelity.text.words && fidelity.html.matched === fidelity.html.words && excepted) {
        problems.push(`${relative}: now at 100%: remove it from corpus-fidelity-exceptions.ts`);
      }
    }
    expect(problems).toEqual([]);
    expect(figures.length).toBeGreaterThanOrEqual(70);
  });
});
