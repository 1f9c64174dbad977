'use strict';
/* The pure parts of the benchmark (scripts/bench/index.js): option parsing, the CLI's timing lines,
 * feature detection from --help, statistics and table formatting. Tested in test/bench/. */

/** `timing: <stage>[ (detail)]: <ms> ms, <n> file(s)`, the line `--timings` prints per stage to stderr. */
const TIMING_LINE = /^timing: (.+?)(?: \((.*)\))?: (\d+(?:\.\d+)?) ms, (\d+) file\(s\)\s*$/;

function parseTimingLines(stderr) {
  const stages = [];
  for (const line of String(stderr).split(/\r?\n/)) {
    const m = TIMING_LINE.exec(line);
    if (m) stages.push({ stage: m[1], detail: m[2] ?? null, ms: Number(m[3]), files: Number(m[4]) });
  }
  return stages;
}

/**
 * The report's stage columns, in pipeline order: validate's layers, then build's stages (build reports its
 * validation as one stage). The CLI's stage names are mapped onto them.
 */
const CATEGORIES = ['read', 'well-formedness', 'schema compile', 'schema validation', 'edition rules', 'validation', 'cache', 'summarise', 'render documents', 'search', 'collection pages', 'write'];

/**
 * Build's sub-stages that time the transformations on the worker threads (summed over the threads, inside
 * the summarise and render-documents stages): counted in those stages already, so not in the columns.
 */
const THREAD_TIMES = /^(parse|summary-transform|html-transform|text-transform|pages-transform|edition-title)$/;

function categoryOf(stage) {
  const s = stage.toLowerCase();
  if (THREAD_TIMES.test(s)) return null;
  if (/^(discover|read|parse|load)/.test(s)) return 'read';
  if (/well-?formed/.test(s)) return 'well-formedness';
  if (/rules|schematron/.test(s)) return 'edition rules';
  if (/schema.*compile|compile.*schema/.test(s)) return 'schema compile';
  if (/schema|relax/.test(s)) return 'schema validation';
  if (/^validat/.test(s)) return 'validation';
  if (/^cache/.test(s)) return 'cache';
  if (/^summar/.test(s)) return 'summarise';
  if (/render|transform|html|text/.test(s)) return 'render documents';
  if (/search/.test(s)) return 'search';
  if (/collection|register/.test(s)) return 'collection pages';
  if (/write|output|assets/.test(s)) return 'write';
  return 'other';
}

/** Milliseconds per category (stages of one category, e.g. several schemas, are added up). */
function stagesByCategory(stages) {
  const out = {};
  for (const { stage, ms } of stages) {
    const c = categoryOf(stage);
    if (c !== null) out[c] = (out[c] ?? 0) + ms;
  }
  return out;
}

/**
 * What the CLI offers, read from `validate --help` and `build --help`, so the benchmark uses options
 * (engines, cache, jobs, timings) that exist and still runs where they do not.
 */
function detectFeatures(validateHelp, buildHelp) {
  const has = (help, option) => new RegExp(`--${option}(?![\\w-])`).test(help);
  const engineLine = /--engine\b[\s\S]*?\[choices: ([^\]]+)\]/.exec(validateHelp);
  const engines = engineLine ? [...engineLine[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]) : [];
  return {
    validate: {
      timings: has(validateHelp, 'timings'),
      rules: has(validateHelp, 'rules'),
      engines: has(validateHelp, 'engine') ? (engines.length ? engines : ['auto', 'xmllint', 'relaxng']) : [],
      cache: has(validateHelp, 'cache') || has(validateHelp, 'no-cache'),
      cacheDir: has(validateHelp, 'cache-dir'),
    },
    build: {
      timings: has(buildHelp, 'timings'),
      validate: has(buildHelp, 'validate') || has(buildHelp, 'no-validate'),
      cache: has(buildHelp, 'cache') || has(buildHelp, 'no-cache'),
      cacheDir: has(buildHelp, 'cache-dir'),
      jobs: has(buildHelp, 'jobs'),
      search: has(buildHelp, 'search') || has(buildHelp, 'no-search'),
      config: has(buildHelp, 'config'),
    },
  };
}

