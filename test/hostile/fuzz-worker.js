'use strict';
// Runs validateCollection (compiled, lib/) for the fuzz test in a worker thread, one job at a time, so
// that a case which hangs, even in a synchronous loop, can be stopped (worker.terminate()) and failed.
const { parentPort } = require('worker_threads');
const { validateCollection } = require('../../lib/validation/index.js');

parentPort.on('message', async ({ id, paths, options }) => {
  try {
    const report = await validateCollection(paths, options);
    parentPort.postMessage({ id, report: { diagnostics: report.diagnostics, files: report.files } });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.stack ? error.stack : error) });
  }
});
