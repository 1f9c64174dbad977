import * as fs from 'fs';
import { contentHash } from '../cache';

/** The compiled stylesheets, loaded once per run and shared by every transformation of the run. */
export interface Stylesheets {
  html: object;
  text: object;
  /** A hash of both compiled stylesheets (SEF), for the build cache's keys. */
  hash: string;
  /** The SEF texts, for worker threads to load their own copies (absent: the build renders on the main thread). */
  sef?: { html: string; text: string };
}

interface Compiler {
  compileIfStale(): string[];
  sefPath(name: string): string;
}

// scripts/compile-xslt.js is plain JavaScript run by `npm run compile`; the build reuses it so that a SEF
// older than its XSLT (a developer editing stylesheets) is recompiled before use, never published stale.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const compiler: Compiler = require('../../scripts/compile-xslt.js');

export function loadStylesheets(): Stylesheets {
  compiler.compileIfStale();
  const html = fs.readFileSync(compiler.sefPath('html'), 'utf8');
  const text = fs.readFileSync(compiler.sefPath('text'), 'utf8');
  // Parsed on first use: a build whose pages all come from the cache never needs them.
  let parsed: { html: object; text: object } | undefined;
  const sef = (): { html: object; text: object } => (parsed ??= { html: JSON.parse(html) as object, text: JSON.parse(text) as object });
  return {
    get html() {
      return sef().html;
    },
    get text() {
      return sef().text;
    },
    hash: contentHash(html, text),
    sef: { html, text },
  };
}
