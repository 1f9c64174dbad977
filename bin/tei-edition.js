#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is compiled from src/ to lib/ by `npm install` (prepare) or `npm run compile`.
try {
  require('../lib/cli/main.js');
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && /lib[\\/]cli[\\/]main/.test(String(err.message))) {
    process.stderr.write('tei-edition: the CLI is not compiled yet; run `npm install` (or `npm run compile`) first.\n');
    process.exit(2);
  }
  throw err;
}
