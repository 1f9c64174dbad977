import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { defaultCacheDir } from '../cache';
import { EDITION_CONFIG_FILE, editionConfigFile } from '../config/edition-config';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { summarize, summaryLine } from '../diagnostics/summary';
import type { BuildOptions, BuildResult } from '../publish/build';
import type { BuildSession } from '../publish/session';
import { discoverCollection } from '../publish/discover';
import { EDITION_RULES_FILE } from '../validation/associations';
import { CLIENT_SCRIPT, clientTag, injectClient } from './client-script';
import { CLIENT_PATH, EVENTS_PATH, LiveEvents, RESERVED_PREFIX } from './live-events';
import { Rebuilder } from './rebuilder';
import { SchemaFiles } from './schema-files';
import { contentTypeOf, isHtml, resolveStatic, targetPath } from './static-files';
import { debounce, FilesWatcher, TreeWatcher } from './watch';

/**
 * `tei-edition serve`: build, serve OUT/html, watch, rebuild, reload. The library side of the command
 * (src/cli/commands/serve.ts prints, handles signals and opens the browser), so that tests and the
 * benchmark drive exactly what users run.
 */

/** A burst of file events (an editor's save is several) settles within this many milliseconds. */
export const DEFAULT_DEBOUNCE_MS = 40;

/**
 * How long after a build the session writes its cache's whole-state files (BuildSession's deferCacheWrites): once
 * the open pages have reloaded, so that the megabytes written at 2,000 documents delay neither the build's
 * announcement nor the pages' requests. A save meanwhile defers them again.
 */
const CACHE_WRITES_DELAY_MS = 1000;

export interface ServeOptions {
  /** The collection folder. */
  src: string;
  /** The output folder; OUT/html is served. */
  out: string;
  port: number;
  /** The address to listen on: 127.0.0.1 unless the user says otherwise. */
  host: string;
  validate: boolean;
  schema?: string;
  /** Schematron rules for every document (`--rules FILE`), as `build --rules`. */
  rules?: string;
  /** Validate without the rules layer (`--no-rules`). */
  skipRules?: boolean;
  cache?: boolean;
  cacheDir?: string;
  /** The edition configuration, as `--config` gives it: a file, false for none (`--no-config`), or edition.yml if there is one (default). */
  config?: string | false;
  /** Where edition.yml and relative paths are found (default: process.cwd()). */
  cwd?: string;
  debounceMs?: number;
  /** More options for every build (tests pin the edition metadata). */
  build?: Partial<BuildOptions>;
  /** Each event of the server's life, for the terminal (the CLI) or a test. */
  onEvent?: (event: ServeEvent) => void;
}

export type ServeEvent =
  | { type: 'listening'; url: string }
  | { type: 'build-start'; changed: string[]; first: boolean }
  | { type: 'build-end'; result: BuildResult; ms: number; first: boolean }
  | { type: 'build-error'; error: unknown; first: boolean };

/** A problem as the overlay shows it: the diagnostic, and the page of its document when it has one. */
export interface Problem extends Pick<Diagnostic, 'file' | 'line' | 'column' | 'severity' | 'rule' | 'message'> {
  href?: string;
}

/** What the pages' live script is told (client-script.ts). */
export interface LiveState {
  /** Incremented each time a build publishes: a page from an earlier generation reloads. */
  generation: number;
  building: boolean;
  /** Whether the last build published (false: the site is the last good build). */
  published: boolean;
  problems: Problem[];
  summary: string;
}

export interface ServeHandle {
  /** http://host:port/ */
  url: string;
  port: number;
  /** The first build, done (published or not). */
  ready: Promise<void>;
  /** The current state, as the pages get it. */
  state(): LiveState;
  /** Resolves once no build is running or queued. */
  idle(): Promise<void>;
  /**
   * Stops watching, ends the event streams and closes the server at once; then waits for a build in
   * progress to finish (it publishes or discards its temporary folder) and stops the session's threads.
   */
  close(): Promise<void>;
}

