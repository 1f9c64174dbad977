import * as fs from 'fs';
import * as path from 'path';
import { loadSchemaSync, Schema } from '../../src/relaxng';
import type { BuildResult } from '../../src/publish/build';
import { buildInChild, temporaryDir } from '../support/publish';
import { Mutant, mutantsByName, repetitionMutants } from '../support/repetition';
import { describeWithShared, REPO_ROOT, sharedPath } from '../support/shared';

/**
 * No valid TEI document may fail to publish because an element its schema lets repeat is repeated
 * (test/support/repetition.ts makes the mutants). Sources: the project's fixtures and bundled edition,
 * and a sample of ../shared/corpus. A mutant is kept when tei_all (the project's RelaxNG engine) finds
 * in it no error it did not find in the original: for a valid original, when the mutant is valid too;
 * for a corpus file written against its project's own customisation, when the repetition adds nothing
 * tei_all refuses. All mutants are published in one build (html, text, summary, search, collection
 * pages); a failed one is taken apart name by name, so the failure says which repetition broke it.
 * While fixing: REPEAT_ONLY=/abs/file.xml[,...] fuzzes only those files.
 */

const TEI_ROOT = /<TEI[\s>]/;
/** An XInclude's target. */
const XINCLUDE = /<[\w-]+:include\s[^>]*href="([^"]+)"/g;

/** Whether a document includes a file beside it: its mutants, written elsewhere, would not find it (an include that does not resolve where the document is does not matter). */
function includesNearbyFile(source: string, xml: string): boolean {
  return [...xml.matchAll(XINCLUDE)].some((m) => fs.existsSync(path.resolve(path.dirname(source), m[1])));
}
/** Not TEI to publish (hostile, encoding, relaxng), or the validator's many copies of one small letter (validate/rules, schema-layer). */
const SKIP_FIXTURES = ['hostile', 'encoding', 'relaxng', path.join('validate', 'wellformed'), path.join('validate', 'rules'), path.join('validate', 'schema-layer')];
/** Corpus files of at most this size, this many per project, smallest first: a sample that builds in seconds. */
const CORPUS_MAX_BYTES = 30000;
const CORPUS_PER_PROJECT = 3;

function xmlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(xml|tei)$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

function fixtureSources(): string[] {
  if (process.env.REPEAT_ONLY) return process.env.REPEAT_ONLY.split(',');
  const fixtures = path.join(REPO_ROOT, 'test', 'fixtures');
  return [
    ...xmlFiles(path.join(REPO_ROOT, 'tei')),
    ...xmlFiles(fixtures).filter((f) => !SKIP_FIXTURES.some((skip) => path.relative(fixtures, f).startsWith(skip))),
  ];
}

function corpusSample(): string[] {
  if (process.env.REPEAT_ONLY) return [];
  const corpus = sharedPath('corpus');
  const byProject = new Map<string, string[]>();
  for (const file of xmlFiles(corpus).filter((f) => !f.split(path.sep).includes('schema'))) {
    const project = path.relative(corpus, file).split(path.sep)[0];
    if (fs.statSync(file).size <= CORPUS_MAX_BYTES) byProject.set(project, [...(byProject.get(project) ?? []), file]);
  }
  return [...byProject.values()].flatMap((files) => files
    .sort((a, b) => fs.statSync(a).size - fs.statSync(b).size || a.localeCompare(b))
    .slice(0, CORPUS_PER_PROJECT));
}

/** tei_all's verdict on a document as a comparable list of messages (positions left out). */
function verdict(schema: Schema, xml: string): string {
  const result = schema.validate(xml, { maxErrors: 50 });
  return result.wellFormed ? result.errors.map((e) => e.message).sort().join('\n') : 'not well-formed';
}

