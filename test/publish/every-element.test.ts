import * as fs from 'fs';
import * as path from 'path';
import type { BuildResult } from '../../src/publish/build';
import { ARTIFACTS } from '../support/browser';
import { EveryElementCorpus, GENERATED_WORD, GeneratedDocument } from '../support/every-element';
import { documentFidelity, percent } from '../support/fidelity';
import { buildInChild, read, temporaryDir } from '../support/publish';
import { describeWithShared, sharedPath } from '../support/shared';
import { Grammar, loadGrammar } from '../support/tei-schema';
import { readingModel } from '../support/tei-words';

/**
 * Issue 12: every TEI element renders, in every context tei_all allows, with its words kept. The corpus
 * is generated at test time from ../shared/schemas/tei_all.rng (test/support/every-element.ts): one
 * document per element the schema allows inside `text`, using it in every element that may contain it.
 * Each document is published (build --no-validate) and both editions are compared with the reference
 * reading (test/support/tei-words.ts), as the corpus fidelity test compares real documents. The figures
 * go to test-artifacts/every-element.json.
 */

describeWithShared('every TEI element renders, in every context tei_all allows', () => {
  let grammar: Grammar;
  beforeAll(() => {
    grammar = loadGrammar(sharedPath('schemas', 'tei_all.rng'));
  });

  test('the reading model gives every element tei_all allows in a text its kind, once; every name it lists is TEI', () => {
    const { kinds, duplicates } = readingModel();
    const inText = [...grammar.reachable('text')].filter((name) => grammar.elementNames().includes(name));
    expect(inText.length).toBeGreaterThan(500);
    expect(inText.filter((name) => !kinds.has(name))).toEqual([]);
    expect(duplicates).toEqual([]);
    expect([...kinds.keys()].filter((name) => !grammar.elements.has(name))).toEqual([]);
  });

  test("the kinds agree with the TEI Guidelines' classes", () => {
    const { kinds } = readingModel();
    const kindsOf = (className: string): Set<string> => new Set([...grammar.classMembers(className)].map((name) => kinds.get(name)!));
    expect(kindsOf('model.divLike')).toEqual(new Set(['block']));
    expect(kindsOf('model.pLike')).toEqual(new Set(['paragraph']));
    expect(kindsOf('model.lLike')).toEqual(new Set(['line']));
    expect(kindsOf('model.headLike')).toEqual(new Set(['line']));
    expect(kindsOf('model.global.meta')).toEqual(new Set(['meta']));
    expect(kindsOf('model.rdgPart')).toEqual(new Set(['meta']));
    expect(kindsOf('model.stageLike')).toEqual(new Set(['unit']));
    // meeting, byline, dateline, salute, docAuthor, docDate are units; argument and epigraph hold paragraphs.
    expect(kindsOf('model.divWrapper')).toEqual(new Set(['unit', 'block']));
    expect(kindsOf('model.pPart.transcriptional')).toEqual(new Set(['phrase']));
    expect(kindsOf('model.highlighted')).toEqual(new Set(['phrase', 'float']));
    expect([...grammar.classMembers('model.segLike')].map((name) => `${name}:${kinds.get(name)}`).sort())
      .toEqual(['c:phrase', 'cl:unit', 'm:phrase', 'pc:punct', 'phr:unit', 's:unit', 'seg:float', 'w:word']);
  });

  describe('the generated every-element corpus, published', () => {
    let documents: GeneratedDocument[];
    let out: string;
    let result: BuildResult;

    beforeAll(() => {
      const dir = temporaryDir('every-element');
      documents = new EveryElementCorpus(grammar).write(path.join(dir, 'corpus'));
      out = path.join(dir, 'dist');
      result = buildInChild(path.join(dir, 'corpus'), undefined, out);
    }, 30 * 60 * 1000);

    test('one document per element, in every context: every document is published', () => {
      expect(documents.length).toBeGreaterThan(500);
      expect(documents.reduce((n, d) => n + d.contexts.length, 0)).toBeGreaterThan(40000);
      expect(result.diagnostics).toEqual([]);
      expect(result.failed).toEqual([]);
      expect(Object.keys(result.names)).toHaveLength(documents.length);
    });

    test('both editions keep every word, glue none, and show none the reading view leaves out', () => {
      const problems: string[] = [];
      const figures = documents.map(({ element, file, contexts }) => {
        const name = result.names[path.basename(file)];
        const fidelity = documentFidelity(read(file), read(path.join(out, 'text', `${name}.txt`)), read(path.join(out, 'html', 'documents', `${name}.html`)));
        for (const [edition, m] of [['text edition', fidelity.text], ['HTML reading view', fidelity.html]] as const) {
          if (m.matched < m.words) problems.push(`${element}, ${edition}: ${m.words - m.matched} of ${m.words} words missing, first: ${JSON.stringify(m.missing.slice(0, 2))}`);
          // Generated words are unique: one the alignment did not take is shown where the reading view hides it, or twice.
          const leaked = m.unmatched.filter((word) => GENERATED_WORD.test(word));
          if (leaked.length > 0) problems.push(`${element}, ${edition}: shows ${leaked.length} word(s) it should not: ${leaked.slice(0, 4).join(' ')}`);
        }
        return { element, contexts: contexts.length, words: fidelity.text.words, text: percent(fidelity.text), html: percent(fidelity.html) };
      });
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      fs.writeFileSync(path.join(ARTIFACTS, 'every-element.json'), `${JSON.stringify({ documents: figures.length, contexts: figures.reduce((n, f) => n + f.contexts, 0), words: figures.reduce((n, f) => n + f.words, 0), figures }, null, 2)}\n`);
      // eslint-disable-next-line no-console
      console.log(`Every-element corpus: ${figures.length} documents, ${figures.reduce((n, f) => n + f.contexts, 0)} contexts, ${figures.reduce((n, f) => n + f.words, 0)} words; ${problems.length} problem(s)`);
      expect(problems).toEqual([]);
    });
  });
});
