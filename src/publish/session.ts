import * as fs from 'fs';
import * as path from 'path';
import { contentHash, defaultCacheDir, ResultCache } from '../cache';
import { DeferredWrites } from '../cache/deferred-writes';
import { FileIndex } from '../cache/file-index';
import { StageTimer } from '../stages';
import { oldOutputsRemoved, OutputFolder, OutputManifest } from './atomic-output';
import type { BuildOptions, BuildResult } from './build';
import { BuildKeys } from './cache-keys';
import { loadEditionConfig } from '../config/edition-config';
import { configParameters, editionInfo, Stamp } from './edition-info';
import { runPipeline } from './pipeline';
import { BuildContext, KeptBetweenBuilds, Problems } from './stages/context';
import { MentionJoin } from './stages/mention-join';
import { loadStylesheets, Stylesheets } from './stylesheets';
import { CompiledSchemas } from '../validation/layers/compiled';
import { availableThreads, Executor, InlineExecutor, WorkerPool } from './workers';

/** How many bytes of cache entries (their files) a session that builds again keeps in memory, parsed (ResultCache.keepValues). */
const KEPT_VALUES_BYTES = 64 << 20;

/** Below this many jobs, starting the threads (each loads SaxonJS and both stylesheets) costs more than it saves. */
export const WORKER_MIN_JOBS = 16;

/**
 * Builds, one after the other, keeping between them what is costly to start and the same for every
 * build: the worker threads (each with SaxonJS and both stylesheets loaded and warmed up), this
 * thread's stylesheets, and the validator's compiled RelaxNG schemas (each in its idle worker thread) and
 * Schematron rules (CompiledSchemas: used again only while their files are unchanged, byte for byte). `tei-edition serve` keeps one session and builds again on every save;
 * `buildEdition` is a session of one build. Nothing of a build's own (its files, results, problems)
 * outlives it: each build gets a fresh BuildContext.
 *
 *   const session = new BuildSession();
 *   const first = await session.build({ src: 'tei', out: 'dist', validate: true });
 *   …
 *   const again = await session.build({ src: 'tei', out: 'dist', validate: true });
 *   await session.close();
 *
 * Threads and stylesheets are started again only when the compiled stylesheets change (a developer
 * editing xslt/) or another number of threads is asked for. Idle threads never keep the process alive.
 */
export interface SessionOptions {
  /**
   * Update the output folder in place, file by file, rather than swap a whole new folder in (`serve`, which owns
   * its output and publishes on every save: see atomic-output.ts). `build` keeps the default, whole-folder swap.
   */
  outputInPlace?: boolean;
  /**
   * A session of one build (buildEdition): what it compiled to validate is let go of as soon as the collection is
   * validated, not kept for builds that never come (the RelaxNG schema's idle thread holds some 60 MB through the
   * rest of a build of 500 documents).
   */
  once?: boolean;
  /**
   * Write the cache's whole-state files (the validation state, the file index, the output manifest) when the session
   * is told to (flushCacheWrites), not before a build ends (`serve`: after the open pages reloaded). The session's own
   * next build uses what it keeps in memory.
   */
  deferCacheWrites?: boolean;
  /**
   * Start the worker threads after a build that did not need them (`serve`, whose first build found everything in
   * the cache), when the edition has WORKER_MIN_JOBS documents or more: a save's few jobs then run on a thread that
   * is loaded, beside this thread's work (the pipeline summarizes the changed documents while the collection is
   * validated).
   */
  threadsAhead?: boolean;
}

export class BuildSession {
  /** What the session's builds wrote into each output folder (by manifest file), kept between its builds. */
  private readonly manifests = new Map<string, OutputManifest>();

  constructor(private readonly sessionOptions: SessionOptions = {}) {
    this.deferred = sessionOptions.deferCacheWrites ? new DeferredWrites() : undefined;
  }

  private pool?: { executor: WorkerPool; stylesheets: string };
  private inline?: { executor: InlineExecutor; stylesheets: Stylesheets };
  private stylesheets?: Stylesheets;
  /** The validator's compiled schemas and rules, each used again while its files are unchanged. */
  private compiled = new CompiledSchemas();
  private building = false;
  /** What the stages of one build keep for the next. */
  private readonly kept: KeptBetweenBuilds = { mentions: new MentionJoin() };
  private readonly deferred: DeferredWrites | undefined;

