#!/usr/bin/env node
/* Compares the TypeScript RELAX NG validator with jing's recorded verdicts in ../shared/corpus/verdicts.tsv.
 * Usage: npm run compile && node scripts/agree-relaxng.js [--verbose]   (needs ../shared beside the repo) */
'use strict';
const fs = require('fs');
const path = require('path');
const { loadSchemaSync } = require('../lib/relaxng');

const shared = path.resolve(__dirname, '..', '..', 'shared');
const corpus = path.join(shared, 'corpus');
const verbose = process.argv.includes('--verbose');
const rows = fs.readFileSync(path.join(corpus, 'verdicts.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
const schemas = new Map();
const stats = { rows: 0, verdict: 0, firstLine: 0, count: 0, invalid: 0 };
for (const r of rows) {
  const [file, , schemaCol, jingValid, jingCount, jingFirst] = r;
  const schemaFile = schemaCol === 'tei_all' ? path.join(shared, 'schemas', 'tei_all.rng') : path.join(corpus, schemaCol);
  let schema = schemas.get(schemaFile);
  if (!schema) {
    const t0 = Date.now();
    schema = loadSchemaSync(schemaFile);
    console.log(`loaded ${path.relative(shared, schemaFile)} in ${Date.now() - t0} ms`);
    schemas.set(schemaFile, schema);
  }
  const t0 = Date.now();
  const res = schema.validateFile(path.join(corpus, file));
  const ms = Date.now() - t0;
  stats.rows++;
  const verdictOk = String(res.valid) === jingValid;
  const firstOk = res.valid ? jingFirst === '' : String(res.errors[0].line) === jingFirst;
  const countOk = String(res.errors.length) === jingCount;
  if (verdictOk) stats.verdict++;
  if (firstOk) stats.firstLine++;
  if (countOk) stats.count++;
  if (!verdictOk || !firstOk || verbose || !countOk) {
    console.log(`${verdictOk ? '' : 'VERDICT '}${firstOk ? '' : 'FIRST '}${countOk ? '' : 'COUNT '}${file} [${schemaCol}] jing=${jingValid}/${jingCount}@${jingFirst} ours=${res.valid}/${res.errors.length}@${res.errors[0] ? res.errors[0].line : ''} ${ms}ms`);
    if (!verdictOk || !firstOk) console.log(`   jing: ${r[12]}\n   ours: ${res.errors[0] ? res.errors[0].message.slice(0, 300) : ''}`);
  }
}
console.log(`verdict equal ${stats.verdict}/${stats.rows}; first error line equal ${stats.firstLine}/${stats.rows}; error count equal ${stats.count}/${stats.rows}`);
