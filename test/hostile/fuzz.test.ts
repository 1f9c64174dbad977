import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { REPO_ROOT } from '../support/shared';
import { ReportDiagnostic, SCHEMA, temporaryDir } from './support';
import { teiDocument } from './tei';

/**
 * Property: whatever is done to a valid document (characters and tags deleted, duplicated, inserted),
 * validateCollection does not throw, finishes within CASE_LIMIT_MS (a hang guard: the worker running
 * the case is terminated and the case fails), and every diagnostic names the file and a position
 * inside it. CI runs a bounded number of cases; `npm run fuzz` (FUZZ_RUNS=N) runs many more.
 */
const RUNS = Number(process.env.FUZZ_RUNS) || 0;
const CASE_LIMIT_MS = 60000;
const SEEDS: Array<[string, string]> = [
  ['letter', teiDocument('letter', { schemaHref: SCHEMA, body: '<p>We <choice><sic>woud</sic><corr>would</corr></choice> meet in <placeName>Zürich</placeName>, on <date when="1979-01-17">17 January</date>.<note n="1">A note.</note></p>' })],
  ...['carter-brezhnev-1979.xml', 'register.xml'].map((name): [string, string] => [name.replace(/\.xml$/, ''), fs.readFileSync(path.join(REPO_ROOT, 'tei', name), 'utf8').split('../schemas/').join(`${path.dirname(SCHEMA)}/`)]),
];

/** XML's significant characters, line breaks, a BOM, controls, astral and combining characters. */
const CHARS = ['<', '>', '&', ';', '"', "'", '/', '=', '!', '?', '[', ']', '-', '#', ':', ' ', '\n', '\r', '\t', '\uFEFF', '\u0000', '\u0007', '\uFFFE', '😀', 'é', '\u0301', '\uD800', 'x'];
const TAGS = ['<p>', '</p>', '<hi rend="x">', '</hi>', '<note n="9">', '<lb/>', '<!--', '-->', '<![CDATA[', ']]>', '<?pi data?>', '&amp;', '&#x0;', '&#xD800;', '&#1114112;', '&undefined;', '<!DOCTYPE TEI>', 'xmlns:x="urn:x"', '<x:y>', '<persName ref="register.xml#nobody">', 'xml:id="dup"', '<date when="1979-02-30">', '<?xml version="1.0"?>', '<TEI xmlns="http://www.tei-c.org/ns/1.0">', '</TEI>', '<div type="document">'];

/** Whole elements and text, inserted after a tag: the document usually stays well-formed, so the
 * schema and the rules get mutated documents too. */
const ELEMENTS = ['<lb/>', '<hi>x</hi>', '<persName ref="register.xml#nobody">Nobody</persName>', '<persName ref="#x">X</persName>', '<date when="1979-02-30">d</date>', '<date notBefore="1980" notAfter="1979">d</date>', '<note n="7">n</note>', '<unknown/>', '<p xml:id="dup">p</p><p xml:id="dup">q</p>', '<ref target="javascript:x">r</ref>', 'text é 😀 ', '<pb n="1" break="no"/>', '<choice><sic>a</sic></choice>'];

type Edit = { kind: 'delete' | 'duplicate' | 'insert' | 'element'; at: number; length: number; text: string };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constantFrom<Edit['kind']>('delete', 'duplicate', 'insert'),
    at: fc.noBias(fc.double({ min: 0, max: 1, noNaN: true })),
    length: fc.integer({ min: 1, max: 40 }),
    text: fc.oneof(fc.constantFrom(...CHARS), fc.constantFrom(...TAGS), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 3 })),
  }),
  fc.record({
    kind: fc.constant<Edit['kind']>('element'),
    at: fc.noBias(fc.double({ min: 0, max: 1, noNaN: true })),
    length: fc.constant(0),
    text: fc.constantFrom(...ELEMENTS),
  }),
);

function mutate(text: string, edits: Edit[]): string {
  let out = text;
  for (const { kind, at, length, text: inserted } of edits) {
    const i = Math.floor(at * out.length);
    if (kind === 'element') {
      // Inside the text (or the header, for the register), where elements are likely to stay well-formed.
      const start = Math.max(0, out.indexOf('<text'), out.indexOf('<standOff'));
      const after = out.indexOf('>', start + Math.floor(at * (out.length - start)));
      if (after >= 0) out = out.slice(0, after + 1) + inserted + out.slice(after + 1);
    } else if (kind === 'delete') out = out.slice(0, i) + out.slice(i + length);
    else if (kind === 'duplicate') out = out.slice(0, i + length) + out.slice(i, i + length) + out.slice(i + length);
    else out = out.slice(0, i) + inserted + out.slice(i);
  }
  return out;
}

