#!/usr/bin/env node
'use strict';
/**
 * Compiles the edition's stylesheets (xslt/html.xsl, xslt/text.xsl and the modules they import) to
 * SaxonJS SEF files in lib/xslt/, with the xslt3 compiler that ships with SaxonJS (no Java).
 * Run by `npm run compile` (and so by `npm install`); the build calls compileIfStale() so that a
 * developer who edits XSLT never publishes with a stale SEF.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const XSLT_DIR = path.join(ROOT, 'xslt');
const SEF_DIR = path.join(ROOT, 'lib', 'xslt');
const ENTRY_POINTS = ['html', 'text'];

function sefPath(name) {
  return path.join(SEF_DIR, `${name}.sef.json`);
}

/** Newest modification time of any stylesheet module: every entry point imports common.xsl. */
function newestSource() {
  return Math.max(...fs.readdirSync(XSLT_DIR).filter((f) => f.endsWith('.xsl')).map((f) => fs.statSync(path.join(XSLT_DIR, f)).mtimeMs));
}

function isStale(name) {
  const sef = sefPath(name);
  return !fs.existsSync(sef) || fs.statSync(sef).mtimeMs < newestSource();
}

function compile(name) {
  fs.mkdirSync(SEF_DIR, { recursive: true });
  const xslt3 = require.resolve('xslt3/xslt3.js');
  const target = sefPath(name);
  const temporary = `${target}.tmp-${process.pid}`;
  try {
    execFileSync(process.execPath, [xslt3, `-xsl:${path.join(XSLT_DIR, `${name}.xsl`)}`, `-export:${temporary}`, '-nogo', '-relocate:on'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    const detail = `${error.stdout || ''}${error.stderr || ''}`.trim();
    throw new Error(`xslt/${name}.xsl does not compile:\n${detail}`);
  }
  fs.renameSync(temporary, target);
  return target;
}

/** Compiles the entry points whose SEF is missing or older than a stylesheet; returns their paths. */
function compileIfStale() {
  return ENTRY_POINTS.filter(isStale).map(compile);
}

module.exports = { compile, compileIfStale, sefPath, ENTRY_POINTS };

if (require.main === module) {
  try {
    const force = process.argv.includes('--force');
    const compiled = force ? ENTRY_POINTS.map(compile) : compileIfStale();
    for (const file of compiled) process.stdout.write(`compiled ${path.relative(ROOT, file)}\n`);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
