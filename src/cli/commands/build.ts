import * as path from 'path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { UsageError } from '../../diagnostics/errors';
import { formatReport } from '../../diagnostics/formatters';
import { summarize } from '../../diagnostics/summary';
import { EXIT } from '../exit';
import { progressWanted, stageReporter } from '../stage-reporter';

interface BuildArgs {
  src: string;
  out: string;
  schema?: string;
  rules?: string | false;
  validate: boolean;
  cache: boolean;
  'cache-dir'?: string;
  timings: boolean;
  search: boolean;
  quiet: boolean;
  config?: string | false;
}

export const buildCommand: CommandModule<object, BuildArgs> = {
  command: 'build',
  describe: 'validate the collection, then publish it: a static HTML site (OUT/html) and a plain-text edition (OUT/text)',
  builder: (yargs: Argv) =>
    yargs
      .option('src', { type: 'string', default: 'tei', describe: 'Folder of the TEI collection' })
      .option('out', { type: 'string', default: 'dist', describe: 'Output folder, replaced atomically' })
      .option('schema', { type: 'string', describe: 'RelaxNG schema to validate against (default: the project schema)' })
      .option('config', { type: 'string', describe: 'the edition configuration file (--no-config: none; see docs/configuration.md)', defaultDescription: 'edition.yml, if there is one' })
      .option('rules', { type: 'string', describe: 'Schematron rules (.sch) for every document, as validate --rules (default: the edition rules for tei/, else what each document names); --no-rules skips the rules layer' })
      .option('validate', { type: 'boolean', default: true, describe: 'Validate before publishing (--no-validate for previews of foreign TEI)' })
      .option('cache', { type: 'boolean', default: true, describe: 'Reuse pages of earlier builds whose inputs did not change (--no-cache renders everything)' })
      .option('cache-dir', { type: 'string', describe: 'Folder of the persistent cache', defaultDescription: '.cache/tei-edition' })
      .option('search', { type: 'boolean', default: true, describe: 'Build the search index and the search, timeline and map pages (--no-search leaves them out)' })
      .option('timings', { type: 'boolean', default: false, describe: 'print how long each stage took, to standard error' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no progress line on the terminal' }) as Argv<BuildArgs>,
  handler: async (argv: ArgumentsCamelCase<BuildArgs>) => {
    const started = Date.now();
    const reporter = stageReporter('build', { timings: argv.timings, progress: progressWanted(process.stderr, { quiet: argv.quiet }) });
    try {
      // Required here, not at the top: `validate` and `--help` do not load the publishing code.
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const { buildEdition } = require('../../publish/build') as typeof import('../../publish/build');
      const { editionConfigFile } = require('../../config/edition-config') as typeof import('../../config/edition-config');
      const result = await buildEdition({
        config: editionConfigFile(argv.config),
        src: argv.src,
        out: argv.out,
        schema: argv.schema,
        rules: typeof argv.rules === 'string' ? argv.rules : undefined,
        skipRules: argv.rules === false,
        validate: argv.validate,
        cache: argv.cache,
        cacheDir: argv['cache-dir'],
        search: argv.search,
        onStage: reporter.onStage,
        onProgress: reporter.onProgress,
      });
      reporter.clear();
      if (result.diagnostics.length > 0) {
        // The same report as `tei-edition validate` prints, whether validation or publishing found the problems.
        const files = [...new Set(result.diagnostics.map((d) => d.file))].map((file) => ({ file }));
        const report = { diagnostics: result.diagnostics, files, summary: summarize(result.diagnostics, files.length) };
        process.stderr.write(formatReport(report, 'pretty', { color: process.stderr.isTTY === true }));
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (result.published) {
        const out = path.resolve(argv.out);
        process.stdout.write(
          `Published ${result.documents.length} document(s) in ${seconds} s: ${path.join(out, 'html', 'index.html')} and ${path.join(out, 'text')}\n`,
        );
        if (result.failed.length > 0) process.stderr.write(`Not published (see errors above): ${result.failed.join(', ')}\n`);
      } else {
        process.stderr.write(`Nothing published; ${path.resolve(argv.out)} is unchanged.\n`);
      }
      process.exitCode = result.diagnostics.some((d) => d.severity === 'error') ? EXIT.errors : EXIT.ok;
    } catch (error) {
      reporter.clear();
      // A path that does not exist or a bad --schema: a usage error, one line, exit 2 (validator's convention).
      if (error instanceof UsageError) {
        process.stderr.write(`tei-edition: ${error.message}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      throw error;
    }
  },
};
