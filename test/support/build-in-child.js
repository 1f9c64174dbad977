'use strict';
// Runs buildEdition (compiled, lib/) in its own Node process for the corpus test: outside Jest's module
// sandbox SaxonJS runs markedly faster, and the test can give it a larger young generation
// (--max-semi-space-size), which halves garbage-collection time on multi-megabyte documents.
// Usage: node build-in-child.js <job.json>; job = BuildOptions; prints the BuildResult as JSON.
const fs = require('fs');
const { buildEdition } = require('../../lib/publish/build.js');

buildEdition(JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))).then(
  (result) => process.stdout.write(JSON.stringify(result)),
  (error) => {
    process.stderr.write(String(error && error.stack ? error.stack : error));
    process.exit(2);
  },
);
