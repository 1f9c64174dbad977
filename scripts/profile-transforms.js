#!/usr/bin/env node
'use strict';
/**
 * What each SaxonJS transformation of a build costs per document, on one thread, with the build's own calls
 * (lib/publish/transform.js, as lib/publish/jobs.js makes them): parse, summary, parse again, the TEI copy's
 * check, HTML page, text edition.
 *
 *   node scripts/profile-transforms.js DIR [--docs N] [--warmup N] [--rounds N] [--sef-dir D]... [--json]
 *
 * N documents of DIR, spread evenly (default: all), are run `--rounds` times after `--warmup` untimed documents
 * (V8 warms SaxonJS up). Figures are CPU milliseconds of this thread per document (/proc/thread-self/schedstat:
 * V8's helper threads are not in it; `process` is the whole process's CPU, with them), median of the rounds.
 *
 * Several `--sef-dir D` (folders holding html.sef.json and text.sef.json, e.g. compiled from an edited copy of
 * xslt/) are compared in the same process, document by document, alternating which goes first: on a shared,
 * loaded machine only such interleaved figures can tell a 5 % change from the noise. Nothing is written.
 * A folder that also holds edition.sef.json renders both pages of a document with it, in one transformation
 * (counted under html). Run `npm run compile` first.
 */
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : process.argv[at + 1];
}

function options(name) {
  return process.argv.flatMap((arg, at) => (arg === `--${name}` ? [process.argv[at + 1]] : []));
}

function threadCpuMs() {
  try {
    return Number(fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  }
}

function processCpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const STEPS = ['parse', 'summary', 'active', 'html', 'text'];

async function main() {
  const dir = process.argv[2];
  if (!dir || dir.startsWith('--')) throw new Error('usage: profile-transforms.js DIR [--docs N] [--warmup N] [--rounds N] [--sef-dir D]... [--json]');
  const { contentHash } = require(path.join(ROOT, 'lib', 'cache'));
  const transform = require(path.join(ROOT, 'lib', 'publish', 'transform.js'));
  const sefDirs = options('sef-dir');
  if (sefDirs.length === 0) sefDirs.push(path.join(ROOT, 'lib', 'xslt'));
  const variants = sefDirs.map((sefDir) => ({
    name: path.relative(process.cwd(), sefDir) || '.',
    html: JSON.parse(fs.readFileSync(path.join(sefDir, 'html.sef.json'), 'utf8')),
    text: JSON.parse(fs.readFileSync(path.join(sefDir, 'text.sef.json'), 'utf8')),
    // A stylesheet rendering both pages of a document in one transformation, if the folder has one.
    edition: fs.existsSync(path.join(sefDir, 'edition.sef.json')) ? JSON.parse(fs.readFileSync(path.join(sefDir, 'edition.sef.json'), 'utf8')) : undefined,
  }));
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.xml')).sort()
    .map((name) => {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      return { path: name, text, hash: contentHash(text) };
    });
  const byUri = new Map(files.map((file) => [transform.collectionUri(file.path), file]));
  const documents = files.filter((file) => /<text[\s>]/.test(file.text));
  // N documents spread evenly over the collection (the generated one repeats its templates in name order).
  const count = Math.min(documents.length, Number(option('docs', documents.length)));
  const chosen = Array.from({ length: count }, (_unused, at) => documents[Math.floor((at * documents.length) / count)]);
  const warmup = Number(option('warmup', 10));
  const rounds = Number(option('rounds', 3));
  const publishers = ['Wilson Center Digital Archive'];
  const edition = { version: '0.0.0', commit: 'profile', 'build-date': '2026-01-01' };

  // Referenced files stay parsed, as a worker keeps them (jobs.ts).
  const parsedReferences = new Map();
  const timed = async (times, step, body) => {
    const started = threadCpuMs();
    const value = await body();
    if (times) times[step] += threadCpuMs() - started;
    return value;
  };
  const runOne = async (variant, file, times) => {
    const entry = { path: file.path, document: await timed(times, 'parse', () => transform.parseDocument(file.text)) };
    const summary = await timed(times, 'summary', () => transform.summarizeDocument(variant.html, entry));
    // The document job parses the file again.
    const again = { path: file.path, document: await timed(times, 'parse', () => transform.parseDocument(file.text)) };
    const collection = [again];
    for (const uri of summary.references) {
      const reference = byUri.get(uri);
      if (!reference) continue;
      if (!parsedReferences.has(reference.hash)) parsedReferences.set(reference.hash, { path: reference.path, document: await transform.parseDocument(reference.text) });
      collection.push(parsedReferences.get(reference.hash));
    }
    const active = await timed(times, 'active', () => transform.activeContent(again.document, file.text) ?? undefined);
    if (variant.edition) {
      await timed(times, 'html', () => transform.renderDocument(variant.edition, again, collection, edition, publishers, active !== undefined));
      return;
    }
    await timed(times, 'html', () => transform.renderDocument(variant.html, again, collection, edition, publishers, active !== undefined));
    await timed(times, 'text', () => transform.renderDocument(variant.text, again, collection, edition, publishers));
  };

  for (let i = 0; i < warmup; i++) for (const variant of variants) await runOne(variant, chosen[i % chosen.length], undefined);
  const perRound = variants.map(() => []);
  for (let round = 0; round < rounds; round++) {
    const totals = variants.map(() => ({ ...Object.fromEntries(STEPS.map((step) => [step, 0])), total: 0, process: 0 }));
    for (const [index, file] of chosen.entries()) {
      // Alternate which variant goes first, so that neither always runs on a cache the other warmed.
      const order = variants.map((_variant, at) => at);
      if ((index + round) % 2) order.reverse();
      for (const at of order) {
        const threadStart = threadCpuMs();
        const processStart = processCpuMs();
        await runOne(variants[at], file, totals[at]);
        totals[at].total += threadCpuMs() - threadStart;
        totals[at].process += processCpuMs() - processStart;
      }
    }
    totals.forEach((total, at) => perRound[at].push(Object.fromEntries(Object.entries(total).map(([key, ms]) => [key, ms / chosen.length]))));
  }
  const results = variants.map((variant, at) => ({
    variant: variant.name,
    figures: Object.fromEntries(Object.keys(perRound[at][0]).map((key) => [key, median(perRound[at].map((round) => round[key]))])),
    perRound: perRound[at],
  }));
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ documents: chosen.length, rounds, results })}\n`);
    return;
  }
  const keys = Object.keys(results[0].figures);
  process.stdout.write(`${chosen.length} documents, ${rounds} rounds (median), CPU ms per document (this thread; process: all threads)\n`);
  const width = Math.max(8, ...results.map((result) => result.variant.length));
  process.stdout.write(`${''.padEnd(width)}${keys.map((key) => key.padStart(9)).join('')}\n`);
  for (const result of results) process.stdout.write(`${result.variant.padEnd(width)}${keys.map((key) => result.figures[key].toFixed(1).padStart(9)).join('')}\n`);
}

main().catch((error) => {
  process.stderr.write(`profile-transforms: ${error.stack || error}\n`);
  process.exit(1);
});
