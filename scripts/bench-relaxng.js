#!/usr/bin/env node
/*
 * Benchmark of the TypeScript RELAX NG validator (src/relaxng) against jing (Java) and xmllint-wasm.
 * Not part of the test suite. Needs `npm run compile` and ../shared beside the repository; jing is used
 * when installed (Debian package `jing`).
 *   node scripts/bench-relaxng.js [--reps=3] [--timeout=120] [--no-xmllint] [--no-jing]
 * Every run is a fresh process (what a CLI user pays: start-up, schema load, validation); the figure shown
 * is the median wall time over the repetitions, plus our own load/validate split and peak RSS.
 */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v ?? true]));
const reps = Number(args.reps ?? 3);
const timeoutS = Number(args.timeout ?? 120);
const repo = path.join(__dirname, '..');
const shared = path.join(repo, '..', 'shared');
const corpus = path.join(shared, 'corpus');
const teiAll = path.join(shared, 'schemas', 'tei_all.rng');
const jingJar = '/usr/share/java/jing.jar';
const haveJing = !args['no-jing'] && fs.existsSync(jingJar) && spawnSync('java', ['-version']).status === 0;
const haveTime = fs.existsSync('/usr/bin/time');

if (!fs.existsSync(teiAll)) {
  console.error(`${teiAll} not found: the benchmark needs ../shared beside the repository.`);
  process.exit(2);
}
const rows = fs.readFileSync(path.join(corpus, 'verdicts.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
const bundled = fs.readdirSync(path.join(repo, 'tei')).filter((f) => f.endsWith('.xml')).map((f) => path.join(repo, 'tei', f));
const sets = [
  { name: 'bundled collection, project schema', schema: path.join(repo, 'schemas', 'edition.rng'), files: bundled },
  { name: 'bundled collection, tei_all', schema: teiAll, files: bundled },
  { name: 'corpus (tei_all rows), tei_all', schema: teiAll, files: rows.filter((r) => r[2] === 'tei_all').map((r) => path.join(corpus, r[0])) },
  { name: 'DraCor 1.6.0 schema + its files', schema: path.join(corpus, 'shakedracor/schema/dracor_1.6.0.rng'), files: rows.filter((r) => r[2].includes('dracor')).map((r) => path.join(corpus, r[0])) },
];

function timed(cmd, cmdArgs) {
  const full = haveTime ? ['/usr/bin/time', ['-f', '%M', cmd, ...cmdArgs]] : [cmd, cmdArgs];
  const t0 = process.hrtime.bigint();
  const run = spawnSync(full[0], full[1], {
    encoding: 'utf8', timeout: (timeoutS + 30) * 1000, maxBuffer: 1 << 28, env: { ...process.env, BENCH_TIMEOUT_MS: String(timeoutS * 1000) },
  });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const rssLine = haveTime ? run.stderr.trim().split('\n').pop() : '';
  const timedOut = run.error?.code === 'ETIMEDOUT' || run.signal === 'SIGTERM' || run.status === 3 || wallMs >= timeoutS * 1000;
  return { wallMs, timedOut, stdout: run.stdout, rssMb: /^\d+$/.test(rssLine) ? Number(rssLine) / 1024 : NaN };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => (ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);

console.log(`RELAX NG benchmark: ${os.cpus().length} cores, Node ${process.version}, ${reps} repetition(s), timeout ${timeoutS} s`);
const summary = [];
for (const set of sets) {
  const bytes = set.files.reduce((n, f) => n + fs.statSync(f).size, 0);
  const list = path.join(os.tmpdir(), `bench-relaxng-${process.pid}.txt`);
  fs.writeFileSync(list, set.files.join('\n'));
  const results = { ts: [], jing: [], wasm: [] };
  for (let rep = 0; rep < reps; rep++) {
    const ts = timed(process.execPath, [path.join(__dirname, 'bench-relaxng-run.js'), 'ts', set.schema, list]);
    results.ts.push({ ...ts, ...JSON.parse(ts.stdout.trim().split('\n').pop()) });
    if (haveJing) results.jing.push(timed('java', ['-jar', jingJar, set.schema, ...set.files]));
    if (!args['no-xmllint'] && !(rep > 0 && results.wasm[0]?.timedOut)) {
      const w = timed(process.execPath, [path.join(__dirname, 'bench-relaxng-run.js'), 'xmllint-wasm', set.schema, list]);
      results.wasm.push(w.timedOut ? w : { ...w, ...JSON.parse(w.stdout.trim().split('\n').pop()) });
    }
  }
  fs.rmSync(list);
  const ts = { wall: median(results.ts.map((r) => r.wallMs)), load: median(results.ts.map((r) => r.loadMs)), validate: median(results.ts.map((r) => r.validateMs)), rss: median(results.ts.map((r) => r.rssMb)) };
  const jing = results.jing.length ? median(results.jing.map((r) => r.wallMs)) : NaN;
  const wasmTimedOut = results.wasm.some((r) => r.timedOut);
  const wasm = results.wasm.length && !wasmTimedOut ? median(results.wasm.map((r) => r.wallMs)) : NaN;
  console.log(`\n${set.name}: ${set.files.length} files, ${(bytes / 1e6).toFixed(2)} MB`);
  console.log(`  TypeScript  wall ${fmt(ts.wall)} (schema load ${fmt(ts.load)}, validation ${fmt(ts.validate)} = ${(bytes / 1e6 / (ts.validate / 1000)).toFixed(1)} MB/s), peak RSS ${Math.round(ts.rss)} MB, ${results.ts[0].valid}/${set.files.length} valid`);
  if (haveJing) console.log(`  jing        wall ${fmt(jing)}, peak RSS ${Math.round(median(results.jing.map((r) => r.rssMb)))} MB  -> TypeScript/jing = ${(ts.wall / jing).toFixed(2)}`);
  if (results.wasm.length) {
    console.log(wasmTimedOut ? `  xmllint-wasm no result within ${timeoutS} s`
      : `  xmllint-wasm wall ${fmt(wasm)}, peak RSS ${Math.round(median(results.wasm.map((r) => r.rssMb)))} MB, ${results.wasm[0].valid}/${set.files.length} valid  -> TypeScript/xmllint-wasm = ${(ts.wall / wasm).toFixed(2)}`);
  }
  summary.push({ set: set.name, files: set.files.length, mb: bytes / 1e6, ts, jing, wasm: wasmTimedOut ? `>${timeoutS}s` : wasm });
}
if (args.json) fs.writeFileSync(args.json, JSON.stringify(summary, null, 1));
