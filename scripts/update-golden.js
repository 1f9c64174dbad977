#!/usr/bin/env node
'use strict';
/**
 * Regenerates the golden text editions (test/golden/*.txt) from tei/. Run it deliberately, with
 * `npm run golden`, when the text rendering changes on purpose; review the diff before committing.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { buildEdition } = require('../lib/publish/build.js');

const ROOT = path.resolve(__dirname, '..');
const GOLDEN = path.join(ROOT, 'test', 'golden');

(async () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tei-edition-golden-')), 'dist');
  const result = await buildEdition({ src: path.join(ROOT, 'tei'), out, validate: false, edition: { commit: 'test', 'build-date': '2026-01-01' } });
  if (!result.published) {
    for (const d of result.diagnostics) process.stderr.write(`${d.file}: ${d.message}\n`);
    process.exit(1);
  }
  fs.mkdirSync(GOLDEN, { recursive: true });
  for (const name of fs.readdirSync(path.join(out, 'text'))) {
    if (name === 'edition.txt') continue; // carries the build date and commit
    fs.copyFileSync(path.join(out, 'text', name), path.join(GOLDEN, name));
    process.stdout.write(`updated test/golden/${name}\n`);
  }
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
})();
