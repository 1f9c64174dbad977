#!/usr/bin/env node
'use strict';
/**
 * Run by `npm pack` and `npm publish` (the `prepack` script): the package ships compiled code only (package.json
 * `files`: lib/ without source maps, the SEF stylesheets and compiled rules, assets/, schemas/, templates/), so
 * everything is compiled first (tsc, then scripts/compile-xslt.js: stylesheets, the Schematron compiler, the
 * default schemas' rules), and compiled modules whose source is gone (a renamed or deleted file of src/, still
 * in lib/ from an earlier compile) are removed, so that they are not shipped.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const LIB = path.join(ROOT, 'lib');
const SRC = path.join(ROOT, 'src');

execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', path.join(ROOT, 'tsconfig.json')], { stdio: 'inherit' });
execFileSync(process.execPath, [path.join(__dirname, 'compile-xslt.js')], { stdio: 'inherit' });

/** lib/x/y.js (and .js.map, .d.ts) whose src/x/y.ts is gone. */
function pruneOrphans(folder) {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    const relative = path.relative(LIB, full);
    if (entry.isDirectory()) {
      if (relative === 'xslt') continue; // compile-xslt.js's output, not tsc's
      pruneOrphans(full);
      if (fs.readdirSync(full).length === 0) fs.rmdirSync(full);
      continue;
    }
    const match = /^(.*)\.(js|js\.map|d\.ts)$/.exec(relative);
    if (!match) continue;
    if (!fs.existsSync(path.join(SRC, `${match[1]}.ts`))) {
      fs.rmSync(full);
      process.stdout.write(`prepack: removed ${path.relative(ROOT, full)} (its source is gone)\n`);
    }
  }
}
pruneOrphans(LIB);
