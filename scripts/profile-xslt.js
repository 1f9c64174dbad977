#!/usr/bin/env node
'use strict';
/**
 * A template and function profiler for the edition's stylesheets, which SaxonJS lacks: where a
 * transformation spends its time, by template rule (mode, match pattern, line), named template and
 * xsl:function, with call counts, inclusive and self time.
 *
 *   node scripts/profile-xslt.js DIR [--step html|text|summary] [--docs N] [--repeat N] [--top N] [--sef-dir D]
 *
 * SaxonJS is loaded with the build's source edits (src/saxon) plus three that time each template rule,
 * call-template and user function call; a function's result is evaluated in full inside its call (SaxonJS
 * may evaluate it lazily), so that its time is its own. The timers cost about a microsecond per call:
 * compare the figures with each other, not with the other scripts'. Development tool; nothing is written.
 */
const fs = require('fs');
const Module = require('module');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : process.argv[at + 1];
}

/** Calls, inclusive and self nanoseconds per key; recursion counted once in the inclusive time. */
class Profiler {
  constructor() {
    this.stats = new Map();
    this.stack = [];
    this.active = new Map();
    this.enabled = false;
  }

  call(key, body) {
    if (!this.enabled) return body();
    const frame = { key, start: process.hrtime.bigint(), children: 0n };
    this.stack.push(frame);
    this.active.set(key, (this.active.get(key) ?? 0) + 1);
    try {
      return body();
    } finally {
      const elapsed = process.hrtime.bigint() - frame.start;
      this.stack.pop();
      const depth = this.active.get(key) - 1;
      this.active.set(key, depth);
      const stat = this.stats.get(key) ?? { calls: 0, inclusive: 0n, self: 0n };
      stat.calls++;
      stat.self += elapsed - frame.children;
      if (depth === 0) stat.inclusive += elapsed;
      this.stats.set(key, stat);
      if (this.stack.length) this.stack[this.stack.length - 1].children += elapsed;
    }
  }
}

const PROFILING_EDITS = [
  // A user function call: its body, evaluated in full.
  ['t.regexGroups=[];t.localVars=T;return k(t)}',
    't.regexGroups=[];t.localVars=T;return globalThis.__xsltProfiler.call("function "+F.actor.name.replace(/^Q\\{[^}]*\\}/,"")+"#"+(F.actor.C||[]).filter(a=>a.N==="arg").length,()=>Pb(k(t).expand()))}'],
  // A template rule chosen by apply-templates (or next-match, apply-imports).
  ['ee.push(v.Xa,l,z);else{',
    'globalThis.__xsltProfiler.call("template "+(this.Ve.name||"#default").replace(/^Q\\{[^}]*\\}/,"")+" match="+(v.Id.match||"?")+" @"+v.Id.module+":"+v.Id.line,()=>ee.push(v.Xa,l,z));else{'],
  // A named template (push mode).
  ['I=r.actor;I.C&&h(I)(c,D)}',
    'I=r.actor;I.C&&globalThis.__xsltProfiler.call("named "+String(I.name).replace(/^Q\\{[^}]*\\}/,""),()=>h(I)(c,D))}'],
];

function loadProfiledSaxon(profiler) {
  const { editSource } = require(path.join(ROOT, 'lib', 'saxon'));
  const file = require.resolve('saxon-js');
  let { source } = editSource(fs.readFileSync(file, 'utf8'), require('saxon-js/package.json').version);
  for (const [anchor, replacement] of PROFILING_EDITS) {
    const at = source.indexOf(anchor);
    if (at < 0 || source.indexOf(anchor, at + 1) >= 0) throw new Error(`profiling edit does not apply to this SaxonJS: ${anchor}`);
    source = source.slice(0, at) + replacement + source.slice(at + anchor.length);
  }
  globalThis.__xsltProfiler = profiler;
  const moduleObject = { exports: {} };
  const wrapper = new Function('exports', 'require', 'module', '__filename', '__dirname', source);
  wrapper.call(moduleObject.exports, moduleObject.exports, Module.createRequire(file), moduleObject, file, path.dirname(file));
  return moduleObject.exports;
}