type Outcome = { report?: { diagnostics: ReportDiagnostic[]; files: Array<{ file: string }> }; error?: string; timedOut?: boolean };

/** One long-lived worker; replaced when a case times out. */
class Runner {
  private worker: Worker | null = null;
  private next = 0;

  run(paths: string[], options: object): Promise<Outcome> {
    if (!this.worker) this.worker = new Worker(path.join(__dirname, 'fuzz-worker.js'));
    const worker = this.worker;
    const id = (this.next += 1);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        worker.removeListener('message', onMessage);
        void worker.terminate();
        this.worker = null;
        resolve({ timedOut: true });
      }, CASE_LIMIT_MS);
      const onMessage = (message: Outcome & { id: number }): void => {
        if (message.id !== id) return;
        clearTimeout(timer);
        worker.removeListener('message', onMessage);
        resolve(message);
      };
      worker.on('message', onMessage);
      worker.postMessage({ id, paths, options });
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
  }
}

/** Problems with the diagnostics of one case; empty when all is well. */
function problems(report: { diagnostics: ReportDiagnostic[]; files: Array<{ file: string }> }, file: string, bytes: Buffer): string[] {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const found: string[] = [];
  if (report.files.length !== 1 || report.files[0].file !== file) found.push(`files: ${JSON.stringify(report.files.map((f) => f.file))}`);
  for (const d of report.diagnostics) {
    const where = `${d.rule} ${d.line}:${d.column} "${d.message}"`;
    if (d.file !== file) found.push(`file ${d.file}: ${where}`);
    if (!['error', 'warning'].includes(d.severity)) found.push(`severity ${d.severity}: ${where}`);
    if (!/^[a-z][a-z0-9-]+$/.test(d.rule) || !d.message || /undefined|\[object |NaN|\n\s+at /.test(d.message)) found.push(`rule or message: ${where}`);
    if (!Number.isInteger(d.line) || !Number.isInteger(d.column)) found.push(`not integers: ${where}`);
    else if (d.line === 0) {
      if (d.column !== 0) found.push(`column without line: ${where}`);
    } else if (d.line < 1 || d.line > lines.length) found.push(`line outside the document (${lines.length} lines): ${where}`);
    else if (d.column < 1 || d.column > lines[d.line - 1].length + 1) found.push(`column outside line ${d.line} (${lines[d.line - 1].length} characters): ${where}`);
  }
  return found;
}

describe('fuzzing: mutated documents never break the validator', () => {
  let dir: string;
  const runner = new Runner();
  beforeAll(() => {
    dir = temporaryDir('fuzz');
  });
  afterAll(async () => {
    await runner.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const property = (options: object, numRuns: number) => async (): Promise<void> => {
    let n = 0;
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SEEDS), fc.oneof(fc.array(edit, { minLength: 1, maxLength: 6 }), fc.array(edit.filter((e) => e.kind === 'element'), { minLength: 1, maxLength: 4 })), async ([name, seed], edits) => {
        n += 1;
        const file = path.join(dir, `${name}.xml`);
        const bytes = Buffer.from(mutate(seed, edits), 'utf8');
        fs.writeFileSync(file, bytes);
        const result = await runner.run([file], { cwd: dir, ...options });
        if (result.timedOut) throw new Error(`validateCollection did not finish within ${CASE_LIMIT_MS} ms`);
        if (result.error) throw new Error(`validateCollection threw: ${result.error}`);
        expect(problems(result.report!, `${name}.xml`, bytes)).toEqual([]);
        const rules = new Set(result.report!.diagnostics.map((d) => d.rule));
        for (const rule of rules.size > 0 ? rules : ['(valid)']) seen.set(rule, (seen.get(rule) ?? 0) + 1);
      }),
      { numRuns, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined, endOnFailure: false },
    );
    expect(n).toBeGreaterThanOrEqual(numRuns);
    // The mutations reach past the first layer: some documents stay well-formed.
    expect([...seen.keys()].some((rule) => !/^(xml-|file-)/.test(rule))).toBe(true);
    if (process.env.FUZZ_STATS) process.stdout.write(`${JSON.stringify(Object.fromEntries(seen))}\n`);
  };

  test('well-formedness and edition rules', property({ skipSchema: true }, RUNS || 60), 600000 + RUNS * 5000);
  test('all three layers', property({}, Math.ceil((RUNS || 60) / 4)), 600000 + RUNS * 5000);
});
