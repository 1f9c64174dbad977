import * as fs from 'fs';
import * as path from 'path';
import { validateCollection } from '../../src/validation';
import type { EngineChoice } from '../../src/validation/schema/engine';
import { describeWithShared, REPO_ROOT, sharedPath } from '../support/shared';

/**
 * Our RelaxNG layer against jing, the reference validator, on the real TEI corpus in
 * ../shared/corpus (verdicts.tsv: jing's verdict per file, against tei_all or the project's own
 * schema). Every disagreement must be listed, with its reason, in test/jing-known-differences.tsv.
 * Each schema is validated in one run with all its documents (tei_all costs ~10 s to compile).
 */
interface Row {
  file: string;
  schema: string;
  jing: 'valid' | 'invalid';
  jingFirstErrorLine: number;
}

const KNOWN = path.join(REPO_ROOT, 'test', 'jing-known-differences.tsv');
/** libxml2 never compiles the DraCor schema; a shorter limit than the CLI's 60 s keeps CI quick. */
const SCHEMA_TIMEOUT_MS = 20000;
/** libxml2 compiles tei_all in ≈10 s on an idle 2-core machine; on a busy one it can take twice that and more. */
const SLOW_SCHEMA_TIMEOUT_MS = 180000;

function readRows(): Row[] {
  const [header, ...lines] = fs.readFileSync(sharedPath('corpus', 'verdicts.tsv'), 'utf8').trim().split('\n');
  const columns = header.split('\t');
  const at = (name: string): number => columns.indexOf(name);
  return lines.map((line) => {
    const cells = line.split('\t');
    return { file: cells[at('file')], schema: cells[at('schema')], jing: cells[at('jing_valid')] === 'true' ? 'valid' : 'invalid', jingFirstErrorLine: Number(cells[at('first_error_line')] || 0) };
  });
}