/** A mutant's own document name (TEI/@xml:id names a published document; the mutants of one source would share it). */
function uniqueDocumentId(xml: string, name: string): string {
  return xml.replace(/(<TEI\b[^>]*?\sxml:id=")[^"]*"/, `$1${name}"`);
}

interface Case {
  source: string;
  mutant: Mutant;
  file: string;
}

/** Writes the mutants of the sources into `dir`, one file each; sources that are not TEI or not well-formed are left out. */
function writeMutants(schema: Schema, sources: string[], dir: string): Case[] {
  fs.mkdirSync(dir, { recursive: true });
  const cases: Case[] = [];
  sources.forEach((source, index) => {
    const xml = fs.readFileSync(source, 'utf8');
    if (!TEI_ROOT.test(xml) || includesNearbyFile(source, xml)) return;
    const original = verdict(schema, xml);
    if (original === 'not well-formed') return;
    const mutants = repetitionMutants(xml, (text) => verdict(schema, text) === original);
    for (const mutant of mutants) {
      const file = path.join(dir, `m${index}-${mutant.variant}-${path.basename(source).replace(/\.\w+$/, '')}.xml`);
      fs.writeFileSync(file, uniqueDocumentId(mutant.xml, path.basename(file, '.xml')));
      cases.push({ source, mutant, file });
    }
  });
  return cases;
}

/** What failed, named by source, variant and (after a second build of one mutant per name) the repetitions that break it. */
function failures(result: BuildResult, cases: Case[], dir: string): string[] {
  const failed = cases.filter((c) => result.failed.some((f) => c.file.endsWith(f)));
  if (failed.length === 0) return [];
  const single: Case[] = [];
  const byName = path.join(dir, 'by-name');
  fs.mkdirSync(byName, { recursive: true });
  for (const c of failed) {
    for (const mutant of mutantsByName(fs.readFileSync(c.source, 'utf8'), c.mutant)) {
      const file = path.join(byName, `${path.basename(c.file, '.xml')}-${mutant.names[0]}.xml`);
      fs.writeFileSync(file, uniqueDocumentId(mutant.xml, path.basename(file, '.xml')));
      single.push({ source: c.source, mutant, file });
    }
  }
  const again = buildInChild(byName, undefined, path.join(dir, 'by-name-out', 'dist'));
  const message = (file: string): string => again.diagnostics.find((d) => d.file.endsWith(path.basename(file)))?.message ?? '';
  const named = single.filter((c) => again.failed.some((f) => c.file.endsWith(f)))
    .map((c) => `${path.relative(REPO_ROOT, c.source)}: ${c.mutant.names[0]} repeated (${c.mutant.variant}): ${message(c.file)}`);
  return named.length > 0 ? named : failed.map((c) => `${path.relative(REPO_ROOT, c.source)} (${c.mutant.variant}, all at once): ${message(c.file)}`);
}

describeWithShared('no valid document fails to publish because an element the schema lets repeat is repeated', () => {
  let schema: Schema;
  beforeAll(() => {
    schema = loadSchemaSync(sharedPath('schemas', 'tei_all.rng'));
  });

  const run = (label: string, sources: () => string[], minimum: number): void => {
    test(`${label}: every mutant is published`, () => {
      const dir = temporaryDir(`repetition-${label.replace(/\W+/g, '-')}`);
      const cases = writeMutants(schema, sources(), path.join(dir, 'mutants'));
      const repetitions = cases.reduce((n, c) => n + c.mutant.names.length, 0);
      // eslint-disable-next-line no-console
      console.log(`Repetition fuzzer, ${label}: ${cases.length} mutants of ${new Set(cases.map((c) => c.source)).size} documents, ${repetitions} repeated names`);
      if (!process.env.REPEAT_ONLY) expect(repetitions).toBeGreaterThanOrEqual(minimum);
      const result = buildInChild(path.join(dir, 'mutants'), undefined, path.join(dir, 'out', 'dist'));
      expect(failures(result, cases, dir)).toEqual([]);
      expect(result.diagnostics.filter((d) => d.rule === 'transform-failed')).toEqual([]);
      expect(result.published).toBe(true);
    }, 10 * 60 * 1000);
  };

  run('fixtures and bundled edition', fixtureSources, 300);
  run('corpus sample', corpusSample, 100);
});
