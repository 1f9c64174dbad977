#!/usr/bin/env node
'use strict';
/**
 * Compiles the project's XSLT to SEF (SaxonJS's compiled form) under lib/, with the xslt3 compiler from
 * node_modules (no Java): run by `npm run compile` (and so by `npm install`), from a clean clone. SEF
 * files are build output (lib/ is git-ignored), never committed.
 *
 * - The edition's stylesheets, xslt/html.xsl and xslt/text.xsl (both import xslt/common.xsl), to
 *   lib/xslt/{html,text}.sef.json. `tei-edition build` calls compileIfStale() so that a developer who
 *   edits XSLT never publishes with a stale SEF.
 * - The Schematron compiler of the validator's rules layer, xslt/schematron/sch2xslt.xsl; then the
 *   project's Schematron rules (schemas/*.sch) ahead, into the rules cache
 *   (node_modules/.cache/tei-edition/rules), so that the first `validate` does not pay for it, and into
 *   lib/xslt/rules, which the package ships: an edition made by `tei-edition init` names a copy of
 *   schemas/edition.sch, and its first `validate` (on every fresh CI runner) finds them compiled there
 *   instead of spending some 15 s compiling them.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const XSLT_DIR = path.join(ROOT, 'xslt');
const SEF_DIR = path.join(ROOT, 'lib', 'xslt');
/** The edition's entry points (xslt/<name>.xsl → lib/xslt/<name>.sef.json). */
const ENTRY_POINTS = ['html', 'text'];
/** Other build-time stylesheets, compiled as they are. */
const VALIDATOR_STYLESHEETS = ['xslt/schematron/sch2xslt.xsl'];

function sefPath(name) {
  return path.join(SEF_DIR, `${name}.sef.json`);
}

/** Newest modification time of the edition's modules: every entry point imports common.xsl. */
function newestEditionSource() {
  return Math.max(...fs.readdirSync(XSLT_DIR).filter((f) => f.endsWith('.xsl')).map((f) => fs.statSync(path.join(XSLT_DIR, f)).mtimeMs));
}

function isStale(name) {
  const sef = sefPath(name);
  return !fs.existsSync(sef) || fs.statSync(sef).mtimeMs < newestEditionSource();
}

/** Compiles one stylesheet; the SEF appears only when complete (a temporary file renamed). */
function compileFile(source, target) {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temporary = `${target}.tmp-${process.pid}`;
  try {
    execFileSync(process.execPath, [require.resolve('xslt3/xslt3.js'), `-xsl:${source}`, `-export:${temporary}`, '-nogo', '-relocate:on'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    const detail = `${error.stdout || ''}${error.stderr || ''}`.trim();
    throw new Error(`${path.relative(ROOT, source)} does not compile:\n${detail}`);
  }
  fs.renameSync(temporary, target);
  return target;
}

function compile(name) {
  return compileFile(path.join(XSLT_DIR, `${name}.xsl`), sefPath(name));
}

/** Compiles the edition entry points whose SEF is missing or older than a stylesheet; returns their paths. */
function compileIfStale() {
  return ENTRY_POINTS.filter(isStale).map(compile);
}

function compileValidatorStylesheets() {
  const compiled = [];
  for (const stylesheet of VALIDATOR_STYLESHEETS) {
    const source = path.join(ROOT, stylesheet);
    const target = path.join(ROOT, 'lib', stylesheet.replace(/\.xsl$/, '.sef.json'));
    const upToDate = fs.existsSync(target) && fs.statSync(target).mtimeMs >= fs.statSync(source).mtimeMs;
    if (!upToDate) compiled.push(compileFile(source, target));
  }
  // The rules: compiled through the validator's own code path (and cache), after `tsc` built it.
  const { compileSchematron, SchematronError, schematronFingerprint, shippedRulesFile } = require(path.join(ROOT, 'lib', 'validation', 'rules', 'schematron.js'));
  const schemas = path.join(ROOT, 'schemas');
  const shipped = new Set();
  for (const name of fs.existsSync(schemas) ? fs.readdirSync(schemas).filter((file) => file.endsWith('.sch')) : []) {
    let rules;
    try {
      rules = compileSchematron(path.join(schemas, name));
    } catch (error) {
      if (!(error instanceof SchematronError)) throw error;
      throw new Error(`schemas/${name} does not compile: ${error.message}`);
    }
    const target = shippedRulesFile(schematronFingerprint(fs.readFileSync(path.join(schemas, name), 'utf8')));
    shipped.add(path.basename(target));
    if (!fs.existsSync(target)) {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(`${target}.tmp-${process.pid}`, rules.sef);
      fs.renameSync(`${target}.tmp-${process.pid}`, target);
      compiled.push(target);
    }
  }
  // Rules of earlier versions of the schemas would only make the package larger.
  const rulesDir = path.join(SEF_DIR, 'rules');
  for (const name of fs.existsSync(rulesDir) ? fs.readdirSync(rulesDir) : []) {
    if (!shipped.has(name)) fs.rmSync(path.join(rulesDir, name), { force: true });
  }
  return compiled;
}

module.exports = { compile, compileFile, compileIfStale, sefPath, ENTRY_POINTS };

if (require.main === module) {
  try {
    const force = process.argv.includes('--force');
    const compiled = [...(force ? ENTRY_POINTS.map(compile) : compileIfStale()), ...compileValidatorStylesheets()];
    for (const file of compiled) process.stdout.write(`compiled ${path.relative(ROOT, file)}\n`);
  } catch (error) {
    process.stderr.write(`compile-xslt: ${error.message}\n`);
    process.exit(1);
  }
}
