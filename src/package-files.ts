import * as fs from 'fs';
import * as path from 'path';

/**
 * Where tei-edition finds its own files, wherever it is installed: in this repository (a development
 * checkout, run from src/ under ts-jest or from lib/), or as a dependency of an edition's project
 * (node_modules/tei-edition, from the packed tarball: lib/, assets/, schemas/, templates/, no sources).
 * Everything the package owns is found relative to the package; everything the edition owns (tei/,
 * edition.yml, dist/, .cache/) relative to the working folder, never here.
 */

/** The folder holding package.json: this file is src/package-files.ts or lib/package-files.js. */
export const PACKAGE_ROOT = path.resolve(__dirname, '..');

export const PACKAGE_JSON = path.join(PACKAGE_ROOT, 'package.json');

/** The site's stylesheet and script, copied to every edition (html/assets/). */
export const ASSETS_DIR = path.join(PACKAGE_ROOT, 'assets');

/** The default schemas: the edition schema (edition.rng) and edition rules (edition.sch); `init` copies them into a new edition. */
export const SCHEMAS_DIR = path.join(PACKAGE_ROOT, 'schemas');

/** The compiled stylesheets (SEF), written by scripts/compile-xslt.js; shipped compiled in the package. */
export const SEF_DIR = path.join(PACKAGE_ROOT, 'lib', 'xslt');

/** The default schemas' rules compiled ahead (scripts/compile-xslt.js), shipped so that a new edition's first `validate` does not compile them. */
export const SHIPPED_RULES_DIR = path.join(SEF_DIR, 'rules');

/** The files `tei-edition init` writes into a new edition. */
export const TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'templates');

/**
 * The XSLT sources: present only in a development checkout (the package ships their compiled form, SEF),
 * so only there can a SEF be older than its stylesheet and need compiling before use.
 */
export const XSLT_SOURCE_DIR = path.join(PACKAGE_ROOT, 'xslt');

export function isDevelopmentCheckout(): boolean {
  return fs.existsSync(XSLT_SOURCE_DIR);
}

/**
 * The tool's own cache (compiled rules, V8's code cache of SaxonJS): `node_modules/.cache/tei-edition` of the
 * project that holds the tool (the find-cache-dir convention), so an installed copy writes beside its project's
 * other caches rather than inside its own package folder. Always safe to delete.
 */
export function toolCacheDir(): string {
  const parent = path.dirname(PACKAGE_ROOT);
  return path.basename(parent) === 'node_modules'
    ? path.join(parent, '.cache', 'tei-edition')
    : path.join(PACKAGE_ROOT, 'node_modules', '.cache', 'tei-edition');
}

/** The package's version (package.json). */
export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;
}
