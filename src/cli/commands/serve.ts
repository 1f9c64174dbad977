import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { displayPath } from '../../collection';
import { UsageError } from '../../diagnostics/errors';
import { formatReport } from '../../diagnostics/formatters';
import { summarize } from '../../diagnostics/summary';
import type { ServeEvent, ServeHandle } from '../../serve/server';
import { EXIT } from '../exit';
import { timingLine } from '../stage-reporter';

interface ServeArgs {
  src: string;
  out: string;
  port: string;
  host: string;
  open: boolean;
  schema?: string;
  config?: string | false;
  rules?: string | false;
  validate: boolean;
  cache: boolean;
  'cache-dir'?: string;
  timings: boolean;
}

export const serveCommand: CommandModule<object, ServeArgs> = {
  command: 'serve',
  describe: 'build, serve the site on this machine, and rebuild and reload the open pages on every save',
  builder: (yargs: Argv) =>
    yargs
      .option('src', { type: 'string', default: 'tei', describe: 'Folder of the TEI collection (watched)' })
      .option('out', { type: 'string', default: 'dist', describe: 'Output folder (OUT/html is served), replaced atomically by each build' })
      .option('port', {
        // Read as written, so that a mistake is quoted back ("not abc") rather than as NaN.
        type: 'string', default: '8080', describe: 'Port to listen on (0: any free port)',
      })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to listen on (anything but 127.0.0.1 shows the site to other machines)' })
      .option('open', { type: 'boolean', default: false, describe: 'Open the site in the default browser' })
      .option('config', { type: 'string', describe: 'the edition configuration file (--no-config: none; see docs/configuration.md); watched', defaultDescription: 'edition.yml, if there is one' })
      .option('schema', { type: 'string', describe: 'RelaxNG schema to validate against (default: the one each document names; watched)' })
      .option('rules', { type: 'string', describe: 'Schematron rules (.sch) for every document, as build --rules (default: the edition rules for tei/, else what each document names; watched); --no-rules skips the rules layer' })
      .option('validate', { type: 'boolean', default: true, describe: 'Validate before publishing (--no-validate for previews of foreign TEI)' })
      .option('cache', { type: 'boolean', default: true, describe: 'Reuse pages of earlier builds whose inputs did not change' })
      .option('cache-dir', { type: 'string', describe: 'Folder of the persistent cache', defaultDescription: '.cache/tei-edition' })
      .option('timings', { type: 'boolean', default: false, describe: 'print how long each stage of each build took, to standard error' })
      .check((argv) => {
        if (!/^\d{1,5}$/.test(String(argv.port)) || Number(argv.port) > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, not ${JSON.stringify(String(argv.port))}`);
        return true;
      }) as unknown as Argv<ServeArgs>,
  handler: async (argv: ArgumentsCamelCase<ServeArgs>) => {
    const src = path.resolve(argv.src);
    if (!fs.existsSync(src) || !fs.statSync(src).isDirectory()) {
      process.stderr.write(`tei-edition: no such folder: ${argv.src} (the collection to serve; --src)\n`);
      process.exitCode = EXIT.usage;
      return;
    }
    // Required here, not at the top: `validate` and `--help` do not load the server.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { startServe, ServeError, LOOPBACK_HOSTS } = require('../../serve/server') as typeof import('../../serve/server');
    const color = process.stderr.isTTY === true;
    let handle: ServeHandle | undefined;
    let stopping = false;
    /**
     * Ends the process: the server, watchers and event streams close at once; a build in progress finishes
     * (it publishes whole or leaves the output as it was, and its cache is kept) before the build session's
     * threads stop. A second Ctrl-C does not wait: the output stays whole all the same (atomic swap), and
     * the next run removes the temporary folder left behind.
     */
    const stop = async (code: number): Promise<never> => {
      if (stopping) process.exit(code);
      stopping = true;
      await handle?.close();
      process.exit(code);
    };
    const onEvent = (event: ServeEvent): void => {
      if (event.type === 'listening') {
        process.stdout.write(`Serving ${event.url} (Ctrl-C to stop); watching ${displayPath(src)}/, ${argv.config === false ? '' : `${argv.config || 'edition.yml'}, `}the schemas the documents name.\n`);
        if (!LOOPBACK_HOSTS.has(argv.host)) process.stderr.write(`tei-edition: listening on ${argv.host}: other machines that can reach this one can read the site.\n`);
      } else if (event.type === 'build-start') {
        if (event.first) process.stdout.write(`Building ${displayPath(src)} …\n`);
        else process.stdout.write(`Rebuilding: ${describeChanges(event.changed)}\n`);
      } else if (event.type === 'build-end') {
        const { result } = event;
        if (result.diagnostics.length > 0) {
          // The `validate` pretty format, as `build` prints it.
          const files = [...new Set(result.diagnostics.map((d) => d.file))].map((file) => ({ file }));
          process.stderr.write(formatReport({ diagnostics: result.diagnostics, files, summary: summarize(result.diagnostics, files.length) }, 'pretty', { color }));
        }
        const seconds = `${(event.ms / 1000).toFixed(event.ms < 10_000 ? 2 : 1)} s`;
        if (result.published) {
          const rendered = result.rendered.documents + result.rendered.pages.length;
          process.stdout.write(`Published ${result.documents.length} document(s) in ${seconds} (${rendered} page(s) rendered)${event.first ? '' : '; open pages reload'}.\n`);
          if (result.failed.length > 0) process.stderr.write(`Not published (see errors above): ${result.failed.join(', ')}\n`);
        } else {
          process.stderr.write(`Nothing published (${seconds}); the browser keeps the last good site and lists the problems. Save a fix to rebuild.\n`);
        }
      } else {
        const message = event.error instanceof Error ? event.error.message : String(event.error);
        if (event.first && event.error instanceof UsageError) {
          // A bad --schema, as `build` reports it: one line, exit 2.
          process.stderr.write(`tei-edition: ${message}\n`);
          void stop(EXIT.usage);
          return;
        }
        process.stderr.write(`tei-edition: the build failed: ${message.split('\n')[0]}\n`);
      }
    };
    try {
      handle = await startServe({
        src: argv.src,
        out: argv.out,
        port: Number(argv.port),
        host: argv.host,
        validate: argv.validate,
        schema: argv.schema,
        config: argv.config,
        rules: typeof argv.rules === 'string' ? argv.rules : undefined,
        skipRules: argv.rules === false,
        cache: argv.cache,
        cacheDir: argv['cache-dir'],
        onEvent,
        // The lines `build --timings` prints (a format `npm run bench` parses).
        build: argv.timings ? { onStage: (stage) => process.stderr.write(timingLine(stage)) } : undefined,
      });
    } catch (error) {
      if (error instanceof ServeError) {
        process.stderr.write(`tei-edition: ${error.message}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      throw error;
    }
    const interrupted = (): void => {
      if (!stopping && handle?.state().building) process.stderr.write('Stopping once the build in progress is done (Ctrl-C again to stop at once).\n');
      void stop(EXIT.ok);
    };
    process.on('SIGINT', interrupted);
    process.on('SIGTERM', interrupted);
    if (argv.open) openBrowser(handle.url);
    // Runs until a signal stops it.
    await new Promise<never>(() => undefined);
  },
};

function describeChanges(changed: string[]): string {
  if (changed.length === 0) return 'requested';
  const shown = changed.slice(0, 3).map((file) => displayPath(file));
  return `${shown.join(', ')}${changed.length > shown.length ? ` and ${changed.length - shown.length} more` : ''} changed`;
}

/** The system's way of opening a URL in the default browser; no dependency. */
function openBrowser(url: string): void {
  const [command, args] = process.platform === 'darwin' ? ['open', [url]]
    : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]]
      : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', (error) => process.stderr.write(`tei-edition: could not open a browser (${command}: ${(error as NodeJS.ErrnoException).code ?? error.message}); open ${url} yourself.\n`));
    child.unref();
  } catch (error) {
    process.stderr.write(`tei-edition: could not open a browser (${command}: ${(error as Error).message}); open ${url} yourself.\n`);
  }
}
