'use strict';
/* Loaded with `node --require` by scripts/bench/index.js where GNU time is missing: each node process of
 * a measured run appends its own peak RSS (KiB) to $BENCH_RSS_FILE as it exits. */
const fs = require('fs');

process.on('exit', () => {
  try {
    if (process.env.BENCH_RSS_FILE) fs.appendFileSync(process.env.BENCH_RSS_FILE, `${process.resourceUsage().maxRSS}\n`);
  } catch {
    // no figure rather than a failed run
  }
});
