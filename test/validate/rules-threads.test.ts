import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { compileSchematron, CompiledSchematron, RuleResult, runSchematron } from '../../src/validation/rules/schematron';
import { FastRulesThreads } from '../../src/validation/rules/fast/fast-threads';
import { inputsOf, xmlFiles } from '../support/rule-inputs';
import { describeWithShared, REPO_ROOT, sharedPath } from '../support/shared';

/**
 * The fast rules on threads (fast-threads.ts: each thread parses the document again and runs the same
 * compiled rules) must give exactly what they give on the calling thread over the run's trees: the same
 * diagnostics, in the same order, and the same files read (the result cache keeps them), for every
 * document; what a thread cannot check runs on the calling thread or SaxonJS as before.
 */

const EDITION_RULES = path.join(REPO_ROOT, 'schemas', 'edition.sch');
const FEATURE_RULES = path.join(REPO_ROOT, 'test', 'fixtures', 'validate', 'schematron', 'features.sch');


const TEI_FILES = /\.(xml|tei|odd)$/;

function byFolder(files: string[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const file of files) groups.set(path.dirname(file), [...(groups.get(path.dirname(file)) ?? []), file]);
  return [...groups.values()];
}

interface Comparison {
  documents: number;
  findings: number;
  /** Documents whose rules read a file of the collection (sent to a thread only once asked for). */
  reading: number;
  onThreads: number;
  differences: Array<{ file: string; here: RuleResult; threaded: RuleResult }>;
}

async function compare(rules: CompiledSchematron, groups: string[][], threads: FastRulesThreads): Promise<Comparison> {
  const result: Comparison = { documents: 0, findings: 0, reading: 0, onThreads: 0, differences: [] };
  for (const files of groups) {
    const { inputs, texts } = inputsOf(files);
    if (inputs.length === 0) continue;
    const here = await runSchematron(rules, inputs, texts);
    // The threads' own outcomes: every document ran there.
    const ran = await threads.run(inputs, texts);
    result.onThreads += ran.filter((r) => r.ran).length;
    const threaded = await runSchematron(rules, inputs, texts, { threads });
    inputs.forEach((input, i) => {
      result.documents += 1;
      result.findings += here[i].diagnostics.length;
      if (here[i].reads.some((file) => file !== input.absolutePath)) result.reading += 1;
      if (JSON.stringify(here[i]) !== JSON.stringify(threaded[i])) result.differences.push({ file: input.path, here: here[i], threaded: threaded[i] });
    });
  }
  return result;
}

describe('the fast rules on threads give what they give on the calling thread', () => {
  jest.setTimeout(600_000);
  let threads: FastRulesThreads | undefined;
  afterEach(() => threads?.close());

  test('every XML fixture under test/fixtures/ and tei/, with the edition rules (each folder a collection)', async () => {
    const rules = compileSchematron(EDITION_RULES);
    threads = new FastRulesThreads(rules.text, pathToFileURL(rules.file).href, 2);
    expect(threads.size).toBe(2);
    const files = [...xmlFiles(path.join(REPO_ROOT, 'test', 'fixtures'), TEI_FILES), ...xmlFiles(path.join(REPO_ROOT, 'tei'), TEI_FILES)];
    const comparison = await compare(rules, byFolder(files), threads);
    expect(comparison.differences).toEqual([]);
    expect(comparison.onThreads).toBe(comparison.documents);
    expect(comparison.findings).toBeGreaterThan(10);
    // The letters of tei/ read the register: sent to a thread when their rules first ask for it.
    expect(comparison.reading).toBeGreaterThan(0);
  });

  test('the Schematron compiler fixtures, with features.sch', async () => {
    const rules = compileSchematron(FEATURE_RULES);
    threads = new FastRulesThreads(rules.text, pathToFileURL(rules.file).href, 2);
    const comparison = await compare(rules, [xmlFiles(path.join(REPO_ROOT, 'test', 'fixtures', 'validate', 'schematron'), TEI_FILES)], threads);
    expect(comparison.differences).toEqual([]);
    expect(comparison.findings).toBe(6);
  });

  test('what a thread hands back goes to SaxonJS, and what no thread can run (stopped threads) runs here: the same results', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tei-edition-threads-'));
    try {
      const document = path.join(dir, 'doc.xml');
      fs.writeFileSync(document, '<list xmlns="urn:test"><item n="a">Ab</item><item n="b">cd</item></list>');
      // A regex flag the evaluator leaves to SaxonJS, decided when the rule runs.
      const partly = path.join(dir, 'partly.sch');
      fs.writeFileSync(partly, `<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt3">
  <sch:ns prefix="t" uri="urn:test"/>
  <sch:pattern><sch:rule context="t:item"><sch:report id="capital" test="matches(., '^a', 'i')">capital <sch:value-of select="."/></sch:report></sch:rule></sch:pattern>
</sch:schema>`);
      const rules = compileSchematron(partly);
      const { inputs, texts } = inputsOf([document]);
      threads = new FastRulesThreads(rules.text, pathToFileURL(rules.file).href, 1);
      const [handedBack] = await threads.run(inputs, texts);
      expect(handedBack).toEqual(expect.objectContaining({ ran: true, outcome: undefined }));
      const [here] = await runSchematron(rules, inputs, texts);
      const [threaded] = await runSchematron(rules, inputs, texts, { threads });
      expect(threaded).toEqual(here);
      expect(here.diagnostics.length).toBeGreaterThan(0);

      const edition = compileSchematron(EDITION_RULES);
      const letters = inputsOf(xmlFiles(path.join(REPO_ROOT, 'tei'), TEI_FILES));
      const stopped = new FastRulesThreads(edition.text, pathToFileURL(edition.file).href, 1);
      stopped.close();
      expect((await stopped.run(letters.inputs, letters.texts)).every((result) => !result.ran)).toBe(true);
      expect(await runSchematron(edition, letters.inputs, letters.texts, { threads: stopped })).toEqual(await runSchematron(edition, letters.inputs, letters.texts));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeWithShared('the fast rules on threads, on ../shared/corpus/', () => {
  jest.setTimeout(1_800_000);

  test('every corpus file: the same findings and reads as on the calling thread, with the edition rules', async () => {
    const rules = compileSchematron(EDITION_RULES);
    const threads = new FastRulesThreads(rules.text, pathToFileURL(rules.file).href, 2);
    try {
      const comparison = await compare(rules, [xmlFiles(sharedPath('corpus'), TEI_FILES)], threads);
      expect(comparison.differences).toEqual([]);
      expect(comparison.documents).toBeGreaterThan(50);
      expect(comparison.onThreads).toBe(comparison.documents);
      expect(comparison.findings).toBeGreaterThan(1000);
    } finally {
      threads.close();
    }
  });
});