async function main() {
  const dir = process.argv[2];
  if (!dir || dir.startsWith('--')) throw new Error('usage: profile-xslt.js DIR [--step html|text|summary] [--docs N] [--repeat N] [--top N] [--sef-dir D] [--no-search]');
  const step = option('step', 'html');
  const profiler = new Profiler();
  const SaxonJS = loadProfiledSaxon(profiler);
  const sefDir = option('sef-dir', path.join(ROOT, 'lib', 'xslt'));
  const stylesheet = JSON.parse(fs.readFileSync(path.join(sefDir, `${step === 'text' ? 'text' : 'html'}.sef.json`), 'utf8'));
  const { collectionUri } = require(path.join(ROOT, 'lib', 'publish', 'transform.js'));
  // The documents (files with a text), and every other file (registers) as the pointers' targets.
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.xml')).sort()
    .map((name) => ({ path: name, text: fs.readFileSync(path.join(dir, name), 'utf8') }));
  const parse = async (file) => ({ path: file.path, document: await SaxonJS.getResource({ text: file.text, type: 'xml' }) });
  const isDocument = (file) => /<text[\s>]/.test(file.text);
  const others = await Promise.all(files.filter((file) => !isDocument(file)).map(parse));
  const documents = files.filter(isDocument);
  const count = Math.min(documents.length, Number(option('docs', 20)));
  // Spread evenly over the collection (the generated one repeats its templates in name order).
  const chosen = await Promise.all(Array.from({ length: count }, (_unused, at) => documents[Math.floor((at * documents.length) / count)]).map(parse));
  const repeat = Number(option('repeat', 5));
  // --no-search: as `build --no-search` (no search records, no block numbers).
  const edition = { version: '0.0.0', commit: 'profile', 'build-date': '2026-01-01', ...(process.argv.includes('--no-search') ? { search: false } : {}) };
  // The stylesheet's constants, computed once and passed to every transformation, as the build does
  // (stylesheetConstants in src/publish/transform.ts; computed here with this script's own SaxonJS).
  const constants = {};
  try {
    const result = SaxonJS.transform({ stylesheetInternal: stylesheet, initialTemplate: 'Q{urn:tei-edition}constants', destination: 'raw', resultForm: 'xdm' }, 'sync');
    result.principalResult[0].forAllPairs(({ k, v }) => { constants[k.toString()] = v; });
  } catch {
    // a stylesheet without ed:constants
  }
  const run = (entry) => {
    const options = {
      stylesheetInternal: stylesheet, destination: 'serialized', baseOutputURI: 'file:///tei-edition-output/',
      deliverResultDocument: () => ({ destination: 'serialized', save: () => undefined }),
      deliverMessage: () => undefined, collectionFinder: () => [],
    };
    if (step === 'summary') {
      Object.assign(options, { sourceNode: entry.document, initialMode: 'Q{urn:tei-edition}summary', stylesheetParams: { ...constants, collection: [entry], 'source-path': entry.path, edition } });
    } else {
      Object.assign(options, { sourceNode: entry.document, stylesheetParams: { ...constants, collection: [entry, ...others], 'source-path': entry.path, edition, publishers: ['P'] } });
    }
    profiler.call('(transformation)', () => SaxonJS.transform(options, 'sync'));
  };
  for (const entry of chosen) run(entry); // warm-up, not profiled
  profiler.enabled = true;
  for (let round = 0; round < repeat; round++) for (const entry of chosen) run(entry);
  const perDocument = (ns) => Number(ns) / 1e6 / (repeat * chosen.length);
  const rows = [...profiler.stats].sort((a, b) => Number(b[1].self - a[1].self)).slice(0, Number(option('top', 40)));
  process.stdout.write(`${step}: ${chosen.length} documents × ${repeat}; ms per document (self, inclusive), calls per document\n`);
  for (const [key, stat] of rows) {
    process.stdout.write(`${perDocument(stat.self).toFixed(2).padStart(8)} ${perDocument(stat.inclusive).toFixed(2).padStart(8)} ${(stat.calls / (repeat * chosen.length)).toFixed(1).padStart(8)}  ${key}\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`profile-xslt: ${error.stack || error}\n`);
  process.exit(1);
});
