'use strict';
// Runs a build (compiled, lib/) in its own process, as `tei-edition build` does, and stops its main thread
// in the middle of a stage, for a test to kill it there: when the build reports progress in stage <stage>
// with at least <files> files done, this prints `paused <stage> <done>/<total>` and blocks (the process
// stays alive, its worker threads may go on). It prints `finished` if the build ever ends.
// Usage: node build-paused.js <options.json> <stage> [files]
const fs = require('fs');
const { buildEdition } = require('../../lib/publish/build.js');

const [optionsFile, stage, files = '1'] = process.argv.slice(2);
let paused = false;
buildEdition({
  ...JSON.parse(fs.readFileSync(optionsFile, 'utf8')),
  onProgress: (event) => {
    if (paused || event.stage !== stage || event.files < Number(files)) return;
    paused = true;
    process.stdout.write(`paused ${event.stage} ${event.files}/${event.total}\n`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120000);
  },
}).then(() => process.stdout.write('finished\n'));
