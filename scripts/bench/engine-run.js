#!/usr/bin/env node
/* One engine run at library level, in a cold process: node scripts/bench/engine-run.js ts|xmllint-wasm SCHEMA LISTFILE
 * Prints one JSON line: load and validation times (ms), verdicts, peak RSS. scripts/bench/index.js uses it
 * for the TypeScript RelaxNG engine (src/relaxng) while the CLI does not offer `--engine`. */
'use strict';
const fs = require('fs');
const path = require('path');

async function main() {
  const [engine, schemaFile, listFile] = process.argv.slice(2);
  // the parent's spawn timeout would only kill /usr/bin/time, so the run bounds itself
  const limit = Number(process.env.BENCH_TIMEOUT_MS || 0);
  if (limit > 0) setTimeout(() => process.exit(3), limit).unref();
  const files = fs.readFileSync(listFile, 'utf8').split('\n').filter(Boolean);
  const t0 = performance.now();
  let loadMs = 0;
  let valid = 0;
  let errors = 0;
  if (engine === 'ts') {
    const { loadSchemaSync } = require('../../lib/relaxng');
    const schema = loadSchemaSync(schemaFile);
    loadMs = performance.now() - t0;
    for (const f of files) {
      const r = schema.validate(fs.readFileSync(f, 'utf8'));
      if (r.valid) valid++;
      errors += r.errors.length;
    }
  } else if (engine === 'xmllint-wasm') {
    const { validateXML } = require('xmllint-wasm');
    const largest = Math.max(...files.map((f) => fs.statSync(f).size));
    const mib = 64 + Math.ceil((6 * largest) / (1024 * 1024));
    const names = files.map((f, i) => `${i}-${path.basename(f)}`);
    const result = await validateXML({
      xml: files.map((f, i) => ({ fileName: names[i], contents: fs.readFileSync(f, 'utf8') })),
      schema: [{ fileName: path.basename(schemaFile), contents: fs.readFileSync(schemaFile, 'utf8') }],
      extension: 'relaxng',
      initialMemoryPages: 256,
      maxMemoryPages: 16 * mib,
    });
    for (const line of result.rawOutput.split('\n')) if (/ validates$/.test(line.trim())) valid++;
    errors = result.errors.length;
  } else throw new Error(`unknown engine ${engine}`);
  const totalMs = performance.now() - t0;
  console.log(JSON.stringify({ loadMs, validateMs: totalMs - loadMs, totalMs, valid, files: files.length, errors, rssMb: process.resourceUsage().maxRSS / 1024 }));
}
main().catch((e) => {
  console.error(e);
  process.exit(2);
});