function readKnown(): Map<string, { ours: string; reason: string }> {
  const known = new Map<string, { ours: string; reason: string }>();
  for (const line of fs.readFileSync(KNOWN, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [file, schema, , ours, reason] = line.split('\t');
    known.set(`${file}\t${schema}`, { ours, reason });
  }
  return known;
}

type Results = Map<string, { ours: string; firstLine: number }>;

/** Validates every row with one engine, each schema in one run with all its documents. */
async function validateRows(rows: Row[], engine: EngineChoice, engines: Set<string>): Promise<Results> {
  const corpus = sharedPath('corpus');
  const results: Results = new Map();
  const bySchema = new Map<string, Row[]>();
  for (const row of rows) bySchema.set(row.schema, [...(bySchema.get(row.schema) ?? []), row]);
  for (const [schema, members] of bySchema) {
    const schemaFile = schema === 'tei_all' ? sharedPath('schemas', 'tei_all.rng') : path.join(corpus, schema);
    const report = await validateCollection(
      members.map((row) => row.file),
      { cwd: corpus, schema: schemaFile, skipRules: true, schemaTimeoutMs: /dracor/.test(schema) ? SCHEMA_TIMEOUT_MS : SLOW_SCHEMA_TIMEOUT_MS, engine },
    );
    for (const used of report.schemas) engines.add(used.engine);
    const byFile = new Map(report.files.map((file) => [file.file, file]));
    for (const row of members) {
      const file = byFile.get(row.file);
      const first = report.diagnostics.find((d) => d.file === row.file && d.layer === 'schema');
      results.set(`${row.file}\t${row.schema}`, { ours: file?.schemas[0]?.verdict ?? (file?.wellformed === false ? 'malformed' : 'not-checked'), firstLine: first?.line ?? 0 });
    }
  }
  return results;
}

describeWithShared('agreement with jing on the real TEI corpus (../shared/corpus)', () => {
  const rows = readRows();
  /** xmllint-wasm, the reference engine. */
  let results: Results;
  /** The engine `--engine auto` picks. */
  let auto: Results;
  const autoEngines = new Set<string>();

  beforeAll(async () => {
    results = await validateRows(rows, 'xmllint', new Set());
    auto = await validateRows(rows, 'auto', autoEngines);
  }, 600000);

  test('every verdict agrees with jing, or is a documented known difference', () => {
    const known = readKnown();
    const unexplained: string[] = [];
    let agree = 0;
    let finished = 0;
    let sameFirstLine = 0;
    let invalidBoth = 0;
    for (const row of rows) {
      const key = `${row.file}\t${row.schema}`;
      const { ours, firstLine } = results.get(key)!;
      if (ours === 'valid' || ours === 'invalid') finished += 1;
      if (ours === row.jing) {
        agree += 1;
        if (ours === 'invalid') {
          invalidBoth += 1;
          if (firstLine === row.jingFirstErrorLine) sameFirstLine += 1;
        }
      } else if (known.get(key)?.ours !== ours) {
        unexplained.push(`${row.file} against ${row.schema}: jing says ${row.jing}, we say ${ours}`);
      }
    }
    const percent = (n: number, d: number): string => `${((100 * n) / d).toFixed(1)}%`;
    // eslint-disable-next-line no-console
    console.log(
      [
        `jing agreement: ${agree}/${rows.length} verdicts (${percent(agree, rows.length)});`,
        `on the ${finished} where libxml2 finished: ${agree}/${finished} (${percent(agree, finished)});`,
        `first error on jing's first-error line in ${sameFirstLine}/${invalidBoth} invalid files (${percent(sameFirstLine, invalidBoth)}).`,
      ].join(' '),
    );
    expect(unexplained).toEqual([]);
  });

  test('the engine auto picks gives jing\'s verdict on every file where xmllint-wasm gives one (and on the others)', () => {
    const wrong: string[] = [];
    let whereXmllint = 0;
    let agree = 0;
    let sameFirstLine = 0;
    let invalid = 0;
    for (const row of rows) {
      const key = `${row.file}\t${row.schema}`;
      const { ours, firstLine } = auto.get(key)!;
      const reference = results.get(key)!.ours;
      if (reference === 'valid' || reference === 'invalid') whereXmllint += 1;
      if (ours === row.jing) {
        agree += 1;
        if (ours === 'invalid') {
          invalid += 1;
          if (firstLine === row.jingFirstErrorLine) sameFirstLine += 1;
        }
      } else wrong.push(`${row.file} against ${row.schema}: jing says ${row.jing}, the ${[...autoEngines].join('/')} engine says ${ours}${reference === 'valid' || reference === 'invalid' ? ` (xmllint-wasm: ${reference})` : ''}`);
    }
    // eslint-disable-next-line no-console
    console.log(
      `auto engine (${[...autoEngines].join(', ')}): jing's verdict on ${agree}/${rows.length} files, of which all ${whereXmllint} where xmllint-wasm gives a verdict; ` +
        `first error on jing's first-error line (element start) in ${sameFirstLine}/${invalid} invalid files.`,
    );
    expect(wrong).toEqual([]);
    expect(agree).toBe(rows.length);
  });

  test('every listed known difference still occurs (the list stays true)', () => {
    const stale = [...readKnown().entries()].filter(([key, { ours }]) => results.get(key)?.ours !== ours).map(([key]) => key);
    expect(stale).toEqual([]);
  });

  test('a schema that never compiles is stopped at the limit and reported, not waited for', () => {
    const dracor = [...results.entries()].filter(([key]) => key.includes('dracor_1.6.0.rng'));
    expect(dracor.length).toBeGreaterThan(0);
    for (const [, { ours }] of dracor) expect(ours).toBe('not-checked');
  });

  test('our own schema compiles far within the limit', async () => {
    const schema = path.join(REPO_ROOT, 'schemas', 'edition.rng');
    const target = fs.existsSync(schema) ? schema : path.join(REPO_ROOT, 'test', 'fixtures', 'validate', 'schema', 'edition-mini.rng');
    const compile: number[] = [];
    await validateCollection([path.join(REPO_ROOT, 'test', 'fixtures', 'validate', 'collection', 'register.xml')], {
      schema: target,
      skipRules: true,
      onStage: (event) => {
        if (event.stage === 'schema-compile') compile.push(event.ms);
      },
    });
    expect(compile).toHaveLength(1);
    expect(compile[0]).toBeLessThan(SCHEMA_TIMEOUT_MS / 10);
  });
});
