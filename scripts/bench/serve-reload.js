#!/usr/bin/env node
'use strict';
/*
 * How long an editor waits with `tei-edition serve`: from saving one document to the open page in the
 * browser showing the change (file event, rebuild, publish, the page told over Server-Sent Events, reload,
 * render), measured with Debian's chromium driven by playwright-core (a devDependency: this is a
 * developer's measurement; without chromium it says so and measures nothing).
 *
 *   node scripts/bench/serve-reload.js [--docs N] [--saves K] [--cache-dir DIR] [--src DIR] [--timeout S] [--serve-log FILE]
 *
 * Used by `npm run bench` (a row of workloads a and c, on the build cache of that workload, so that serve's
 * first build is incremental) and runnable alone: it then generates a collection of N documents (default
 * 2,000) and serve's first build takes minutes; or give it a collection generated before (`--src`, with
 * the `--cache-dir` its builds used) and only the saves are waited for. `--timeout` bounds each wait
 * (default 600 s; the first build gets six times as long). `--serve-log` keeps serve's output, with the
 * stages of every build (`--timings`).
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { generateCollection, touchDocument } = require('./generate');

const REPO = path.resolve(__dirname, '..', '..');
const CLI = path.join(REPO, 'bin', 'tei-edition.js');
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Why the measurement cannot run here, or null. */
function unavailable() {
  if (!fs.existsSync(CHROMIUM)) return `${CHROMIUM} not installed`;
  try {
    require.resolve('playwright-core');
  } catch {
    return 'playwright-core not installed (a devDependency)';
  }
  if (!fs.existsSync(path.join(REPO, 'lib', 'cli', 'main.js'))) return 'lib/ is missing: run `npm run compile`';
  return null;
}

/**
 * Starts `serve` on `srcDir`, waits for its first build, opens the page of `changed` and saves that
 * document `saves` times, each time waiting for the page to show the change. Resolves to the save-to-page
 * times and serve's own build times (ms), in order.
 */