export class ServeError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}

export async function startServe(options: ServeOptions): Promise<ServeHandle> {
  const cwd = options.cwd ?? process.cwd();
  const src = path.resolve(cwd, options.src);
  const out = path.resolve(cwd, options.out);
  const htmlRoot = path.join(out, 'html');
  const emit = options.onEvent ?? (() => undefined);
  const events = new LiveEvents();
  const schemaFiles = new SchemaFiles();
  /** Collection path → document name, from the last build that published (for the overlay's links). */
  let names: Record<string, string> = {};
  const state: LiveState = { generation: 1, building: false, published: true, problems: [], summary: '' };
  const broadcast = (): void => events.send('state', state);
  let closed = false;

  const server = http.createServer((request, response) => handle(request, response));
  server.keepAliveTimeout = 2000;
  await listen(server, options.port, options.host);
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${shownHost}:${address.port}/`;

  // --- building ---------------------------------------------------------------------------------------
  let first = true;
  let treeWatcher: TreeWatcher | undefined;
  const filesWatcher = new FilesWatcher((file) => changed(file));
  const changedFiles = new Set<string>();
  const settle = debounce(options.debounceMs ?? DEFAULT_DEBOUNCE_MS, () => {
    const files = [...changedFiles];
    changedFiles.clear();
    rebuilder.request(files);
  });
  function changed(file: string): void {
    changedFiles.add(file);
    settle.trigger();
  }

  // One session for the whole process: its worker threads keep SaxonJS and the stylesheets loaded and warm
  // from one save to the next (src/publish/session.ts). The Rebuilder runs its builds one at a time.
  let session: BuildSession | undefined;
  let cacheWrites: NodeJS.Timeout | undefined;
  const rebuilder = new Rebuilder(async (changedNow) => {
    clearTimeout(cacheWrites);
    const isFirst = first;
    first = false;
    state.building = true;
    broadcast();
    emit({ type: 'build-start', changed: changedNow, first: isFirst });
    const started = performance.now();
    try {
      // Required here: loading the publishing code (SaxonJS) waits until the server listens.
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      // The output is serve's own: each build updates it in place, file by file (atomic-output.ts), so that a save
      // moves the few files that changed instead of linking thousands into a new folder.
      session ??= new (require('../publish/session') as typeof import('../publish/session')).BuildSession({ outputInPlace: true, deferCacheWrites: true, threadsAhead: true });
      const result = await session.build({
        src, out, validate: options.validate, schema: options.schema, rules: options.rules, skipRules: options.skipRules,
        cache: options.cache, cacheDir: options.cacheDir,
        // Looked for at every build: an edition.yml created while serving is read from then on.
        config: editionConfigFile(options.config, cwd),
        ...options.build,
      });
      if (result.published) {
        names = { ...result.names };
        state.generation++;
      }
      state.published = result.published;
      state.problems = problemsOf(result.diagnostics);
      state.summary = result.diagnostics.length > 0 ? summaryLine(summarize(result.diagnostics, new Set(result.diagnostics.map((d) => d.file)).size)) : '';
      emit({ type: 'build-end', result, ms: performance.now() - started, first: isFirst });
    } catch (error) {
      state.published = false;
      state.problems = [{ file: path.relative(cwd, src) || '.', line: 0, column: 0, severity: 'error', rule: 'build-failed', message: error instanceof Error ? error.message : String(error) }];
      state.summary = 'the build failed';
      emit({ type: 'build-error', error, first: isFirst });
    } finally {
      state.building = false;
      broadcast();
    }
    await watchSchemas(isFirst ? undefined : changedNow);
    if (session?.cacheWritesPending) {
      const written = session;
      cacheWrites = setTimeout(() => written.flushCacheWrites(), CACHE_WRITES_DELAY_MS);
      cacheWrites.unref();
    }
  }, (error) => emit({ type: 'build-error', error, first: false }));

  /** The overlay's list: each problem linked to its document's page, when the site has one. */
  function problemsOf(diagnostics: Diagnostic[]): Problem[] {
    return diagnostics.map(({ file, line, column, severity, rule, message }) => {
      const collectionPath = path.relative(src, path.resolve(cwd, file)).split(path.sep).join('/');
      const name = names[collectionPath];
      const page = name === undefined ? undefined : `documents/${name}.html`;
      const href = page !== undefined && fs.existsSync(path.join(htmlRoot, page)) ? `/${page.split('/').map(encodeURIComponent).join('/')}` : undefined;
      return { file, line, column, severity, rule, message, ...(href ? { href } : {}) };
    });
  }

  /**
   * The schemas the documents name now (a save may have changed an xml-model), and the edition
   * configuration. After saves of documents (`changed`), only those are read again; after anything else (the
   * first build, a folder moved in or out, a schema or the configuration changed) the collection is listed
   * again. This runs as the open pages reload: on thousands of documents, listing and statting them all
   * took 0.5 s of this thread (load 20), during which the reloading page waited.
   */
  async function watchSchemas(changed?: string[]): Promise<void> {
    const given = [options.schema, options.rules, EDITION_RULES_FILE].filter((file): file is string => file !== undefined).map((file) => path.resolve(cwd, file));
    const documentsOnly = changed !== undefined && changed.length > 0
      && changed.every((file) => file.toLowerCase().endsWith('.xml') && file.startsWith(src + path.sep) && schemaFiles.knows(file));
    let files: Set<string>;
    if (!options.validate) {
      files = new Set<string>();
    } else if (documentsOnly) {
      files = await schemaFiles.update(changed, given);
    } else {
      let documents: string[] = [];
      try {
        documents = discoverCollection(src);
      } catch {
        // The collection folder is gone: the build says so.
      }
      files = await schemaFiles.of(documents, given);
    }
    // Watched even before it exists, so that creating it rebuilds.
    if (options.config !== false) files.add(path.resolve(cwd, options.config || EDITION_CONFIG_FILE));
    if (!closed) filesWatcher.set(files);
  }

  const cacheDir = path.resolve(cwd, options.cacheDir ?? defaultCacheDir(cwd));
  const isOutput = (dir: string): boolean => {
    // The output, the folders a build writes it through (OUT.tmp-PID, OUT.old-PID) and the cache: when
    // they lie inside the collection, writing them must not start another build.
    const inFolder = (folder: string): boolean => dir === folder || dir.startsWith(folder + path.sep);
    return inFolder(out) || inFolder(cacheDir) || (path.dirname(dir) === path.dirname(out) && /\.(tmp|old)-\d+$/.test(dir) && path.basename(dir).startsWith(path.basename(out)));
  };
  if (fs.existsSync(src)) treeWatcher = new TreeWatcher(src, (file) => file.toLowerCase().endsWith('.xml'), changed, isOutput);
  await watchSchemas();
  emit({ type: 'listening', url });
  rebuilder.request();
  const ready = rebuilder.idle();

  // --- serving ----------------------------------------------------------------------------------------
  // DNS rebinding: a web page whose name is made to resolve to 127.0.0.1 could otherwise read the site
  // from the reader's browser. A loopback server answers only to the loopback names.
  const loopback = LOOPBACK_HOSTS.has(options.host);
  const allowedHosts = new Set(['127.0.0.1', 'localhost', '[::1]'].map((name) => `${name}:${address.port}`));

  function handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const target = request.url ?? '/';
    if (loopback && !allowedHosts.has((request.headers.host ?? '').toLowerCase())) {
      send(response, 403, 'text/plain; charset=utf-8', `Forbidden: this server answers only to 127.0.0.1:${address.port} and localhost:${address.port}\n`);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, 405, 'text/plain; charset=utf-8', 'Method not allowed\n', { Allow: 'GET, HEAD' });
      return;
    }
    const head = request.method === 'HEAD';
    const pathname = targetPath(target);
    if (pathname === EVENTS_PATH) {
      if (head) send(response, 200, 'text/event-stream; charset=utf-8', '', {}, true);
      else events.attach(response, { event: 'state', data: state });
      return;
    }
    if (pathname === CLIENT_PATH) {
      send(response, 200, 'text/javascript; charset=utf-8', CLIENT_SCRIPT, {}, head);
      return;
    }
    if (pathname.startsWith(RESERVED_PREFIX)) {
      notFound(response, head);
      return;
    }
    const resolved = resolveStatic(htmlRoot, target);
    switch (resolved.kind) {
      case 'forbidden':
        send(response, 403, 'text/plain; charset=utf-8', 'Forbidden\n', {}, head);
        return;
      case 'redirect':
        send(response, 301, 'text/plain; charset=utf-8', '', { Location: resolved.location }, head);
        return;
      case 'not-found':
        if ((pathname === '/' || pathname === '/index.html') && !fs.existsSync(htmlRoot)) waiting(response, head);
        else notFound(response, head);
        return;
      case 'file':
        break;
    }
    const { file, size } = resolved;
    const type = contentTypeOf(file);
    if (isHtml(file)) {
      let html: string;
      try {
        html = fs.readFileSync(file, 'utf8');
      } catch {
        // Swapped out by a build between the look-up and the read.
        notFound(response, head);
        return;
      }
      send(response, 200, type, injectClient(html, clientTag(CLIENT_PATH, state.generation)), {}, head);
      return;
    }
    response.writeHead(200, { ...commonHeaders, 'Content-Type': type, 'Content-Length': size });
    if (head) {
      response.end();
      return;
    }
    const stream = fs.createReadStream(file);
    stream.on('error', () => response.destroy());
    stream.pipe(response);
  }

  /** A page for what is not there, which reloads by itself once a build publishes it. */
  function notFound(response: http.ServerResponse, head: boolean): void {
    send(response, 404, 'text/html; charset=utf-8', page('Not found', 'There is no such page in the edition (yet): it appears here once a build publishes it.'), {}, head);
  }

  function waiting(response: http.ServerResponse, head: boolean): void {
    send(response, 200, 'text/html; charset=utf-8', page('Building the edition…', 'The first build is running; this page reloads when the edition is published.'), {}, head);
  }

  function page(title: string, text: string): string {
    return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p>${clientTag(CLIENT_PATH, state.generation)}</body></html>\n`;
  }

  // --- stopping ---------------------------------------------------------------------------------------
  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    settle.cancel();
    clearTimeout(cacheWrites);
    rebuilder.close();
    treeWatcher?.close();
    filesWatcher.close();
    events.close();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    // The session's threads are stopped once the build in progress, if any, is done with them.
    await rebuilder.idle();
    await session?.close();
  }

  return { url, port: address.port, ready, state: () => state, idle: () => rebuilder.idle(), close };
}

/** Addresses only this machine can reach. */
export const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

/** No caching anywhere: every reload must show the latest build. nosniff: the types above are the types. */
const commonHeaders = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };

function send(response: http.ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}, head = false): void {
  response.writeHead(status, { ...commonHeaders, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...headers });
  response.end(head ? undefined : body);
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException): void => {
      const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
      if (error.code === 'EADDRINUSE') reject(new ServeError(`cannot serve on ${where}: the port is in use (choose another with --port)`, error.code));
      else if (error.code === 'EACCES') reject(new ServeError(`cannot serve on ${where}: permission denied (ports below 1024 need privileges; choose another with --port)`, error.code));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') reject(new ServeError(`cannot serve on ${where}: no such address on this machine (--host)`, error.code));
      else reject(new ServeError(`cannot serve on ${where}: ${error.message}`, error.code));
    };
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
}