/** `--quick --only a,b --repeat 3 --json FILE --from-json FILE --markdown --timeout 120 --docs 500 --saxon-jar JAR` */
function parseArgs(argv) {
  const options = { quick: false, only: ['a', 'b', 'c'], repeat: 1, json: null, fromJson: null, markdown: false, timeout: null, docs: null, saxonJar: null, help: false };
  const valueOf = (i, name) => {
    const arg = argv[i];
    if (arg.includes('=')) return [arg.slice(arg.indexOf('=') + 1), i];
    if (i + 1 >= argv.length) throw new Error(`${name} needs a value`);
    return [argv[i + 1], i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].split('=')[0];
    let value;
    switch (name) {
      case '--quick': options.quick = true; break;
      case '--markdown': options.markdown = true; break;
      case '--help': case '-h': options.help = true; break;
      case '--only':
        [value, i] = valueOf(i, name);
        options.only = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
        if (options.only.length === 0 || options.only.some((w) => !['a', 'b', 'c'].includes(w))) throw new Error('--only takes a comma-separated list of a, b, c');
        break;
      case '--repeat':
        [value, i] = valueOf(i, name);
        options.repeat = Number(value);
        if (!Number.isInteger(options.repeat) || options.repeat < 1) throw new Error('--repeat takes a whole number ≥ 1');
        break;
      case '--timeout':
        [value, i] = valueOf(i, name);
        options.timeout = Number(value);
        if (!(options.timeout > 0)) throw new Error('--timeout takes a number of seconds > 0');
        break;
      case '--docs':
        [value, i] = valueOf(i, name);
        options.docs = value.split(',').map((n) => Number(n.trim()));
        if (options.docs.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--docs takes a whole number ≥ 1, or several separated by commas');
        break;
      case '--json': [options.json, i] = valueOf(i, name); break;
      case '--from-json': [options.fromJson, i] = valueOf(i, name); break;
      case '--saxon-jar': [options.saxonJar, i] = valueOf(i, name); break;
      default: throw new Error(`unknown option ${argv[i]} (see --help)`);
    }
  }
  return options;
}

/**
 * Processes run one after the other as one measurement (Saxon-HE Java: one JVM per stylesheet): wall
 * times add up, the peak RSS is the largest; the status, signal and error are the last run's (the
 * caller stops at the first that fails); outputs are joined.
 */
function combineRuns(runs) {
  if (runs.length === 0) throw new Error('combineRuns needs at least one run');
  const last = runs[runs.length - 1];
  const rss = runs.map((r) => r.rssMb).filter((x) => Number.isFinite(x));
  return {
    wallMs: runs.reduce((sum, r) => sum + r.wallMs, 0),
    rssMb: rss.length ? Math.max(...rss) : NaN,
    status: last.status,
    signal: last.signal,
    timedOut: runs.some((r) => r.timedOut),
    error: last.error,
    stdout: runs.map((r) => r.stdout ?? '').join(''),
    stderr: runs.map((r) => r.stderr ?? '').join(''),
  };
}

const median = (xs) => {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
};

function formatMs(ms) {
  if (!Number.isFinite(ms)) return '–';
  if (ms >= 10000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.round(ms)} ms`;
}

const formatNumber = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '–');

/** A table as aligned plain text or as Markdown. `rows` are arrays of strings. */
function formatTable(headers, rows, markdown) {
  const cells = [headers, ...rows].map((r) => r.map((c) => String(c ?? '')));
  if (markdown) {
    const esc = (s) => s.replace(/\|/g, '\\|');
    return [
      `| ${cells[0].map(esc).join(' | ')} |`,
      `|${cells[0].map(() => '---').join('|')}|`,
      ...cells.slice(1).map((r) => `| ${r.map(esc).join(' | ')} |`),
    ].join('\n');
  }
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? '')].length)));
  const line = (r) => r.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join('  ').trimEnd();
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

module.exports = { combineRuns, parseTimingLines, CATEGORIES, categoryOf, stagesByCategory, detectFeatures, parseArgs, median, formatMs, formatNumber, formatTable };