async function measureServeReload({ srcDir, changed, workDir, cacheDir, saves = 5, timeoutS = 600, log = () => undefined, serveLog }) {
  const { chromium } = require('playwright-core');
  fs.mkdirSync(workDir, { recursive: true });
  const out = path.join(workDir, 'out-serve');
  // --timings: each build's stages go to serve's log (serveLog), to see where a slow save spent its time.
  const child = spawn(process.execPath, [CLI, 'serve', '--src', srcDir, '--out', out, '--port', '0', '--cache-dir', cacheDir, '--no-config', '--timings'], {
    cwd: workDir, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  let stdout = '';
  let stderr = '';
  const record = (data) => { if (serveLog) fs.appendFileSync(serveLog, data); };
  /** When each build's "Published" line arrived: the time from it to the page showing the change is the reload's. */
  const publishedAt = [];
  child.stdout.on('data', (data) => {
    stdout += data;
    record(data);
    for (let n = published().length; publishedAt.length < n;) publishedAt.push(Date.now());
  });
  child.stderr.on('data', (data) => { if (stderr.length < 1 << 20) stderr += data; record(data); });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const published = () => [...stdout.matchAll(/^Published \d+ document\(s\) in ([\d.]+) s/gm)].map((m) => Number(m[1]) * 1000);
  const waitFor = async (test, what, limitS = timeoutS) => {
    const started = Date.now();
    while (!test()) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`serve exited while waiting for ${what}: ${stderr.trim().split('\n').pop()}`);
      if (Date.now() - started > limitS * 1000) throw new Error(`no ${what} within ${limitS} s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  let browser;
  try {
    await waitFor(() => /^Serving (http:\/\/\S+)/m.test(stdout), 'server');
    const url = /^Serving (http:\/\/\S+)/m.exec(stdout)[1];
    const firstStarted = Date.now();
    await waitFor(() => published().length > 0 || /^Nothing published/m.test(stderr), 'first build', timeoutS * 6);
    if (published().length === 0) throw new Error(`the first build published nothing: ${stderr.trim().split('\n').slice(-3).join(' ')}`);
    const firstBuildMs = Date.now() - firstStarted;
    log(`    serve: first build ${Math.round(firstBuildMs)} ms; ${url}`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
    const page = await browser.newPage();
    const name = path.basename(changed, '.xml');
    await page.goto(`${url}documents/${encodeURIComponent(name)}.html`);
    const samples = [];
    /** Per save: from the save to serve printing the build's end (file event, settling, build), and from there to the page showing it (event, reload, render). */
    const split = [];
    // A marker no earlier run can have left in the document (a collection reused with --src).
    const run = Date.now().toString(36);
    for (let i = 1; i <= saves; i++) {
      const marker = `(edited serve-${run}-${i})`;
      const builds = published().length;
      const started = Date.now();
      touchDocument(changed, `serve-${run}-${i}`);
      try {
        await page.waitForFunction((text) => document.body !== null && document.body.textContent.includes(text), marker, { timeout: timeoutS * 1000, polling: 10 });
      } catch (error) {
        throw new Error(`the page did not show save ${i} within ${timeoutS} s; serve said: ${`${stdout}${stderr}`.trim().split('\n').filter((line) => !line.startsWith('timing:')).slice(-3).join(' | ')}`);
      }
      const shown = Date.now();
      samples.push(shown - started);
      await waitFor(() => published().length > builds, 'the build line');
      split.push({ built: publishedAt[builds] - started, reload: shown - publishedAt[builds] });
      log(`    save ${i}: page shows the change after ${samples[samples.length - 1]} ms (build ${Math.round(published()[builds])} ms; `
        + `save → build printed ${split[split.length - 1].built} ms, then → page ${split[split.length - 1].reload} ms)`);
      // Let the reloaded page settle (its event stream connects) before the next save.
      await page.waitForLoadState('load');
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    return { samples, builds: published().slice(1), split, firstBuildMs };
  } finally {
    await browser?.close();
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 10000);
      await exited;
      clearTimeout(timer);
    }
  }
}

async function main() {
  const argv = process.argv.slice(2);
  const option = (name, fallback) => {
    const at = argv.findIndex((arg) => arg === name || arg.startsWith(`${name}=`));
    if (at < 0) return fallback;
    return argv[at].includes('=') ? argv[at].split('=')[1] : argv[at + 1];
  };
  const why = unavailable();
  if (why) {
    process.stderr.write(`serve-reload: not measured: ${why}\n`);
    process.exit(2);
  }
  const saves = Number(option('--saves', '5'));
  const timeoutS = Number(option('--timeout', '600'));
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tei-edition-serve-bench-'));
  try {
    const given = option('--src', null);
    const srcDir = given ? path.resolve(given) : path.join(workDir, 'collection');
    const files = given
      ? fs.readdirSync(srcDir).filter((name) => name.endsWith('.xml')).map((name) => path.join(srcDir, name))
      : generateCollection(path.join(REPO, 'tei'), srcDir, Number(option('--docs', '2000')));
    const docs = files.filter((file) => /-g\d+\.xml$/.test(file)).length;
    const changed = files.find((file) => /-g0*1\.xml$/.test(file));
    if (!changed) throw new Error(`${srcDir} has no document generated by scripts/bench/generate.js (…-g0001.xml)`);
    const cacheDir = path.resolve(option('--cache-dir', path.join(workDir, 'cache')));
    const serveLog = option('--serve-log', undefined);
    const result = await measureServeReload({ srcDir, changed, workDir, cacheDir, saves, timeoutS, serveLog, log: (line) => process.stderr.write(`${line}\n`) });
    process.stdout.write(`${docs} documents: save → page shows the change: median ${Math.round(median(result.samples))} ms `
      + `(${result.samples.join(', ')} ms); serve's builds: ${result.builds.map(Math.round).join(', ')} ms; `
      + `save → build printed: median ${Math.round(median(result.split.map((s) => s.built)))} ms; build printed → page: median ${Math.round(median(result.split.map((s) => s.reload)))} ms; `
      + `first build ${Math.round(result.firstBuildMs)} ms\n`);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`serve-reload: ${error.stack ?? error}\n`);
    process.exit(2);
  });
}

module.exports = { measureServeReload, unavailable, median };
