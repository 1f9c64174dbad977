#!/usr/bin/env node
/*
 * Regenerates the expected results of the datatype battery (test/fixtures/relaxng/datatypes/expected.json)
 * by running jing on one small document per case of cases.tsv. A developer tool: it needs Java and
 * jing (Debian package `jing`); the test suite never calls it and only reads expected.json.
 *   node scripts/relaxng-jing-cases.js
 */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const dir = path.join(__dirname, '..', 'test', 'fixtures', 'relaxng', 'datatypes');
const cases = parseCases(fs.readFileSync(path.join(dir, 'cases.tsv'), 'utf8'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rng-cases-'));
const files = cases.map((c, i) => {
  const f = path.join(tmp, `case-${i}.xml`);
  fs.writeFileSync(f, caseDocument(c));
  return f;
});
let out = '';
try {
  out = execFileSync('java', ['-jar', '/usr/share/java/jing.jar', path.join(dir, 'datatypes.rng'), ...files], { encoding: 'utf8' });
} catch (e) {
  out = e.stdout; // jing exits 1 when a document is invalid
}
const messages = new Map(files.map((f) => [f, []]));
for (const line of out.split('\n')) {
  const m = /^(.*?):\d+:\d+: (?:error|fatal): (.*)$/.exec(line);
  if (m && messages.has(m[1])) messages.get(m[1]).push(m[2]);
}
const expected = cases.map((c, i) => ({ ...c, valid: messages.get(files[i]).length === 0, messages: messages.get(files[i]) }));
fs.writeFileSync(path.join(dir, 'expected.json'), `${JSON.stringify(expected, null, 1)}\n`);
fs.rmSync(tmp, { recursive: true });
console.log(`${expected.length} cases, ${expected.filter((c) => c.valid).length} valid per jing`);

function parseCases(text) {
  return text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => {
    const tab = l.indexOf('\t');
    const raw = l.slice(tab + 1);
    return { attribute: l.slice(0, tab), value: raw.startsWith('"') ? JSON.parse(raw) : raw };
  });
}

function caseDocument(c) {
  return `<doc ${c.attribute}="${escapeAttribute(c.value)}"/>\n`;
}

function escapeAttribute(s) {
  return s.replace(/[&<"\n\r\t]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
