import type { Diagnostic } from '../diagnostics/diagnostic';
import type { StageEvent } from '../stages';
import { BuildSession } from './session';
import type { EditionInfo } from './transform';
import type { CollectionValidator } from './validation-gate';

/**
 * `tei-edition build`: validate, transform, write atomically. The library entry point; the work is a
 * pipeline of stages (pipeline.ts, stages/), run by a BuildSession (session.ts), which `serve` keeps
 * for many builds.
 */

export interface BuildOptions {
  src: string;
  out: string;
  validate: boolean;
  schema?: string;
  /** Schematron rules for every document (`--rules FILE`), as `validate --rules` (see rulesFor in src/validation/associations.ts). */
  rules?: string;
  /** Validate without the rules layer (`--no-rules`). */
  skipRules?: boolean;
  /** Overrides for the edition metadata (tests pin the build date and commit). */
  edition?: Partial<EditionInfo>;
  /**
   * The edition configuration file (edition.yml; the CLI passes editionConfigFile(--config)). Default: none, the
   * title and description come from the documents' headers. Its keys reach the stylesheets in `edition`.
   */
  config?: string;
  /** Explicit file list instead of discovering `src` (the corpus fidelity test). */
  files?: string[];
  /** Defaults to the validator wired in validation-gate.ts. */
  validator?: CollectionValidator;
  /** Reuse what earlier builds rendered (the persistent cache, src/cache); default true, `--no-cache` turns it off. */
  cache?: boolean;
  /** The cache's folder (default: defaultCacheDir(), `.cache/tei-edition/`). */
  cacheDir?: string;
  /** Build the search index and the search, timeline and map pages (default true; `--no-search`). */
  search?: boolean;
  /** Called with each stage's totals at the end of the run (`--timings`). */
  onStage?: (event: StageEvent) => void;
  /** Called as the stages advance: files done of all (the progress line of a terminal). */
  onProgress?: (event: StageEvent) => void;
  /**
   * Worker threads to render with (0 or 1: all on the main thread). Default: one per core
   * (os.availableParallelism(), or TEI_EDITION_WORKERS), started only when there are at least
   * WORKER_MIN_JOBS files to summarize or documents to render.
   */
  workers?: number;
}

export { WORKER_MIN_JOBS, BuildSession } from './session';

/** The stages of a build, as `onStage` reports them (docs/publish.md lists what each counts). */
export type BuildStageName =
  | 'read' | 'validate' | 'summarise' | 'render-documents' | 'search' | 'collection-pages' | 'write'
  | 'parse' | 'summary-transform' | 'html-transform' | 'text-transform' | 'pages-transform' | 'edition-title' | 'cache';

/** The stage events of `build` are those of `validate` (src/stages). */
export type BuildStageEvent = StageEvent;

export interface BuildResult {
  /** True when a new output folder was swapped into place. */
  published: boolean;
  diagnostics: Diagnostic[];
  /** Collection paths of the documents published. */
  documents: string[];
  /** Collection path → the name a published document has in the edition (documents/<name>.html, <name>.txt). */
  names: Record<string, string>;
  /** Collection paths of the files read as registers (no text to read, only lists of entries): no page of their own, by design. */
  registers: string[];
  /** Collection paths of the files that could not be published. */
  failed: string[];
  /** Number of files written. */
  files: number;
  /** What this run rendered rather than took from the cache. */
  rendered: RenderStats;
}

export interface RenderStats {
  /** Files summarized (mode ed:summary). */
  summaries: number;
  /** Documents whose pages were rendered. */
  documents: number;
  /** Collection pages rendered (html/index.html, html/persons/<id>.html, text/edition.txt ...), sorted. */
  pages: string[];
  /** Documents indexed for the search (src/search/): the others' index data came from the cache. */
  indexed: number;
}

export async function buildEdition(options: BuildOptions): Promise<BuildResult> {
  const session = new BuildSession({ once: true });
  try {
    return await session.build(options);
  } finally {
    // close() also waits until the previous output is removed (a session removes it in the background).
    await session.close();
  }
}
