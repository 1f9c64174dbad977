'use strict';
/*
 * Saxon-HE Java publishing the edition with our stylesheets, for the build comparison of `npm run bench`
 * (index.js) and its test (test/bench/): the same HTML and text pages as `tei-edition build
 * --no-validate`, from xslt/html.xsl and xslt/text.xsl, one JVM per stylesheet (saxon-html.xsl,
 * saxon-text.xsl say how, and why not fn:transform). It does not validate, copy the static assets or
 * swap the output folder atomically, which `build` does.
 */
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');

const HTML_DRIVER = path.join(__dirname, 'saxon-html.xsl');
const TEXT_DRIVER = path.join(__dirname, 'saxon-text.xsl');
/** The staged file whose transformation writes the collection pages (saxon-html.xsl). */
const COLLECTION_TRIGGER = 'collection.xml';

/** An XPath string literal. */
function xpathString(text) {
  return `"${String(text).replace(/"/g, '""')}"`;
}

/** A map of strings as an XPath expression. */
function xpathMap(entries) {
  return `map { ${Object.entries(entries).map(([key, value]) => `${xpathString(key)}: ${xpathString(value)}`).join(', ')} }`;
}

/** Path relative to the collection folder, forward slashes: build.ts's collection path. */
function collectionPath(srcDir, file) {
  return path.relative(srcDir, file).split(path.sep).join('/');
}

/** The name of the i-th file in the staging folder: numbered, so that any path (folders, odd characters) stages flat. */
function stagedName(index) {
  return `document-${String(index + 1).padStart(5, '0')}.xml`;
}

/** Text as an XML attribute value. */
function xmlAttribute(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/**
 * The two JVM runs, as `java` arguments: HTML (each staged file its own transformation, the collection
 * pages from COLLECTION_TRIGGER), then text (one transformation). `collection` is the same sequence of
 * map { 'path', 'document' } as build.ts passes, every file parsed once per JVM (a command-line parameter
 * is evaluated once); `edition` the same metadata. The files are listed in `manifest` (written beside the
 * staging folder by stageSaxonRun) and the parameters read it: a list of 2,000 paths written into the
 * parameters themselves is longer than the system lets one argument be (E2BIG).
 */
function saxonRuns({ jar, srcDir, files, stageDir, outDir, edition }) {
  const manifestFile = `${stageDir}.files.xml`;
  const manifest = `<files xmlns="urn:tei-edition:bench">\n${files.map((file, i) =>
    `<file staged="${xmlAttribute(stagedName(i))}" path="${xmlAttribute(collectionPath(srcDir, file))}" href="${xmlAttribute(pathToFileURL(file).href)}"/>\n`).join('')}</files>\n`;
  const listed = `doc(${xpathString(pathToFileURL(manifestFile).href)})/*/*:file`;
  const collection = `${listed} ! map { 'path': string(@path), 'document': doc(string(@href)) }`;
  const paths = `Q{http://www.w3.org/2005/xpath-functions/map}merge(${listed} ! map { string(@staged): string(@path) })`;
  const transform = ['-cp', jar, 'net.sf.saxon.Transform'];
  const editionParam = `?edition=${xpathMap(edition)}`;
  return {
    manifest: { file: manifestFile, xml: manifest },
    runs: [
      { name: 'html', args: [...transform, `-xsl:${HTML_DRIVER}`, `-s:${stageDir}`, `-o:${path.join(outDir, 'html')}`, `?bench-collection=${collection}`, `?bench-paths=${paths}`, editionParam] },
      { name: 'text', args: [...transform, `-xsl:${TEXT_DRIVER}`, '-it:{urn:tei-edition:bench}main', `-o:${path.join(outDir, 'text', 'manifest.json')}`, `?collection=${collection}`, editionParam] },
    ],
  };
}

/**
 * Copies the files into a fresh staging folder (see stagedName), beside the collection trigger, writes the
 * list of files the runs read (saxonRuns' `manifest`), and empties the output folder.
 */
function stageSaxonRun({ files, stageDir, outDir, manifest }) {
  for (const dir of [stageDir, outDir]) fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(stageDir, { recursive: true });
  // Saxon writes into an output folder given for -s FOLDER only when it exists.
  for (const dir of ['html', 'text']) fs.mkdirSync(path.join(outDir, dir), { recursive: true });
  files.forEach((file, i) => fs.copyFileSync(file, path.join(stageDir, stagedName(i))));
  fs.writeFileSync(path.join(stageDir, COLLECTION_TRIGGER), '<collection xmlns="urn:tei-edition:bench"/>\n');
  fs.writeFileSync(manifest.file, manifest.xml);
}

/** Files the drivers write that `build` does not: the principal results (JSON manifests) of each transformation. */
function isDriverManifest(relativeOutput) {
  return /^html\/(document-\d+|collection)\.xml$/.test(relativeOutput) || relativeOutput === 'text/manifest.json';
}

module.exports = { saxonRuns, stageSaxonRun, isDriverManifest, xpathString, xpathMap, stagedName, HTML_DRIVER, TEXT_DRIVER };
