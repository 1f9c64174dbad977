import { parentPort, workerData } from 'worker_threads';
import { Job, JobRunner } from './jobs';

/** A worker thread of the build's pool (src/publish/workers.ts): runs one job at a time, as the main thread would. */
const sef = workerData as { html: string; text: string };
const runner = new JobRunner({ html: JSON.parse(sef.html) as object, text: JSON.parse(sef.text) as object });

parentPort!.on('message', (job: Job) => {
  void runner.run(job).then((result) => parentPort!.postMessage(result));
});