  async build(options: BuildOptions): Promise<BuildResult> {
    if (this.building) throw new Error('a BuildSession builds one edition at a time');
    this.building = true;
    const timer = new StageTimer({ onStage: options.onStage, onProgress: options.onProgress });
    let output: OutputFolder | undefined;
    let cache: ResultCache | undefined;
    let files: FileIndex | undefined;
    let cacheDir: string | undefined;
    try {
      const srcDir = path.resolve(options.src);
      cacheDir = options.cache === false ? undefined : path.resolve(options.cacheDir ?? defaultCacheDir());
      files = cacheDir === undefined ? undefined : FileIndex.of(cacheDir);
      // A SEF older than its XSLT is recompiled first (a developer editing stylesheets between builds).
      const loaded = timer.time('read', 0, () => loadStylesheets(this.stylesheets, files));
      // The same compiled stylesheets as the last build: its parsed copies are reused.
      const stylesheets = (this.stylesheets = this.stylesheets?.hash === loaded.hash ? this.stylesheets : loaded);
      // Before any work: a mistake in edition.yml is reported at once, and nothing is published with a wrong title.
      // Entries of their own, in no pack: the configuration's checks and git's answer (editionInfo).
      const unscoped = cacheDir === undefined ? undefined : new ResultCache(cacheDir, 'build');
      const config = loadEditionConfig(options.config, process.cwd(), unscoped);
      if (!config.ok) return { published: false, diagnostics: config.diagnostics, documents: [], names: {}, registers: [], failed: [], files: 0, rendered: { summaries: 0, documents: 0, pages: [], indexed: 0 } };
      // Every cache key includes it (BuildKeys.base): a changed title or licence renders the pages again.
      // `search: false` (build --no-search) reaches the stylesheets: no search box, no block anchors, no search record.
      // The date and commit stay out of the pages' keys and stylesheets: the output folder stamps them in (Stamp).
      const { edition, stamp } = Stamp.split({ ...editionInfo(srcDir, options.edition, unscoped), ...configParameters(config.config), ...options.edition, ...(options.search === false ? { search: false } : {}) });
      cache = cacheDir === undefined ? undefined : new ResultCache(cacheDir, 'build', srcDir);
      // A session that builds again keeps what it reads of the cache's own entry files for its next builds.
      if (!this.sessionOptions.once) cache?.keepValues(KEPT_VALUES_BYTES);
      // What the last build wrote into this output folder, so that unchanged files are linked rather than written again.
      const manifest = cacheDir === undefined ? undefined : this.manifestOf(path.join(cacheDir, 'build', 'outputs', `${contentHash(path.resolve(options.out)).slice(0, 32)}.json`));
      const inPlace = this.sessionOptions.outputInPlace === true;
      const deferred = this.deferred;
      const context: BuildContext = {
        options, srcDir, timer, edition, stylesheets, cache, files, compiled: this.compiled, keepCompiled: !this.sessionOptions.once, deferredWrites: this.deferred, kept: this.kept,
        problems: new Problems(),
        keys: new BuildKeys(stylesheets.hash, edition),
        executorFor: (jobs) => this.executorFor(jobs, stylesheets, options.workers),
        get output() {
          return (output ??= new OutputFolder(options.out, manifest, stamp, inPlace, deferred));
        },
      };
      const result = await runPipeline(context);
      // Not for a few documents: their saves are quick on this thread, and threads would hold memory and run cold.
      if (this.sessionOptions.threadsAhead && result.documents.length >= WORKER_MIN_JOBS) this.startThreads(stylesheets, options.workers);
      return result;
    } finally {
      // A build that did not publish leaves the previous output as it was, and no temporary folder.
      output?.discard();
      if (cache) {
        timer.time('cache', 0, () => {
          cache?.savePack();
          // Not into a cache folder that nothing else made (a build that found no collection): what the index learnt
          // then is only the stylesheets' hashes (loadStylesheets).
          if (cacheDir !== undefined && fs.existsSync(cacheDir)) files?.save(this.deferred);
        });
      }
      timer.finish();
      this.building = false;
    }
  }

  /** Writes the cache files the session's builds left to write (deferCacheWrites); not while a build runs. */
  flushCacheWrites(): void {
    if (this.building) return;
    this.deferred?.flush();
  }

  /** Whether the session's builds left cache files to write (flushCacheWrites). */
  get cacheWritesPending(): boolean {
    return (this.deferred?.size ?? 0) > 0;
  }

  /** The manifest of an output folder: read from the cache by the session's first build of it, then kept (OutputManifest.begin). */
  private manifestOf(file: string): OutputManifest {
    let manifest = this.manifests.get(file);
    if (!manifest) this.manifests.set(file, (manifest = new OutputManifest(file)));
    return manifest;
  }

  /**
   * Stops the threads and waits until the outputs its builds replaced are removed (in the background while
   * it builds: see OutputFolder.commit). The session can build again afterwards (it starts them again).
   */
  async close(): Promise<void> {
    this.deferred?.flush();
    const pool = this.pool;
    this.pool = undefined;
    this.inline = undefined;
    this.stylesheets = undefined;
    this.compiled.close();
    this.manifests.clear();
    await pool?.executor.close();
    await oldOutputsRemoved();
  }

  /**
   * Jobs run on worker threads when there are enough of them to pay for starting the threads (or threads
   * are running already); else on this thread.
   */
  private executorFor(jobs: number, stylesheets: Stylesheets, workers: number | undefined): Executor {
    const enough = workers === undefined ? jobs >= WORKER_MIN_JOBS : jobs > 0;
    const pool = this.startThreads(stylesheets, workers, enough);
    if (pool) return pool;
    if (this.inline?.stylesheets.hash !== stylesheets.hash) this.inline = { executor: new InlineExecutor(stylesheets), stylesheets };
    return this.inline.executor;
  }

  /**
   * The session's worker threads: those running, if they have these stylesheets and the number of threads asked
   * for; else started now, unless `start` is false or one thread is all there is.
   */
  private startThreads(stylesheets: Stylesheets, workers: number | undefined, start = true): WorkerPool | undefined {
    const threads = workers ?? availableThreads();
    if (this.pool && (this.pool.stylesheets !== stylesheets.hash || this.pool.executor.threads !== threads)) {
      void this.pool.executor.close();
      this.pool = undefined;
    }
    if (!this.pool && start && threads > 1 && stylesheets.sef) this.pool = { executor: new WorkerPool(stylesheets.sef, threads), stylesheets: stylesheets.hash };
    return this.pool?.executor;
  }
}
