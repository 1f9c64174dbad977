import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostic } from '../../src/diagnostics/diagnostic';
import { compileSchematron, CompiledSchematron, runSchematron } from '../../src/validation/rules/schematron';
import { runFast } from '../../src/validation/rules/fast/fast-run';
import { pathToFileURL } from 'url';
import { inputsOf, xmlFiles } from '../support/rule-inputs';
import { describeWithShared, REPO_ROOT, sharedPath } from '../support/shared';

/**
 * The fast rules evaluator (src/validation/rules/fast/) must give exactly what SaxonJS gives: the same
 * diagnostics (rule, severity, line, column, message), in the same order, for every document. Each
 * folder is a collection (doc() reads its other documents), checked by both paths.
 */

const EDITION_RULES = path.join(REPO_ROOT, 'schemas', 'edition.sch');
const FEATURE_RULES = path.join(REPO_ROOT, 'test', 'fixtures', 'validate', 'schematron', 'features.sch');


interface Comparison {
  files: number;
  findings: number;
  fast: number;
  fellBack: string[];
  /** What SaxonJS said on each document the fast path handed to it. */
  fellBackSaxon: Diagnostic[][];
  differences: Array<{ file: string; fast: Diagnostic[]; saxon: Diagnostic[] }>;
}

/** Both paths on the documents of each folder; the fast path's own answer (not its fallback) is what is compared. */
async function compareOn(rules: CompiledSchematron, groups: string[][]): Promise<Comparison> {
  const result: Comparison = { files: 0, findings: 0, fast: 0, fellBack: [], fellBackSaxon: [], differences: [] };
  const program = rules.fast && 'program' in rules.fast ? rules.fast.program : undefined;
  if (!program) throw new Error(`the fast evaluator does not support ${rules.file}: ${rules.fast && 'unsupported' in rules.fast ? rules.fast.unsupported : 'disabled'}`);
  for (const files of groups) {
    const { inputs, texts } = inputsOf(files);
    if (inputs.length === 0) continue;
    const saxon = await runSchematron({ ...rules, fast: undefined }, inputs, texts);
    inputs.forEach((input, i) => {
      result.files += 1;
      result.findings += saxon[i].diagnostics.length;
      const fast = runFast(program, { ...input, tree: input.index.tree }, pathToFileURL(rules.file).href, texts);
      if (!fast) {
        result.fellBack.push(input.path);
        result.fellBackSaxon.push(saxon[i].diagnostics);
        return;
      }
      result.fast += 1;
      if (JSON.stringify(fast.diagnostics) !== JSON.stringify(saxon[i].diagnostics)) result.differences.push({ file: input.path, fast: fast.diagnostics, saxon: saxon[i].diagnostics });
    });
  }
  return result;
}

/** Files grouped by folder: each folder is one collection. */
function byFolder(files: string[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const file of files) {
    const dir = path.dirname(file);
    groups.set(dir, [...(groups.get(dir) ?? []), file]);
  }
  return [...groups.values()];
}

function summary(what: string, c: Comparison): string {
  return `${what}: ${c.files} files, ${c.findings} findings compared, ${c.fast} checked by the fast path, ${c.fellBack.length} by SaxonJS (${c.fellBack.join(', ') || 'none'}), ${c.differences.length} different`;
}

describe('the fast rules path gives exactly SaxonJS\'s findings', () => {
  jest.setTimeout(600_000);

  test('on every XML fixture under test/fixtures/ and tei/, with the edition rules', async () => {
    const files = [...xmlFiles(path.join(REPO_ROOT, 'test', 'fixtures')), ...xmlFiles(path.join(REPO_ROOT, 'tei'))];
    const comparison = await compareOn(compileSchematron(EDITION_RULES), byFolder(files));
    // eslint-disable-next-line no-console
    console.log(summary('fixtures, edition.sch', comparison));
    expect(comparison.differences).toEqual([]);
    expect(comparison.findings).toBeGreaterThan(10);
    // Every well-formed fixture is checked by the fast path itself (a character reference to U+0000 is
    // refused by the well-formedness check, as SaxonJS refuses it, so it never reaches the rules).
    expect(comparison.fellBack).toEqual([]);
  });

  test('on the Schematron compiler fixtures, with features.sch (lets, first matching rule, diagnostics, subject, sandbox)', async () => {
    const files = xmlFiles(path.join(REPO_ROOT, 'test', 'fixtures', 'validate', 'schematron'));
    const comparison = await compareOn(compileSchematron(FEATURE_RULES), [files]);
    expect(comparison.differences).toEqual([]);
    expect(comparison.findings).toBe(6);
    expect(comparison.fellBack).toEqual([]);
  });

  test('what the evaluator cannot do exactly goes to SaxonJS, with the same result', async () => {
    const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'tei-edition-fast-'));
    try {
      const document = path.join(dir, 'doc.xml');
      fs.writeFileSync(document, '<list xmlns="urn:test"><item n="a">Ab</item><item n="b">cd</item></list>');
      // A schema the fast evaluator refuses as a whole (a top-level xsl:variable)…
      const whole = path.join(dir, 'whole.sch');
      fs.writeFileSync(whole, `<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" queryBinding="xslt3">
  <sch:ns prefix="t" uri="urn:test"/>
  <xsl:variable name="limit" select="1"/>
  <sch:pattern><sch:rule context="t:item"><sch:report id="item" test="position() gt $limit">item <sch:value-of select="@n"/></sch:report></sch:rule></sch:pattern>
</sch:schema>`);
      // …and one it refuses only for this document (a regex flag, decided when the rule runs).
      const partly = path.join(dir, 'partly.sch');
      fs.writeFileSync(partly, `<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt3">
  <sch:ns prefix="t" uri="urn:test"/>
  <sch:pattern><sch:rule context="t:item"><sch:report id="capital" test="matches(., '^a', 'i')">capital <sch:value-of select="."/></sch:report></sch:rule></sch:pattern>
</sch:schema>`);
      const { inputs, texts } = inputsOf([document]);
      const compiledWhole = compileSchematron(whole);
      expect(compiledWhole.fast).toEqual({ unsupported: expect.stringContaining('xsl:variable') });
      const compiledPartly = compileSchematron(partly);
      const program = compiledPartly.fast && 'program' in compiledPartly.fast ? compiledPartly.fast.program : undefined;
      expect(program).toBeDefined();
      expect(runFast(program!, { ...inputs[0], tree: inputs[0].index.tree }, pathToFileURL(partly).href, texts)).toBeUndefined();
      for (const compiled of [compiledWhole, compiledPartly]) {
        const [mixed] = await runSchematron(compiled, inputs, texts);
        const [saxon] = await runSchematron({ ...compiled, fast: undefined }, inputs, texts);
        expect(mixed.diagnostics).toEqual(saxon.diagnostics);
        expect(mixed.diagnostics.length).toBeGreaterThan(0);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeWithShared('the fast rules path on ../shared/corpus/', () => {
  jest.setTimeout(1_800_000);

  test('every corpus file: the same findings as SaxonJS with the edition rules', async () => {
    const comparison = await compareOn(compileSchematron(EDITION_RULES), [xmlFiles(sharedPath('corpus'))]);
    // eslint-disable-next-line no-console
    console.log(summary('../shared/corpus, edition.sch', comparison));
    expect(comparison.differences).toEqual([]);
    expect(comparison.files).toBeGreaterThan(50);
    expect(comparison.findings).toBeGreaterThan(1000);
  });
});
