'use strict';
/*
 * The generated large collection of the benchmark (workload c): N documents made from the bundled ones.
 *
 * Each copy gets a fresh document ID (TEI/@xml:id, also its file name) and, since every other xml:id in
 * a document starts with the document's ID (tei/README.md), fresh IDs throughout; pointers to its own IDs
 * follow. Pointers into the register (`register.xml#…`) are kept, and so is the register itself, so
 * the collection-wide rules (unique IDs, resolvable pointers) hold and register pages grow with N.
 */
const fs = require('fs');
const path = require('path');

/** The documents (files with a <text>) and the registers (the other files) of a collection folder. */
function readTemplates(srcDir) {
  const files = fs.readdirSync(srcDir).filter((f) => f.endsWith('.xml')).sort();
  const documents = [];
  const others = [];
  for (const name of files) {
    const text = fs.readFileSync(path.join(srcDir, name), 'utf8');
    const id = /<TEI\b[^>]*\sxml:id="([^"]+)"/.exec(text)?.[1];
    if (/<text[\s>]/.test(text) && id) documents.push({ name, id, text });
    else others.push({ name, text });
  }
  return { documents, others };
}

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A copy of a document under a new ID: every occurrence of the old ID as a whole token (itself, or as
 * the prefix of a derived ID such as `old-n1`, in xml:id values and `#old-n1` pointers) is replaced.
 */
function copyDocument(text, oldId, newId) {
  const token = new RegExp(`(?<![\\w.-])${escapeRegExp(oldId)}(?=$|[^\\w.]|-)`, 'g');
  return text.replace(token, newId);
}

/** Every xml:id of a text (for tests and sanity checks). */
function xmlIds(text) {
  return [...text.matchAll(/\sxml:id="([^"]+)"/g)].map((m) => m[1]);
}

/**
 * Writes `count` documents (round-robin over the templates) plus the registers into `outDir`, which is
 * emptied first. Relative references out of the collection (`../schemas/edition.rng` in xml-model) are
 * rewritten to absolute paths, since the folder no longer sits beside schemas/. Returns the file list.
 */
function generateCollection(srcDir, outDir, count) {
  const { documents, others } = readTemplates(srcDir);
  if (documents.length === 0) throw new Error(`no documents in ${srcDir}`);
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const absolutize = (text) => text.replace(/(<\?xml-model\s+href=")(\.\.?\/[^"]+)"/g, (m, pre, href) => `${pre}${path.resolve(srcDir, href)}"`);
  const written = [];
  for (const other of others) {
    const file = path.join(outDir, other.name);
    fs.writeFileSync(file, absolutize(other.text));
    written.push(file);
  }
  const width = String(count).length;
  for (let i = 0; i < count; i++) {
    const template = documents[i % documents.length];
    const newId = `${template.id}-g${String(i + 1).padStart(width, '0')}`;
    const file = path.join(outDir, `${newId}.xml`);
    fs.writeFileSync(file, absolutize(copyDocument(template.text, template.id, newId)));
    written.push(file);
  }
  return written;
}

/** A small edit that keeps the document valid: one more word in the first paragraph of the text. */
function touchDocument(file, round = 1) {
  const text = fs.readFileSync(file, 'utf8');
  const body = text.indexOf('<body');
  const at = text.indexOf('</p>', body);
  if (body < 0 || at < 0) throw new Error(`${file}: no paragraph to change`);
  fs.writeFileSync(file, `${text.slice(0, at)} (edited ${round})${text.slice(at)}`);
}

module.exports = { readTemplates, copyDocument, xmlIds, generateCollection, touchDocument };
