#!/usr/bin/env node
'use strict';
/**
 * Compiles the project's build-time XSLT to SEF (SaxonJS's compiled form) under lib/, with the xslt3
 * compiler from node_modules: run by `npm run compile` (and so by `npm install`), from a clean clone.
 * SEF files are build output (lib/ is git-ignored), never committed.
 *
 * Then it compiles the project's Schematron rules (schemas/*.sch) ahead, into the rules cache
 * (node_modules/.cache/tei-edition/rules), so that the first `validate` does not pay for it.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const xslt3 = require.resolve('xslt3/xslt3.js');
const stylesheets = [
  // The Schematron compiler of the rules layer (src/validation/rules/schematron.ts).
  'xslt/schematron/sch2xslt.xsl',
];

for (const stylesheet of stylesheets) {
  const source = path.join(root, stylesheet);
  const target = path.join(root, 'lib', stylesheet.replace(/\.xsl$/, '.sef.json'));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const upToDate = fs.existsSync(target) && fs.statSync(target).mtimeMs >= fs.statSync(source).mtimeMs;
  if (upToDate) continue;
  try {
    execFileSync(process.execPath, [xslt3, `-xsl:${source}`, `-export:${target}`, '-nogo'], { stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (error) {
    process.stderr.write(`compile-xslt: could not compile ${stylesheet}\n`);
    process.exit(1);
  }
}

// The rules: compiled through the validator's own code path (and cache), after `tsc` built it.
const { compileSchematron, SchematronError } = require(path.join(root, 'lib', 'validation', 'rules', 'schematron.js'));
const schemas = path.join(root, 'schemas');
for (const name of fs.existsSync(schemas) ? fs.readdirSync(schemas).filter((file) => file.endsWith('.sch')) : []) {
  try {
    compileSchematron(path.join(schemas, name));
  } catch (error) {
    if (!(error instanceof SchematronError)) throw error;
    process.stderr.write(`compile-xslt: schemas/${name} does not compile: ${error.message}\n`);
    process.exit(1);
  }
}
