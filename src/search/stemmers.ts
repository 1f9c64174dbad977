import * as fs from 'fs';
import * as vm from 'vm';
import { core } from './core';

/**
 * The Snowball stemmers, from the snowball-stemmers package (one file, every language): the build cuts it into
 * one script per language (the shared runtime and that language's class), search/stem-<id>.js, which the
 * reader's browser loads only for the languages of the collection. The build stems with the very same
 * scripts (run here in a VM context), so a query word and the text are stemmed by the same code.
 */

const PACKAGE_FILE = require.resolve('snowball-stemmers/snowball-stemmers.js');

interface Parts {
  /** `_typeof` and the runtime every stemmer class extends (StringBuffer, Among, SnowballProgram, SnowballStemmer). */
  runtime: string;
  /** Algorithm name → its class's source (`var englishStemmer = function (_SnowballStemmer8) {…}(SnowballStemmer);`). */
  classes: Map<string, string>;
}

let parts: Parts | undefined;

/** The package's file cut at its top-level declarations; an unexpected layout is an error, never a guess. */
function packageParts(): Parts {
  if (parts) return parts;
  // Found with one search each over the whole text (not line by line: the file has tens of thousands of lines, and a
  // new process pays this before it stems its first word); a part is the text of its lines, without the last line end.
  const text = fs.readFileSync(PACKAGE_FILE, 'utf8');
  const typeofLine = /^var _typeof = .*$/m.exec(text);
  const runtimeStart = /^ {4}function _possibleConstructorReturn\(/m.exec(text)?.index ?? -1;
  const classStarts = [...text.matchAll(/^ {4}var ([a-z]+)Stemmer = function \(_SnowballStemmer\d*\) \{$/gm)].map((match) => ({ name: match[1], index: match.index! }));
  const end = /^ {4}function newStemmer\(/m.exec(text)?.index ?? -1;
  if (!typeofLine || runtimeStart < 0 || classStarts.length === 0 || end < 0 || classStarts[0].index < runtimeStart) {
    throw new Error(`${PACKAGE_FILE}: not the layout of snowball-stemmers 0.6.0, from which the stemmer scripts are made`);
  }
  const classes = new Map<string, string>();
  classStarts.forEach(({ name, index }, i) => classes.set(name, text.slice(index, (classStarts[i + 1]?.index ?? end) - 1)));
  parts = { runtime: `${typeofLine[0]}\n${text.slice(runtimeStart, classStarts[0].index - 1)}`, classes };
  return parts;
}

/** The stemmer ids a script can be made for (Latin is in the core). */
export function snowballIds(): string[] {
  return Object.keys(core.SNOWBALL_NAMES).filter((id) => packageParts().classes.has(core.SNOWBALL_NAMES[id]));
}

/** The script search/stem-<id>.js: registers the stemmer with TeiSearchCore. */
export function stemmerScript(id: string): string {
  const name = core.SNOWBALL_NAMES[id];
  const source = name === undefined ? undefined : packageParts().classes.get(name);
  if (source === undefined) throw new Error(`no Snowball stemmer for "${id}"`);
  return [
    `// The ${name} stemmer of snowball-stemmers 0.6.0 (ISC licence, a port of the Snowball stemmers: BSD licence), for tei-edition's search.`,
    '(function () {',
    "'use strict';",
    // Indentation dropped: a quarter of the bytes, and nothing else changes.
    packageParts().runtime.replace(/^[ \t]+/gm, ''),
    source.replace(/^[ \t]+/gm, ''),
    `var stemmer = new ${name}Stemmer();`,
    `TeiSearchCore.registerStemmer(${JSON.stringify(id)}, function (word) { stemmer.setCurrent(word); stemmer.stem(); return stemmer.getCurrent(); });`,
    '})();',
    '',
  ].join('\n');
}

/** Registers the stemmer with the core of this process (once), from the same script the browser runs. */
export function useStemmer(id: string): void {
  if (core.hasStemmer(id)) return;
  const registered: Record<string, (word: string) => string> = {};
  vm.runInNewContext(stemmerScript(id), { TeiSearchCore: { registerStemmer: (key: string, stem: (word: string) => string) => { registered[key] = stem; } } });
  const stem = registered[id];
  if (!stem) throw new Error(`the stemmer script for "${id}" registered nothing`);
  core.registerStemmer(id, stem);
}
