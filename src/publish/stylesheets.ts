import * as fs from 'fs';

/** The compiled stylesheets, loaded once per run and shared by every transformation of the run. */
export interface Stylesheets {
  html: object;
  text: object;
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
  const load = (name: string): object => JSON.parse(fs.readFileSync(compiler.sefPath(name), 'utf8')) as object;
  return { html: load('html'), text: load('text') };
}
