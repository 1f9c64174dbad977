#!/usr/bin/env node
/*
 * Regenerates test/fixtures/relaxng/battery/<case>/expected.json: jing's errors for every document of every
 * case directory (schema.rng + *.xml). A developer tool needing Java and jing (Debian package `jing`);
 * the test suite only reads expected.json.
 *   node scripts/relaxng-jing-battery.js
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.join(__dirname, '..', 'test', 'fixtures', 'relaxng', 'battery');
for (const name of fs.readdirSync(root).sort()) {
  const dir = path.join(root, name);
  const docs = fs.readdirSync(dir).filter((f) => f.endsWith('.xml')).sort();
  const expected = {};
  for (const doc of docs) {
    // one run per document: jing stops reading a file at its first fatal (well-formedness) error
    const run = spawnSync('java', ['-jar', '/usr/share/java/jing.jar', 'schema.rng', doc], { cwd: dir, encoding: 'utf8' });
    const errors = [];
    for (const line of `${run.stdout}${run.stderr}`.split('\n')) {
      const m = /^(.*?):(\d+):(\d+): (error|fatal): (.*)$/.exec(line);
      const bare = /^(error|fatal): (.*)$/.exec(line); // a message without position (e.g. an empty document)
      if (m) errors.push({ line: Number(m[2]), column: Number(m[3]), fatal: m[4] === 'fatal', message: m[5] });
      else if (bare) errors.push({ line: 0, column: 0, fatal: bare[1] === 'fatal', message: bare[2] });
      else if (line.trim() && !line.startsWith('[warning]')) throw new Error(`${name}/${doc}: unexpected jing output: ${line}`);
    }
    expected[doc] = errors;
  }
  fs.writeFileSync(path.join(dir, 'expected.json'), `${JSON.stringify(expected, null, 1)}\n`);
  console.log(`${name}: ${docs.length} documents`);
}

// The project's own schema and documents: tei/*.xml and the encoding fixtures against schemas/edition.rng.
const repo = path.join(__dirname, '..');
const projectDocs = [
  ...fs.readdirSync(path.join(repo, 'tei')).filter((f) => f.endsWith('.xml')).map((f) => `tei/${f}`),
  'test/fixtures/encoding/valid-letter.xml',
  ...fs.readdirSync(path.join(repo, 'test/fixtures/encoding/invalid')).filter((f) => f.endsWith('.xml')).map((f) => `test/fixtures/encoding/invalid/${f}`),
].sort();
const projectExpected = {};
for (const doc of projectDocs) {
  const run = spawnSync('java', ['-jar', '/usr/share/java/jing.jar', 'schemas/edition.rng', doc], { cwd: repo, encoding: 'utf8' });
  projectExpected[doc] = `${run.stdout}${run.stderr}`.split('\n').map((l) => /^(.*?):(\d+):(\d+): (error|fatal): (.*)$/.exec(l))
    .filter(Boolean).map((m) => ({ line: Number(m[2]), column: Number(m[3]), fatal: m[4] === 'fatal', message: m[5] }));
}
fs.writeFileSync(path.join(repo, 'test', 'fixtures', 'relaxng', 'project-expected.json'), `${JSON.stringify(projectExpected, null, 1)}\n`);
console.log(`project: ${projectDocs.length} documents`);
